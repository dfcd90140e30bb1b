import { formatRef } from "../../../shared/src/subject-tag";
import type { Db } from "../db/client";
import { isUuid } from "../db/ids";
import type { InboundLogEntry } from "./inbound-log";
import { findInboundEmail, threadNumbersFiledFrom } from "./statements/inbound-log";

/** One kept email of an org's inbound log, with its raw payload made fit to read. */
export type InboundEntryView = Omit<InboundLogEntry, "org" | "nextAttemptAt"> & {
  /** the raw payload as text: pretty JSON with attachment contents cut short, at most PAYLOAD_CHARS */
  payload: string;
  /** the payload was cut at PAYLOAD_CHARS */
  payloadCut: boolean;
  /** the threads of this org the email was filed into, THD-n */
  threads: string[];
};

export const PAYLOAD_CHARS = 200_000;
const CONTENT_CHARS = 80;

/** The org's kept email `id` for reading; null when the org's log has no such email. */
export async function findInboundEntry(db: Db, orgId: string, id: string): Promise<InboundEntryView | null> {
  if (!isUuid(id)) return null;
  const row = await findInboundEmail(db, orgId, id);
  if (!row) return null;
  const { text, cut } = readablePayload(row.rawBody);
  return {
    id: row.id,
    status: row.status,
    fromEmail: row.fromEmail,
    subject: row.subject,
    recipients: row.recipients,
    error: row.error,
    receivedAt: row.receivedAt.toISOString(),
    attempts: row.attempts,
    payload: text,
    payloadCut: cut,
    threads: await threadsFiledFrom(db, orgId, row.id),
  };
}

/** The org's threads a kept email was filed into, in the order they were made. */
export async function threadsFiledFrom(db: Db, orgId: string, inboundId: string): Promise<string[]> {
  const numbers = await threadNumbersFiledFrom(db, orgId, inboundId);
  return numbers.map(formatRef);
}

/**
 * A raw body as an admin reads it: a Postmark payload pretty-printed with each attachment's base64
 * `Content` cut short (it can be megabytes), anything else as it came; both at most PAYLOAD_CHARS.
 */
export function readablePayload(rawBody: string): { text: string; cut: boolean } {
  const text = prettyPayload(rawBody) ?? rawBody;
  return text.length > PAYLOAD_CHARS
    ? { text: text.slice(0, PAYLOAD_CHARS), cut: true }
    : { text, cut: false };
}

function prettyPayload(rawBody: string): string | null {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    return null;
  }
  if (json === null || typeof json !== "object" || Array.isArray(json)) return null;
  const payload = json as Record<string, unknown>;
  if (Array.isArray(payload.Attachments)) payload.Attachments = payload.Attachments.map(shortenContent);
  return JSON.stringify(payload, null, 2);
}

function shortenContent(attachment: unknown): unknown {
  if (attachment === null || typeof attachment !== "object") return attachment;
  const { Content: content, ...rest } = attachment as Record<string, unknown>;
  if (typeof content !== "string" || content.length <= CONTENT_CHARS) return attachment;
  return { ...rest, Content: `${content.slice(0, CONTENT_CHARS)}… (${content.length} characters in all)` };
}
