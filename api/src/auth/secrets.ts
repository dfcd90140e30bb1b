import { hash, randomBytes, timingSafeEqual } from "node:crypto";

/** Compares two secrets in constant time (the lengths are hashed away first). */
export function secretsEqual(given: string, expected: string): boolean {
  return timingSafeEqual(hash("sha256", given, "buffer"), hash("sha256", expected, "buffer"));
}

// the one-shot `hash`: no Hash object per value (secrets and the dedupe key are hashed per webhook)
export function sha256Hex(value: string | Buffer): string {
  return hash("sha256", value, "hex");
}

export const API_TOKEN_PREFIX = "tsk_";

/** A new API token: a recognisable prefix and 32 random bytes. */
export function newApiToken(): string {
  return `${API_TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
}
