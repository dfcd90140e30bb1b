import { createHmac } from "node:crypto";
import { secretsEqual } from "../../auth/secrets";

/** How long a signed part URL works: longer than a page stays open without a reload. */
const PART_LINK_LIFETIME_MS = 6 * 3600_000;

function signature(secretKey: string, attachmentId: string, expires: number): string {
  return createHmac("sha256", secretKey)
    .update(`message-part:${attachmentId}:${expires}`)
    .digest("base64url");
}

/**
 * The URL of an inline image (`cid:`) of a message body. A body is a sandboxed document of no
 * origin, whose image requests may come without our cookies, so the URL carries its own proof: an
 * HMAC of the part and an expiry. It is handed only to members who may read the message.
 */
export function signedPartUrl(secretKey: string, attachmentId: string, now: Date): string {
  // rounded to the hour, so the same body document (and the browser's cached image) keeps its URL
  const expires = Math.ceil((now.getTime() + PART_LINK_LIFETIME_MS) / 3600_000) * 3600_000;
  return `/admin/parts/${attachmentId}?e=${expires}&s=${signature(secretKey, attachmentId, expires)}`;
}

/** Whether a part URL's proof holds and has not expired. */
export function partUrlValid(
  secretKey: string,
  attachmentId: string,
  query: { e?: string | undefined; s?: string | undefined },
  now: Date,
): boolean {
  const expires = Number(query.e);
  if (!query.s || !Number.isSafeInteger(expires) || expires <= now.getTime()) return false;
  return secretsEqual(query.s, signature(secretKey, attachmentId, expires));
}
