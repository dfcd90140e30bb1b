import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { type Member, type MemberRole, members, type Org } from "../../db/schema";

/** A new member of the org; an address already a member fails on the unique key. */
export async function insertMember(
  db: Db,
  member: { orgId: string; email: string; name: string; role: MemberRole },
): Promise<Member> {
  const [row] = await db.insert(members).values(member).returning();
  return row!;
}

/** The org's members by address. */
export function listMembers(db: Db, org: Pick<Org, "id">): Promise<Member[]> {
  return db.select().from(members).where(eq(members.orgId, org.id)).orderBy(asc(members.email));
}

/** The org's member with this address, as stored (lower case). */
export async function findMemberByEmail(db: Db, orgId: string, email: string): Promise<Member | null> {
  const [member] = await db
    .select()
    .from(members)
    .where(and(eq(members.orgId, orgId), eq(members.email, email)))
    .limit(1);
  return member ?? null;
}

/** Sets the given fields; an undefined one is left as it is. */
export async function updateMemberFields(
  db: Db,
  memberId: string,
  change: { role?: MemberRole | undefined; name?: string | undefined },
): Promise<Member> {
  const [row] = await db
    .update(members)
    .set({ role: change.role, name: change.name })
    .where(eq(members.id, memberId))
    .returning();
  return row!;
}

/**
 * Locks the org's admins and answers how many there are. Every change that could take away an
 * admin (a demotion, a removal) takes this lock first, so two admins demoting or removing each
 * other at once are one after the other: the second sees the first's change and is refused.
 * `no key update` still lets a concurrent thread update point at an admin (its foreign key check
 * takes a key-share lock), so assigning a thread while a member is removed cannot deadlock.
 */
export async function lockAdmins(db: Db, orgId: string): Promise<number> {
  const admins = await db
    .select({ id: members.id })
    .from(members)
    .where(and(eq(members.orgId, orgId), eq(members.role, "admin")))
    .for("no key update");
  return admins.length;
}

/** Deletes the member; their API tokens and web sessions' hold on the org go with them (cascade). */
export async function deleteMember(db: Db, memberId: string): Promise<void> {
  await db.delete(members).where(eq(members.id, memberId));
}
