import { and, asc, desc, eq, inArray, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { type CursorKey, cursorKeyOf, olderThan } from "../../db/keyset";
import { type InboundEmail, inboundEmails, messages, orgs, threads } from "../../db/schema";

export type InboundLogFilter = {
  /** null: every org's mail and the unrouted mail */
  orgId: string | null;
  status?: InboundEmail["status"] | undefined;
  statuses?: readonly InboundEmail["status"][] | undefined;
  /** only the mail before this key */
  before?: CursorKey | undefined;
  limit: number;
};

export type InboundLogRow = Pick<
  InboundEmail,
  | "id"
  | "status"
  | "fromEmail"
  | "subject"
  | "recipients"
  | "error"
  | "receivedAt"
  | "attempts"
  | "leaseUntil"
> & {
  org: string | null;
  /** `receivedAt` as a cursor key */
  key: string;
};

/** Up to `limit` kept emails, newest first, without their raw bodies. */
export function listInboundLogRows(db: Db, filter: InboundLogFilter): Promise<InboundLogRow[]> {
  const filters: SQL[] = [];
  if (filter.orgId !== null) filters.push(eq(inboundEmails.orgId, filter.orgId));
  if (filter.status) filters.push(eq(inboundEmails.status, filter.status));
  if (filter.statuses) filters.push(inArray(inboundEmails.status, [...filter.statuses]));
  if (filter.before) filters.push(olderThan(inboundEmails.receivedAt, inboundEmails.id, filter.before));
  return db
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
    .limit(filter.limit);
}

/** The org's kept email `id`, raw body included; null when the org's log has no such email. */
export async function findInboundEmail(db: Db, orgId: string, id: string): Promise<InboundEmail | null> {
  const [row] = await db
    .select()
    .from(inboundEmails)
    .where(and(eq(inboundEmails.id, id), eq(inboundEmails.orgId, orgId)));
  return row ?? null;
}

/** The numbers of the org's threads a kept email was filed into, in the order they were made. */
export async function threadNumbersFiledFrom(db: Db, orgId: string, inboundId: string): Promise<number[]> {
  const rows = await db
    .selectDistinct({ number: threads.number })
    .from(messages)
    .innerJoin(threads, eq(threads.id, messages.threadId))
    .where(and(eq(messages.orgId, orgId), eq(messages.inboundEmailId, inboundId)))
    .orderBy(asc(threads.number));
  return rows.map((row) => row.number);
}

/** The org a kept email was routed to; null when it was not routed, or there is no such email. */
export async function findOrgIdOfInbound(db: Db, id: string): Promise<string | null> {
  const [row] = await db
    .select({ orgId: inboundEmails.orgId })
    .from(inboundEmails)
    .where(eq(inboundEmails.id, id));
  return row?.orgId ?? null;
}
