import { type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "../db/client";
import { drafts, inboxes, members, threadNotes, threads, threadTickets } from "../db/schema";
import { defineStatement, type Placeholders, runStatement } from "../db/statement";
import { threadByMessageIdSql } from "../inbound/statements/match";
import { foundByNumberSql, type MarkValues, markPresenceSql } from "../presence/presence.statements";
import type { Presence } from "../presence/presence-types";
import {
  type SummaryRow,
  summaryColumnsSql,
  summaryDecoding,
  summaryJoinsSql,
} from "../threads/statements/summary";

const t = alias(threads, "t");
const n = alias(threadNotes, "n");
const d = alias(drafts, "d");
const tt = alias(threadTickets, "tt");
const m = alias(members, "m");

type DraftInboxValues = { org: string; names: string; emails: string };
export type DraftInboxRow = { name: string; customAddress: string | null; addressed: boolean };

const draftInboxesStatement = defineStatement<DraftInboxValues, DraftInboxRow>(
  (p) => sql`
    select ${inboxes.name}, ${inboxes.customAddress} as "customAddress",
      (${inboxes.name} in (select jsonb_array_elements_text(${p.names}::jsonb))
        or coalesce(${inboxes.customAddress} in (select jsonb_array_elements_text(${p.emails}::jsonb)),
          false)) as addressed
    from ${inboxes}
    where ${inboxes.orgId} = ${p.org}
    order by ${inboxes.name}`,
);

/**
 * The org's inboxes by name, each marked `addressed` when its name is among `names` or its custom
 * address among `emails`.
 */
export function loadDraftInboxes(
  db: Db,
  orgId: string,
  addressed: { names: readonly string[]; emails: readonly string[] },
): Promise<DraftInboxRow[]> {
  return runStatement(db, draftInboxesStatement, {
    org: orgId,
    names: JSON.stringify(addressed.names),
    emails: JSON.stringify(addressed.emails),
  });
}

type ExtrasValues = { threads: string; thread: string | null };

export type ExtrasRow = {
  kind: "counts" | "ticket";
  threadId: string;
  noteCount: number | null;
  draftCount: number | null;
  ticket: string | null;
  repo: string | null;
  url: string | null;
  linkedAt: Date | null;
  linkedByEmail: string | null;
  linkedByName: string | null;
};

// one round trip for the card's threads: counts for each, and the tickets of the one open
const extrasStatement = defineStatement<ExtrasValues, ExtrasRow>(
  (p) => sql`
    select * from (
      select 'counts' as kind, wanted.id as "threadId",
        (select count(*)::int from ${threadNotes} ${n} where ${n.threadId} = wanted.id) as "noteCount",
        (select count(*)::int from ${drafts} ${d} where ${d.threadId} = wanted.id) as "draftCount",
        null::text as ticket, null::text as repo, null::text as url, null::timestamptz as "linkedAt",
        null::text as "linkedByEmail", null::text as "linkedByName"
      from (select value::uuid as id from jsonb_array_elements_text(${p.threads}::jsonb)) wanted
      union all
      select 'ticket', ${tt.threadId}, null, null, ${tt.ticket}, ${tt.repo}, ${tt.url}, ${tt.linkedAt},
        coalesce(${m.email}, ${tt.linkedBy}), coalesce(${m.name}, '')
      from ${threadTickets} ${tt} left join ${members} ${m} on ${m.id} = ${tt.linkedById}
      where ${tt.threadId} = ${p.thread}::uuid) extras
    order by kind, "linkedAt", ticket`,
  { linkedAt: threadTickets.linkedAt },
);

/**
 * A `counts` row (notes and drafts) for each of the threads, and a `ticket` row for each ticket
 * link of the open one, oldest first, in one statement.
 */
export function loadExtrasRows(
  db: Db,
  threadIds: readonly string[],
  openThreadId: string | null,
): Promise<ExtrasRow[]> {
  return runStatement(db, extrasStatement, { threads: JSON.stringify(threadIds), thread: openThreadId });
}

const CANDIDATE_LIMIT = 10;

export type VisitValues = MarkValues & { number: number | null; messageIds: string; clients: string };

export type VisitRow = SummaryRow & {
  role: "thread" | "candidate";
  presence: Presence[] | null;
  notified: number | null;
};

type Parameters = Placeholders<VisitValues>;

/** The org's thread by the first of the Message-IDs we stored (the closest reference first). */
function foundByMessageIds(p: Parameters): SQL {
  const ids = { rfc: sql`wanted.id`, postmark: sql`wanted.postmark_id` };
  return sql`
    wanted as (
      select item->>'id' as id, item->>'postmarkId' as postmark_id, ord
      from jsonb_array_elements(${p.messageIds}::jsonb) with ordinality as w(item, ord)),
    by_message as (
      select hit.id from wanted
      cross join lateral (${threadByMessageIdSql(sql`${p.org}`, ids, sql`wanted.ord`)} limit 1) hit
      order by wanted.ord
      limit 1),
    found as (
      select ${t.id}, ${t.orgId}, ${t.number} from ${threads} ${t}
      where ${t.orgId} = ${p.org} and ${t.id} = (select id from by_message))`;
}

/** The open threads of a draft's client addresses (members and custom inbox addresses left out). */
function candidatesSql(p: Parameters): SQL {
  return sql`,
    clients as (
      select c.email from jsonb_array_elements_text(${p.clients}::jsonb) as c(email)
      where not exists (
          select 1 from ${members} where ${members.orgId} = ${p.org} and ${members.email} = c.email)
        and not exists (select 1 from ${inboxes} where ${inboxes.customAddress} = c.email)),
    candidates as (
      select ${summaryColumnsSql}
      from ${threads} ${summaryJoinsSql}
      where ${threads.orgId} = ${p.org} and ${threads.clientEmail} in (select email from clients)
        and ${threads.status} <> 'closed'
      order by ${threads.lastMessageAt} desc, ${threads.id} desc
      limit ${CANDIDATE_LIMIT})`;
}

/** How a look finds its thread: by its trusted `[THD-n]` number, or by its Message-IDs. */
export type Finder = "number" | "messageIds";

/**
 * A look at a message in one statement: the org's thread found one way, the caller's presence
 * recorded there, its summary and the others present, and for a draft the candidates. Each way of
 * finding, with and without candidates, is its own statement: Postgres sets up every node of a
 * plan on every run, so a plan holds only what the request needs.
 */
function lookStatement(finder: Finder, withCandidates: boolean) {
  return defineStatement<VisitValues, VisitRow>(
    (p) => sql`
      with ${finder === "number" ? foundByNumberSql(p) : foundByMessageIds(p)},
      ${markPresenceSql(p)}${withCandidates ? candidatesSql(p) : sql``}
      select 'thread' as role, ${summaryColumnsSql}, (select presence from others) as presence,
        (select count(*)::int from notified) as notified
      from found join ${threads} on ${threads.id} = found.id ${summaryJoinsSql}
      ${withCandidates ? sql`union all select 'candidate', candidates.*, null, null from candidates` : sql``}`,
    summaryDecoding,
  );
}

const lookStatements = {
  number: [lookStatement("number", false), lookStatement("number", true)],
  messageIds: [lookStatement("messageIds", false), lookStatement("messageIds", true)],
} as const;

/** One look at a message: its thread found by `finder`, and the candidates too when `withCandidates`. */
export function lookAtThread(
  db: Db,
  look: { finder: Finder; withCandidates: boolean },
  values: VisitValues,
): Promise<VisitRow[]> {
  return runStatement(db, lookStatements[look.finder][look.withCandidates ? 1 : 0], values);
}
