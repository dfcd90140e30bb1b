import { sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { queryRows } from "../db/query-rows";
import { tsquerySql } from "./search-query";
import { snippetDocumentsSql } from "./search-sources";

// private-use characters mark the matches, so the text around them can be escaped as a whole
const START = "\uE000";
const STOP = "\uE001";
const HEADLINE_OPTIONS = `MaxFragments=2, MaxWords=14, MinWords=5, ShortWord=1, FragmentDelimiter=" … ", StartSel=${START}, StopSel=${STOP}`;
// ts_headline reads the whole text it is given: a long email is cut first
const HEADLINE_CHARS = 20_000;

/**
 * A short highlighted excerpt for each thread in `threadIds`, as safe HTML (see `snippetHtml`): from
 * the newest matching document of each kind (a message; the thread's subject and client), the first
 * kind whose text shows a match. A message can match by its subject or people alone, and then its
 * text has nothing to highlight.
 */
export async function loadSnippets(db: Db, threadIds: string[], q: string): Promise<Map<string, string>> {
  if (threadIds.length === 0) return new Map();
  const query = sql`(select q from query)`;
  const ids = sql`(select (jsonb_array_elements_text(${JSON.stringify(threadIds)}::jsonb))::uuid as id)`;
  const rows = await queryRows<{ threadId: string; kind: number; headline: string }>(
    db,
    sql`with query as (select ${tsquerySql(q)} as q),
        chosen as (
          select distinct on (d.thread_id, d.kind) d.thread_id, d.kind, d.text
          from (${snippetDocumentsSql(ids, query)}) d
          order by d.thread_id, d.kind, d.at desc)
        select thread_id::text as "threadId", kind,
          ts_headline('simple', translate(left(text, ${HEADLINE_CHARS}), ${START + STOP}, ''), ${query},
            ${HEADLINE_OPTIONS}) as headline
        from chosen
        order by thread_id, kind`,
  );
  const byThread = new Map<string, string[]>();
  for (const row of rows) byThread.set(row.threadId, [...(byThread.get(row.threadId) ?? []), row.headline]);
  const snippets = new Map<string, string>();
  for (const [threadId, headlines] of byThread) {
    const best = headlines.find((headline) => headline.includes(START)) ?? headlines[0] ?? "";
    snippets.set(threadId, snippetHtml(best));
  }
  return snippets;
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => ESCAPES[char]!);

/**
 * A headline as HTML: every character of the mail escaped, the matches wrapped in `<mark>`, the
 * only markup in it. Whitespace runs become one space.
 */
export function snippetHtml(headline: string): string {
  const parts = headline
    .replace(/\s+/g, " ")
    .trim()
    .split(/([\uE000\uE001])/);
  let html = "";
  let open = false;
  for (const part of parts) {
    if (part === START && !open) {
      html += "<mark>";
      open = true;
    } else if (part === STOP && open) {
      html += "</mark>";
      open = false;
    } else if (part !== START && part !== STOP) {
      html += escapeHtml(part);
    }
  }
  return open ? `${html}</mark>` : html;
}
