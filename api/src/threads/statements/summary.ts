import { sql } from "drizzle-orm";
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
import { selectColumns } from "../../db/select-columns";
import { defineStatement, runStatement } from "../../db/statement";

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
export const summaryColumnsSql = selectColumns(summaryColumns);

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

/** How a summary row's instants decode, for the statements that select `summaryColumnsSql`. */
export const summaryDecoding = {
  lastMessageAt: threads.lastMessageAt,
  firstResponseDueAt: threads.firstResponseDueAt,
  resolutionDueAt: threads.resolutionDueAt,
  slaDueAt: threads.slaDueAt,
  firstResponseAt: threads.firstResponseAt,
  resolvedAt: threads.resolvedAt,
};

const summaryRowStatement = defineStatement<{ orgId: string; threadId: string }, SummaryRow>(
  (p) => sql`select ${summaryColumnsSql} from ${threads} ${summaryJoinsSql}
    where ${threads.orgId} = ${p.orgId} and ${threads.id} = ${p.threadId}`,
  summaryDecoding,
);

/** The summary row of one thread of the org, or null. */
export async function selectSummaryRow(db: Db, orgId: string, threadId: string): Promise<SummaryRow | null> {
  const [row] = await runStatement(db, summaryRowStatement, { orgId, threadId });
  return row ?? null;
}
