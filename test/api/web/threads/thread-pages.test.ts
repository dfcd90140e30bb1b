import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { presence, threadHistory, threads } from "../../../../api/src/db/schema";
import { makeTestApp, type TestApp } from "../../../helpers/app";
import { testDrivers } from "../../../helpers/databases";
import {
  makeAttachment,
  makeInbox,
  makeMember,
  makeMessage,
  makeOrgWithInbox,
  makeThread,
} from "../../../helpers/factories";
import { signedIn } from "../../../helpers/web-client";

let t: TestApp;

describe.each(testDrivers)("the thread pages on %s", (driver) => {
  beforeAll(async () => {
    t = await makeTestApp({ driver });
  });
  afterAll(() => t?.close());

  /** An org with an admin and an agent signed in, and one thread with a client message. */
  async function desk() {
    const { org, inbox, admin } = await makeOrgWithInbox(t.db);
    const agent = await makeMember(t.db, org, { email: `al-${org.slug}@staff.example`, name: "Al Agent" });
    const thread = await makeThread(t.db, org, inbox, {
      subject: "Printer on fire",
      clientName: "Cleo Client",
    });
    await makeMessage(t.db, thread, { text: "It is smoking.\nPlease help.", html: "" });
    return { org, inbox, admin, agent, thread, ref: `THD-${thread.number}` };
  }

  const rowsOf = (html: string) => [...html.matchAll(/<tr>.*?<\/tr>/gs)].map((match) => match[0]).slice(1);

  describe("the thread list", () => {
    it("shows the org's threads newest first with ref, subject, client, status, assignee, activity", async () => {
      const { org, inbox, agent, ref } = await desk();
      const older = await makeThread(t.db, org, inbox, { subject: "Older one", assigneeId: agent.id });
      await t.db
        .update(threads)
        .set({ lastMessageAt: new Date(0) })
        .where(eq(threads.id, older.id));
      const client = await signedIn(t, agent.email);
      const page = await client.get("/admin/threads");
      expect(page.status).toBe(200);
      const rows = rowsOf(page.html);
      expect(rows).toHaveLength(2);
      expect(rows[0]).toContain(`href="/admin/threads/${ref}"`);
      expect(rows[0]).toContain("Printer on fire");
      expect(rows[0]).toContain("Cleo Client");
      expect(rows[0]).toContain("Open");
      expect(rows[0]).toContain("Unassigned");
      expect(rows[1]).toContain("Older one");
      expect(rows[1]).toContain("Al Agent");
      expect(rows[1]).toContain('datetime="1970-01-01T00:00:00.000Z"');
      for (const label of ["Search", "Status", "Inbox", "Assignee"])
        expect(page.html).toContain(`>${label}</label>`);
    });

    it("filters by status, inbox and assignee (me, unassigned), through the same listing as the API", async () => {
      const { org, inbox, agent } = await desk();
      const billing = await makeInbox(t.db, org, { name: "billing" });
      await makeThread(t.db, org, billing, { subject: "Invoice", status: "resolved", assigneeId: agent.id });
      await makeThread(t.db, org, inbox, { subject: "Mine too", assigneeId: agent.id });
      const client = await signedIn(t, agent.email);
      const subjects = async (query: string) =>
        rowsOf((await client.get(`/admin/threads?${query}`)).html).map(
          (row) => /class="subject-link">([^<]+)</.exec(row)?.[1],
        );
      expect(await subjects("status=resolved")).toEqual(["Invoice"]);
      expect(await subjects("inbox=billing")).toEqual(["Invoice"]);
      expect((await subjects("assignee=me")).sort()).toEqual(["Invoice", "Mine too"]);
      expect(await subjects("assignee=none")).toEqual(["Printer on fire"]);
      expect(await subjects(`assignee=${encodeURIComponent(agent.email)}&status=open`)).toEqual(["Mine too"]);
    });

    it("searches the full text and shows each result's highlighted snippet, the mail escaped", async () => {
      const { org, inbox, admin } = await desk();
      const hostile = await makeThread(t.db, org, inbox, { subject: "Hostile" });
      await makeMessage(t.db, hostile, { text: 'the gizmo <img src=x onerror="alert(1)"> broke', html: "" });
      const client = await signedIn(t, admin.email);
      const page = await client.get("/admin/threads?q=gizmo");
      const rows = rowsOf(page.html);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toContain(
        '<p class="snippet">the <mark>gizmo</mark> img src=x onerror=&quot;alert(1)&quot; broke</p>',
      );
      expect(rows[0]).not.toContain("<img");
      expect(page.html).toContain('value="gizmo"');
    });

    it("answers text it cannot search with the message beside the Search field, typed text kept", async () => {
      const { admin } = await desk();
      const client = await signedIn(t, admin.email);
      const operators = await client.get(`/admin/threads?q=${encodeURIComponent('- "" ***')}&status=open`);
      expect(operators.status).toBe(400);
      expect(operators.html).toContain("field-q-error");
      expect(operators.html).toMatch(/No word to search for/);
      expect(operators.html).toContain('value="- &quot;&quot; ***"');
      expect(operators.html).toMatch(/<option value="open" selected/);
      const long = await client.get(`/admin/threads?q=${"x".repeat(1000)}`);
      expect(long.status).toBe(400);
      expect(long.html).toContain("Search for at most 256 characters.");
      const odd = await client.get("/admin/threads?status=lost");
      expect(odd.status).toBe(400);
      expect(odd.html).toContain("Choose a status from the list.");
    });

    it("pages through older threads", async () => {
      const { org, inbox, admin } = await makeOrgWithInbox(t.db);
      for (let i = 0; i < 27; i++) {
        const thread = await makeThread(t.db, org, inbox, { subject: `T${i}` });
        await t.db
          .update(threads)
          .set({ lastMessageAt: new Date(Date.UTC(2026, 0, 1, 0, i)) })
          .where(eq(threads.id, thread.id));
      }
      const client = await signedIn(t, admin.email);
      const first = await client.get("/admin/threads");
      expect(rowsOf(first.html)).toHaveLength(25);
      const older = /href="([^"]+)" rel="next"/.exec(first.html)![1]!.replaceAll("&amp;", "&");
      const second = await client.get(older);
      expect(rowsOf(second.html).map((row) => /class="subject-link">([^<]+)</.exec(row)?.[1])).toEqual([
        "T1",
        "T0",
      ]);
      expect(second.html).toContain("Newest threads");
    });

    it("shows who else is viewing or composing in each thread now", async () => {
      const { admin, agent, thread } = await desk();
      const now = new Date();
      await t.db.insert(presence).values({
        threadId: thread.id,
        memberId: agent.id,
        client: "gmail",
        orgId: thread.orgId,
        activity: "composing",
        expiresAt: new Date(now.getTime() + 60_000),
      });
      const client = await signedIn(t, admin.email);
      const [row] = rowsOf((await client.get("/admin/threads")).html);
      expect(row).toContain("Al Agent");
      expect(row).toContain("replying");
    });
  });

  describe("the thread page", () => {
    it("shows ref, subject, client, messages with from/to/date/body/attachments, and the history", async () => {
      const { org, admin, agent, thread, ref } = await desk();
      const reply = await makeMessage(t.db, thread, {
        direction: "outbound",
        fromEmail: agent.email,
        fromName: "Al Agent",
        to: [{ email: thread.clientEmail, name: "Cleo Client" }],
        cc: [{ email: "boss@client.example", name: "" }],
        text: "",
        html: "<p>We are on it</p>",
      });
      const file = await makeAttachment(t.db, reply, {
        filename: "report.pdf",
        contentType: "application/pdf",
      });
      await t.db.insert(threadHistory).values({
        threadId: thread.id,
        field: "status",
        fromValue: "open",
        toValue: "in_progress",
        actorId: agent.id,
        actor: agent.email,
        client: "gmail",
      });
      const client = await signedIn(t, admin.email);
      const page = await client.get(`/admin/threads/${ref}`);
      expect(page.status).toBe(200);
      expect(page.html).toContain(`<span class="ref">${ref}</span>`);
      expect(page.html).toContain("<h1>Printer on fire</h1>");
      expect(page.html).toContain(`Cleo Client &lt;${thread.clientEmail}&gt;`);
      expect(page.html).toContain('<div class="text-body">It is smoking.\nPlease help.</div>');
      expect(page.html).toContain("boss@client.example");
      expect(page.html).toContain(`src="/admin/threads/${ref}/messages/${reply.id}/body"`);
      expect(page.html).toMatch(/<iframe[^>]*sandbox="allow-popups allow-popups-to-escape-sandbox"/);
      expect(page.html).not.toContain("We are on it");
      expect(page.html).toContain(`href="/admin/threads/${ref}/attachments/${file.id}"`);
      expect(page.html).toContain("Al Agent changed the status from Open to In progress");
      expect(page.html).toContain("· gmail");
      expect(page.html.indexOf("It is smoking")).toBeLessThan(
        page.html.indexOf("We are on it") + page.html.indexOf(reply.id),
      );
      expect(page.html).toContain(`data-thread="${ref}"`);
      expect(page.html).toContain("thread-live.js");
      expect(org.id).toBe(thread.orgId);
    });

    it("counts the reader as viewing on the web from the moment the page opens", async () => {
      const { admin, thread, ref } = await desk();
      const client = await signedIn(t, admin.email);
      await client.get(`/admin/threads/${ref}`);
      const rows = await t.db.select().from(presence).where(eq(presence.threadId, thread.id));
      expect(rows.map((row) => [row.memberId, row.client, row.activity])).toEqual([
        [admin.id, "web", "viewing"],
      ]);
    });

    it("answers another org's thread and an unknown one with a 404 page", async () => {
      const { admin } = await desk();
      const other = await desk();
      // a number the reader's org has no thread with
      const theirs = await makeThread(t.db, other.org, other.inbox, { subject: "Printer on fire" });
      const client = await signedIn(t, admin.email);
      // the same words whether the thread is another org's or does not exist
      for (const [path, words] of [
        [`/admin/threads/THD-${theirs.number}`, `THD-${theirs.number} not found`],
        ["/admin/threads/THD-999999", "THD-999999 not found"],
        ["/admin/threads/nonsense", "Thread &quot;nonsense&quot; not found"],
      ] as const) {
        const page = await client.get(path);
        expect(page.status).toBe(404);
        expect(page.html).toContain(words);
        expect(page.html).not.toContain("Printer on fire");
      }
      const body = await client.get(
        `/admin/threads/${other.ref}/messages/00000000-0000-4000-8000-000000000000/body`,
      );
      expect(body.status).toBe(404);
    });

    it("saves the status and the assignee, recorded in the history as done through the web", async () => {
      const { admin, agent, thread, ref } = await desk();
      const client = await signedIn(t, admin.email);
      await client.get(`/admin/threads/${ref}`);
      const saved = await client.post(`/admin/threads/${ref}`, {
        status: "resolved",
        status_was: "open",
        assignee: agent.email,
        assignee_was: "",
      });
      expect(saved.status).toBe(303);
      expect(saved.location).toBe(`/admin/threads/${ref}`);
      const after = await client.get(`/admin/threads/${ref}`);
      expect(after.html).toContain("Saved: status Resolved, assignee");
      expect(after.html).toMatch(/<option value="resolved" selected/);
      const history = await t.db.select().from(threadHistory).where(eq(threadHistory.threadId, thread.id));
      expect(history.map((entry) => [entry.field, entry.toValue, entry.actor, entry.client])).toEqual([
        ["status", "resolved", admin.email, "web"],
        ["assignee", agent.email, admin.email, "web"],
      ]);
    });

    it("saves only what the reader changed, never a stale value over another member's change", async () => {
      const { admin, agent, thread, ref } = await desk();
      const client = await signedIn(t, admin.email);
      await client.get(`/admin/threads/${ref}`);
      // meanwhile another member takes the thread
      await t.db.update(threads).set({ assigneeId: agent.id }).where(eq(threads.id, thread.id));
      await client.post(`/admin/threads/${ref}`, {
        status: "in_progress",
        status_was: "open",
        assignee: "",
        assignee_was: "",
      });
      const [row] = await t.db.select().from(threads).where(eq(threads.id, thread.id));
      expect(row).toMatchObject({ status: "in_progress", assigneeId: agent.id });
    });

    it("assigns the thread to the reader with Assign to me", async () => {
      const { agent, thread, ref } = await desk();
      const client = await signedIn(t, agent.email);
      const page = await client.get(`/admin/threads/${ref}`);
      expect(page.html).toContain("Assign to me");
      expect((await client.post(`/admin/threads/${ref}/assign-to-me`)).status).toBe(303);
      const [row] = await t.db.select().from(threads).where(eq(threads.id, thread.id));
      expect(row?.assigneeId).toBe(agent.id);
      expect((await client.get(`/admin/threads/${ref}`)).html).toContain("Assigned to you");
    });

    it("answers an assignee who is no member with the message beside the field, the choice kept", async () => {
      const { admin, thread, ref } = await desk();
      const client = await signedIn(t, admin.email);
      await client.get(`/admin/threads/${ref}`);
      const reply = await client.post(`/admin/threads/${ref}`, {
        status: "closed",
        status_was: "open",
        assignee: "stranger@else.example",
        assignee_was: "",
      });
      expect(reply.status).toBe(400);
      expect(reply.html).toContain("field-assignee-error");
      expect(reply.html).toContain("Not a member of this organization");
      expect(reply.html).toMatch(/<option value="closed" selected/);
      const [row] = await t.db.select().from(threads).where(eq(threads.id, thread.id));
      expect(row?.status).toBe("open");
    });

    it("refuses a change without the session's CSRF token or from another site: 403, nothing changed", async () => {
      const { admin, thread, ref } = await desk();
      const client = await signedIn(t, admin.email);
      await client.get(`/admin/threads/${ref}`);
      const change = { status: "closed", status_was: "open", assignee: "", assignee_was: "" };
      expect((await client.post(`/admin/threads/${ref}`, { ...change, _csrf: "" })).status).toBe(403);
      expect((await client.post(`/admin/threads/${ref}`, { ...change, _csrf: "made-up" })).status).toBe(403);
      const other = await signedIn(t, admin.email);
      await other.get(`/admin/threads/${ref}`);
      expect((await client.post(`/admin/threads/${ref}`, { ...change, _csrf: other.csrf! })).status).toBe(
        403,
      );
      const evil = { Origin: "https://evil.example" };
      expect((await client.post(`/admin/threads/${ref}`, change, evil)).status).toBe(403);
      expect(
        (await client.post(`/admin/threads/${ref}`, change, { "Sec-Fetch-Site": "same-site" })).status,
      ).toBe(403);
      expect((await client.post(`/admin/threads/${ref}/assign-to-me`, {}, evil)).status).toBe(403);
      const [row] = await t.db.select().from(threads).where(eq(threads.id, thread.id));
      expect(row).toMatchObject({ status: "open", assigneeId: null });
      expect(await t.db.select().from(threadHistory).where(eq(threadHistory.threadId, thread.id))).toEqual(
        [],
      );
    });

    it("serves attachments to members of the org only, never as a page of ours", async () => {
      const { admin, thread, ref } = await desk();
      const message = await makeMessage(t.db, thread, { text: "see attached" });
      const file = await makeAttachment(t.db, message, {
        filename: "évil.html",
        contentType: "text/html",
        content: Buffer.from("<script>alert(1)</script>"),
      });
      const client = await signedIn(t, admin.email);
      const res = await t.app.request(`/admin/threads/${ref}/attachments/${file.id}`, {
        headers: { Cookie: client.cookieHeader("/admin") },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-disposition")).toMatch(
        /^attachment; filename="_vil.html"; filename\*=UTF-8''%C3%A9vil.html$/,
      );
      expect(res.headers.get("content-security-policy")).toContain("sandbox");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      const stranger = await signedIn(t, (await desk()).admin.email);
      expect((await stranger.get(`/admin/threads/${ref}/attachments/${file.id}`)).status).toBe(404);
      const anonymous = await t.app.request(`/admin/threads/${ref}/attachments/${file.id}`);
      expect(anonymous.status).toBe(302);
    });
  });
});
