import { type MailAddress, normalizeEmail } from "../../../shared/src/addresses";
import { cutBytes, cutText, storableText } from "../db/storable-text";
import { automaticMailReason } from "./auto-reply";
import {
  hasHeader,
  headerValues,
  indexHeaders,
  inReplyToId,
  LOOP_HEADER,
  referencesChain,
  rfcMessageId,
} from "./headers";
import { LIMITS, postmarkKey } from "./limits";

export type InboundRecipient = { email: string; name: string; mailboxHash: string };
export type InboundHeader = { name: string; value: string };
export type InboundAttachment = {
  filename: string;
  content: Buffer;
  contentType: string;
  contentId: string | null;
  disposition: string;
};

/** A JSON object, as `JSON.parse` gives it. */
type Fields = Record<string, unknown>;

/** Why a payload is not one Postmark sends, as `path: what is wrong`. */
class PayloadProblem extends Error {}

const isFields = (value: unknown): value is Fields =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const kindOf = (value: unknown) =>
  Array.isArray(value) ? "an array" : value === null ? "null" : `a ${typeof value}`;

/** The object at `path`, or the problem that there is none. */
function fieldsAt(value: unknown, path: string): Fields {
  if (!isFields(value)) throw new PayloadProblem(`${path}: expected an object, got ${kindOf(value)}`);
  return value;
}

// what the database cannot hold is made storable (see limits.ts); the rest is kept as Postmark sent it
const text = (value: unknown) => (typeof value === "string" ? storableText(value) : "");

const address = (value: string) => cutText(normalizeEmail(value), LIMITS.address);
const displayName = (value: string) => cutText(value.trim(), LIMITS.name);

const recipient = (r: Fields): InboundRecipient => ({
  email: address(text(r.Email)),
  name: displayName(text(r.Name)),
  mailboxHash: cutText(text(r.MailboxHash), LIMITS.address),
});

const header = (h: Fields): InboundHeader => ({ name: text(h.Name), value: text(h.Value) });

function attachment(a: Fields): InboundAttachment {
  const contentId = text(a.ContentID).replace(/^cid:/i, "").replace(/^<|>$/g, "");
  return {
    filename: cutText(text(a.Name), LIMITS.filename) || "attachment",
    content: Buffer.from(text(a.Content), "base64"),
    contentType: cutText(text(a.ContentType), LIMITS.contentType) || "application/octet-stream",
    contentId: cutBytes(contentId, LIMITS.messageIdBytes) || null,
    disposition: cutText(text(a.Disposition).toLowerCase(), LIMITS.contentType),
  };
}

// Postmark sends arrays; PHP relays have been seen turning an empty one into `{}` or null
function list<T>(payload: Fields, key: string, item: (fields: Fields) => T): T[] {
  const value = payload[key];
  if (!Array.isArray(value)) return [];
  return value.map((entry, index) => item(fieldsAt(entry, `${key}.${index}`)));
}

function postmarkMessageId(value: unknown): string {
  if (value === undefined)
    throw new PayloadProblem("MessageID is missing: this is not a Postmark inbound payload");
  if (typeof value !== "string")
    throw new PayloadProblem(`MessageID: expected a string, got ${kindOf(value)}`);
  if (value === "") throw new PayloadProblem("MessageID is empty: this is not a Postmark inbound payload");
  return postmarkKey(value);
}

/**
 * A Postmark inbound payload, normalized: every field present, addresses lowercased, every string
 * storable and within `LIMITS`. What filing reads of its headers is worked out once, here.
 */
export type InboundEmail = {
  /** the inbound log's key for Postmark's MessageID (see `postmarkKey`) */
  postmarkMessageId: string;
  from: MailAddress;
  to: InboundRecipient[];
  cc: InboundRecipient[];
  bcc: InboundRecipient[];
  originalRecipient: string;
  mailboxHash: string;
  subject: string;
  date: Date | null;
  text: string;
  html: string;
  attachments: InboundAttachment[];
} & HeaderFacts;

/** What filing reads of an email's headers. */
type HeaderFacts = {
  /** its own Message-ID, as `<id>`; null when it has none */
  messageId: string | null;
  /** the first Message-ID of In-Reply-To */
  inReplyTo: string | null;
  /** the References chain as written: oldest first */
  references: string[];
  /** X-Original-To: where a relay says it delivered the email */
  originalTo: readonly string[];
  /** why it must not get an automatic answer, or null (see `automaticMailReason`) */
  automatic: string | null;
  /** it carries our loop header: our own mail came back */
  loopedBack: boolean;
};

export type ParseResult = { ok: true; email: InboundEmail } | { ok: false; problem: string };

export function parsePostmarkPayload(json: unknown): ParseResult {
  if (!isFields(json)) {
    return { ok: false, problem: "the body is JSON but not an object: not a Postmark inbound payload" };
  }
  try {
    return { ok: true, email: inboundEmail(json) };
  } catch (error) {
    if (error instanceof PayloadProblem) return { ok: false, problem: error.message };
    throw error;
  }
}

// checked in one fixed order: a payload with several problems is always answered with the same one
function inboundEmail(p: Fields): InboundEmail {
  const messageKey = postmarkMessageId(p.MessageID);
  const fromFull = p.FromFull == null ? null : recipient(fieldsAt(p.FromFull, "FromFull"));
  const to = list(p, "ToFull", recipient);
  const cc = list(p, "CcFull", recipient);
  const bcc = list(p, "BccFull", recipient);
  const headers = list(p, "Headers", header);
  const attachments = list(p, "Attachments", attachment);
  const originalRecipient = text(p.OriginalRecipient);
  if (to.length + cc.length + bcc.length === 0 && originalRecipient === "") {
    throw new PayloadProblem("no recipient: ToFull, CcFull, BccFull and OriginalRecipient are all empty");
  }
  const from = {
    email: fromFull?.email || address(text(p.From)),
    name: fromFull?.name || displayName(text(p.FromName)),
  };
  return {
    postmarkMessageId: messageKey,
    from,
    to,
    cc,
    bcc,
    originalRecipient: address(originalRecipient),
    mailboxHash: cutText(text(p.MailboxHash), LIMITS.address),
    subject: cutText(text(p.Subject), LIMITS.subject),
    date: parseMailDate(text(p.Date)),
    text: text(p.TextBody) || text(p.StrippedTextReply),
    html: text(p.HtmlBody),
    attachments,
    ...headerFacts(headers, from.email),
  };
}

function headerFacts(list: InboundHeader[], sender: string): HeaderFacts {
  const headers = indexHeaders(list);
  return {
    messageId: rfcMessageId(headers),
    inReplyTo: inReplyToId(headers),
    references: referencesChain(headers),
    originalTo: headerValues(headers, "x-original-to"),
    automatic: automaticMailReason(headers, sender),
    loopedBack: hasHeader(headers, LOOP_HEADER),
  };
}

/** The sender's Date header, leniently; null when it says nothing sensible. */
function parseMailDate(value: string): Date | null {
  const cleaned = value.replace(/\([^)]*\)/g, "").trim();
  if (!cleaned) return null;
  const date = new Date(cleaned);
  const year = date.getUTCFullYear();
  return Number.isNaN(date.getTime()) || year < 1970 || year > 2200 ? null : date;
}
