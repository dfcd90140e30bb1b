import type { Db } from "../db/client";
import { loadDailySeries, type SeriesRow } from "./analytics.statements";
import { type FigureScope, figureValues, type Percentiles, seconds } from "./summary";

/** One UTC day of a window: threads that came in and were resolved, and that day's times. */
export type DayFigures = {
  day: string;
  created: number;
  resolved: number;
  firstResponseSeconds: Percentiles;
  resolutionSeconds: Percentiles;
};

const DAY_MS = 24 * 60 * 60 * 1000;

/** Every UTC day the window touches, oldest first, days without threads included: what the charts draw. */
export async function analyticsByDay(db: Db, scope: FigureScope): Promise<DayFigures[]> {
  const rows = await loadDailySeries(db, figureValues(scope));
  const days = new Map(utcDays(scope.window.from, scope.window.to).map((day) => [day, emptyDay(day)]));
  for (const row of rows) {
    const day = days.get(row.day);
    if (!day) continue;
    if (row.series === "created") day.created = row.value;
    else if (row.series === "resolved") day.resolved = row.value;
    else if (row.series === "first_response") day.firstResponseSeconds = percentilesOf(row);
    else day.resolutionSeconds = percentilesOf(row);
  }
  return [...days.values()];
}

// the day `from` falls on, and each later one that starts before `to`
function utcDays(from: Date, to: Date): string[] {
  const start = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate());
  const days = [new Date(start).toISOString().slice(0, 10)];
  for (let at = start + DAY_MS; at < to.getTime(); at += DAY_MS)
    days.push(new Date(at).toISOString().slice(0, 10));
  return days;
}

const percentilesOf = (row: SeriesRow) => ({ median: seconds(row.value), p90: seconds(row.p90) });

const emptyDay = (day: string): DayFigures => ({
  day,
  created: 0,
  resolved: 0,
  firstResponseSeconds: { median: null, p90: null },
  resolutionSeconds: { median: null, p90: null },
});
