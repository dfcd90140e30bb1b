import type { Db } from "../db/client";
import type { CursorKey } from "../db/keyset";
import type { ThreadPriority, ThreadStatus } from "../db/schema";
import { badRequest } from "../errors";
import { decodeCursor, encodeCursor } from "../http/keyset-cursor";
import { checkSearchQuery } from "../search/search-query";
import { loadSnippets } from "../search/snippets";
import { type SearchOrder, searchThreadRows } from "../search/statements/matches";
import { selectThreadListRows, type ThreadFilter } from "./statements/list";
import { type SummaryScope, type ThreadSummary, toThreadSummary } from "./summary";

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
  const filter = threadFilter(query, scope.now ?? new Date());
  if (query.q) return searchPage(db, scope, { ...query, q: query.q }, filter, after);
  if (query.sort === "relevance") throw badRequest("sort: relevance orders search results; give q");
  if (after?.rank !== undefined) throw badRequest("cursor: it continues a list of search results");
  const rows = await selectThreadListRows(db, scope.org.id, filter, after, query.limit + 1);
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
  filter: ThreadFilter,
  after: CursorKey | null,
): Promise<ThreadPage> {
  const order = query.sort ?? "activity";
  if (after && (after.rank !== undefined) !== (order === "relevance")) {
    throw badRequest("cursor: it continues a list in another order");
  }
  await checkSearchQuery(db, query.q);
  const search = { orgId: scope.org.id, q: query.q, filter, after, rows: query.limit + 1 };
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

function threadFilter(query: ThreadListQuery, now: Date): ThreadFilter {
  const { status, inbox, assignee, priority, tag, ticket } = query;
  return { status, inbox, assignee, priority, tag, ticket, slaDue: query.sla && slaDue(query.sla, now) };
}

function slaDue(sla: SlaFilter, now: Date): ThreadFilter["slaDue"] {
  if (sla === "breached") return { before: now };
  return { from: now, until: new Date(now.getTime() + DUE_SOON_MS) };
}
