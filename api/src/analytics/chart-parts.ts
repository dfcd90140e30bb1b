/** Text for SVG: the five characters XML gives meaning to are escaped. */
export function escapeXml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&apos;");
}

/** Axis ticks from 0 past `max`: about `count` steps of 1, 2 or 5 times a power of ten. */
export function niceTicks(max: number, count = 4): number[] {
  if (!(max > 0)) return [0, 1];
  const rough = max / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= rough)!;
  const ticks: number[] = [];
  for (let tick = 0; tick < max + step; tick += step) ticks.push(Number(tick.toPrecision(12)));
  return ticks;
}

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const UNITS = [
  { seconds: DAY, suffix: "d" },
  { seconds: HOUR, suffix: "h" },
  { seconds: MINUTE, suffix: "min" },
  { seconds: 1, suffix: "s" },
];

/** A duration axis in one unit a person reads at a glance (minutes, hours or days), in seconds. */
export function durationAxis(
  maxSeconds: number,
  count = 4,
): { ticks: number[]; format: (seconds: number) => string } {
  const unit = UNITS.find((candidate) => maxSeconds >= 2 * candidate.seconds) ?? UNITS.at(-1)!;
  const ticks = niceTicks(maxSeconds / unit.seconds, count).map((tick) => tick * unit.seconds);
  const format = (seconds: number) => `${Number((seconds / unit.seconds).toFixed(1))} ${unit.suffix}`;
  return { ticks, format };
}

/** `45 s`, `12 min`, `3.5 h`, `2 d`: a duration short enough for an axis or a tooltip. */
export function formatDuration(seconds: number): string {
  const round = (value: number) => String(Number(value.toFixed(1)));
  if (seconds < MINUTE) return `${round(seconds)} s`;
  if (seconds < HOUR) return `${round(seconds / MINUTE)} min`;
  if (seconds < DAY) return `${round(seconds / HOUR)} h`;
  return `${round(seconds / DAY)} d`;
}

/** At most `max` evenly spread indexes of `length` labels, the first and last among them. */
export function labelIndexes(length: number, max = 8): number[] {
  if (length <= max) return Array.from({ length }, (_, i) => i);
  const step = (length - 1) / (max - 1);
  return [...new Set(Array.from({ length: max }, (_, i) => Math.round(i * step)))];
}

/** A day `2026-01-05` as an axis label: `Jan 5`. */
export function shortDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  return date.toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
}

/** An id for SVG title/desc references that stays unique when a page shows several charts. */
export function chartId(title: string): string {
  return `chart-${title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")}`;
}
