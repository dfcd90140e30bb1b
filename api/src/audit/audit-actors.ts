import { asc, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { auditLog, members } from "../db/schema";

/** Someone who appears in an org's audit log, as the actor filter offers them. */
export type AuditActorChoice = {
  /** what the `actor` filter takes: a member's address, `operator` or `system` */
  actor: string;
  /** the member's name, when the address is still a member's */
  name: string | null;
};

/** Everyone who acted in the org, members who have left included, by address. */
export async function listAuditActors(db: Db, orgId: string): Promise<AuditActorChoice[]> {
  const rows = await db
    .selectDistinct({ actor: auditLog.actor })
    .from(auditLog)
    .where(eq(auditLog.orgId, orgId))
    .orderBy(asc(auditLog.actor));
  const named = await db
    .select({ email: members.email, name: members.name })
    .from(members)
    .where(eq(members.orgId, orgId));
  const names = new Map(named.map((member) => [member.email, member.name]));
  return rows.map((row) => ({ actor: row.actor, name: names.get(row.actor) ?? null }));
}
