import { z } from "zod";
import { type MailAddress, normalizeEmail } from "../../../shared/src/addresses";

// Postgres text cannot hold NUL; everything else is kept as Postmark sent it.
const text = z
  .unknown()
  .optional()
  .transform((value) => (typeof value === "string" ? value.replaceAll("\u0000", "") : ""));

const recipient = z
  .looseObject({ Email: text, Name: text, MailboxHash: text })
  .transform((r) => ({ email: normalizeEmail(r.Email), name: r.Name.trim(), mailboxHash: r.MailboxHash }));

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

const header = z
  .looseObject({ Name: text, Value: text })
  .transform((h) => ({ name: h.Name, value: h.Value }));

const attachment = z
  .looseObject({
    Name: text,
    Content: text,
    ContentType: text,
    ContentID: text,
    Disposition: text,
  })
  .transform((a) => ({
    filename: a.Name || "attachment",
    content: Buffer.from(a.Content, "base64"),
    contentType: a.ContentType || "application/octet-stream",
    contentId: a.ContentID.replace(/^cid:/i, "").replace(/^<|>$/g, "") || null,
    disposition: a.Disposition.toLowerCase(),
  }));

export const postmarkPayloadSchema = z
  .looseObject({
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

/** A Postmark inbound payload, normalized: every field present, addresses lowercased. */
export type InboundEmail = {
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
  headers: InboundHeader[];
  attachments: InboundAttachment[];
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
  const fromEmail = normalizeEmail(p.FromFull?.email || p.From);
  return {
    ok: true,
    email: {
      postmarkMessageId: p.MessageID,
      from: { email: fromEmail, name: (p.FromFull?.name || p.FromName).trim() },
      to: p.ToFull,
      cc: p.CcFull,
      bcc: p.BccFull,
      originalRecipient: normalizeEmail(p.OriginalRecipient),
      mailboxHash: p.MailboxHash,
      subject: p.Subject,
      date: parseMailDate(p.Date),
      text: p.TextBody || p.StrippedTextReply,
      html: p.HtmlBody,
      headers: p.Headers,
      attachments: p.Attachments,
    },
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
