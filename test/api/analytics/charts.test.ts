import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { durationAxis, formatDuration, niceTicks } from "../../../api/src/analytics/chart-parts";
import { firstResponseChart, resolutionChart, threadsPerDayChart } from "../../../api/src/analytics/charts";
import type { DayFigures } from "../../../api/src/analytics/daily";
import { describeInBrowser, launchBrowser } from "../../helpers/browser";

const none = { median: null, p90: null };
const days: DayFigures[] = [
  {
    day: "2026-02-01",
    created: 4,
    resolved: 1,
    firstResponseSeconds: { median: 600, p90: 1800 },
    resolutionSeconds: none,
  },
  {
    day: "2026-02-02",
    created: 0,
    resolved: 3,
    firstResponseSeconds: none,
    resolutionSeconds: { median: 7200, p90: 9000 },
  },
  {
    day: "2026-02-03",
    created: 2,
    resolved: 2,
    firstResponseSeconds: { median: 900, p90: 2400 },
    resolutionSeconds: none,
  },
  {
    day: "2026-02-04",
    created: 1,
    resolved: 0,
    firstResponseSeconds: { median: 300, p90: 300 },
    resolutionSeconds: none,
  },
];
const empty: DayFigures[] = days.map((one) => ({
  ...one,
  created: 0,
  resolved: 0,
  firstResponseSeconds: none,
  resolutionSeconds: none,
}));

const count = (svg: string, pattern: RegExp) => [...svg.matchAll(pattern)].length;
const titles = (svg: string) => [...svg.matchAll(/<title>([^<]*)<\/title>/g)].map((match) => match[1]);

describe("analytics charts", () => {
  it("draws threads per day as a bar per day and series, each with its exact value", () => {
    const svg = threadsPerDayChart(days);
    expect(svg).toMatch(
      /^<svg [^>]*role="img" aria-labelledby="chart-threads-per-day-title chart-threads-per-day-desc"/,
    );
    expect(svg).toContain('<title id="chart-threads-per-day-title">Threads per day</title>');
    expect(count(svg, /<rect [^>]*><title>/g)).toBe(8);
    expect(titles(svg)).toEqual(expect.arrayContaining(["2026-02-01: 4 created", "2026-02-02: 3 resolved"]));
    // the axis runs from 0 past the largest count
    expect(svg).toContain(">0</text>");
    expect(svg).toContain(">4</text>");
    expect(threadsPerDayChart(days)).toBe(svg);
  });

  it("gives taller bars to larger counts", () => {
    const svg = threadsPerDayChart(days);
    const heights = [
      ...svg.matchAll(/<rect [^>]*height="([\d.]+)" fill="#2563eb"><title>([^<]*)<\/title>/g),
    ].map((match) => [match[2], Number(match[1])] as const);
    const of = (tip: string) => heights.find(([title]) => title === tip)![1];
    expect(of("2026-02-01: 4 created")).toBeCloseTo(2 * of("2026-02-03: 2 created"), 1);
    expect(of("2026-02-02: 0 created")).toBe(0);
  });

  it("draws response times as median and 90th percentile lines, broken on days without a figure", () => {
    const svg = firstResponseChart(days);
    expect(svg).toContain('<title id="chart-first-response-time-title">First response time</title>');
    // 1 Feb, (gap), 3 and 4 Feb: one line of two points per series, and a lone point before the gap
    expect(count(svg, /<polyline /g)).toBe(2);
    expect(count(svg, /<circle /g)).toBe(6);
    expect(titles(svg)).toEqual(
      expect.arrayContaining(["2026-02-01: median 10 min", "2026-02-03: 90th percentile 40 min"]),
    );
    expect(svg).toMatch(/>\d+ min<\/text>/);
    expect(firstResponseChart(days, { id: "second" })).toContain('<title id="second-title">');
    const resolution = resolutionChart(days);
    expect(titles(resolution)).toContain("2026-02-02: median 2 h");
  });

  it("says there is nothing to show for an empty period", () => {
    for (const svg of [threadsPerDayChart(empty), firstResponseChart(empty), resolutionChart(empty)]) {
      expect(svg).toContain("No threads in this period");
      expect(svg).not.toContain("<rect x=");
    }
  });

  it("picks axis steps a person reads at a glance", () => {
    expect(niceTicks(4)).toEqual([0, 1, 2, 3, 4]);
    expect(niceTicks(11)).toEqual([0, 5, 10, 15]);
    expect(niceTicks(0)).toEqual([0, 1]);
    const hours = durationAxis(9000);
    expect(hours.ticks).toEqual([0, 3600, 7200, 10800]);
    expect(hours.ticks.map(hours.format)).toEqual(["0 h", "1 h", "2 h", "3 h"]);
    const long = durationAxis(40 * 3600);
    expect(long.ticks.map(long.format)).toEqual(["0 h", "10 h", "20 h", "30 h", "40 h"]);
    expect(formatDuration(45)).toBe("45 s");
    expect(formatDuration(5400)).toBe("1.5 h");
    expect(formatDuration(2 * 86400)).toBe("2 d");
  });
});

describeInBrowser("analytics charts in a browser", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it("are well-formed SVG documents that Chromium draws at their size", async () => {
    const page = await browser.newPage();
    for (const svg of [threadsPerDayChart(days), firstResponseChart(days), resolutionChart(empty)]) {
      await page.goto(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
      expect(await page.locator("parsererror").count()).toBe(0);
      expect(await page.evaluate("document.documentElement.tagName")).toBe("svg");
      const box = await page.locator("svg").boundingBox();
      expect(box).toMatchObject({ width: 640, height: 240 });
    }
    await page.close();
  });
});
