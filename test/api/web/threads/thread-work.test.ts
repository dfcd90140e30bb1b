import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  auditLog,
  drafts,
  outbox,
  threadHistory,
  threadNotes,
  threads,
  threadTickets,
} from "../../../../api/src/db/schema";
import { makeTestApp, type TestApp } from "../../../helpers/app";
import { testDrivers } from "../../../helpers/databases";
import { makeMember, makeMessage, makeOrgWithInbox, makeThread } from "../../../helpers/factories";
import { signedIn, type WebClient } from "../../../helpers/web-client";
import { send } from "../../admin/send";

let t: TestApp;

describe.each(testDrivers)("working a thread on its page on %s", (driver) => {
  beforeAll(async () => {
    t = await makeTestApp({ driver });
  });
  afterAll(() => t?.close());

  /** An org with an admin and an agent, one thread with a client message, the agent signed in on its page. */
  async function desk() {
    const { org, inbox, admin } = await makeOrgWithInbox(t.db);
    const bob = await makeMember(t.db, org, { email: `bob-${org.slug}@staff.example`, name: "Bob Builder" });
    const thread = await makeThread(t.db, org, inbox, {
      subject: "Invoice charged twice",
      clientName: "Cleo Client",
    });
    await makeMessage(t.db, thread, {
      text: "You charged me twice.",
      html: "",
      createdAt: new Date(Date.now() - 60_000),
    });
    const ref = `THD-${thread.number}`;
    const page = await signedIn(t, bob.email);
    await page.get(`/admin/threads/${ref}`);
    return { org, inbox, admin, bob, thread, ref, page };
  }

  const threadRow = async (id: string) => (await t.db.select().from(threads).where(eq(threads.id, id)))[0]!;
  const historyOf = async (id: string) =>
    (await t.db.select().from(threadHistory).where(eq(threadHistory.threadId, id))).map((row) => [
      row.field,
      row.fromValue,
      row.toValue,
      row.client,
    ]);
  const auditOf = async (orgId: string, kind: string) =>
    t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, orgId), eq(auditLog.kind, kind)));
  const noticeOf = (html: string) => /<div class="notice notice-\w+"[^>]*>([^<]*)<\/div>/.exec(html)?.[1];

  /** A form POST, then the page it redirected to. */
  async function submit(client: WebClient, path: string, fields: Record<string, string>) {
    const posted = await client.post(path, fields);
    expect(posted.status, posted.html.slice(0, 500)).toBe(303);
    return client.get(posted.location!.replace(/#.*$/, ""));
  }

  describe("internal notes", () => {
    it("shows notes between the messages in time order, marked as never sent to the client", async () => {
      const { admin, thread, ref, page } = await desk();
      await t.db.insert(threadNotes).values({
        orgId: thread.orgId,
        threadId: thread.id,
        authorId: admin.id,
        authorEmail: admin.email,
        body: "Refund is <b>approved</b>",
        createdAt: new Date(Date.now() - 30_000),
      });
      await makeMessage(t.db, thread, { text: "Any news?", html: "" });
      const html = (await page.get(`/admin/threads/${ref}`)).html;
      const order = ["You charged me twice.", "Refund is &lt;b&gt;approved&lt;/b&gt;", "Any news?"].map(
        (text) => html.indexOf(text),
      );
      expect(order.every((at) => at > 0)).toBe(true);
      expect([...order].sort((a, b) => a - b)).toEqual(order);
      expect(html).toContain("Internal note — never sent to the client");
      expect(html).toMatch(/<article class="note" id="note-[0-9a-f-]+"/);
    });

    it("adds a note with Add note, emails the member it mentions and names them, as done through the web", async () => {
      const { org, admin, bob, thread, ref, page } = await desk();
      const posted = await page.post(`/admin/threads/${ref}/notes`, {
        note: `@${admin.email} can you approve the refund? cc @nobody@else.example`,
      });
      expect(posted.status).toBe(303);
      const [note] = await t.db.select().from(threadNotes).where(eq(threadNotes.threadId, thread.id));
      expect(posted.location).toBe(`/admin/threads/${ref}#note-${note!.id}`);
      expect(note).toMatchObject({ authorId: bob.id, mentions: [admin.email] });
      const after = await page.get(`/admin/threads/${ref}`);
      expect(noticeOf(after.html)).toBe(
        `Note added. Ada Admin was emailed. nobody@else.example is not a member of ${org.name}, so nobody was told.`,
      );
      expect(after.html).toContain("Mentioned (emailed): Ada Admin");
      const mail = await t.db
        .select()
        .from(outbox)
        .where(and(eq(outbox.orgId, org.id), eq(outbox.kind, "mention")));
      expect(mail.map((row) => row.recipient)).toEqual([admin.email]);
      const [audit] = await auditOf(org.id, "note_added");
      expect(audit).toMatchObject({ actor: bob.email, client: "web", target: ref });
    });

    it("answers an empty or over-long note beside the Note field, keeping what was typed", async () => {
      const { thread, ref, page } = await desk();
      const blank = await page.post(`/admin/threads/${ref}/notes`, { note: "   " });
      expect(blank.status).toBe(400);
      expect(blank.html).toContain('<p class="field-error" id="field-note-error">Must not be empty</p>');
      const long = `start ${"x".repeat(21 * 1024)}`;
      const tooLong = await page.post(`/admin/threads/${ref}/notes`, { note: long });
      expect(tooLong.status).toBe(400);
      expect(tooLong.html).toContain('id="field-note-error">At most 20 KB</p>');
      expect(tooLong.html).toContain(`>${long}</textarea>`);
      expect(await t.db.select().from(threadNotes).where(eq(threadNotes.threadId, thread.id))).toEqual([]);
    });

    it("serves a note as a piece of the page for the live script; another org's is a 404", async () => {
      const { bob, thread, ref, page } = await desk();
      const [note] = await t.db
        .insert(threadNotes)
        .values({
          orgId: thread.orgId,
          threadId: thread.id,
          authorId: bob.id,
          authorEmail: bob.email,
          body: "piece",
        })
        .returning();
      const piece = await page.get(`/admin/threads/${ref}/parts/notes/${note!.id}`);
      expect(piece.status).toBe(200);
      expect(piece.html).toMatch(/^<article class="note" id="note-/);
      expect(piece.html).not.toContain("<html");
      const other = await desk();
      const foreign = await other.page.get(`/admin/threads/${ref}/parts/notes/${note!.id}`);
      expect(foreign.status).toBe(404);
      expect(foreign.html).not.toContain("piece");
    });
  });

  describe("priority and tags", () => {
    it("saves the priority with Save, shows it and records it through the web", async () => {
      const { org, bob, thread, ref, page } = await desk();
      const after = await submit(page, `/admin/threads/${ref}`, {
        status: "open",
        status_was: "open",
        assignee: "",
        assignee_was: "",
        priority: "urgent",
        priority_was: "normal",
      });
      expect(noticeOf(after.html)).toBe("Saved: priority Urgent.");
      expect(after.html).toContain('<span class="priority priority-urgent">Urgent</span>');
      expect(after.html).toContain("Bob Builder changed the priority from Normal to Urgent");
      expect(await historyOf(thread.id)).toEqual([["priority", "normal", "urgent", "web"]]);
      const [audit] = await auditOf(org.id, "thread_priority");
      expect(audit).toMatchObject({ actor: bob.email, client: "web" });
    });

    it("answers a priority not in the list beside the Priority field, nothing changed", async () => {
      const { thread, ref, page } = await desk();
      const reply = await page.post(`/admin/threads/${ref}`, {
        status: "open",
        status_was: "open",
        priority: "whenever",
        priority_was: "normal",
      });
      expect(reply.status).toBe(400);
      expect(reply.html).toContain('id="field-priority-error">Choose a priority from the list.</p>');
      expect((await threadRow(thread.id)).priority).toBe("normal");
    });

    it("adds tags as typed (lowercased, several with commas) and removes one, each recorded", async () => {
      const { org, thread, ref, page } = await desk();
      const added = await submit(page, `/admin/threads/${ref}/tags`, { tag: " Billing, vip-2 " });
      expect(noticeOf(added.html)).toBe("Saved: tag billing added, tag vip-2 added.");
      expect(added.html).toContain('<a class="label" href="/admin/threads?tag=billing">billing</a>');
      expect((await threadRow(thread.id)).tags).toEqual(["billing", "vip-2"]);
      const removed = await submit(page, `/admin/threads/${ref}/tags/remove`, { tag: "billing" });
      expect(noticeOf(removed.html)).toBe("Saved: tag billing removed.");
      expect((await threadRow(thread.id)).tags).toEqual(["vip-2"]);
      expect(await historyOf(thread.id)).toEqual([
        ["tag", null, "billing", "web"],
        ["tag", null, "vip-2", "web"],
        ["tag", "billing", null, "web"],
      ]);
      expect((await auditOf(org.id, "thread_tag")).map((row) => row.client)).toEqual(["web", "web", "web"]);
    });

    it("answers a tag the API refuses with the API's rule beside the Tag field, nothing changed", async () => {
      const { thread, ref, page } = await desk();
      const spaced = await page.post(`/admin/threads/${ref}/tags`, { tag: "two words" });
      expect(spaced.status).toBe(400);
      expect(spaced.html).toContain(
        'id="field-tag-error">Use lowercase letters, digits and hyphens (at most 40), starting and ending with a letter or digit</p>',
      );
      expect(spaced.html).toContain('value="two words"');
      const long = await page.post(`/admin/threads/${ref}/tags`, { tag: "a".repeat(41) });
      expect(long.html).toContain('id="field-tag-error">Use lowercase letters');
      const many = await page.post(`/admin/threads/${ref}/tags`, {
        tag: Array.from({ length: 21 }, (_, i) => `t${i}`).join(","),
      });
      expect(many.status).toBe(400);
      expect(many.html).toContain('id="field-tag-error">A thread has at most 20 tags</p>');
      const none = await page.post(`/admin/threads/${ref}/tags`, { tag: " , " });
      expect(none.html).toContain('id="field-tag-error">Type a tag to add.</p>');
      expect((await threadRow(thread.id)).tags).toEqual([]);
    });
  });

  describe("response targets", () => {
    it("says when the first reply and the resolution are due, or how long they are overdue", async () => {
      const { org, inbox, page } = await desk();
      const now = Date.now();
      const due = await makeThread(t.db, org, inbox, {
        firstClientMessageAt: new Date(now),
        firstResponseDueAt: new Date(now + 20 * 60_000 + 20_000),
        resolutionDueAt: new Date(now + 3 * 24 * 3600_000 + 60_000),
      });
      const late = await makeThread(t.db, org, inbox, {
        firstClientMessageAt: new Date(now - 5 * 3600_000),
        firstResponseDueAt: new Date(now - 2 * 3600_000),
        resolutionDueAt: new Date(now - 30 * 60_000),
      });
      const dueHtml = (await page.get(`/admin/threads/THD-${due.number}`)).html;
      expect(dueHtml).toContain(">First reply due in 20 min</li>");
      expect(dueHtml).toContain(">Resolution due in 3 d</li>");
      const lateHtml = (await page.get(`/admin/threads/THD-${late.number}`)).html;
      expect(lateHtml).toContain('class="target target-overdue"');
      expect(lateHtml).toContain(">First reply overdue by 2 h</li>");
      expect(lateHtml).toContain(">Resolution overdue by 30 min</li>");
    });

    it("says a met target was met, and shows none where the inbox sets none", async () => {
      const { org, inbox, ref, page } = await desk();
      const now = Date.now();
      const met = await makeThread(t.db, org, inbox, {
        status: "resolved",
        firstResponseDueAt: new Date(now - 3600_000),
        firstResponseAt: new Date(now - 2 * 3600_000),
        resolutionDueAt: new Date(now - 60_000),
        resolvedAt: new Date(now - 60_000 + 2 * 3600_000),
      });
      const html = (await page.get(`/admin/threads/THD-${met.number}`)).html;
      expect(html).toContain(">First reply sent within target</li>");
      expect(html).toContain(">Resolved 2 h late</li>");
      expect((await page.get(`/admin/threads/${ref}`)).html).not.toContain('class="targets"');
    });
  });

  describe("linked tickets", () => {
    it("links a ticket with its repo and URL, findable from the list, and unlinks it", async () => {
      const { org, bob, thread, ref, page } = await desk();
      const linked = await submit(page, `/admin/threads/${ref}/tickets`, {
        ticket: "tkt-7",
        repo: "acme/.tickets",
        url: "https://tickets.example/TKT-7",
      });
      expect(noticeOf(linked.html)).toBe("Linked TKT-7.");
      expect(linked.html).toContain(
        '<a href="/admin/threads?ticket=TKT-7" title="Threads linked to TKT-7">TKT-7</a>',
      );
      expect(linked.html).toContain("acme/.tickets");
      expect(linked.html).toMatch(
        /<a href="https:\/\/tickets.example\/TKT-7" target="_blank" rel="noopener noreferrer"/,
      );
      expect(linked.html).toContain("Bob Builder linked TKT-7");
      const again = await submit(page, `/admin/threads/${ref}/tickets`, { ticket: "TKT-7" });
      expect(noticeOf(again.html)).toBe("TKT-7 is linked (it was already).");
      const [link] = await t.db.select().from(threadTickets).where(eq(threadTickets.threadId, thread.id));
      expect(link).toMatchObject({
        ticket: "TKT-7",
        repo: "acme/.tickets",
        url: "https://tickets.example/TKT-7",
      });

      const list = await page.get("/admin/threads?ticket=TKT-7");
      expect(list.html).toContain(`href="/admin/threads/${ref}"`);
      expect(list.html).toContain('value="TKT-7"');
      expect((await page.get("/admin/threads?ticket=TKT-8")).html).toContain("No threads match.");

      const unlinked = await submit(page, `/admin/threads/${ref}/tickets/TKT-7/unlink`, {});
      expect(noticeOf(unlinked.html)).toBe("Unlinked TKT-7.");
      expect(await t.db.select().from(threadTickets).where(eq(threadTickets.threadId, thread.id))).toEqual(
        [],
      );
      expect(await historyOf(thread.id)).toEqual([
        ["ticket", null, "TKT-7", "web"],
        ["ticket", "TKT-7", null, "web"],
      ]);
      expect((await auditOf(org.id, "ticket_unlinked"))[0]).toMatchObject({
        actor: bob.email,
        client: "web",
      });
      const twice = await page.post(`/admin/threads/${ref}/tickets/TKT-7/unlink`, {});
      expect(twice.status).toBe(404);
      expect(twice.html).toContain(`TKT-7 is not linked to ${ref}`);
    });

    it("answers a ticket id, repo or URL the API refuses beside its field, nothing linked", async () => {
      const { thread, ref, page } = await desk();
      const badId = await page.post(`/admin/threads/${ref}/tickets`, { ticket: "ticket 7" });
      expect(badId.status).toBe(400);
      expect(badId.html).toContain(
        'id="field-ticket-error">Expected a ticket id like TKT-42: capital letters or digits, a hyphen, a number</p>',
      );
      const missing = await page.post(`/admin/threads/${ref}/tickets`, { ticket: "", repo: "acme/.tickets" });
      expect(missing.html).toContain('id="field-ticket-error">Give the ticket&#39;s id, such as TKT-42.</p>');
      expect(missing.html).toContain('value="acme/.tickets"');
      const script = await page.post(`/admin/threads/${ref}/tickets`, {
        ticket: "TKT-1",
        url: "javascript:alert(1)",
      });
      expect(script.status).toBe(400);
      expect(script.html).toContain('id="field-url-error">Expected an http or https address</p>');
      expect(await t.db.select().from(threadTickets).where(eq(threadTickets.threadId, thread.id))).toEqual(
        [],
      );
    });
  });

  describe("drafted replies", () => {
    it("shows a draft made through the REST API as text with Copy, and discards it through the web", async () => {
      const { org, admin, bob, thread, ref, page } = await desk();
      const made = await send(t, "POST", `/threads/${ref}/drafts`, admin.token, {
        body: "Hi Cleo,\nwe refunded <script>alert(1)</script> the second charge.",
      });
      expect(made.status).toBe(201);
      const { draft } = (await made.json()) as { draft: { id: string } };
      const html = (await page.get(`/admin/threads/${ref}`)).html;
      expect(html).toContain(
        `id="draft-${draft.id}-body">Hi Cleo,\nwe refunded &lt;script&gt;alert(1)&lt;/script&gt; the second charge.</div>`,
      );
      expect(html).toContain(`data-copy-from="draft-${draft.id}-body">Copy</button>`);
      expect(html).toContain("<strong>Ada Admin</strong>");
      expect(html).toContain("copy-button.js");
      const piece = await page.get(`/admin/threads/${ref}/parts/drafts`);
      expect(piece.html).toMatch(/^<section class="panel drafts" id="drafts"/);
      expect(piece.html).toContain(`draft-${draft.id}`);

      const after = await submit(page, `/admin/threads/${ref}/drafts/${draft.id}/discard`, {});
      expect(noticeOf(after.html)).toBe("Draft discarded.");
      expect(after.html).toMatch(
        /<section class="panel drafts" id="drafts" aria-labelledby="drafts-title" hidden/,
      );
      expect(await t.db.select().from(drafts).where(eq(drafts.threadId, thread.id))).toEqual([]);
      expect((await auditOf(org.id, "draft_discarded"))[0]).toMatchObject({
        actor: bob.email,
        client: "web",
      });
    });

    it("answers another thread's or org's draft with a 404, discarding nothing", async () => {
      const { admin, ref } = await desk();
      const made = await send(t, "POST", `/threads/${ref}/drafts`, admin.token, { body: "Keep me" });
      const { draft } = (await made.json()) as { draft: { id: string } };
      const other = await desk();
      const foreign = await other.page.post(`/admin/threads/${ref}/drafts/${draft.id}/discard`, {});
      expect(foreign.status).toBe(404);
      const wrongThread = await other.page.post(`/admin/threads/${other.ref}/drafts/${draft.id}/discard`, {});
      expect(wrongThread.status).toBe(404);
      expect(await t.db.select().from(drafts).where(eq(drafts.id, draft.id))).toHaveLength(1);
    });
  });

  describe("saved replies on the thread page", () => {
    it("fills in the chosen saved reply for this thread on the server, to copy", async () => {
      const { admin, ref, page } = await desk();
      const made = await send(t, "POST", "/saved-replies", admin.token, {
        name: "Refund done",
        body: "Hi {{client.name | there}},\nyour refund for {{thread.ref}} is on its way.\n{{member.name}}",
      });
      expect(made.status).toBe(201);
      const { savedReply } = (await made.json()) as { savedReply: { id: string } };
      const picker = await page.get(`/admin/threads/${ref}`);
      expect(picker.html).toContain(`<option value="${savedReply.id}">Refund done</option>`);
      const shown = await page.get(`/admin/threads/${ref}?reply=${savedReply.id}`);
      expect(shown.status).toBe(200);
      expect(shown.html).toContain(
        `id="saved-reply-text">Hi Cleo Client,\nyour refund for ${ref} is on its way.\nBob Builder</div>`,
      );
      expect(shown.html).toContain('data-copy-from="saved-reply-text">Copy</button>');
      expect(shown.html).toContain(`<option value="${savedReply.id}" selected`);
    });

    it("answers another org's saved reply, or one that does not exist, with a 404", async () => {
      const { ref, page } = await desk();
      const other = await desk();
      const made = await send(t, "POST", "/saved-replies", other.admin.token, {
        name: "Theirs",
        body: "Secret words",
      });
      const { savedReply } = (await made.json()) as { savedReply: { id: string } };
      for (const id of [savedReply.id, "00000000-0000-4000-8000-000000000000", "nonsense"]) {
        const reply = await page.get(`/admin/threads/${ref}?reply=${id}`);
        expect(reply.status).toBe(404);
        expect(reply.html).toContain("Saved reply not found");
        expect(reply.html).not.toContain("Secret words");
      }
    });
  });

  describe("safety", () => {
    it("refuses every change without the session's CSRF token or from another site: 403, nothing changed", async () => {
      const { admin, thread, ref, page } = await desk();
      const made = await send(t, "POST", `/threads/${ref}/drafts`, admin.token, { body: "Keep me" });
      const { draft } = (await made.json()) as { draft: { id: string } };
      await t.db.insert(threadTickets).values({
        orgId: thread.orgId,
        threadId: thread.id,
        ticket: "TKT-1",
        linkedBy: admin.email,
      });
      const changes: [string, Record<string, string>][] = [
        [`/admin/threads/${ref}/notes`, { note: "hello" }],
        [`/admin/threads/${ref}/tags`, { tag: "billing" }],
        [`/admin/threads/${ref}/tags/remove`, { tag: "billing" }],
        [`/admin/threads/${ref}/tickets`, { ticket: "TKT-2" }],
        [`/admin/threads/${ref}/tickets/TKT-1/unlink`, {}],
        [`/admin/threads/${ref}/drafts/${draft.id}/discard`, {}],
        [
          `/admin/threads/${ref}`,
          { status: "open", status_was: "open", priority: "high", priority_was: "normal" },
        ],
      ];
      for (const [path, fields] of changes) {
        expect((await page.post(path, { ...fields, _csrf: "" })).status, path).toBe(403);
        expect((await page.post(path, { ...fields, _csrf: "made-up" })).status, path).toBe(403);
        expect((await page.post(path, fields, { Origin: "https://evil.example" })).status, path).toBe(403);
        expect((await page.post(path, fields, { "Sec-Fetch-Site": "cross-site" })).status, path).toBe(403);
      }
      expect(await t.db.select().from(threadNotes).where(eq(threadNotes.threadId, thread.id))).toEqual([]);
      expect(
        await t.db.select().from(threadTickets).where(eq(threadTickets.threadId, thread.id)),
      ).toHaveLength(1);
      expect(await t.db.select().from(drafts).where(eq(drafts.threadId, thread.id))).toHaveLength(1);
      expect(await threadRow(thread.id)).toMatchObject({ priority: "normal", tags: [] });
      expect(await historyOf(thread.id)).toEqual([]);
    });

    it("answers every change to another org's thread with a 404, nothing changed", async () => {
      const { org, inbox } = await desk();
      const other = await desk();
      // a number the other org has no thread with
      const mine = await makeThread(t.db, org, inbox, { subject: "Mine alone" });
      const ref = `THD-${mine.number}`;
      for (const [path, fields] of [
        [`/admin/threads/${ref}/notes`, { note: "hello" }],
        [`/admin/threads/${ref}/tags`, { tag: "billing" }],
        [`/admin/threads/${ref}/tags/remove`, { tag: "billing" }],
        [`/admin/threads/${ref}/tickets`, { ticket: "TKT-2" }],
        [`/admin/threads/${ref}`, { status: "closed", status_was: "open", priority: "high" }],
      ] as const) {
        const reply = await other.page.post(path, fields);
        expect(reply.status, path).toBe(404);
        expect(reply.html).toContain(`${ref} not found`);
        expect(reply.html).not.toContain("Mine alone");
      }
      expect((await other.page.get(`/admin/threads/${ref}/parts/drafts`)).status).toBe(404);
      expect(await t.db.select().from(threadNotes).where(eq(threadNotes.threadId, mine.id))).toEqual([]);
      expect(await threadRow(mine.id)).toMatchObject({ tags: [], status: "open", priority: "normal" });
      expect(await t.db.select().from(threadTickets).where(eq(threadTickets.threadId, mine.id))).toEqual([]);
    });

    it("sends a signed-out browser to sign in and refuses its POSTs", async () => {
      const { ref } = await desk();
      const anonymous = await t.app.request(`/admin/threads/${ref}/notes`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: "note=hello",
      });
      expect(anonymous.status).toBe(401);
    });
  });
});
