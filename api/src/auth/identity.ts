import type { Db } from "../db/client";
import type { Member, Org } from "../db/schema";
import { MEMBER_KEY_PREFIX, windowStartOf } from "../rate-limit/rate-limit";
import { type MembershipRow, selectMembershipsByEmail } from "./auth.statements";

export type Membership = { member: Member; org: Org };

/** A membership with this minute's requests, this one included, when the request acts as it. */
export type CountedMembership = Membership & { requests: number | null };

/** Reads a membership back from the columns `membershipColumns` (auth.statements.ts) names. */
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
 * Every org a person (by lowercased email) is a member of, in one statement that also counts the
 * request against the rate limit of the membership it acts as.
 */
export async function findMembershipsByEmail(
  db: Db,
  email: string,
  orgSlug: string | undefined,
  now: Date,
): Promise<CountedMembership[]> {
  const rows = await selectMembershipsByEmail(db, email.toLowerCase(), orgSlug ?? null, {
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
