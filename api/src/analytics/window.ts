import { badRequest } from "../errors";

/** A period of time, `from` included and `to` not. */
export type Window = { from: Date; to: Date };

const DEFAULT_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_YEARS = 2;

/** The period asked for: the last 30 days by default; `from` after `to`, or more than two years, is refused. */
export function analyticsWindow(
  input: { from?: string | undefined; to?: string | undefined },
  now: Date,
): Window {
  const to = input.to ? instant("to", input.to) : now;
  const from = input.from ? instant("from", input.from) : new Date(to.getTime() - DEFAULT_DAYS * DAY_MS);
  if (from > to) throw badRequest("from: must not be after to");
  const earliest = new Date(to);
  earliest.setUTCFullYear(earliest.getUTCFullYear() - MAX_YEARS);
  if (from < earliest)
    throw badRequest(`from: the window from \`from\` to \`to\` may span at most ${MAX_YEARS} years`);
  return { from, to };
}

// a date (`2026-01-31`, midnight UTC) or a date and time with its offset, as ISO 8601 writes them
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2}))?$/;

function instant(field: string, value: string): Date {
  const date = new Date(value);
  if (!ISO_8601.test(value) || Number.isNaN(date.getTime()) || !isCalendarDate(value.slice(0, 10))) {
    throw badRequest(`${field}: expected an ISO 8601 date or date-time such as 2026-01-31T00:00:00Z`);
  }
  return date;
}

// Date reads 2026-02-30 as 2 March; a person who wrote it made a mistake
function isCalendarDate(day: string): boolean {
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, date)).getUTCDate() === date;
}
