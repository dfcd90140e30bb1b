import { type SQL, sql } from "drizzle-orm";
import type { MemberCaller } from "../auth/caller";
import type { Db } from "../db/client";
import { defineStatement, type Placeholders, runStatement } from "../db/statement";
import { postmarkIdOf } from "../inbound/headers";
import {
  foundByNumberSql,
  type Mark,
  type MarkValues,
  markPresenceSql,
  markValues,
} from "../presence/mark-presence";
import type { Presence } from "../presence/presence-types";
import { type SummaryRow, summaryColumnsSql, summaryJoinsSql } from "../threads/statements/summary";

/**
 * A look at a message or draft: its trusted `[THD-n]` number, else its Message-IDs closest first;
 * the caller's presence to record on the thread found; a draft's client addresses, whose threads
 * that are not closed are the candidates.
 */
export type Visit = {
  number: number | null;
  messageIds: readonly string[];
  mark: Mark;
  clients: readonly string[];
};

export type VisitResult = { thread: SummaryRow | null; presence: Presence[]; candidates: SummaryRow[] };

const CANDIDATE_LIMIT = 10;

type VisitValues = MarkValues & { number: number | null; messageIds: string; clients: string };

type Row = SummaryRow & {
  role: "thread" | "candidate";
  presence: Presence[] | null;
  notified: number | null;
};

type Parameters = Placeholders<VisitValues>;

/** The org's thread by the first of the Message-IDs we stored (the closest reference first). */
function foundByMessageIds(p: Parameters): SQL {
  return sql`
    wanted as (
      select item->>'id' as id, item->>'postmarkId' as postmark_id, ord
      from jsonb_array_elements(${p.messageIds}::jsonb) with ordinality as w(item, ord)),
    by_message as (
      select hit.thread_id from wanted
      cross join lateral (
        select thread_id from messages where org_id = ${p.org} and rfc_message_id = wanted.id
        union all
        select thread_id from messages where org_id = ${p.org} and postmark_message_id = wanted.postmark_id
        limit 1) hit
      order by wanted.ord
      limit 1),
    found as (
      select t.id, t.org_id, t.number from threads t
      where t.org_id = ${p.org} and t.id = (select thread_id from by_message))`;
}

/** The open threads of a draft's client addresses (members and custom inbox addresses left out). */
function candidatesSql(p: Parameters): SQL {
  return sql`,
    clients as (
      select c.email from jsonb_array_elements_text(${p.clients}::jsonb) as c(email)
      where not exists (select 1 from members where org_id = ${p.org} and email = c.email)
        and not exists (select 1 from inboxes where custom_address = c.email)),
    candidates as (
      select ${summaryColumnsSql}
      from threads ${summaryJoinsSql}
      where threads.org_id = ${p.org} and threads.client_email in (select email from clients)
        and threads.status <> 'closed'
      order by threads.last_message_at desc, threads.id desc
      limit ${CANDIDATE_LIMIT})`;
}

type Finder = "number" | "messageIds";

/**
 * A look at a message in one statement: the org's thread found one way, the caller's presence
 * recorded there, its summary and the others present, and for a draft the candidates. Each way of
 * finding, with and without candidates, is its own statement: Postgres sets up every node of a
 * plan on every run, so a plan holds only what the request needs.
 */
function lookStatement(finder: Finder, withCandidates: boolean) {
  return defineStatement<VisitValues, Row>(
    (p) => sql`
      with ${finder === "number" ? foundByNumberSql(p) : foundByMessageIds(p)},
      ${markPresenceSql(p)}${withCandidates ? candidatesSql(p) : sql``}
      select 'thread' as role, ${summaryColumnsSql}, (select presence from others) as presence,
        (select count(*)::int from notified) as notified
      from found join threads on threads.id = found.id ${summaryJoinsSql}
      ${withCandidates ? sql`union all select 'candidate', candidates.*, null, null from candidates` : sql``}`,
  );
}

const lookStatements = {
  number: [lookStatement("number", false), lookStatement("number", true)],
  messageIds: [lookStatement("messageIds", false), lookStatement("messageIds", true)],
} as const;

/** The Message-IDs as the statement matches them: our own mail also by its Postmark id. */
function messageIdsJson(ids: readonly string[]): string {
  return JSON.stringify(ids.map((id) => ({ id, postmarkId: postmarkIdOf(id) })));
}

/**
 * Finds the org's thread a message or draft belongs to (by its trusted tag, else by its
 * Message-IDs), records the caller there, and answers who else is there and, for a draft, the
 * clients' open threads. Mail with no tag nor Message-ID, not being drafted, needs no lookup.
 */
export async function visitThread(
  db: Db,
  caller: MemberCaller,
  visit: Visit,
  now: Date,
): Promise<VisitResult> {
  const values: VisitValues = {
    ...markValues(caller, visit.mark, now),
    number: visit.number,
    messageIds: messageIdsJson(visit.messageIds),
    clients: JSON.stringify(visit.clients),
  };
  const draft = visit.clients.length > 0 ? 1 : 0;
  let rows: Row[] = [];
  if (visit.number !== null) rows = await runStatement(db, lookStatements.number[draft], values);
  const found = rows.some((row) => row.role === "thread");
  if (!found && (visit.messageIds.length > 0 || draft))
    rows = await runStatement(db, lookStatements.messageIds[draft], values);
  const thread = rows.find((row) => row.role === "thread") ?? null;
  return {
    thread,
    presence: thread?.presence ?? [],
    candidates: rows.filter((row) => row.role === "candidate"),
  };
}
