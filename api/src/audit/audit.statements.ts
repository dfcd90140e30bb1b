import { and, asc, desc, eq, lt, type SQL } from "drizzle-orm";
import type { Db } from "../db/client";
import { type AuditRow, auditLog, members } from "../db/schema";

export type NewAuditRow = typeof auditLog.$inferInsert;

/** Writes audit rows, in the caller's transaction. */
export async function insertAuditRows(db: Db, rows: NewAuditRow[]): Promise<void> {
  await db.insert(auditLog).values(rows);
}

export type AuditLogFilter = {
  orgId: string;
  /** a member's address as recorded, `operator` or `system` */
  actor?: string | undefined;
  kind?: string | undefined;
  /** only the rows written before this one */
  beforeId?: number | undefined;
  limit: number;
};

/** An audit row with the acting member's current address and name, when they are still a member. */
export type AuditLogRow = Pick<AuditRow, "id" | "at" | "actor" | "client" | "kind" | "target" | "detail"> & {
  memberEmail: string | null;
  memberName: string | null;
};

/** Up to `limit` rows of the org's audit log, newest first. */
export function listAuditRows(db: Db, filter: AuditLogFilter): Promise<AuditLogRow[]> {
  const filters: SQL[] = [eq(auditLog.orgId, filter.orgId)];
  if (filter.actor !== undefined) filters.push(eq(auditLog.actor, filter.actor));
  if (filter.kind) filters.push(eq(auditLog.kind, filter.kind));
  if (filter.beforeId !== undefined) filters.push(lt(auditLog.id, filter.beforeId));
  return db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      actor: auditLog.actor,
      memberEmail: members.email,
      memberName: members.name,
      client: auditLog.client,
      kind: auditLog.kind,
      target: auditLog.target,
      detail: auditLog.detail,
    })
    .from(auditLog)
    .leftJoin(members, eq(members.id, auditLog.actorId))
    .where(and(...filters))
    .orderBy(desc(auditLog.id))
    .limit(filter.limit);
}

/** Every actor recorded in the org's audit log, once each, by address. */
export async function listAuditActorAddresses(db: Db, orgId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ actor: auditLog.actor })
    .from(auditLog)
    .where(eq(auditLog.orgId, orgId))
    .orderBy(asc(auditLog.actor));
  return rows.map((row) => row.actor);
}

/** The org's members' addresses and names. */
export function listMemberNames(db: Db, orgId: string): Promise<{ email: string; name: string }[]> {
  return db
    .select({ email: members.email, name: members.name })
    .from(members)
    .where(eq(members.orgId, orgId));
}
