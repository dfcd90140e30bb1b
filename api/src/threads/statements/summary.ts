import { and, desc, eq, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "../../db/client";
import { cursorKeyOf } from "../../db/keyset";
import {
  type Direction,
  inboxes,
  members,
  type ThreadPriority,
  type ThreadStatus,
  threads,
} from "../../db/schema";

const assignees = alias(members, "assignee");

const summaryColumns = {
  id: threads.id,
  number: threads.number,
  status: threads.status,
  subject: threads.subject,
  clientEmail: threads.clientEmail,
  clientName: threads.clientName,
  messageCount: threads.messageCount,
  lastMessageAt: threads.lastMessageAt,
  lastMessageDirection: threads.lastMessageDirection,
  lastMessageFrom: threads.lastMessageFrom,
  // to the microsecond, which a JS Date is not: a keyset cursor must compare against this
  activityKey: cursorKeyOf(threads.lastMessageAt),
  inboxName: inboxes.name,
  assigneeEmail: assignees.email,
  assigneeName: assignees.name,
  priority: threads.priority,
  tags: threads.tags,
  firstResponseDueAt: threads.firstResponseDueAt,
  resolutionDueAt: threads.resolutionDueAt,
  slaDueAt: threads.slaDueAt,
  firstResponseAt: threads.firstResponseAt,
  resolvedAt: threads.resolvedAt,
  reopenCount: threads.reopenCount,
};

/** The summary columns for raw SQL over `threads` with `summaryJoinsSql`, named as in `SummaryRow`. */
export const summaryColumnsSql = sql.join(
  Object.entries(summaryColumns).map(([name, column]) => sql`${column} as ${sql.identifier(name)}`),
  sql`, `,
);

/** Joins the inbox and the assignee (alias `assignee`) onto `threads`, as the summary columns need. */
export const summaryJoinsSql = sql`join ${inboxes} on ${inboxes.id} = ${threads.inboxId}
  left join ${members} as ${sql.identifier("assignee")} on ${assignees.id} = ${threads.assigneeId}`;

export type SummaryRow = {
  id: string;
  number: number;
  status: ThreadStatus;
  subject: string;
  clientEmail: string;
  clientName: string;
  messageCount: number;
  lastMessageAt: Date;
  lastMessageDirection: Direction | null;
  lastMessageFrom: string | null;
  activityKey: string;
  inboxName: string;
  assigneeEmail: string | null;
  assigneeName: string | null;
  priority: ThreadPriority;
  tags: string[];
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
  /** the earliest target still to meet (see the schema) */
  slaDueAt: Date | null;
  firstResponseAt: Date | null;
  resolvedAt: Date | null;
  reopenCount: number;
};

export type SummaryQuery = {
  /** Extra conditions on `threads`, `inboxes` or the `assignee` alias; the org is always applied. */
  where?: SQL | undefined;
  limit?: number | undefined;
};

/** Summary rows of one org's threads, newest activity first, in one query (inbox and assignee joined). */
export async function selectSummaryRows(
  db: Db,
  orgId: string,
  query: SummaryQuery = {},
): Promise<SummaryRow[]> {
  const select = db
    .select(summaryColumns)
    .from(threads)
    .innerJoin(inboxes, eq(inboxes.id, threads.inboxId))
    .leftJoin(assignees, eq(assignees.id, threads.assigneeId))
    .where(and(eq(threads.orgId, orgId), query.where))
    .orderBy(desc(threads.lastMessageAt), desc(threads.id));
  return query.limit === undefined ? select : select.limit(query.limit);
}

/** The summary row of one thread of the org, or null. */
export async function selectSummaryRow(db: Db, orgId: string, threadId: string): Promise<SummaryRow | null> {
  const [row] = await selectSummaryRows(db, orgId, { where: eq(threads.id, threadId), limit: 1 });
  return row ?? null;
}

/** How a summary row's instants decode, for the statements that select `summaryColumnsSql`. */
export const summaryDecoding = {
  lastMessageAt: threads.lastMessageAt,
  firstResponseDueAt: threads.firstResponseDueAt,
  resolutionDueAt: threads.resolutionDueAt,
  slaDueAt: threads.slaDueAt,
  firstResponseAt: threads.firstResponseAt,
  resolvedAt: threads.resolvedAt,
};
