import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { type Member, members } from "../../db/schema";

/** The org's member with that email (trimmed and lowercased), or null. */
export async function findOrgMemberByEmail(db: Db, orgId: string, email: string): Promise<Member | null> {
  const [member] = await db
    .select()
    .from(members)
    .where(and(eq(members.orgId, orgId), eq(members.email, email.trim().toLowerCase())))
    .limit(1);
  return member ?? null;
}

export async function findMemberById(db: Db, id: string): Promise<Member | null> {
  const [member] = await db.select().from(members).where(eq(members.id, id)).limit(1);
  return member ?? null;
}
