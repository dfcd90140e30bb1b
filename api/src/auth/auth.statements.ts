import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "../db/client";
import { columnName } from "../db/column-name";
import { apiTokens, type Member, members, orgs, rateLimits } from "../db/schema";
import { defineStatement, runStatement } from "../db/statement";
import { countedRequestCte } from "../rate-limit/rate-limit.statements";

/** The member and the org of a membership row, as `membershipColumns` names them. */
export const membershipMember = alias(members, "m");
export const membershipOrg = alias(orgs, "o");
const m = membershipMember;
const o = membershipOrg;
const t = alias(apiTokens, "t");

/** A member (`m`) and its org (`o`) as the columns of one row; `toMembership` reads them back. */
export const membershipColumns = sql`${m.id} as "memberId", ${m.orgId} as "orgId", ${m.email}, ${m.name},
  ${m.role}, ${m.createdAt} as "memberCreatedAt", ${o.slug}, ${o.name} as "orgName",
  ${o.threadSeq} as "threadSeq", ${o.createdAt} as "orgCreatedAt"`;

/** How a membership row's timestamps decode. */
export const membershipDecoding = { memberCreatedAt: members.createdAt, orgCreatedAt: orgs.createdAt };

export type MembershipRow = {
  memberId: string;
  orgId: string;
  email: string;
  name: string;
  role: Member["role"];
  memberCreatedAt: Date;
  slug: string;
  orgName: string;
  threadSeq: number;
  orgCreatedAt: Date;
};

/** The rate limit counter a lookup counts the request on: `key` is the prefix of the member's id. */
export type RequestCounter = { key: string; window: string };

/** Keeps a new token's hash; answers the token's id. */
export async function insertApiToken(
  db: Db,
  token: { memberId: string; tokenHash: string; label: string },
): Promise<string> {
  const [row] = await db.insert(apiTokens).values(token).returning({ id: apiTokens.id });
  return row!.id;
}

export type HolderRow = MembershipRow & { tokenId: string; lastUsedAt: Date | null; requests: number };

/** Looks the token up and counts the request against its member's rate limit, in one statement. */
const holderStatement = defineStatement<{ tokenHash: string; key: string; window: string }, HolderRow>(
  (p) => sql`
    with holder as (
      select ${membershipColumns}, ${t.id} as "tokenId", ${t.lastUsedAt} as "lastUsedAt"
      from ${apiTokens} ${t} join ${members} ${m} on ${m.id} = ${t.memberId}
        join ${orgs} ${o} on ${o.id} = ${m.orgId}
      where ${t.tokenHash} = ${p.tokenHash} and ${t.revokedAt} is null
      limit 1),
    ${countedRequestCte(sql`holder`, p)}
    select holder.*, (select ${columnName(rateLimits.count)} from counted) as requests from holder`,
  { ...membershipDecoding, lastUsedAt: apiTokens.lastUsedAt },
);

/** The holder of the token whose hash is `tokenHash`, unless revoked; the request counted on `counter`. */
export async function selectTokenHolder(
  db: Db,
  tokenHash: string,
  counter: RequestCounter,
): Promise<HolderRow | null> {
  const [row] = await runStatement(db, holderStatement, { tokenHash, ...counter });
  return row ?? null;
}

/** Sets the token's last use to `now` unless another request did since `staleBefore`. */
export async function markApiTokenUsed(db: Db, tokenId: string, now: Date, staleBefore: Date): Promise<void> {
  await db
    .update(apiTokens)
    .set({ lastUsedAt: now })
    // concurrent requests may all see a stale value; only the first one writes
    .where(
      and(eq(apiTokens.id, tokenId), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, staleBefore))),
    );
}

/**
 * Every membership of an email, and the request counted against the rate limit of the one it acts
 * as, chosen by the same rule as `chooseMembership`: the org `X-Tisket-Org` names, else the only one.
 */
const membershipsStatement = defineStatement<
  { email: string; orgSlug: string | null; key: string; window: string },
  MembershipRow & { requests: number | null }
>(
  (p) => sql`
    with found as (
      select ${membershipColumns}
      from ${members} ${m} join ${orgs} ${o} on ${o.id} = ${m.orgId}
      where ${m.email} = ${p.email}),
    chosen as (
      select "memberId" from found
      where case when ${p.orgSlug}::text is null then (select count(*) from found) = 1
                 else ${columnName(orgs.slug)} = ${p.orgSlug}::text end),
    ${countedRequestCte(sql`chosen`, p)}
    select found.*, case when found."memberId" in (select "memberId" from chosen)
                         then (select ${columnName(rateLimits.count)} from counted) end as requests
    from found order by found.${columnName(orgs.slug)}`,
  membershipDecoding,
);

/** The memberships of an (already lowercased) email by org slug, the request counted on `counter`. */
export function selectMembershipsByEmail(
  db: Db,
  email: string,
  orgSlug: string | null,
  counter: RequestCounter,
): Promise<(MembershipRow & { requests: number | null })[]> {
  return runStatement(db, membershipsStatement, { email, orgSlug, ...counter });
}
