import type { PlannedCall } from "./call-load";
import { randomFrom } from "./email-traffic";
import type { StaffAnswer } from "./staff-http";
import type { StaffMember } from "./staff-members";

type Mix = readonly { kind: string; share: number; what: string; path: string }[];

/** The metrics page's requests: the last week or month, the whole team or one inbox. */
export const ANALYTICS_MIX = [
  { kind: "week", share: 0.3, what: "the last 7 days", path: "/api/v1/analytics/summary?from={-7}" },
  { kind: "month", share: 0.5, what: "the last 30 days (the default)", path: "/api/v1/analytics/summary" },
  {
    kind: "month-inbox",
    share: 0.2,
    what: "the last 30 days of inbox support",
    path: "/api/v1/analytics/summary?inbox=support",
  },
] as const satisfies Mix;

/** The thread list filtered to breached response targets, the first page as a list view opens it. */
export const SLA_MIX = [
  {
    kind: "breached",
    share: 0.7,
    what: "GET /api/v1/threads?sla=breached",
    path: "/api/v1/threads?sla=breached",
  },
  {
    kind: "breached-inbox",
    share: 0.3,
    what: "the same in inbox support",
    path: "/api/v1/threads?sla=breached&inbox=support",
  },
] as const satisfies Mix;

/**
 * The thread list's first page as the viewer and the add-ons open it, under each filter a list
 * view offers: `{member}` is the caller's own address, so an assignee filter matches a few percent.
 */
export const LIST_MIX = [
  { kind: "all", share: 0.2, what: "no filter", path: "/api/v1/threads" },
  { kind: "open", share: 0.2, what: "status=open", path: "/api/v1/threads?status=open" },
  { kind: "closed", share: 0.1, what: "status=closed", path: "/api/v1/threads?status=closed" },
  { kind: "inbox", share: 0.1, what: "inbox=support", path: "/api/v1/threads?inbox=support" },
  { kind: "mine", share: 0.15, what: "assignee=me", path: "/api/v1/threads?assignee=me" },
  { kind: "unassigned", share: 0.1, what: "assignee=none", path: "/api/v1/threads?assignee=none" },
  {
    kind: "mine-closed",
    share: 0.15,
    what: "status=closed&assignee=me&inbox=support",
    path: "/api/v1/threads?status=closed&assignee=me&inbox=support",
  },
] as const satisfies Mix;

const DAY_MS = 24 * 60 * 60 * 1000;

// `{-7}`: seven days before now, written when the call is planned
const withDates = (path: string) =>
  path.replace(/\{(-\d+)\}/g, (_, days: string) =>
    new Date(Date.now() + Number(days) * DAY_MS).toISOString(),
  );

type Judge = PlannedCall["judge"];

const answeredAnalytics: Judge = (answer: StaffAnswer) => {
  if (answer.status !== 200)
    return { ok: false, problem: `HTTP ${answer.status}: ${answer.text.slice(0, 160)}` };
  const figures = answer.json as { created?: unknown; firstResponseSeconds?: { median?: unknown } };
  if (typeof figures.created !== "number" || figures.created === 0)
    return { ok: false, problem: `no threads counted: ${answer.text.slice(0, 160)}` };
  return { ok: true, outcome: figures.firstResponseSeconds?.median === null ? "no replies" : "figures" };
};

const answeredBreached: Judge = (answer: StaffAnswer) => {
  if (answer.status !== 200)
    return { ok: false, problem: `HTTP ${answer.status}: ${answer.text.slice(0, 160)}` };
  const { threads } = answer.json as { threads: { ref: string; sla: { breached: boolean } }[] };
  const wrong = threads.find((thread) => !thread.sla.breached);
  if (wrong) return { ok: false, problem: `${wrong.ref} is listed as breached but is not` };
  if (threads.length === 0) return { ok: false, problem: "no breached thread listed" };
  return { ok: true, outcome: `${threads.length} threads` };
};

const answeredList: Judge = (answer: StaffAnswer) => {
  if (answer.status !== 200)
    return { ok: false, problem: `HTTP ${answer.status}: ${answer.text.slice(0, 160)}` };
  const { threads } = answer.json as { threads: unknown[] };
  if (threads.length === 0) return { ok: false, problem: "an empty page" };
  return { ok: true, outcome: `${threads.length} threads` };
};

/** GET requests of a mix, each by a random member, every answer checked. */
function mixTraffic(mix: Mix, judge: Judge, staff: StaffMember[], seed: number) {
  const random = randomFrom(seed);
  const pick = () => {
    let roll = random();
    for (const entry of mix) {
      roll -= entry.share;
      if (roll < 0) return entry;
    }
    return mix.at(-1)!;
  };
  return {
    next(): PlannedCall {
      const entry = pick();
      const member = staff[Math.floor(random() * staff.length)]!;
      const call = {
        method: "GET" as const,
        path: withDates(entry.path),
        token: member.token,
        body: undefined,
      };
      return { kind: entry.kind, call, judge };
    },
  };
}

export const analyticsTraffic = (staff: StaffMember[], seed: number) =>
  mixTraffic(ANALYTICS_MIX, answeredAnalytics, staff, seed);

export const slaTraffic = (staff: StaffMember[], seed: number) =>
  mixTraffic(SLA_MIX, answeredBreached, staff, seed);

export const listTraffic = (staff: StaffMember[], seed: number) =>
  mixTraffic(LIST_MIX, answeredList, staff, seed);
