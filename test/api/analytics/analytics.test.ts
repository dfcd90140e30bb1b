import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Inbox, Member, Org } from "../../../api/src/db/schema";
import { makeTestApp, type TestApp } from "../../helpers/app";
import { fakeClock } from "../../helpers/clock";
import { testDrivers } from "../../helpers/databases";
import { makeInbox, makeMember, makeOrgWithInbox, makeThread } from "../../helpers/factories";
import { type ErrorReply, send } from "../admin/send";

type Figures = {
  created: number;
  resolved: number;
  openNow: number;
  firstResponseSeconds: { median: number | null; p90: number | null };
  resolutionSeconds: { median: number | null; p90: number | null };
  withinTarget: number | null;
};

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const day = (d: number, month = 2) => new Date(Date.UTC(2026, month - 1, d, 9));
const after = (start: Date, ms: number) => new Date(start.getTime() + ms);
const WINDOW = "from=2026-02-01T00:00:00Z&to=2026-03-01T00:00:00Z";

/**
 * A month of one org's threads with known figures. In `support` (first reply within 60 minutes,
 * resolution within 8 hours): first replies after 10, 20, 30 and 90 minutes, resolutions after 1,
 * 2 and 10 hours; one thread never answered; one answered after the window. In `sales` (no
 * targets): a reply after 40 minutes, resolved after 4 hours. One thread from January, outside.
 */
async function constructedOrg(t: TestApp) {
  const { org, inbox: support, admin } = await makeOrgWithInbox(t.db);
  const sales = await makeInbox(t.db, org, { name: "sales" });
  const bob = await makeMember(t.db, org, { name: "Bob Builder" });
  const cleo = await makeMember(t.db, org, { name: "Cleo Colleague" });
  const thread = (inbox: Inbox, start: Date, facts: Facts) => makeFactThread(t, org, inbox, start, facts);
  await thread(support, day(2), { reply: [10 * MINUTE, bob], resolve: [HOUR, bob], assignee: bob });
  await thread(support, day(3), { reply: [20 * MINUTE, bob], resolve: [2 * HOUR, cleo], assignee: bob });
  await thread(support, day(4), { reply: [30 * MINUTE, cleo], resolve: [10 * HOUR, cleo], assignee: cleo });
  await thread(support, day(5), { reply: [90 * MINUTE, cleo], assignee: cleo });
  await thread(support, day(6), {});
  await thread(support, day(20), { reply: [10 * 24 * HOUR, cleo], assignee: cleo });
  await thread(sales, day(7), {
    reply: [40 * MINUTE, bob],
    resolve: [4 * HOUR, bob],
    assignee: bob,
    noTargets: true,
  });
  await thread(support, day(15, 1), { reply: [5 * MINUTE, bob], resolve: [HOUR, bob], assignee: bob });
  return { org, admin, bob, cleo };
}

type Facts = {
  reply?: [number, Member];
  resolve?: [number, Member];
  assignee?: Member;
  noTargets?: boolean;
};

function makeFactThread(t: TestApp, org: Org, inbox: Inbox, start: Date, facts: Facts) {
  return makeThread(t.db, org, inbox, {
    createdAt: start,
    lastMessageAt: start,
    firstClientMessageAt: start,
    firstResponseDueAt: facts.noTargets ? null : after(start, HOUR),
    resolutionDueAt: facts.noTargets ? null : after(start, 8 * HOUR),
    firstResponseAt: facts.reply ? after(start, facts.reply[0]) : null,
    firstResponseBy: facts.reply?.[1].id ?? null,
    resolvedAt: facts.resolve ? after(start, facts.resolve[0]) : null,
    resolvedBy: facts.resolve?.[1].id ?? null,
    status: facts.resolve ? "resolved" : "open",
    assigneeId: facts.assignee?.id ?? null,
  });
}

describe.each(testDrivers)("analytics on %s", (driver) => {
  let t: TestApp;
  let world: Awaited<ReturnType<typeof constructedOrg>>;
  beforeAll(async () => {
    t = await makeTestApp({ driver, deps: { clock: fakeClock(new Date("2026-03-10T12:00:00Z")) } });
    world = await constructedOrg(t);
  });
  afterAll(() => t?.close());

  async function get<T>(path: string, token: string) {
    const res = await send(t, "GET", path, token);
    return { status: res.status, body: (await res.json()) as T & ErrorReply };
  }

  it("answers the org's figures for a window, medians and 90th percentiles from Postgres", async () => {
    const summary = await get<Figures>(`/analytics/summary?${WINDOW}`, world.bob.token);
    expect(summary.status).toBe(200);
    expect(summary.body).toEqual({
      created: 7,
      resolved: 4,
      openNow: 3,
      // 600, 1200, 1800, 2400, 5400
      firstResponseSeconds: { median: 1800, p90: 4200 },
      // 3600, 7200, 14400, 36000
      resolutionSeconds: { median: 10800, p90: 29520 },
      // of 12 targets due in February, 5 met
      withinTarget: 5 / 12,
    });
  });

  it("answers one inbox's figures", async () => {
    const summary = await get<Figures>(`/analytics/summary?${WINDOW}&inbox=support`, world.bob.token);
    expect(summary.body).toEqual({
      created: 6,
      resolved: 3,
      openNow: 3,
      firstResponseSeconds: { median: 1500, p90: 4320 },
      resolutionSeconds: { median: 7200, p90: 30240 },
      withinTarget: 5 / 12,
    });
    const sales = await get<Figures>(`/analytics/summary?${WINDOW}&inbox=sales`, world.bob.token);
    expect(sales.body).toMatchObject({
      created: 1,
      firstResponseSeconds: { median: 2400, p90: 2400 },
      withinTarget: null,
    });
  });

  it("answers each member's figures: replies for who wrote them, resolutions for who resolved", async () => {
    const agents = await get<{ agents: (Figures & { member: { email: string; name: string } })[] }>(
      `/analytics/agents?${WINDOW}`,
      world.admin.token,
    );
    expect(agents.status).toBe(200);
    expect(agents.body.agents).toEqual([
      {
        member: { email: world.admin.email, name: "Ada Admin" },
        created: 0,
        resolved: 0,
        openNow: 0,
        firstResponseSeconds: { median: null, p90: null },
        resolutionSeconds: { median: null, p90: null },
        withinTarget: null,
      },
      {
        member: { email: world.bob.email, name: "Bob Builder" },
        created: 3,
        resolved: 2,
        openNow: 0,
        firstResponseSeconds: { median: 1200, p90: 2160 },
        resolutionSeconds: { median: 9000, p90: 13320 },
        withinTarget: 1,
      },
      {
        member: { email: world.cleo.email, name: "Cleo Colleague" },
        created: 3,
        resolved: 2,
        openNow: 2,
        firstResponseSeconds: { median: 3600, p90: 5040 },
        resolutionSeconds: { median: 21600, p90: 33120 },
        withinTarget: 2 / 7,
      },
    ]);
  });

  it("answers the window day by day, every day included", async () => {
    const daily = await get<{ days: (Figures & { day: string })[] }>(
      `/analytics/daily?${WINDOW}`,
      world.bob.token,
    );
    expect(daily.body.days).toHaveLength(28);
    expect(daily.body.days[0]).toEqual({
      day: "2026-02-01",
      created: 0,
      resolved: 0,
      firstResponseSeconds: { median: null, p90: null },
      resolutionSeconds: { median: null, p90: null },
    });
    expect(daily.body.days[1]).toEqual({
      day: "2026-02-02",
      created: 1,
      resolved: 1,
      firstResponseSeconds: { median: 600, p90: 600 },
      resolutionSeconds: { median: 3600, p90: 3600 },
    });
    expect(daily.body.days.reduce((sum, one) => sum + one.created, 0)).toBe(7);
  });

  it("counts nothing of another org's", async () => {
    const other = await makeOrgWithInbox(t.db);
    const summary = await get<Figures>(`/analytics/summary?${WINDOW}`, other.admin.token);
    expect(summary.body).toEqual({
      created: 0,
      resolved: 0,
      openNow: 0,
      firstResponseSeconds: { median: null, p90: null },
      resolutionSeconds: { median: null, p90: null },
      withinTarget: null,
    });
    const agents = await get<{ agents: { member: { email: string } }[] }>(
      `/analytics/agents?${WINDOW}`,
      other.admin.token,
    );
    expect(agents.body.agents.map((agent) => agent.member.email)).toEqual([other.admin.email]);
    const theirInbox = await get<Figures>(`/analytics/summary?${WINDOW}&inbox=sales`, other.admin.token);
    expect(theirInbox.status).toBe(400);
  });

  it("takes the last 30 days by default and a window of exactly two years", async () => {
    const recent = await get<Figures>("/analytics/summary", world.bob.token);
    // 8 February to 10 March: the thread of the 20th, answered on 2 March
    expect(recent.body).toMatchObject({
      created: 1,
      resolved: 0,
      openNow: 3,
      firstResponseSeconds: { median: 864000 },
    });
    const twoYears = await get<Figures>("/analytics/summary?from=2024-03-01&to=2026-03-01", world.bob.token);
    expect(twoYears.body).toMatchObject({ created: 8, resolved: 5 });
  });

  it.each([
    ["from=2026-03-01T00:00:00Z&to=2026-02-01T00:00:00Z", "from"],
    ["from=2024-02-29T23:59:59Z&to=2026-03-01T00:00:00Z", "from"],
    ["from=yesterday", "from"],
    ["to=2026-02-30", "to"],
    ["from=1700000000", "from"],
    ["inbox=nope", "inbox"],
  ])("refuses %s naming %s", async (query, field) => {
    for (const route of ["summary", "agents", "daily"]) {
      const res = await get<Figures>(`/analytics/${route}?${query}`, world.bob.token);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(new RegExp(`^${field}:`));
    }
  });

  it("answers 401 without a token", async () => {
    expect((await send(t, "GET", "/analytics/summary", null)).status).toBe(401);
  });
});
