import { and, arrayContains, eq, gte, ilike, isNull, lt, lte, or, type SQL, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import {
  inboxes,
  members,
  type ThreadPriority,
  type ThreadStatus,
  threads,
  threadTickets,
} from "../db/schema";
import { decodeCursor, encodeCursor, olderThan } from "../http/keyset-cursor";
import { type SummaryScope, selectSummaryRows, type ThreadSummary, toThreadSummary } from "./summary";

export type ThreadListQuery = {
  status?: ThreadStatus | undefined;
  inbox?: string | undefined;
  /** a member's email, or `none` for unassigned threads (`me` is resolved by the caller) */
  assignee?: string | undefined;
  q?: string | undefined;
  /** only threads linked to this ticket */
  ticket?: string | undefined;
  priority?: ThreadPriority | undefined;
  tag?: string | undefined;
  /** `breached`: a target still to meet is past due; `due`: none is, and one falls due within the hour */
  sla?: SlaFilter | undefined;
  cursor?: string | undefined;
  limit: number;
};

export const SLA_FILTERS = ["breached", "due"] as const;
export type SlaFilter = (typeof SLA_FILTERS)[number];
const DUE_SOON_MS = 60 * 60 * 1000;

export type ThreadPage = { threads: ThreadSummary[]; nextCursor: string | null };

/** `assignee: "me"`, in a filter or a change, means the calling member. */
export function resolveAssignee<Q extends { assignee?: string | null | undefined }>(
  query: Q,
  member: { email: string },
): Q {
  return query.assignee === "me" ? { ...query, assignee: member.email } : query;
}

/** One page of the org's threads, newest activity first, continued by an opaque keyset cursor. */
export async function listThreads(db: Db, scope: SummaryScope, query: ThreadListQuery): Promise<ThreadPage> {
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const rows = await selectSummaryRows(db, scope.org.id, {
    where: and(
      ...threadFilters(scope.org.id, query),
      query.sla ? slaFilter(query.sla, scope.now ?? new Date()) : undefined,
      after ? olderThan(threads.lastMessageAt, threads.id, after) : undefined,
    ),
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    threads: page.map((row) => toThreadSummary(row, scope)),
    nextCursor:
      rows.length > query.limit && last ? encodeCursor({ at: last.activityKey, id: last.id }) : null,
  };
}

function threadFilters(orgId: string, query: ThreadListQuery): SQL[] {
  const filters: SQL[] = [];
  if (query.status) filters.push(eq(threads.status, query.status));
  if (query.inbox) filters.push(eq(inboxes.name, query.inbox.toLowerCase()));
  if (query.assignee === "none") filters.push(isNull(threads.assigneeId));
  else if (query.assignee) filters.push(assignedTo(orgId, query.assignee));
  if (query.priority) filters.push(eq(threads.priority, query.priority));
  // the constant `<> '{}'` lets Postgres use the tags index, which leaves untagged threads out
  if (query.tag) filters.push(sql`${threads.tags} <> '{}'::text[]`, arrayContains(threads.tags, [query.tag]));
  if (query.q) {
    const pattern = `%${escapeLike(query.q)}%`;
    filters.push(or(ilike(threads.subject, pattern), ilike(threads.clientEmail, pattern))!);
  }
  if (query.ticket) filters.push(linkedTo(orgId, query.ticket));
  return filters;
}

function linkedTo(orgId: string, ticket: string): SQL {
  return sql`${threads.id} in (select ${threadTickets.threadId} from ${threadTickets}
    where ${threadTickets.orgId} = ${orgId} and ${threadTickets.ticket} = ${ticket})`;
}

// the earliest target still to meet, as the sla index keeps it beside the activity order
function slaFilter(sla: SlaFilter, now: Date): SQL {
  if (sla === "breached") return lt(threads.slaDueAt, now);
  return and(gte(threads.slaDueAt, now), lte(threads.slaDueAt, new Date(now.getTime() + DUE_SOON_MS)))!;
}

// an address that is no member of the org matches no thread
function assignedTo(orgId: string, email: string): SQL {
  return sql`${threads.assigneeId} = (select ${members.id} from ${members}
    where ${members.orgId} = ${orgId} and ${members.email} = ${email.trim().toLowerCase()})`;
}

/** `%` and `_` typed by a person mean themselves, not wildcards (backslash is LIKE's default escape). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
