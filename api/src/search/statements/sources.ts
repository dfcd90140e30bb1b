import { type SQL, sql } from "drizzle-orm";
import { alias, type PgColumn } from "drizzle-orm/pg-core";
import { messages, threadNotes, threads } from "../../db/schema";

// each source's rows as the statements read them, `d`
const thread = alias(threads, "d");
const message = alias(messages, "d");
const note = alias(threadNotes, "d");

/**
 * Where a thread's searchable text lives. Each source is a table with a stored `search` document
 * (a generated column with a GIN index, built by the functions of the search migration), an
 * `orgId`, the thread the row belongs to, when it was written and the text a snippet is cut from.
 * A thread matches when its own document or any one of its rows in a source matches the query.
 * Another kind of text is one more entry here, with its own `search` column and index.
 */
type SearchSource = {
  /** the table, its rows read as `d` */
  from: SQL;
  /** the rows as `d`, whose columns the fields below name */
  row: typeof thread | typeof message | typeof note;
  /** the column naming the row's thread (`id` for the thread itself) */
  thread: PgColumn;
  /** when the row was written: snippets come from the newest matching row */
  at: PgColumn;
  /** the text a snippet is cut from, in SQL over the row's columns */
  text: SQL;
  /** snippets come from a lower rank first: a message's words say more than the subject */
  snippetRank: number;
};

const SEARCH_SOURCES: readonly SearchSource[] = [
  {
    from: sql`${threads} ${thread}`,
    row: thread,
    thread: thread.id,
    at: thread.createdAt,
    text: sql`translate(${thread.subject}, '<>', '  ') || ' · ' || ${thread.clientName}
      || ' (' || ${thread.clientEmail} || ')'`,
    snippetRank: 1,
  },
  {
    from: sql`${messages} ${message}`,
    row: message,
    thread: message.threadId,
    at: message.createdAt,
    text: sql`search_body_text(${message.text}, ${message.html})`,
    snippetRank: 0,
  },
  {
    from: sql`${threadNotes} ${note}`,
    row: note,
    thread: note.threadId,
    at: note.createdAt,
    text: sql`translate(left(${note.body}, 100000), '<>', '  ')`,
    snippetRank: 0,
  },
];
const each = (part: (source: SearchSource) => SQL, separator: string) =>
  sql.join(SEARCH_SOURCES.map(part), sql.raw(separator));

/**
 * Whether a document matches, as a check of the rows already found by their thread: the function
 * behind `@@`, which no index answers, so Postgres never trades the thread's few rows for a GIN
 * look-up of every document holding a common word (its generic plans cannot see the word).
 */
const matches = (source: SearchSource, query: SQL) => sql`ts_match_vq(${source.row.search}, ${query})`;

/**
 * One row when a document of the thread whose id is `threadId` matches the tsquery `query`, none
 * otherwise: for a LATERAL join, which Postgres runs once per thread and stops at the first match
 * (an EXISTS it may turn into one hashed look-up of every match, which a common word makes huge).
 */
export function firstMatchSql(threadId: SQL, query: SQL): SQL {
  const checks = each(
    (source) =>
      sql`select 1 from ${source.from} where ${source.thread} = ${threadId} and ${matches(source, query)}`,
    " union all ",
  );
  return sql`select 1 from (${checks}) found limit 1`;
}

/** The ids of the org's threads with a matching document, found through the GIN indexes. */
export function matchingThreadIdsSql(orgId: string, query: SQL): SQL {
  return each(
    (source) =>
      sql`select ${source.thread} from ${source.from}
          where ${source.row.orgId} = ${orgId} and ${source.row.search} @@ ${query}`,
    " union all ",
  );
}

/** The matching documents of the threads in `threadIds` as `(thread_id, rank)`, for ordering by relevance. */
export function rankedDocumentsSql(threadIds: SQL, query: SQL): SQL {
  return each(
    (source) =>
      sql`select ${source.thread} as thread_id, ts_rank(${source.row.search}, ${query}) as rank
          from ${source.from} where ${source.thread} in ${threadIds} and ${matches(source, query)}`,
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
      sql`(select ${sql.raw(String(source.snippetRank))} as kind, ${source.at} as at,
            ${source.text} as text
          from ${source.from} where ${source.thread} = ids.id and ${matches(source, query)}
          order by ${source.at} desc limit 1)`,
    " union all ",
  );
  return sql`select ids.id as thread_id, newest.kind, newest.at, newest.text
    from ${threadIds} ids cross join lateral (${newest}) newest`;
}
