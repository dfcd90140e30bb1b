import type { Db } from "../db/client";
import { type FigureRow, type FigureValues, loadSummaryFigures } from "./analytics.statements";
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
  return toFigures(await loadSummaryFigures(db, figureValues(scope)));
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
