import { isUtf8 } from "node:buffer";

// a body this large is read straight into one buffer of its declared length
const LARGE_BODY_BYTES = 1024 * 1024;

/**
 * A request's body as one buffer. A large one is read into a buffer of its declared length as it
 * arrives, instead of gathered in chunks and joined, then copied again. Read from the raw request,
 * which, unlike Hono's, keeps no copy of it for the rest of the request.
 */
export async function readBody(request: Request): Promise<Buffer> {
  const declared = Number(request.headers.get("content-length"));
  if (!(declared >= LARGE_BODY_BYTES) || !request.body) return Buffer.from(await request.arrayBuffer());
  const body = Buffer.allocUnsafe(declared);
  let length = 0;
  for await (const chunk of request.body) {
    // Node's parser reads no more than the declared length; this only guards the buffer
    if (length + chunk.length > declared) throw new Error("the body is longer than its Content-Length");
    body.set(chunk, length);
    length += chunk.length;
  }
  return length === declared ? body : body.subarray(0, length);
}

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

/**
 * Lets go of a body once the log holds it, so that a large one is not kept in memory, besides its
 * parsed parts, while the email is filed.
 */
export function letGo(body: RawBody): void {
  body.text = "";
  body.bytes = null;
}

/** What a kept body parses as: its exact bytes when the text had to be changed. */
export function parsableText(raw: { text: string; bytes: Buffer | null }): string {
  return raw.bytes ? raw.bytes.toString("utf8") : raw.text;
}

const readable = (text: string) => text.replaceAll("\u0000", "\\u0000");
