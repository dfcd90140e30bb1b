import { and, desc, eq, inArray, type SQL } from "drizzle-orm";
import type { Db } from "../db/client";
import { cursorKeyOf, olderThan } from "../db/keyset";
import { type InboundEmail, inboundEmails, orgs } from "../db/schema";
import { decodeCursor, encodeCursor } from "../http/keyset-cursor";

export type InboundLogEntry = {
  id: string;
  org: string | null;
  status: InboundEmail["status"];
  fromEmail: string | null;
  subject: string | null;
  recipients: string[];
  error: string | null;
  receivedAt: string;
  attempts: number;
  nextAttemptAt: string | null;
};

export type InboundLogQuery = {
  /** null: every org's mail and the unrouted mail (the operator's view) */
  orgId: string | null;
  status?: InboundEmail["status"] | undefined;
  /** any of these statuses (the settings page lists the mail that needs attention apart) */
  statuses?: readonly InboundEmail["status"][] | undefined;
  cursor?: string | undefined;
  limit: number;
};

export type InboundLogPage = { emails: InboundLogEntry[]; nextCursor: string | null };

/** One page of the inbound log, newest first, without raw bodies; continued by `nextCursor`. */
export async function listInboundLog(db: Db, query: InboundLogQuery): Promise<InboundLogPage> {
  const filters: SQL[] = [];
  if (query.orgId !== null) filters.push(eq(inboundEmails.orgId, query.orgId));
  if (query.status) filters.push(eq(inboundEmails.status, query.status));
  if (query.statuses) filters.push(inArray(inboundEmails.status, [...query.statuses]));
  if (query.cursor) {
    filters.push(olderThan(inboundEmails.receivedAt, inboundEmails.id, decodeCursor(query.cursor)));
  }
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
      attempts: inboundEmails.attempts,
      leaseUntil: inboundEmails.leaseUntil,
      key: cursorKeyOf(inboundEmails.receivedAt),
    })
    .from(inboundEmails)
    .leftJoin(orgs, eq(orgs.id, inboundEmails.orgId))
    .where(and(...filters))
    .orderBy(desc(inboundEmails.receivedAt), desc(inboundEmails.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    emails: page.map(({ key: _, leaseUntil, ...row }) => ({
      ...row,
      receivedAt: row.receivedAt.toISOString(),
      nextAttemptAt: row.status === "received" ? leaseUntil.toISOString() : null,
    })),
    nextCursor: rows.length > query.limit && last ? encodeCursor({ at: last.key, id: last.id }) : null,
  };
}
