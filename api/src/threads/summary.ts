import { and, desc, eq, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { formatRef } from "../../../shared/src/subject-tag";
import type { Db } from "../db/client";
import { cursorKeyOf } from "../db/keyset";
import {
  type Direction,
  inboxes,
  members,
  type Org,
  type ThreadPriority,
  type ThreadStatus,
  threads,
} from "../db/schema";
import { inboxAddress } from "../inboxes/address";

export type Person = { email: string; name: string };

export type ThreadSummary = {
  ref: string;
  status: ThreadStatus;
  subject: string;
  inbox: { name: string; address: string };
  client: Person;
  assignee: Person | null;
  messageCount: number;
  lastMessageAt: string;
  lastMessage: { direction: Direction; from: string; at: string } | null;
  priority: ThreadPriority;
  tags: string[];
  sla: { firstResponseDueAt: string | null; resolutionDueAt: string | null; breached: boolean };
  firstResponseAt: string | null;
  resolvedAt: string | null;
  reopenCount: number;
};

/**
 * What a summary needs besides the thread: the org (for the inbox address), our mail domain, and
 * the instant a target counts as breached at (the present when not given).
 */
export type SummaryScope = { org: Pick<Org, "id" | "slug">; inboundDomain: string; now?: Date | undefined };

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

/** How a summary row's instants decode, for the statements that select `summaryColumnsSql`. */
export const summaryDecoding = {
  lastMessageAt: threads.lastMessageAt,
  firstResponseDueAt: threads.firstResponseDueAt,
  resolutionDueAt: threads.resolutionDueAt,
  slaDueAt: threads.slaDueAt,
  firstResponseAt: threads.firstResponseAt,
  resolvedAt: threads.resolvedAt,
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

export function toThreadSummary(row: SummaryRow, scope: SummaryScope): ThreadSummary {
  return {
    ref: formatRef(row.number),
    status: row.status,
    subject: row.subject,
    inbox: {
      name: row.inboxName,
      address: inboxAddress({ name: row.inboxName }, scope.org, scope.inboundDomain),
    },
    client: { email: row.clientEmail, name: row.clientName },
    assignee: row.assigneeEmail === null ? null : { email: row.assigneeEmail, name: row.assigneeName ?? "" },
    messageCount: row.messageCount,
    lastMessageAt: row.lastMessageAt.toISOString(),
    lastMessage:
      row.lastMessageDirection === null
        ? null
        : {
            direction: row.lastMessageDirection,
            from: row.lastMessageFrom ?? "",
            at: row.lastMessageAt.toISOString(),
          },
    priority: row.priority,
    tags: row.tags,
    sla: {
      firstResponseDueAt: iso(row.firstResponseDueAt),
      resolutionDueAt: iso(row.resolutionDueAt),
      breached: row.slaDueAt !== null && row.slaDueAt < (scope.now ?? new Date()),
    },
    firstResponseAt: iso(row.firstResponseAt),
    resolvedAt: iso(row.resolvedAt),
    reopenCount: row.reopenCount,
  };
}

const iso = (date: Date | null) => date?.toISOString() ?? null;

/** Summaries of the org's threads that match `query`, newest activity first. */
export async function loadThreadSummaries(
  db: Db,
  scope: SummaryScope,
  query: SummaryQuery = {},
): Promise<ThreadSummary[]> {
  const rows = await selectSummaryRows(db, scope.org.id, query);
  return rows.map((row) => toThreadSummary(row, scope));
}

/** The summary of one thread of the org, or null. */
export async function loadThreadSummary(
  db: Db,
  scope: SummaryScope,
  threadId: string,
): Promise<ThreadSummary | null> {
  const [summary] = await loadThreadSummaries(db, scope, { where: eq(threads.id, threadId), limit: 1 });
  return summary ?? null;
}

/** The org's thread named by a `THD-42` reference; null when there is none or the ref is malformed. */
