import { and, arrayContains, eq, gte, isNull, lt, lte, type SQL, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { type CursorKey, olderThan } from "../db/keyset";
import {
  inboxes,
  members,
  type ThreadPriority,
  type ThreadStatus,
  threads,
  threadTickets,
} from "../db/schema";
import { badRequest } from "../errors";
import { decodeCursor, encodeCursor } from "../http/keyset-cursor";
import { checkSearchQuery } from "../search/search-query";
import { type SearchOrder, searchThreadRows } from "../search/search-threads";
import { loadSnippets } from "../search/snippets";
import { type SummaryScope, selectSummaryRows, type ThreadSummary, toThreadSummary } from "./summary";

export type ThreadListQuery = {
  status?: ThreadStatus | undefined;
  inbox?: string | undefined;
  /** a member's email, or `none` for unassigned threads (`me` is resolved by the caller) */
  assignee?: string | undefined;
  /** full-text search: words, "phrases", -word, or (see `search/`) */
  q?: string | undefined;
  /** search results only: newest activity first (the default) or best match first */
  sort?: SearchOrder | undefined;
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

/** A listed thread; search results also say where they matched, as safe HTML (`<mark>` only). */
export type ThreadListItem = ThreadSummary & { snippet?: string };

export type ThreadPage = { threads: ThreadListItem[]; nextCursor: string | null };

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
  const filters = threadFilters(scope.org.id, query, scope.now ?? new Date());
  if (query.q) return searchPage(db, scope, { ...query, q: query.q }, filters, after);
  if (query.sort === "relevance") throw badRequest("sort: relevance orders search results; give q");
  if (after?.rank !== undefined) throw badRequest("cursor: it continues a list of search results");
  const rows = await selectSummaryRows(db, scope.org.id, {
    where: and(...filters, after ? olderThan(threads.lastMessageAt, threads.id, after) : undefined),
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

async function searchPage(
  db: Db,
  scope: SummaryScope,
  query: ThreadListQuery & { q: string },
  filters: SQL[],
  after: CursorKey | null,
): Promise<ThreadPage> {
  const order = query.sort ?? "activity";
  if (after && (after.rank !== undefined) !== (order === "relevance")) {
    throw badRequest("cursor: it continues a list in another order");
  }
  await checkSearchQuery(db, query.q);
  const search = { orgId: scope.org.id, q: query.q, filters, after, rows: query.limit + 1 };
  const rows = await searchThreadRows(db, search, order);
  const page = rows.slice(0, query.limit);
  const snippets = await loadSnippets(
    db,
    page.map((row) => row.id),
    query.q,
  );
  const last = page.at(-1);
  return {
    threads: page.map((row) => ({ ...toThreadSummary(row, scope), snippet: snippets.get(row.id) ?? "" })),
    nextCursor:
      rows.length > query.limit && last
        ? encodeCursor({ at: last.activityKey, id: last.id, rank: last.rankKey })
        : null,
  };
}

function threadFilters(orgId: string, query: ThreadListQuery, now: Date): SQL[] {
  const filters: SQL[] = [];
  if (query.status) filters.push(eq(threads.status, query.status));
  if (query.inbox) filters.push(inInbox(orgId, query.inbox));
  if (query.assignee === "none") filters.push(isNull(threads.assigneeId));
  else if (query.assignee) filters.push(assignedTo(orgId, query.assignee));
  if (query.priority) filters.push(eq(threads.priority, query.priority));
  // the constant `<> '{}'` lets Postgres use the tags index, which leaves untagged threads out
  if (query.tag) filters.push(sql`${threads.tags} <> '{}'::text[]`, arrayContains(threads.tags, [query.tag]));
  if (query.ticket) filters.push(linkedTo(orgId, query.ticket));
  if (query.sla) filters.push(slaFilter(query.sla, now));
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
