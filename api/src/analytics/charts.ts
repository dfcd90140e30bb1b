import {
  chartId,
  durationAxis,
  escapeXml,
  formatDuration,
  labelIndexes,
  niceTicks,
  shortDay,
} from "./chart-parts";
import type { DayFigures } from "./daily";
import type { Percentiles } from "./summary";

/**
 * Server-rendered SVG charts of the analytics, for a page to put inline: pure functions of the
 * figures, no script, every text escaped. Each chart is an `img` with a title and a description
 * for screen readers, and each bar or point has a tooltip with its exact value.
 */

/** Width and height in pixels; `id` names the chart's title and description for screen readers. */
export type ChartSize = { width?: number; height?: number; id?: string };
type Series = { name: string; color: string; values: (number | null)[] };
type Frame = { width: number; height: number; left: number; right: number; top: number; bottom: number };
type Axis = { ticks: number[]; format: (value: number) => string; tip?: (value: number) => string };

const COLORS = { created: "#2563eb", resolved: "#16a34a", median: "#7c3aed", p90: "#db2777" };
const MARGIN = { left: 56, right: 12, top: 28, bottom: 28 };

/** Threads per day: how many came in and how many were resolved, as bars side by side. */
export function threadsPerDayChart(days: DayFigures[], size: ChartSize = {}): string {
  const series: Series[] = [
    { name: "Created", color: COLORS.created, values: days.map((day) => day.created) },
    { name: "Resolved", color: COLORS.resolved, values: days.map((day) => day.resolved) },
  ];
  const max = Math.max(0, ...series.flatMap((one) => one.values.map((value) => value ?? 0)));
  const axis = { ticks: niceTicks(max), format: (value: number) => String(value) };
  return chart("Threads per day", days, series, axis, size, bars);
}

/** Each day's median and 90th percentile time from the client's first message to the first staff reply. */
export function firstResponseChart(days: DayFigures[], size: ChartSize = {}): string {
  return durationChart("First response time", days, (day) => day.firstResponseSeconds, size);
}

/** Each day's median and 90th percentile time from the client's first message to resolution. */
export function resolutionChart(days: DayFigures[], size: ChartSize = {}): string {
  return durationChart("Resolution time", days, (day) => day.resolutionSeconds, size);
}

function durationChart(
  title: string,
  days: DayFigures[],
  times: (day: DayFigures) => Percentiles,
  size: ChartSize,
) {
  const series: Series[] = [
    { name: "Median", color: COLORS.median, values: days.map((day) => times(day).median) },
    { name: "90th percentile", color: COLORS.p90, values: days.map((day) => times(day).p90) },
  ];
  const max = Math.max(0, ...series.flatMap((one) => one.values.map((value) => value ?? 0)));
  const axis = durationAxis(max);
  // the axis counts in one unit; a point's tooltip says its own value as briefly as it can
  const tips = { ...axis, tip: formatDuration };
  return chart(title, days, series, tips, size, lines);
}

type Draw = (frame: Frame, days: DayFigures[], series: Series[], axis: Axis) => string;

function chart(title: string, days: DayFigures[], series: Series[], axis: Axis, size: ChartSize, draw: Draw) {
  const frame = { width: size.width ?? 640, height: size.height ?? 240, ...MARGIN };
  const id = size.id ?? chartId(title);
  const empty = series.every((one) => one.values.every((value) => !value));
  const description = empty
    ? "No threads in this period."
    : `${series.map((one) => one.name).join(" and ")} from ${days[0]?.day} to ${days.at(-1)?.day}.`;
  const body = empty
    ? `<text x="${frame.width / 2}" y="${frame.height / 2}" text-anchor="middle" fill="#6b7280">No threads in this period</text>`
    : [yAxis(frame, axis), xAxis(frame, days), draw(frame, days, series, axis), legend(frame, series)].join(
        "",
      );
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${frame.width} ${frame.height}" width="${frame.width}" height="${frame.height}" role="img" aria-labelledby="${id}-title ${id}-desc" font-family="system-ui, sans-serif" font-size="11">` +
    `<title id="${id}-title">${escapeXml(title)}</title><desc id="${id}-desc">${escapeXml(description)}</desc>` +
    `<text x="${frame.left}" y="16" font-size="13" font-weight="600" fill="#111827">${escapeXml(title)}</text>` +
    `${body}</svg>`
  );
}

const plotWidth = (f: Frame) => f.width - f.left - f.right;
const plotHeight = (f: Frame) => f.height - f.top - f.bottom;
const yOf = (f: Frame, axis: Axis, value: number) =>
  f.top + plotHeight(f) * (1 - value / (axis.ticks.at(-1) || 1));
const slot = (f: Frame, count: number) => plotWidth(f) / Math.max(count, 1);
const round = (value: number) => Number(value.toFixed(2));

function yAxis(f: Frame, axis: Axis): string {
  return axis.ticks
    .map((tick) => {
      const y = round(yOf(f, axis, tick));
      return `<line x1="${f.left}" x2="${f.width - f.right}" y1="${y}" y2="${y}" stroke="#e5e7eb"/><text x="${f.left - 6}" y="${y + 4}" text-anchor="end" fill="#374151">${escapeXml(axis.format(tick))}</text>`;
    })
    .join("");
}

function xAxis(f: Frame, days: DayFigures[]): string {
  const width = slot(f, days.length);
  return labelIndexes(days.length)
    .map((index) => {
      const x = round(f.left + width * (index + 0.5));
      return `<text x="${x}" y="${f.height - 8}" text-anchor="middle" fill="#374151">${escapeXml(shortDay(days[index]!.day))}</text>`;
    })
    .join("");
}

function bars(f: Frame, days: DayFigures[], series: Series[], axis: Axis): string {
  const width = slot(f, days.length);
  const bar = (width * 0.8) / series.length;
  return days
    .flatMap((day, index) =>
      series.map((one, s) => {
        const value = one.values[index] ?? 0;
        const y = round(yOf(f, axis, value));
        const x = round(f.left + width * index + width * 0.1 + bar * s);
        const tip = `${day.day}: ${value} ${one.name.toLowerCase()}`;
        return `<rect x="${x}" y="${y}" width="${round(bar)}" height="${round(f.top + plotHeight(f) - y)}" fill="${one.color}"><title>${escapeXml(tip)}</title></rect>`;
      }),
    )
    .join("");
}

// a day without a value breaks the line rather than drawing it through zero
function lines(f: Frame, days: DayFigures[], series: Series[], axis: Axis): string {
  const width = slot(f, days.length);
  return series
    .map((one) => {
      const points = one.values.map((value, index) =>
        value === null
          ? null
          : { x: round(f.left + width * (index + 0.5)), y: round(yOf(f, axis, value)), value, index },
      );
      const runs: string[][] = [[]];
      for (const point of points) {
        if (point) runs.at(-1)!.push(`${point.x},${point.y}`);
        else if (runs.at(-1)!.length) runs.push([]);
      }
      const paths = runs
        .filter((run) => run.length > 1)
        .map(
          (run) => `<polyline points="${run.join(" ")}" fill="none" stroke="${one.color}" stroke-width="2"/>`,
        );
      const dots = points.flatMap((point) =>
        point
          ? [
              `<circle cx="${point.x}" cy="${point.y}" r="3" fill="${one.color}"><title>${escapeXml(`${days[point.index]!.day}: ${one.name.toLowerCase()} ${(axis.tip ?? axis.format)(point.value)}`)}</title></circle>`,
            ]
          : [],
      );
      return [...paths, ...dots].join("");
    })
    .join("");
}

function legend(f: Frame, series: Series[]): string {
  return series
    .map((one, index) => {
      const x = f.width - f.right - 110 * (series.length - index);
      return `<rect x="${x}" y="8" width="10" height="10" fill="${one.color}"/><text x="${x + 14}" y="17" fill="#374151">${escapeXml(one.name)}</text>`;
    })
    .join("");
}
