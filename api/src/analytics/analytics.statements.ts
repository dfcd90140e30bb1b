import { and, eq, type SQL, sql } from "drizzle-orm";
import { alias, type PgColumn } from "drizzle-orm/pg-core";
import type { Db } from "../db/client";
import { inboxes, members, threads } from "../db/schema";
import { defineStatement, type Placeholders, runStatement } from "../db/statement";

/** What every figure is computed over: one org, optionally one inbox, a window, and the present. */
export type FigureValues = { org: string; inbox: string | null; from: string; to: string; now: string };
type P = Placeholders<FigureValues>;

/** The org's threads (of the inbox, when one is given) whose `at` falls in the window. */
function inWindow(p: P, at: PgColumn): SQL {
  return sql`${threads.orgId} = ${p.org}::uuid
    and (${p.inbox}::uuid is null or ${threads.inboxId} = ${p.inbox}::uuid)
    and ${at} >= ${p.from}::timestamptz and ${at} < ${p.to}::timestamptz`;
}

/** The org's threads still being worked on. */
function openNow(p: P): SQL {
  return sql`${threads.orgId} = ${p.org}::uuid
    and (${p.inbox}::uuid is null or ${threads.inboxId} = ${p.inbox}::uuid)
    and ${threads.status} in ('open', 'in_progress')`;
}

/** Seconds from the client's first message to the first staff reply, per first reply in the window. */
function firstResponseSeconds(p: P, extraColumns: SQL = sql``): SQL {
  return sql`select extract(epoch from ${threads.firstResponseAt} - ${threads.firstClientMessageAt})::float8
      as seconds ${extraColumns}
    from ${threads} where ${inWindow(p, threads.firstResponseAt)}`;
}

/** Seconds from the client's first message to the first resolution, per resolution in the window. */
function resolutionSeconds(p: P, extraColumns: SQL = sql``): SQL {
  return sql`select extract(epoch from ${threads.resolvedAt} - ${threads.firstClientMessageAt})::float8
      as seconds ${extraColumns}
    from ${threads} where ${inWindow(p, threads.resolvedAt)}
      and ${threads.resolvedAt} >= ${threads.firstClientMessageAt}`;
}

/** Median and 90th percentile of a `seconds` column. */
const percentiles = sql`percentile_cont(0.5) within group (order by seconds) as median,
  percentile_cont(0.9) within group (order by seconds) as p90`;

/**
 * Every target that fell due in the window and is settled, with whether it was met: a first reply
 * or resolution by its due time. A target still ahead is not settled; nor is a first-response
 * target the thread was finished before, without a reply (nobody was waiting any more).
 */
function settledTargets(p: P, extraColumns: { firstResponse: SQL; resolution: SQL }): SQL {
  return sql`
    select coalesce(${threads.firstResponseAt} <= ${threads.firstResponseDueAt}, false) as met
      ${extraColumns.firstResponse}
    from ${threads} where ${inWindow(p, threads.firstResponseDueAt)}
      and (${threads.firstResponseAt} is not null
        or (${threads.firstResponseDueAt} < ${p.now}::timestamptz
          and (${threads.resolvedAt} is null or ${threads.resolvedAt} > ${threads.firstResponseDueAt})))
    union all
    select coalesce(${threads.resolvedAt} <= ${threads.resolutionDueAt}, false) ${extraColumns.resolution}
    from ${threads} where ${inWindow(p, threads.resolutionDueAt)}
      and (${threads.resolvedAt} is not null or ${threads.resolutionDueAt} < ${p.now}::timestamptz)`;
}

/** The share of settled targets that were met, 0 to 1; null when none was settled. */
const shareMet = sql`case when count(*) = 0 then null else (count(*) filter (where met))::float8 / count(*) end`;

/** One row of figures: counts, percentiles in seconds, the share of targets met. */
export type FigureRow = {
  created: number;
  resolved: number;
  openNow: number;
  firstResponseMedian: number | null;
  firstResponseP90: number | null;
  resolutionMedian: number | null;
  resolutionP90: number | null;
  withinTarget: number | null;
};

const none = sql``;

// one statement, each figure read through the index of the fact it counts
const summaryStatement = defineStatement<FigureValues, FigureRow>(
  (p) => sql`
    with created as (select count(*)::int as n from ${threads} where ${inWindow(p, threads.createdAt)}),
    resolved as (select count(*)::int as n from ${threads} where ${inWindow(p, threads.resolvedAt)}),
    open_now as (select count(*)::int as n from ${threads} where ${openNow(p)}),
    first_response as (select ${percentiles} from (${firstResponseSeconds(p)}) s),
    resolution as (select ${percentiles} from (${resolutionSeconds(p)}) s),
    targets as (select ${shareMet} as share from (${settledTargets(p, { firstResponse: none, resolution: none })}) t)
    select created.n as created, resolved.n as resolved, open_now.n as "openNow",
      first_response.median as "firstResponseMedian", first_response.p90 as "firstResponseP90",
      resolution.median as "resolutionMedian", resolution.p90 as "resolutionP90",
      targets.share as "withinTarget"
    from created, resolved, open_now, first_response, resolution, targets`,
);

/** The org's figures for the window (of one inbox, when given). */
export async function loadSummaryFigures(db: Db, values: FigureValues): Promise<FigureRow> {
  const [row] = await runStatement(db, summaryStatement, values);
  return row!;
}

export type AgentFigureRow = FigureRow & { email: string; name: string };

const m = alias(members, "m");

/**
 * Each fact counts for the member it belongs to: a first reply for who wrote it, a resolution for
 * who resolved, new and open threads for their assignee; a target for who met it, else the assignee.
 */
const agentsStatement = defineStatement<FigureValues, AgentFigureRow>(
  (p) => sql`
    with created as (
      select ${threads.assigneeId} as member_id, count(*)::int as n from ${threads}
      where ${inWindow(p, threads.createdAt)}
      group by ${threads.assigneeId}),
    resolved as (
      select ${threads.resolvedBy} as member_id, count(*)::int as n from ${threads}
      where ${inWindow(p, threads.resolvedAt)}
      group by ${threads.resolvedBy}),
    open_now as (
      select ${threads.assigneeId} as member_id, count(*)::int as n from ${threads} where ${openNow(p)}
      group by ${threads.assigneeId}),
    first_response as (
      select member_id, ${percentiles}
      from (${firstResponseSeconds(p, sql`, ${threads.firstResponseBy} as member_id`)}) s
      group by member_id),
    resolution as (
      select member_id, ${percentiles}
      from (${resolutionSeconds(p, sql`, ${threads.resolvedBy} as member_id`)}) s
      group by member_id),
    targets as (
      select member_id, ${shareMet} as share
      from (${settledTargets(p, {
        firstResponse: sql`, coalesce(${threads.firstResponseBy}, ${threads.assigneeId}) as member_id`,
        resolution: sql`, coalesce(${threads.resolvedBy}, ${threads.assigneeId})`,
      })}) t
      group by member_id)
    select ${m.email}, ${m.name}, coalesce(created.n, 0) as created, coalesce(resolved.n, 0) as resolved,
      coalesce(open_now.n, 0) as "openNow",
      first_response.median as "firstResponseMedian", first_response.p90 as "firstResponseP90",
      resolution.median as "resolutionMedian", resolution.p90 as "resolutionP90",
      targets.share as "withinTarget"
    from ${members} ${m}
    left join created on created.member_id = ${m.id}
    left join resolved on resolved.member_id = ${m.id}
    left join open_now on open_now.member_id = ${m.id}
    left join first_response on first_response.member_id = ${m.id}
    left join resolution on resolution.member_id = ${m.id}
    left join targets on targets.member_id = ${m.id}
    where ${m.orgId} = ${p.org}::uuid
    order by lower(${m.name}), ${m.email}`,
);

/** Every member of the org with their own figures for the window, by name. */
export function loadAgentFigures(db: Db, values: FigureValues): Promise<AgentFigureRow[]> {
  return runStatement(db, agentsStatement, values);
}

type Series = "created" | "resolved" | "first_response" | "resolution";
export type SeriesRow = { series: Series; day: string; value: number; p90: number | null };

const dayOf = (at: PgColumn) => sql`to_char(${at} at time zone 'UTC', 'YYYY-MM-DD')`;

const dailyStatement = defineStatement<FigureValues, SeriesRow>(
  (p) => sql`
    select 'created' as series, ${dayOf(threads.createdAt)} as day, count(*)::float8 as value,
      null::float8 as p90
    from ${threads} where ${inWindow(p, threads.createdAt)} group by 2
    union all
    select 'resolved', ${dayOf(threads.resolvedAt)}, count(*)::float8, null
    from ${threads} where ${inWindow(p, threads.resolvedAt)} group by 2
    union all
    select 'first_response', day, ${percentiles}
    from (${firstResponseSeconds(p, sql`, ${dayOf(threads.firstResponseAt)} as day`)}) s group by day
    union all
    select 'resolution', day, ${percentiles}
    from (${resolutionSeconds(p, sql`, ${dayOf(threads.resolvedAt)} as day`)}) s group by day`,
);

/** The window's figures per UTC day, one row per series and day that has any. */
export function loadDailySeries(db: Db, values: FigureValues): Promise<SeriesRow[]> {
  return runStatement(db, dailyStatement, values);
}

/** The id of the org's inbox `name` (already lower case); null when the org has none. */
export async function findInboxId(db: Db, orgId: string, name: string): Promise<string | null> {
  const [inbox] = await db
    .select({ id: inboxes.id })
    .from(inboxes)
    .where(and(eq(inboxes.orgId, orgId), eq(inboxes.name, name)));
  return inbox?.id ?? null;
}
