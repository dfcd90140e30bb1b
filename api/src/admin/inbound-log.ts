import { and, desc, eq, type SQL } from "drizzle-orm";
import type { Db } from "../db/client";
import { type InboundEmail, inboundEmails, orgs } from "../db/schema";

export type InboundLogEntry = {
  id: string;
  org: string | null;
  status: InboundEmail["status"];
  fromEmail: string | null;
  subject: string | null;
  recipients: string[];
  error: string | null;
  receivedAt: string;
};

export type InboundLogQuery = {
  /** null: every org's mail and the unrouted mail (the operator's view) */
  orgId: string | null;
  status?: InboundEmail["status"] | undefined;
  limit: number;
};

/** The newest entries of the inbound log, without their raw bodies. */
export async function listInboundLog(db: Db, query: InboundLogQuery): Promise<InboundLogEntry[]> {
  const filters: SQL[] = [];
  if (query.orgId !== null) filters.push(eq(inboundEmails.orgId, query.orgId));
  if (query.status) filters.push(eq(inboundEmails.status, query.status));
  const rows = await db
    .select({
      id: inboundEmails.id,
      org: orgs.slug,
      status: inboundEmails.status,
      fromEmail: inboundEmails.fromEmail,
      subject: inboundEmails.subject,
      recipients: inboundEmails.recipients,
      error: inboundEmails.error,
      receivedAt: inboundEmails.receivedAt,
    })
    .from(inboundEmails)
    .leftJoin(orgs, eq(orgs.id, inboundEmails.orgId))
    .where(and(...filters))
    .orderBy(desc(inboundEmails.receivedAt), desc(inboundEmails.id))
    .limit(query.limit);
  return rows.map((row) => ({ ...row, receivedAt: row.receivedAt.toISOString() }));
}
