import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** Compares two secrets in constant time (the lengths are hashed away first). */
export function secretsEqual(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

export function sha256Hex(value: string | Buffer): string {
  return createHash("sha256").update(value).digest("hex");
}

export const API_TOKEN_PREFIX = "tsk_";

/** A new API token: a recognisable prefix and 32 random bytes. */
export function newApiToken(): string {
  return `${API_TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
}
