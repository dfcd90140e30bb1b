import { and, arrayContains, eq, gte, isNull, lt, lte, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { type CursorKey, olderThan } from "../../db/keyset";
import {
  inboxes,
  members,
  type ThreadPriority,
  type ThreadStatus,
  threads,
  threadTickets,
} from "../../db/schema";
import { type SummaryRow, selectSummaryRows } from "./summary";

/** Which of the org's threads a list shows; every condition given applies. */
export type ThreadFilter = {
  status?: ThreadStatus | undefined;
  /** an inbox's name */
  inbox?: string | undefined;
  /** a member's email, or `none` for unassigned threads */
  assignee?: string | undefined;
  priority?: ThreadPriority | undefined;
  tag?: string | undefined;
  /** only threads linked to this ticket */
  ticket?: string | undefined;
  /** the earliest target still to meet falls before `before`, or within `[from, until]` */
  slaDue?: { before: Date } | { from: Date; until: Date } | undefined;
};

/** One page of the org's threads and one more row, newest activity first, before the cursor's key. */
export function selectThreadListRows(
  db: Db,
  orgId: string,
  filter: ThreadFilter,
  after: CursorKey | null,
  rows: number,
): Promise<SummaryRow[]> {
  return selectSummaryRows(db, orgId, {
    where: and(
      ...threadFilterSql(orgId, filter),
      after ? olderThan(threads.lastMessageAt, threads.id, after) : undefined,
    ),
    limit: rows,
  });
}

/** The filter's conditions, on `threads` alone (search results are filtered by them too). */
export function threadFilterSql(orgId: string, filter: ThreadFilter): SQL[] {
  const filters: SQL[] = [];
  if (filter.status) filters.push(eq(threads.status, filter.status));
  if (filter.inbox) filters.push(inInbox(orgId, filter.inbox));
  if (filter.assignee === "none") filters.push(isNull(threads.assigneeId));
  else if (filter.assignee) filters.push(assignedTo(orgId, filter.assignee));
  if (filter.priority) filters.push(eq(threads.priority, filter.priority));
  // the constant `<> '{}'` lets Postgres use the tags index, which leaves untagged threads out
  if (filter.tag)
    filters.push(sql`${threads.tags} <> '{}'::text[]`, arrayContains(threads.tags, [filter.tag]));
  if (filter.ticket) filters.push(linkedTo(orgId, filter.ticket));
  if (filter.slaDue) filters.push(slaDueSql(filter.slaDue));
  return filters;
}

function linkedTo(orgId: string, ticket: string): SQL {
  return sql`${threads.id} in (select ${threadTickets.threadId} from ${threadTickets}
    where ${threadTickets.orgId} = ${orgId} and ${threadTickets.ticket} = ${ticket})`;
}

// the earliest target still to meet, as the sla index keeps it beside the activity order
function slaDueSql(due: NonNullable<ThreadFilter["slaDue"]>): SQL {
  if ("before" in due) return lt(threads.slaDueAt, due.before);
  return and(gte(threads.slaDueAt, due.from), lte(threads.slaDueAt, due.until))!;
}

// a condition on `threads` alone, so a search can walk the activity index without joining inboxes
function inInbox(orgId: string, name: string): SQL {
  return sql`${threads.inboxId} = (select ${inboxes.id} from ${inboxes}
    where ${inboxes.orgId} = ${orgId} and ${inboxes.name} = ${name.toLowerCase()})`;
}

// an address that is no member of the org matches no thread
function assignedTo(orgId: string, email: string): SQL {
  return sql`${threads.assigneeId} = (select ${members.id} from ${members}
    where ${members.orgId} = ${orgId} and ${members.email} = ${email.trim().toLowerCase()})`;
}
