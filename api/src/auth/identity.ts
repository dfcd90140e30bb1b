import { asc, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { type Member, members, type Org, orgs } from "../db/schema";

export type Membership = { member: Member; org: Org };

/** Every org a person (by lowercased email) is a member of. */
export function findMembershipsByEmail(db: Db, email: string): Promise<Membership[]> {
  return db
    .select({ member: members, org: orgs })
    .from(members)
    .innerJoin(orgs, eq(orgs.id, members.orgId))
    .where(eq(members.email, email.toLowerCase()))
    .orderBy(asc(orgs.slug));
}

export type MembershipChoice =
  | { ok: true; membership: Membership }
  | { ok: false; reason: "not_a_member" | "wrong_org" }
  | { ok: false; reason: "ambiguous"; slugs: string[] };

/** The membership a request acts as: the only one, or the one its `X-Tisket-Org` names. */
export function chooseMembership(memberships: Membership[], orgSlug: string | undefined): MembershipChoice {
  if (memberships.length === 0) return { ok: false, reason: "not_a_member" };
  if (orgSlug) {
    const named = memberships.find((membership) => membership.org.slug === orgSlug);
    return named ? { ok: true, membership: named } : { ok: false, reason: "wrong_org" };
  }
  const [only] = memberships;
  if (only && memberships.length === 1) return { ok: true, membership: only };
  return { ok: false, reason: "ambiguous", slugs: memberships.map((membership) => membership.org.slug) };
}
