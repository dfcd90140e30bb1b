import { type SQL, sql } from "drizzle-orm";

/**
 * Where a thread's searchable text lives. Each source is a table with a stored `search` document
 * (a generated column with a GIN index, built by the functions of the search migration), an
 * `org_id`, the thread the row belongs to, when it was written and the text a snippet is cut from.
 * A thread matches when its own document or any one of its rows in a source matches the query.
 * Another kind of text is one more entry here, with its own `search` column and index.
 */
type SearchSource = {
  table: string;
  /** the column naming the row's thread (`id` for the thread itself) */
  thread: string;
  /** when the row was written: snippets come from the newest matching row */
  at: string;
  /** the text a snippet is cut from, in SQL over the row's columns */
  text: string;
  /** snippets come from a lower rank first: a message's words say more than the subject */
  snippetRank: number;
};

const SEARCH_SOURCES: readonly SearchSource[] = [
  {
    table: "threads",
    thread: "id",
    at: "created_at",
    text: "translate(subject, '<>', '  ') || ' · ' || client_name || ' (' || client_email || ')'",
    snippetRank: 1,
  },
  {
    table: "messages",
    thread: "thread_id",
    at: "created_at",
    text: "search_body_text(text, html)",
    snippetRank: 0,
  },
  {
    table: "thread_notes",
    thread: "thread_id",
    at: "created_at",
    text: "translate(left(body, 100000), '<>', '  ')",
    snippetRank: 0,
  },
];
const each = (part: (source: SearchSource) => SQL, separator: string) =>
  sql.join(SEARCH_SOURCES.map(part), sql.raw(separator));
const table = (source: SearchSource) => sql.raw(source.table);
const column = (source: SearchSource, name: keyof SearchSource) => sql.raw(`d.${String(source[name])}`);

/**
 * Whether a document matches, as a check of the rows already found by their thread: the function
 * behind `@@`, which no index answers, so Postgres never trades the thread's few rows for a GIN
 * look-up of every document holding a common word (its generic plans cannot see the word).
 */
const matches = (query: SQL) => sql`ts_match_vq(d.search, ${query})`;

/**
 * One row when a document of the thread whose id is `threadId` matches the tsquery `query`, none
 * otherwise: for a LATERAL join, which Postgres runs once per thread and stops at the first match
 * (an EXISTS it may turn into one hashed look-up of every match, which a common word makes huge).
 */
export function firstMatchSql(threadId: SQL, query: SQL): SQL {
  const checks = each(
    (source) =>
      sql`select 1 from ${table(source)} d where ${column(source, "thread")} = ${threadId} and ${matches(query)}`,
    " union all ",
  );
  return sql`select 1 from (${checks}) found limit 1`;
}

/** The ids of the org's threads with a matching document, found through the GIN indexes. */
export function matchingThreadIdsSql(orgId: string, query: SQL): SQL {
  return each(
    (source) =>
      sql`select ${column(source, "thread")} from ${table(source)} d where d.org_id = ${orgId} and d.search @@ ${query}`,
    " union all ",
  );
}

/** The matching documents of the threads in `threadIds` as `(thread_id, rank)`, for ordering by relevance. */
export function rankedDocumentsSql(threadIds: SQL, query: SQL): SQL {
  return each(
    (source) =>
      sql`select ${column(source, "thread")} as thread_id, ts_rank(d.search, ${query}) as rank
          from ${table(source)} d where ${column(source, "thread")} in ${threadIds} and ${matches(query)}`,
    " union all ",
  );
}

/**
 * For each thread id in the one-column relation `threadIds` (its column `id`), the newest matching
 * document of each source as `(thread_id, kind, at, text)`: one row per source at most, so the text
 * a snippet is cut from is worked out for those rows alone, not for every matching message.
 */
export function snippetDocumentsSql(threadIds: SQL, query: SQL): SQL {
  const newest = each(
    (source) =>
      sql`(select ${sql.raw(String(source.snippetRank))} as kind, ${column(source, "at")} as at,
            ${sql.raw(source.text)} as text
          from ${table(source)} d where ${column(source, "thread")} = ids.id and ${matches(query)}
          order by ${column(source, "at")} desc limit 1)`,
    " union all ",
  );
  return sql`select ids.id as thread_id, newest.kind, newest.at, newest.text
    from ${threadIds} ids cross join lateral (${newest}) newest`;
}
