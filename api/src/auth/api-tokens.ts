import type { Db } from "../db/client";
import type { ApiToken, Member, Org } from "../db/schema";
import { MEMBER_KEY_PREFIX, windowStartOf } from "../rate-limit/rate-limit";
import { insertApiToken, markApiTokenUsed, selectTokenHolder } from "./auth.statements";
import { toMembership } from "./identity";
import { newApiToken, sha256Hex } from "./secrets";

/** Makes a token for a member; the token is returned once and only its hash is kept. */
export async function createApiToken(
  db: Db,
  member: Member,
  label = "",
): Promise<{ id: string; token: string }> {
  const token = newApiToken();
  const id = await insertApiToken(db, { memberId: member.id, tokenHash: sha256Hex(token), label });
  return { id, token };
}

export type ApiTokenUse = Pick<ApiToken, "id" | "lastUsedAt">;

/** A member found by API token, with this minute's requests counting the current one. */
export type TokenHolder = { member: Member; org: Org; apiToken: ApiTokenUse; requests: number };

/**
 * The member and org an API token belongs to, or null for an unknown or revoked token. The
 * request is counted against the member's rate limit in the same statement.
 */
export async function findMemberByApiToken(db: Db, token: string, now: Date): Promise<TokenHolder | null> {
  const row = await selectTokenHolder(db, sha256Hex(token), {
    key: MEMBER_KEY_PREFIX,
    window: windowStartOf(now).toISOString(),
  });
  if (!row) return null;
  return {
    ...toMembership(row),
    apiToken: { id: row.tokenId, lastUsedAt: row.lastUsedAt },
    requests: row.requests,
  };
}

const TOUCH_INTERVAL_MS = 60_000;

/** Records that a token was used, at most once a minute so busy tokens do not write on every call. */
export async function touchApiToken(db: Db, apiToken: ApiTokenUse, now: Date): Promise<void> {
  const staleBefore = new Date(now.getTime() - TOUCH_INTERVAL_MS);
  if (apiToken.lastUsedAt && apiToken.lastUsedAt > staleBefore) return;
  await markApiTokenUsed(db, apiToken.id, now, staleBefore);
}
