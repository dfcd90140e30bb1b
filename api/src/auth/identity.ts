import { sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { type Member, members, type Org, orgs } from "../db/schema";
import { defineStatement, runStatement } from "../db/statement";
import { countedRequestCte, MEMBER_KEY_PREFIX, windowStartOf } from "../rate-limit/rate-limit";

export type Membership = { member: Member; org: Org };

/** A membership with this minute's requests, this one included, when the request acts as it. */
export type CountedMembership = Membership & { requests: number | null };

/** A member (`m`) and its org (`o`) as the columns of one row; `toMembership` reads them back. */
export const membershipColumns = sql.raw(`m.id as "memberId", m.org_id as "orgId", m.email, m.name, m.role,
  m.created_at as "memberCreatedAt", o.slug, o.name as "orgName", o.thread_seq as "threadSeq",
  o.created_at as "orgCreatedAt"`);

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

export function toMembership(row: MembershipRow): Membership {
  return {
    member: {
      id: row.memberId,
      orgId: row.orgId,
      email: row.email,
      name: row.name,
      role: row.role,
      createdAt: row.memberCreatedAt,
    },
    org: {
      id: row.orgId,
      slug: row.slug,
      name: row.orgName,
      threadSeq: row.threadSeq,
      createdAt: row.orgCreatedAt,
    },
  };
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
      from members m join orgs o on o.id = m.org_id
      where m.email = ${p.email}),
    chosen as (
      select "memberId" from found
      where case when ${p.orgSlug}::text is null then (select count(*) from found) = 1
                 else slug = ${p.orgSlug}::text end),
    ${countedRequestCte(sql`chosen`, p)}
    select found.*, case when found."memberId" in (select "memberId" from chosen)
                         then (select count from counted) end as requests
    from found order by found.slug`,
  membershipDecoding,
);

/**
 * Every org a person (by lowercased email) is a member of, in one statement that also counts the
 * request against the rate limit of the membership it acts as.
 */
export async function findMembershipsByEmail(
  db: Db,
  email: string,
  orgSlug: string | undefined,
  now: Date,
): Promise<CountedMembership[]> {
  const rows = await runStatement(db, membershipsStatement, {
    email: email.toLowerCase(),
    orgSlug: orgSlug ?? null,
    key: MEMBER_KEY_PREFIX,
    window: windowStartOf(now).toISOString(),
  });
  return rows.map((row) => ({ ...toMembership(row), requests: row.requests }));
}

export type MembershipChoice<M extends Membership> =
  | { ok: true; membership: M }
  | { ok: false; reason: "not_a_member" | "wrong_org" }
  | { ok: false; reason: "ambiguous"; slugs: string[] };

/** The membership a request acts as: the only one, or the one its `X-Tisket-Org` names. */
export function chooseMembership<M extends Membership>(
  memberships: M[],
  orgSlug: string | undefined,
): MembershipChoice<M> {
  if (memberships.length === 0) return { ok: false, reason: "not_a_member" };
  if (orgSlug) {
    const named = memberships.find((membership) => membership.org.slug === orgSlug);
    return named ? { ok: true, membership: named } : { ok: false, reason: "wrong_org" };
  }
  const [only] = memberships;
  if (only && memberships.length === 1) return { ok: true, membership: only };
  return { ok: false, reason: "ambiguous", slugs: memberships.map((membership) => membership.org.slug) };
}
