import { cutBytes } from "../db/storable-text";
import { LIMITS } from "./limits";
import type { InboundEmail, InboundHeader } from "./payload";

/** A header on every mail we send: when it comes back in, our own mail looped back. */
export const LOOP_HEADER = "X-Tisket-Loop";

/** An email's headers by lowercased name, each name's values trimmed, in the order written. */
export type MailHeaders = ReadonlyMap<string, readonly string[]>;

/** Indexes headers once, so every lookup is one without regard to case (`Message-Id`, `auto-submitted`). */
export function indexHeaders(headers: readonly InboundHeader[]): MailHeaders {
  const index = new Map<string, string[]>();
  for (const header of headers) {
    const name = header.name.toLowerCase();
    const values = index.get(name);
    if (values) values.push(header.value.trim());
    else index.set(name, [header.value.trim()]);
  }
  return index;
}

/** Every value of a header. */
export function headerValues(headers: MailHeaders, name: string): readonly string[] {
  return headers.get(name.toLowerCase()) ?? [];
}

export function headerValue(headers: MailHeaders, name: string): string | null {
  return headerValues(headers, name)[0] ?? null;
}

export function hasHeader(headers: MailHeaders, name: string): boolean {
  return headerValues(headers, name).length > 0;
}

/**
 * Message-IDs in a header value, as `<id>`. Real mail carries bare tokens too (a bare UUID came back
 * in a References header), so a token with no brackets counts when it has no spaces.
 */
export function messageIdsIn(value: string | null): string[] {
  if (!value) return [];
  const bracketed = value.match(/<[^<>\s]+>/g);
  if (bracketed) return bracketed.map(cappedId);
  return value
    .split(/[\s,]+/)
    .filter((token) => token.length > 2 && !token.includes("<"))
    .map((token) => cappedId(`<${token}>`));
}

// an id is indexed: one longer than a header line may be is cut, keeping its closing bracket
const cappedId = (id: string) =>
  Buffer.byteLength(id) <= LIMITS.messageIdBytes ? id : `${cutBytes(id, LIMITS.messageIdBytes - 1)}>`;

/** The RFC Message-ID of the email, or null when it has none. */
export function rfcMessageId(headers: MailHeaders): string | null {
  return messageIdsIn(headerValue(headers, "message-id"))[0] ?? null;
}

export function inReplyToId(headers: MailHeaders): string | null {
  return messageIdsIn(headerValue(headers, "in-reply-to"))[0] ?? null;
}

/** The References chain as written: oldest first. */
export function referencesChain(headers: MailHeaders): string[] {
  return headerValues(headers, "references").flatMap(messageIdsIn).slice(-100);
}

/** In-Reply-To then References, newest reference first: the order to try when matching a thread. */
export function referencedMessageIds(email: Pick<InboundEmail, "inReplyTo" | "references">): string[] {
  const references = [...email.references].reverse();
  return [...new Set(email.inReplyTo ? [email.inReplyTo, ...references] : references)];
}

/** Mail sent through Postmark comes back referenced as `<PostmarkMessageID@mtasv.net>`. */
export function postmarkIdOf(messageId: string): string | null {
  const match = /^<([0-9a-f-]{36})@mtasv\.net>$/i.exec(messageId);
  return match?.[1]?.toLowerCase() ?? null;
}
