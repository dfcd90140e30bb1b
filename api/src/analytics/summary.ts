import { sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { defineStatement, runStatement } from "../db/statement";
import {
  type FigureValues,
  firstResponseSeconds,
  inWindow,
  openNow,
  percentiles,
  resolutionSeconds,
  settledTargets,
  shareMet,
} from "./figures-sql";
import type { Window } from "./window";

export type Percentiles = { median: number | null; p90: number | null };

/** How a team (or one member) did in a window: counts, response times in seconds, targets met. */
export type Figures = {
  created: number;
  resolved: number;
  openNow: number;
  firstResponseSeconds: Percentiles;
  resolutionSeconds: Percentiles;
  /** the share of settled response targets that were met, 0 to 1; null when none was */
  withinTarget: number | null;
};

type FigureRow = {
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
    with created as (select count(*)::int as n from threads where ${inWindow(p, "created_at")}),
    resolved as (select count(*)::int as n from threads where ${inWindow(p, "resolved_at")}),
    open_now as (select count(*)::int as n from threads where ${openNow(p)}),
    first_response as (select ${percentiles} from (${firstResponseSeconds(p)}) s),
    resolution as (select ${percentiles} from (${resolutionSeconds(p)}) s),
    targets as (select ${shareMet} as share from (${settledTargets(p, { firstResponse: none, resolution: none })}) t)
    select created.n as created, resolved.n as resolved, open_now.n as "openNow",
      first_response.median as "firstResponseMedian", first_response.p90 as "firstResponseP90",
      resolution.median as "resolutionMedian", resolution.p90 as "resolutionP90",
      targets.share as "withinTarget"
    from created, resolved, open_now, first_response, resolution, targets`,
);

export type FigureScope = { orgId: string; inboxId: string | null; window: Window; now: Date };

export const figureValues = (scope: FigureScope): FigureValues => ({
  org: scope.orgId,
  inbox: scope.inboxId,
  from: scope.window.from.toISOString(),
  to: scope.window.to.toISOString(),
  now: scope.now.toISOString(),
});

/** The org's figures for the window (of one inbox, when given), computed in Postgres. */
export async function analyticsSummary(db: Db, scope: FigureScope): Promise<Figures> {
  const [row] = await runStatement(db, summaryStatement, figureValues(scope));
  return toFigures(row!);
}

export function toFigures(row: FigureRow): Figures {
  return {
    created: row.created,
    resolved: row.resolved,
    openNow: row.openNow,
    firstResponseSeconds: { median: seconds(row.firstResponseMedian), p90: seconds(row.firstResponseP90) },
    resolutionSeconds: { median: seconds(row.resolutionMedian), p90: seconds(row.resolutionP90) },
    withinTarget: row.withinTarget,
  };
}

// to the millisecond: interpolating between durations leaves float noise (29520.000000000004)
export const seconds = (value: number | null) => (value === null ? null : Math.round(value * 1000) / 1000);

export type { FigureRow };
