import { type SQL, sql } from "drizzle-orm";
import type { Placeholders } from "../db/statement";

/** What every figure is computed over: one org, optionally one inbox, a window, and the present. */
export type FigureValues = { org: string; inbox: string | null; from: string; to: string; now: string };
type P = Placeholders<FigureValues>;

/** The org's threads (of the inbox, when one is given) whose `column` falls in the window. */
export function inWindow(p: P, column: string): SQL {
  const at = sql.identifier(column);
  return sql`org_id = ${p.org}::uuid and (${p.inbox}::uuid is null or inbox_id = ${p.inbox}::uuid)
    and ${at} >= ${p.from}::timestamptz and ${at} < ${p.to}::timestamptz`;
}

/** The org's threads still being worked on. */
export function openNow(p: P): SQL {
  return sql`org_id = ${p.org}::uuid and (${p.inbox}::uuid is null or inbox_id = ${p.inbox}::uuid)
    and status in ('open', 'in_progress')`;
}

/** Seconds from the client's first message to the first staff reply, per first reply in the window. */
export function firstResponseSeconds(p: P, extraColumns: SQL = sql``): SQL {
  return sql`select extract(epoch from first_response_at - first_client_message_at)::float8 as seconds ${extraColumns}
    from threads where ${inWindow(p, "first_response_at")}`;
}

/** Seconds from the client's first message to the first resolution, per resolution in the window. */
export function resolutionSeconds(p: P, extraColumns: SQL = sql``): SQL {
  return sql`select extract(epoch from resolved_at - first_client_message_at)::float8 as seconds ${extraColumns}
    from threads where ${inWindow(p, "resolved_at")} and resolved_at >= first_client_message_at`;
}

/** Median and 90th percentile of a `seconds` column. */
export const percentiles = sql`percentile_cont(0.5) within group (order by seconds) as median,
  percentile_cont(0.9) within group (order by seconds) as p90`;

/**
 * Every target that fell due in the window and is settled, with whether it was met: a first reply
 * or resolution by its due time. A target still ahead is not settled; nor is a first-response
 * target the thread was finished before, without a reply (nobody was waiting any more).
 */
export function settledTargets(p: P, extraColumns: { firstResponse: SQL; resolution: SQL }): SQL {
  return sql`
    select coalesce(first_response_at <= first_response_due_at, false) as met ${extraColumns.firstResponse}
    from threads where ${inWindow(p, "first_response_due_at")}
      and (first_response_at is not null
        or (first_response_due_at < ${p.now}::timestamptz
          and (resolved_at is null or resolved_at > first_response_due_at)))
    union all
    select coalesce(resolved_at <= resolution_due_at, false) ${extraColumns.resolution}
    from threads where ${inWindow(p, "resolution_due_at")}
      and (resolved_at is not null or resolution_due_at < ${p.now}::timestamptz)`;
}

/** The share of settled targets that were met, 0 to 1; null when none was settled. */
export const shareMet = sql`case when count(*) = 0 then null else (count(*) filter (where met))::float8 / count(*) end`;
