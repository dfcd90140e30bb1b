import { z } from "zod";
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

// what the database cannot hold is made storable (see limits.ts); the rest is kept as Postmark sent it
const text = z
  .unknown()
  .optional()
  .transform((value) => (typeof value === "string" ? storableText(value) : ""));

const address = (value: string) => cutText(normalizeEmail(value), LIMITS.address);
const displayName = (value: string) => cutText(value.trim(), LIMITS.name);

const recipient = z.object({ Email: text, Name: text, MailboxHash: text }).transform((r) => ({
  email: address(r.Email),
  name: displayName(r.Name),
  mailboxHash: cutText(r.MailboxHash, LIMITS.address),
}));

// Postmark sends arrays; PHP relays have been seen turning an empty one into `{}` or null.
const list = <T extends z.ZodType>(item: T) => {
  const items = z.array(item);
  return z
    .unknown()
    .optional()
    .transform((value, ctx): z.output<T>[] => {
      if (!Array.isArray(value)) return [];
      const parsed = items.safeParse(value);
      if (parsed.success) return parsed.data;
      for (const issue of parsed.error.issues)
        ctx.addIssue({ ...issue, code: "custom", message: issue.message });
      return [];
    });
};

const header = z.object({ Name: text, Value: text }).transform((h) => ({ name: h.Name, value: h.Value }));

const attachment = z
  .object({
    Name: text,
    Content: text,
    ContentType: text,
    ContentID: text,
    Disposition: text,
  })
  .transform((a) => ({
    filename: cutText(a.Name, LIMITS.filename) || "attachment",
    content: Buffer.from(a.Content, "base64"),
    contentType: cutText(a.ContentType, LIMITS.contentType) || "application/octet-stream",
    contentId:
      cutBytes(a.ContentID.replace(/^cid:/i, "").replace(/^<|>$/g, ""), LIMITS.messageIdBytes) || null,
    disposition: cutText(a.Disposition.toLowerCase(), LIMITS.contentType),
  }));

export const postmarkPayloadSchema = z
  .object({
    MessageID: z.string({ error: "MessageID is missing: this is not a Postmark inbound payload" }).min(1),
    From: text,
    FromName: text,
    FromFull: recipient.nullish(),
    ToFull: list(recipient),
    CcFull: list(recipient),
    BccFull: list(recipient),
    OriginalRecipient: text,
    ReplyTo: text,
    Subject: text,
    Date: text,
    MailboxHash: text,
    TextBody: text,
    HtmlBody: text,
    StrippedTextReply: text,
    Headers: list(header),
    Attachments: list(attachment),
  })
  .refine((p) => p.ToFull.length + p.CcFull.length + p.BccFull.length > 0 || p.OriginalRecipient !== "", {
    message: "no recipient: ToFull, CcFull, BccFull and OriginalRecipient are all empty",
  });

export type InboundRecipient = { email: string; name: string; mailboxHash: string };
export type InboundHeader = { name: string; value: string };
export type InboundAttachment = z.output<typeof attachment>;

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
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    return { ok: false, problem: "the body is JSON but not an object: not a Postmark inbound payload" };
  }
  const result = postmarkPayloadSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
    return { ok: false, problem: `${where}${issue?.message ?? "not a Postmark inbound payload"}` };
  }
  const p = result.data;
  const from = {
    email: p.FromFull?.email || address(p.From),
    name: p.FromFull?.name || displayName(p.FromName),
  };
  return {
    ok: true,
    email: {
      postmarkMessageId: postmarkKey(p.MessageID),
      from,
      to: p.ToFull,
      cc: p.CcFull,
      bcc: p.BccFull,
      originalRecipient: address(p.OriginalRecipient),
      mailboxHash: cutText(p.MailboxHash, LIMITS.address),
      subject: cutText(p.Subject, LIMITS.subject),
      date: parseMailDate(p.Date),
      text: p.TextBody || p.StrippedTextReply,
      html: p.HtmlBody,
      attachments: p.Attachments,
      ...headerFacts(p.Headers, from.email),
    },
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
