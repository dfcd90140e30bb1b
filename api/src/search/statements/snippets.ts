import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { queryRows } from "../../db/query-rows";
import { tsquerySql } from "./query";
import { snippetDocumentsSql } from "./sources";

// private-use characters mark the matches, so the text around them can be escaped as a whole
export const MATCH_START = "\uE000";
export const MATCH_STOP = "\uE001";
const HEADLINE_OPTIONS = `MaxFragments=2, MaxWords=14, MinWords=5, ShortWord=1, FragmentDelimiter=" … ", StartSel=${MATCH_START}, StopSel=${MATCH_STOP}`;
// ts_headline reads the whole text it is given: a long email is cut first
const HEADLINE_CHARS = 20_000;

export type HeadlineRow = { threadId: string; kind: number; headline: string };

/**
 * For each thread in `threadIds`, a headline of the newest matching document of each kind (a
 * message; the thread's subject and client), by thread then kind: the matches between
 * `MATCH_START` and `MATCH_STOP`.
 */
export function selectHeadlines(db: Db, threadIds: string[], q: string): Promise<HeadlineRow[]> {
  const query = sql`(select q from query)`;
  const ids = sql`(select (jsonb_array_elements_text(${JSON.stringify(threadIds)}::jsonb))::uuid as id)`;
  return queryRows<HeadlineRow>(
    db,
    sql`with query as (select ${tsquerySql(q)} as q),
        chosen as (
          select distinct on (d.thread_id, d.kind) d.thread_id, d.kind, d.text
          from (${snippetDocumentsSql(ids, query)}) d
          order by d.thread_id, d.kind, d.at desc)
        select thread_id::text as "threadId", kind,
          ts_headline('simple', translate(left(text, ${HEADLINE_CHARS}), ${MATCH_START + MATCH_STOP}, ''), ${query},
            ${HEADLINE_OPTIONS}) as headline
        from chosen
        order by thread_id, kind`,
  );
}
