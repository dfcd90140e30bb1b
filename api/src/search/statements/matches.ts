import { and, eq, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { columnName } from "../../db/column-name";
import { type CursorKey, olderThan } from "../../db/keyset";
import { queryRows } from "../../db/query-rows";
import { threads } from "../../db/schema";
import { type ThreadFilter, threadFilterSql } from "../../threads/statements/list";
import {
  type SummaryRow,
  summaryColumnsSql,
  summaryDecoding,
  summaryJoinsSql,
} from "../../threads/statements/summary";
import { tsquerySql } from "./query";
import { firstMatchSql, matchingThreadIdsSql, rankedDocumentsSql } from "./sources";

export type SearchOrder = "activity" | "relevance";

export type ThreadSearch = {
  orgId: string;
  q: string;
  /** the list's other filters */
  filter: ThreadFilter;
  after: CursorKey | null;
  /** rows wanted: a page and one more, to know whether another page follows */
  rows: number;
};

/** A matching thread's summary row; `rankKey` is its relevance, exactly, for the next page's cursor. */
export type SearchRow = SummaryRow & { rankKey?: string };

const QUERY = sql`(select q from query)`;
// the names of the threads' columns the CTEs `recent`, `recent_hits`, `older_hits` and `hits` hold
const ID = columnName(threads.id);
const LAST_MESSAGE_AT = columnName(threads.lastMessageAt);
const RECENT_ID = sql`recent.${ID}`;
const OLDEST_RECENT = sql`(select ${LAST_MESSAGE_AT}, ${ID} from recent
  order by ${LAST_MESSAGE_AT}, ${ID} limit 1)`;
const HIT_IDS = sql`(select ${ID} from hits)`;

/** The org's threads that match, newest activity first, or by relevance. */
export async function searchThreadRows(
  db: Db,
  search: ThreadSearch,
  order: SearchOrder,
): Promise<SearchRow[]> {
  return queryRows<SearchRow>(
    db,
    order === "relevance" ? byRelevance(search) : byActivity(search),
    summaryDecoding,
  );
}

/**
 * CTEs whose `hits` holds the ids of up to `want` matching threads, the most recently active ones.
 * The next threads of the list are checked one by one (a window of them), which is quickest for
 * words that many threads contain; only when the window holds too few matches are the GIN indexes
 * asked for the rest, which is quickest for rare words. Both halves keep a fixed plan, as the
 * pool's generic plans require: Postgres plans without seeing the words.
 */
function recentHitsSql(search: ThreadSearch, want: number, window: number): SQL {
  const inList = and(
    eq(threads.orgId, search.orgId),
    ...threadFilterSql(search.orgId, search.filter),
    search.after && search.after.rank === undefined
      ? olderThan(threads.lastMessageAt, threads.id, search.after)
      : undefined,
  );
  return sql`
    query as (select ${tsquerySql(search.q)} as q),
    recent as materialized (
      select ${threads.id}, ${threads.lastMessageAt} from ${threads}
      where ${inList}
      order by ${threads.lastMessageAt} desc, ${threads.id} desc
      limit ${window}),
    recent_hits as materialized (
      select ${RECENT_ID} from recent cross join lateral (${firstMatchSql(RECENT_ID, QUERY)}) hit),
    older_hits as (
      select ${threads.id} from ${threads}
      where ${inList}
        and (select count(*) from recent_hits) < ${want}
        and (select count(*) from recent) = ${window}
        and (${threads.lastMessageAt}, ${threads.id}) < ${OLDEST_RECENT}
        and ${threads.id} in (${matchingThreadIdsSql(search.orgId, QUERY)})
      order by ${threads.lastMessageAt} desc, ${threads.id} desc
      limit ${want}),
    hits as (select ${ID} from recent_hits union all select ${ID} from older_hits)`;
}

/** Newest activity first. */
function byActivity(search: ThreadSearch): SQL {
  return sql`
    with ${recentHitsSql(search, search.rows, Math.max(100, 4 * search.rows))}
    select ${summaryColumnsSql} from ${threads} ${summaryJoinsSql}
    where ${threads.id} in ${HIT_IDS}
    order by ${threads.lastMessageAt} desc, ${threads.id} desc
    limit ${search.rows}`;
}

/**
 * How many of the most recently active matching threads are ranked by relevance. Ranking every
 * match of a common word would read every document holding it; recent threads are the ones
 * people look for.
 */
export const RANKED_THREADS = 500;

/** Best match first, among the RANKED_THREADS most recent matches: a thread ranks as its best document. */
function byRelevance(search: ThreadSearch): SQL {
  const after = search.after;
  const beyond =
    after?.rank === undefined
      ? undefined
      : sql`(ranked.rank, ${threads.lastMessageAt}, ${threads.id})
              < (${after.rank}::real, ${after.at}::timestamptz, ${after.id}::uuid)`;
  return sql`
    with ${recentHitsSql(search, RANKED_THREADS, RANKED_THREADS)},
    ranked as (
      select thread_id, max(rank) as rank
      from (${rankedDocumentsSql(HIT_IDS, QUERY)}) d
      group by thread_id)
    select ${summaryColumnsSql}, ranked.rank::text as "rankKey"
    from ${threads} ${summaryJoinsSql} join ranked on ranked.thread_id = ${threads.id}
    where ${and(eq(threads.orgId, search.orgId), beyond)}
    order by ranked.rank desc, ${threads.lastMessageAt} desc, ${threads.id} desc
    limit ${search.rows}`;
}
