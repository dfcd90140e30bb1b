import { and, eq, isNull, type SQL, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { inboxes, members, type ThreadStatus, threads } from "../db/schema";
import { badRequest } from "../errors";
import { type CursorKey, decodeCursor, encodeCursor, olderThan } from "../http/keyset-cursor";
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
  cursor?: string | undefined;
  limit: number;
};

/** A listed thread; search results also say where they matched, as safe HTML (`<mark>` only). */
export type ThreadListItem = ThreadSummary & { snippet?: string };

export type ThreadPage = { threads: ThreadListItem[]; nextCursor: string | null };

/** One page of the org's threads, newest activity first, continued by an opaque keyset cursor. */
export async function listThreads(db: Db, scope: SummaryScope, query: ThreadListQuery): Promise<ThreadPage> {
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const filters = threadFilters(scope.org.id, query);
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

function threadFilters(orgId: string, query: ThreadListQuery): SQL[] {
  const filters: SQL[] = [];
  if (query.status) filters.push(eq(threads.status, query.status));
  if (query.inbox) filters.push(inInbox(orgId, query.inbox));
  if (query.assignee === "none") filters.push(isNull(threads.assigneeId));
  else if (query.assignee) filters.push(assignedTo(orgId, query.assignee));
  return filters;
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
