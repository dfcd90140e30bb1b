import { createHmac } from "node:crypto";
import { secretsEqual } from "../auth/secrets";

// Lowercase only: some mail programs lowercase the whole address they reply to.
function signature(secretKey: string, orgId: string, threadNumber: number): string {
  return createHmac("sha256", secretKey).update(`reply:${orgId}:${threadNumber}`).digest("hex").slice(0, 16);
}

/** The plus-address part that leads a reply back to its thread: `t42-<signature>`. */
export function signReplyToken(secretKey: string, orgId: string, threadNumber: number): string {
  return `t${threadNumber}-${signature(secretKey, orgId, threadNumber)}`;
}

const TOKEN = /^t(\d{1,9})-([0-9a-f]{16})$/;

/** Whether a plus-address part has a reply token's shape (its signature is not checked). */
export function looksLikeReplyToken(token: string): boolean {
  return TOKEN.test(token.trim().toLowerCase());
}

/** The thread number a reply token names, when its signature holds for this org. */
export function verifyReplyToken(secretKey: string, orgId: string, token: string): number | null {
  const match = TOKEN.exec(token.trim().toLowerCase());
  if (!match) return null;
  const threadNumber = Number(match[1]);
  return secretsEqual(match[2]!, signature(secretKey, orgId, threadNumber)) ? threadNumber : null;
}
