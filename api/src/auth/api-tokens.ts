import { and, eq, isNull, lt, or } from "drizzle-orm";
import type { Db } from "../db/client";
import { type ApiToken, apiTokens, type Member, members, type Org, orgs } from "../db/schema";
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

/** The member and org an API token belongs to, or null for an unknown or revoked token. */
export async function findMemberByApiToken(
  db: Db,
  token: string,
): Promise<{ member: Member; org: Org; apiToken: ApiTokenUse } | null> {
  const [row] = await db
    .select({
      member: members,
      org: orgs,
      apiToken: { id: apiTokens.id, lastUsedAt: apiTokens.lastUsedAt },
    })
    .from(apiTokens)
    .innerJoin(members, eq(members.id, apiTokens.memberId))
    .innerJoin(orgs, eq(orgs.id, members.orgId))
    .where(and(eq(apiTokens.tokenHash, sha256Hex(token)), isNull(apiTokens.revokedAt)))
    .limit(1);
  return row ?? null;
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
