import type { Db } from "../db/client";
import type { InboundEmail } from "../db/schema";
import { decodeCursor, encodeCursor } from "../http/keyset-cursor";
import { listInboundLogRows } from "./statements/inbound-log";

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
  const rows = await listInboundLogRows(db, {
    orgId: query.orgId,
    status: query.status,
    statuses: query.statuses,
    before: query.cursor ? decodeCursor(query.cursor) : undefined,
    limit: query.limit + 1,
  });
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
