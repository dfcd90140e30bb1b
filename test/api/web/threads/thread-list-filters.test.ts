import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { threadTickets } from "../../../../api/src/db/schema";
import { makeTestApp, type TestApp } from "../../../helpers/app";
import { testDrivers } from "../../../helpers/databases";
import { makeOrgWithInbox, makeThread } from "../../../helpers/factories";
import { signedIn } from "../../../helpers/web-client";

let t: TestApp;

describe.each(testDrivers)("the thread list's team filters and columns on %s", (driver) => {
  beforeAll(async () => {
    t = await makeTestApp({ driver });
  });
  afterAll(() => t?.close());

  const rowsOf = (html: string) => [...html.matchAll(/<tr>.*?<\/tr>/gs)].map((match) => match[0]).slice(1);
  const subjectOf = (row: string) => /class="subject-link">([^<]+)</.exec(row)?.[1];

  /** An org whose threads differ in priority, tags, targets and tickets. */
  async function desk() {
    const { org, inbox, admin } = await makeOrgWithInbox(t.db);
    const now = Date.now();
    const minutes = (n: number) => new Date(now + n * 60_000);
    await makeThread(t.db, org, inbox, { subject: "Plain" });
    await makeThread(t.db, org, inbox, {
      subject: "Urgent billing",
      priority: "urgent",
      tags: ["billing", "vip"],
    });
    await makeThread(t.db, org, inbox, {
      subject: "Breached",
      firstClientMessageAt: minutes(-300),
      firstResponseDueAt: minutes(-60),
    });
    await makeThread(t.db, org, inbox, {
      subject: "Due soon",
      priority: "low",
      firstClientMessageAt: minutes(-10),
      firstResponseDueAt: minutes(30),
    });
    await makeThread(t.db, org, inbox, {
      subject: "Due later",
      firstClientMessageAt: minutes(-10),
      firstResponseDueAt: minutes(600),
    });
    const linked = await makeThread(t.db, org, inbox, { subject: "Linked", tags: ["billing"] });
    await t.db
      .insert(threadTickets)
      .values({ orgId: org.id, threadId: linked.id, ticket: "TKT-9", linkedBy: admin.email });
    return { org, inbox, admin, client: await signedIn(t, admin.email) };
  }

  it("filters by priority, tag, response target and ticket, through the same listing as the API", async () => {
    const { client } = await desk();
    const subjects = async (query: string) => {
      const page = await client.get(`/admin/threads?${query}`);
      expect(page.status, page.html.slice(0, 300)).toBe(200);
      return rowsOf(page.html).map(subjectOf).sort();
    };
    expect(await subjects("priority=urgent")).toEqual(["Urgent billing"]);
    expect(await subjects("tag=billing")).toEqual(["Linked", "Urgent billing"]);
    expect(await subjects("tag=BILLING&priority=urgent")).toEqual(["Urgent billing"]);
    expect(await subjects("sla=breached")).toEqual(["Breached"]);
    expect(await subjects("sla=due")).toEqual(["Due soon"]);
    expect(await subjects("ticket=tkt-9")).toEqual(["Linked"]);
    const page = await client.get("/admin/threads?tag=Billing&ticket=tkt-9");
    expect(page.html).toContain('id="field-tag" name="tag" type="text" value="billing"');
    expect(page.html).toContain('value="TKT-9"');
    for (const label of ["Priority", "Tag", "Response target", "Ticket"])
      expect(page.html).toContain(`>${label}</label>`);
  });

  it("shows priority when not normal, tags, and a breached or due-soon marker in the rows", async () => {
    const { client } = await desk();
    const rows = new Map(
      rowsOf((await client.get("/admin/threads")).html).map((row) => [subjectOf(row), row]),
    );
    expect(rows.get("Urgent billing")).toContain(
      '<a class="priority priority-urgent" href="/admin/threads?priority=urgent">Urgent</a>',
    );
    expect(rows.get("Urgent billing")).toContain('<a class="label" href="/admin/threads?tag=vip">vip</a>');
    expect(rows.get("Due soon")).toContain(">Low</a>");
    expect(rows.get("Plain")).not.toContain('class="priority');
    expect(rows.get("Plain")).not.toContain('class="labels"');
    expect(rows.get("Breached")).toContain('<span class="target target-overdue">Target breached</span>');
    expect(rows.get("Due soon")).toContain('<span class="target target-due">Due soon</span>');
    expect(rows.get("Due later")).not.toContain('class="target');
    expect(rows.get("Plain")).not.toContain('class="target');
  });

  it("answers a filter the API refuses with its message beside the field, the rest kept", async () => {
    const { client } = await desk();
    const tag = await client.get("/admin/threads?tag=two+words&status=open");
    expect(tag.status).toBe(400);
    expect(tag.html).toContain('id="field-tag-error">Use lowercase letters, digits and hyphens');
    expect(tag.html).toContain('value="two words"');
    expect(tag.html).toMatch(/<option value="open" selected/);
    const ticket = await client.get("/admin/threads?ticket=nope");
    expect(ticket.status).toBe(400);
    expect(ticket.html).toContain('id="field-ticket-error">Expected a ticket id like TKT-42');
    const priority = await client.get("/admin/threads?priority=asap");
    expect(priority.html).toContain('id="field-priority-error">Choose a priority from the list.</p>');
    const sla = await client.get("/admin/threads?sla=later");
    expect(sla.html).toContain('id="field-sla-error">Choose a response target from the list.</p>');
    expect(rowsOf(sla.html)).toEqual([]);
  });

  it("keeps another org's threads out of every filter", async () => {
    const mine = await desk();
    const theirs = await makeOrgWithInbox(t.db);
    await makeThread(t.db, theirs.org, theirs.inbox, {
      subject: "Theirs",
      priority: "urgent",
      tags: ["billing"],
    });
    const other = await makeThread(t.db, theirs.org, theirs.inbox, { subject: "Theirs linked" });
    await t.db
      .insert(threadTickets)
      .values({ orgId: theirs.org.id, threadId: other.id, ticket: "TKT-9", linkedBy: "x@y.z" });
    for (const query of ["priority=urgent", "tag=billing", "ticket=TKT-9"]) {
      const html = (await mine.client.get(`/admin/threads?${query}`)).html;
      expect(html).not.toContain("Theirs");
    }
  });
});
