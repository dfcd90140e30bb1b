import { isUtf8 } from "node:buffer";

/** A webhook body as the inbound log keeps it. */
export type RawBody = {
  /** the body as text: what is parsed, and what the log shows */
  text: string;
  /** the exact bytes, kept only when `text` could not hold them (NUL, invalid UTF-8) */
  bytes: Buffer | null;
};

/**
 * Postgres text holds neither NUL nor invalid UTF-8. Such a body (no Postmark payload is one) is
 * kept readable, NUL written as `\u0000` and invalid bytes as U+FFFD, and exactly, as bytes.
 */
export function rawBodyOf(body: Buffer | string): RawBody {
  if (typeof body === "string") {
    return body.includes("\u0000")
      ? { text: readable(body), bytes: Buffer.from(body) }
      : { text: body, bytes: null };
  }
  if (body.indexOf(0) === -1 && isUtf8(body)) return { text: body.toString("utf8"), bytes: null };
  return { text: readable(body.toString("utf8")), bytes: body };
}

/** What a kept body parses as: its exact bytes when the text had to be changed. */
export function parsableText(raw: { text: string; bytes: Buffer | null }): string {
  return raw.bytes ? raw.bytes.toString("utf8") : raw.text;
}

const readable = (text: string) => text.replaceAll("\u0000", "\\u0000");
