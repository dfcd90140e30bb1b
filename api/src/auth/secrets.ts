import { hash, randomBytes } from "node:crypto";

/**
 * Compares two secrets by their digests, which have one length: how long the comparison takes can
 * tell at most how much of the two digests agree, and a secret's digest reveals nothing of the
 * secret. Hex text, not buffers for `timingSafeEqual`: a buffer is an allocation, and the webhook
 * checks its user name and password on every email.
 */
export function secretsEqual(given: string, expected: string): boolean {
  return sha256Hex(given) === sha256Hex(expected);
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
