import { type AuditActor, recordAudit } from "../audit/record-audit";
import type { Db } from "../db/client";
import { isUniqueViolation } from "../db/errors";
import type { Member, MemberRole, Org } from "../db/schema";
import { AppError, notFound } from "../errors";
import { findMemberByEmail, insertMember, lockAdmins, updateMemberFields } from "./statements/members";

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
      const member = await insertMember(tx, {
        orgId: org.id,
        email,
        name: input.name ?? "",
        role: input.role,
      });
      const detail = { role: member.role, name: member.name };
      await recordAudit(tx, { orgId: org.id, kind: "member_added", by, target: email, detail });
      return member;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("conflict", `email: already a member (${email})`);
    throw error;
  }
}

/** The org's member with this address, however it was typed. */
export function findMember(db: Db, org: Org, email: string): Promise<Member | null> {
  return findMemberByEmail(db, org.id, email.trim().toLowerCase());
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
    const admins = await lockAdmins(tx, org.id);
    const member = await findMember(tx, org, email);
    if (!member) throw notFound("member");
    if (member.role === "admin" && change.role === "agent" && admins <= 1) {
      throw new AppError("conflict", "role: the organization needs at least one admin");
    }
    const updated = await updateMemberFields(tx, member.id, change);
    const detail = changedFields(member, updated);
    if (Object.keys(detail).length > 0) {
      await recordAudit(tx, { orgId: org.id, kind: "member_updated", by, target: member.email, detail });
    }
    return updated;
  });
}

function changedFields(before: Member, after: Member) {
  const detail: Record<string, { from: string; to: string }> = {};
  for (const field of ["role", "name"] as const) {
    if (before[field] !== after[field]) detail[field] = { from: before[field], to: after[field] };
  }
  return detail;
}

export function toMemberView(member: Member): MemberView {
  return {
    email: member.email,
    name: member.name,
    role: member.role,
    createdAt: member.createdAt.toISOString(),
  };
}
