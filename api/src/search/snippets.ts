import type { Db } from "../db/client";
import { MATCH_START as START, MATCH_STOP as STOP, selectHeadlines } from "./statements/snippets";

/**
 * A short highlighted excerpt for each thread in `threadIds`, as safe HTML (see `snippetHtml`): from
 * the newest matching document of each kind (a message; the thread's subject and client), the first
 * kind whose text shows a match. A message can match by its subject or people alone, and then its
 * text has nothing to highlight.
 */
export async function loadSnippets(db: Db, threadIds: string[], q: string): Promise<Map<string, string>> {
  if (threadIds.length === 0) return new Map();
  const rows = await selectHeadlines(db, threadIds, q);
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
