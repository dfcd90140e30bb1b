import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { type ApiToken, apiTokens, type Member, type Org } from "../db/schema";
import { defineStatement, runStatement } from "../db/statement";
import { countedRequestCte, MEMBER_KEY_PREFIX, windowStartOf } from "../rate-limit/rate-limit";
import { type MembershipRow, membershipColumns, membershipDecoding, toMembership } from "./identity";
import { newApiToken, sha256Hex } from "./secrets";

/** Makes a token for a member; the token is returned once and only its hash is kept. */
export async function createApiToken(
  db: Db,
  member: Member,
  label = "",
): Promise<{ id: string; token: string }> {
  const token = newApiToken();
  const [row] = await db
    .insert(apiTokens)
    .values({ memberId: member.id, tokenHash: sha256Hex(token), label })
    .returning({ id: apiTokens.id });
  return { id: row!.id, token };
}

export type ApiTokenUse = Pick<ApiToken, "id" | "lastUsedAt">;

/** A member found by API token, with this minute's requests counting the current one. */
export type TokenHolder = { member: Member; org: Org; apiToken: ApiTokenUse; requests: number };

type HolderRow = MembershipRow & { tokenId: string; lastUsedAt: Date | null; requests: number };

/** Looks the token up and counts the request against its member's rate limit, in one statement. */
const holderStatement = defineStatement<{ tokenHash: string; key: string; window: string }, HolderRow>(
  (p) => sql`
    with holder as (
      select ${membershipColumns}, t.id as "tokenId", t.last_used_at as "lastUsedAt"
      from api_tokens t join members m on m.id = t.member_id join orgs o on o.id = m.org_id
      where t.token_hash = ${p.tokenHash} and t.revoked_at is null
      limit 1),
    ${countedRequestCte(sql`holder`, p)}
    select holder.*, (select count from counted) as requests from holder`,
  { ...membershipDecoding, lastUsedAt: apiTokens.lastUsedAt },
);

/**
 * The member and org an API token belongs to, or null for an unknown or revoked token. The
 * request is counted against the member's rate limit in the same statement.
 */
export async function findMemberByApiToken(db: Db, token: string, now: Date): Promise<TokenHolder | null> {
  const [row] = await runStatement(db, holderStatement, {
    tokenHash: sha256Hex(token),
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
  await db
    .update(apiTokens)
    .set({ lastUsedAt: now })
    // concurrent requests may all see a stale value; only the first one writes
    .where(
      and(
        eq(apiTokens.id, apiToken.id),
        or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, staleBefore)),
      ),
    );
}
