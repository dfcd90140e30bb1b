import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Inbox, Member, Org } from "../../../../api/src/db/schema";
import { makeTestApp, type TestApp } from "../../../helpers/app";
import { testDrivers } from "../../../helpers/databases";
import { makeInbox, makeMember, makeOrgWithInbox, makeThread } from "../../../helpers/factories";
import { signedIn } from "../../../helpers/web-client";

let t: TestApp;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe.each(testDrivers)("the metrics page on %s", (driver) => {
  beforeAll(async () => {
    t = await makeTestApp({ driver });
  });
  afterAll(() => t?.close());

  /** A thread whose client wrote `daysAgo` days ago, answered and resolved so many minutes later. */
  async function handled(
    org: Org,
    inbox: Inbox,
    fact: { daysAgo: number; replyAfter?: number; by?: Member; resolveAfter?: number; resolver?: Member },
  ) {
    const start = new Date(Date.now() - fact.daysAgo * DAY);
    const later = (minutes: number | undefined) =>
      minutes === undefined ? null : new Date(start.getTime() + minutes * MINUTE);
    return makeThread(t.db, org, inbox, {
      createdAt: start,
      firstClientMessageAt: start,
      firstResponseAt: later(fact.replyAfter),
      firstResponseBy: fact.by?.id ?? null,
      resolvedAt: later(fact.resolveAfter),
      resolvedBy: fact.resolver?.id ?? null,
      status: fact.resolveAfter === undefined ? "open" : "resolved",
      assigneeId: fact.by?.id ?? null,
    });
  }

  /**
   * In the last 30 days: three threads came in, first replies after 10, 30 and 50 minutes (median
   * 30 min, p90 46 min), two resolved after 2 and 4 hours (median 3 h, p90 3.8 h). One more, 40 days ago.
   */
  async function desk() {
    const { org, inbox, admin } = await makeOrgWithInbox(t.db);
    const billing = await makeInbox(t.db, org, { name: "billing" });
    const bob = await makeMember(t.db, org, { name: '<img src=x onerror="alert(1)">Bob' });
    await handled(org, inbox, { daysAgo: 2, replyAfter: 10, by: bob, resolveAfter: 120, resolver: bob });
    await handled(org, inbox, { daysAgo: 1, replyAfter: 30, by: admin });
    await handled(org, billing, { daysAgo: 3, replyAfter: 50, by: bob, resolveAfter: 240, resolver: admin });
    await handled(org, inbox, { daysAgo: 40, replyAfter: 5, by: admin, resolveAfter: 60, resolver: admin });
    return { org, admin, bob, client: await signedIn(t, admin.email) };
  }

  const figureOf = (html: string, label: string) =>
    new RegExp(`<dt>${label}</dt><dd>([^<]*)(?:<small> ([^<]*)</small>)?</dd>`).exec(html)?.slice(1, 3);
  const rowOf = (html: string, name: string) =>
    [...html.matchAll(/<tr><th scope="row">(.*?)<\/th>(.*?)<\/tr>/gs)]
      .find((match) => match[1] === name)?.[2]
      ?.match(/<td>([^<]*)<\/td>/g)
      ?.map((cell) => cell.slice(4, -5));

  it("shows the last 30 days: counts, median and p90 times, per inbox and per member, with the charts", async () => {
    const { client } = await desk();
    const page = await client.get("/admin/metrics");
    expect(page.status).toBe(200);
    expect(figureOf(page.html, "Created")?.[0]).toBe("3");
    expect(figureOf(page.html, "Resolved")?.[0]).toBe("2");
    expect(figureOf(page.html, "Open now")?.[0]).toBe("1");
    expect(figureOf(page.html, "First response, median")).toEqual(["30 min", "p90 46 min"]);
    expect(figureOf(page.html, "Resolution, median")).toEqual(["3 h", "p90 3.8 h"]);
    expect(figureOf(page.html, "Within target")?.[0]).toBe("—");
    expect(rowOf(page.html, "support")).toEqual(["2", "1", "1", "20 min / 28 min", "2 h / 2 h", "—"]);
    expect(rowOf(page.html, "billing")).toEqual(["1", "1", "0", "50 min / 50 min", "4 h / 4 h", "—"]);
    expect(rowOf(page.html, "Ada Admin")).toEqual(["1", "1", "1", "30 min / 30 min", "4 h / 4 h", "—"]);
    for (const title of ["Threads per day", "First response time", "Resolution time"]) {
      expect(page.html).toContain(`>${title}</title>`);
    }
    // each chart drawn twice: for a wide screen and for a phone
    expect(page.html.match(/<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/g)).toHaveLength(6);
    expect(page.html.match(/viewBox="0 0 360 240"/g)).toHaveLength(3);
    for (const label of ["Period", "Inbox"]) expect(page.html).toContain(`>${label}</label>`);
  });

  it("takes another window and one inbox, through the same analytics as the API", async () => {
    const { client } = await desk();
    const ninety = await client.get("/admin/metrics?period=90");
    expect(figureOf(ninety.html, "Created")?.[0]).toBe("4");
    expect(ninety.html).toMatch(/<option value="90" selected/);
    const week = await client.get("/admin/metrics?period=7&inbox=billing");
    expect(figureOf(week.html, "Created")?.[0]).toBe("1");
    expect(figureOf(week.html, "First response, median")).toEqual(["50 min", "p90 50 min"]);
    expect(rowOf(week.html, "billing")).toEqual(["1", "1", "0", "50 min / 50 min", "4 h / 4 h", "—"]);
    expect(rowOf(week.html, "support")).toBeUndefined();
  });

  it("answers an unknown inbox or period beside its field, never a 500", async () => {
    const { client } = await desk();
    const inbox = await client.get("/admin/metrics?inbox=nope");
    expect(inbox.status).toBe(400);
    expect(inbox.html).toContain(
      'id="field-inbox-error">This organization has no inbox named &quot;nope&quot;</p>',
    );
    expect(inbox.html).not.toContain("<svg");
    const period = await client.get("/admin/metrics?period=365");
    expect(period.status).toBe(400);
    expect(period.html).toContain('id="field-period-error">Choose a period from the list.</p>');
  });

  it("opens for agents too, counts only the reader's org, and escapes members' names", async () => {
    const { bob } = await desk();
    await desk();
    const agent = await signedIn(t, bob.email);
    const page = await agent.get("/admin/metrics");
    expect(page.status).toBe(200);
    expect(figureOf(page.html, "Created")?.[0]).toBe("3");
    expect(page.html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;Bob");
    expect(page.html).not.toContain("<img src=x");
    expect(page.html).toContain('href="/admin/metrics" aria-current="page">Metrics</a>');
  });

  it("says so when nothing happened in the window", async () => {
    const { admin } = await makeOrgWithInbox(t.db);
    const page = await (await signedIn(t, admin.email)).get("/admin/metrics");
    expect(figureOf(page.html, "Created")?.[0]).toBe("0");
    expect(figureOf(page.html, "First response, median")).toEqual(["—", "p90 —"]);
    expect(page.html).toContain("No threads in this period");
  });
});
