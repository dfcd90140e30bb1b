import { and, asc, eq } from "drizzle-orm";
import { type AuditActor, recordAudit } from "../audit/record-audit";
import type { Db } from "../db/client";
import { type Member, type MemberRole, members, type Org } from "../db/schema";
import { AppError, isUniqueViolation, notFound } from "../errors";

export type MemberView = { email: string; name: string; role: MemberRole; createdAt: string };

export async function addMember(
  db: Db,
  org: Org,
  input: { email: string; name?: string | undefined; role: MemberRole },
  by: AuditActor,
): Promise<Member> {
  const email = input.email.trim().toLowerCase();
  try {
    return await db.transaction(async (tx) => {
      const [member] = await tx
        .insert(members)
        .values({ orgId: org.id, email, name: input.name ?? "", role: input.role })
        .returning();
      const detail = { role: member!.role, name: member!.name };
      await recordAudit(tx, { orgId: org.id, kind: "member_added", by, target: email, detail });
      return member!;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("conflict", `email: already a member (${email})`);
    throw error;
  }
}

export function listMembers(db: Db, org: Org): Promise<Member[]> {
  return db.select().from(members).where(eq(members.orgId, org.id)).orderBy(asc(members.email));
}

export async function findMember(db: Db, org: Org, email: string): Promise<Member | null> {
  const [member] = await db
    .select()
    .from(members)
    .where(and(eq(members.orgId, org.id), eq(members.email, email.trim().toLowerCase())))
    .limit(1);
  return member ?? null;
}

/** Changes a member's role or name; the last admin cannot become an agent, or nobody could administer the org. */
export async function updateMember(
  db: Db,
  org: Org,
  email: string,
  change: { role?: MemberRole | undefined; name?: string | undefined },
  by: AuditActor,
): Promise<Member> {
  return db.transaction(async (tx) => {
    const admins = await lockAdmins(tx, org);
    const member = await findMember(tx, org, email);
    if (!member) throw notFound("member");
    if (member.role === "admin" && change.role === "agent" && admins <= 1) {
      throw new AppError("conflict", "role: the organization needs at least one admin");
    }
    const [updated] = await tx
      .update(members)
      .set({ role: change.role, name: change.name })
      .where(eq(members.id, member.id))
      .returning();
    const detail = changedFields(member, updated!);
    if (Object.keys(detail).length > 0) {
      await recordAudit(tx, { orgId: org.id, kind: "member_updated", by, target: member.email, detail });
    }
    return updated!;
  });
}

function changedFields(before: Member, after: Member) {
  const detail: Record<string, { from: string; to: string }> = {};
  for (const field of ["role", "name"] as const) {
    if (before[field] !== after[field]) detail[field] = { from: before[field], to: after[field] };
  }
  return detail;
}

/**
 * Locks the org's admins and answers how many there are. Every change that could take away an
 * admin (a demotion, a removal) takes this lock first, so two admins demoting or removing each
 * other at once are one after the other: the second sees the first's change and is refused.
 * `no key update` still lets a concurrent thread update point at an admin (its foreign key check
 * takes a key-share lock), so assigning a thread while a member is removed cannot deadlock.
 */
export async function lockAdmins(db: Db, org: Org): Promise<number> {
  const admins = await db
    .select({ id: members.id })
    .from(members)
    .where(and(eq(members.orgId, org.id), eq(members.role, "admin")))
    .for("no key update");
  return admins.length;
}

export function toMemberView(member: Member): MemberView {
  return {
    email: member.email,
    name: member.name,
    role: member.role,
    createdAt: member.createdAt.toISOString(),
  };
}
