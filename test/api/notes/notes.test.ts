import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, liveEvents, outbox, threadNotes } from "../../../api/src/db/schema";
import { deliverDueMail } from "../../../api/src/outbox/deliver";
import { createPostmarkMailer } from "../../../api/src/outbox/postmark-mailer";
import { makeTestApp, type TestApp } from "../../helpers/app";
import { testDrivers } from "../../helpers/databases";
import { makeMember, makeOrgWithInbox, makeThread } from "../../helpers/factories";
import { type FakePostmark, startFakePostmark } from "../../helpers/fake-postmark";
import { type ErrorReply, send } from "../admin/send";

type Note = {
  id: string;
  author: { email: string; name: string };
  body: string;
  mentions: string[];
  createdAt: string;
};

describe.each(testDrivers)("internal notes on %s", (driver) => {
  let t: TestApp;
  let fake: FakePostmark;
  beforeAll(async () => {
    fake = await startFakePostmark();
    t = await makeTestApp({
      driver,
      mailer: () =>
        createPostmarkMailer({
          POSTMARK_SERVER_TOKEN: fake.token,
          POSTMARK_API_URL: fake.url,
          POSTMARK_MESSAGE_STREAM: "outbound",
        }),
    });
  });
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  async function world() {
    const { org, inbox, admin } = await makeOrgWithInbox(t.db);
    const bob = await makeMember(t.db, org, { email: `bob-${org.slug}@acme.example`, name: "Bob Builder" });
    const thread = await makeThread(t.db, org, inbox, { subject: "Invoice charged twice" });
    return { org, inbox, admin, bob, thread, ref: `THD-${thread.number}` };
  }

  async function addNote(ref: string, token: string, body: unknown) {
    const res = await send(t, "POST", `/threads/${ref}/notes`, token, body);
    return { status: res.status, body: (await res.json()) as { note: Note } & ErrorReply };
  }

  const received = (to: string) => fake.received.filter((email) => email.body.To === to);

  it("keeps a note, shown in the thread detail with its author", async () => {
    const { admin, ref } = await world();
    const added = await addNote(ref, admin.token, { body: "  Called the client, waiting for the PDF.  " });
    expect(added.status).toBe(201);
    expect(added.body.note).toEqual({
      id: expect.any(String),
      author: { email: admin.email, name: "Ada Admin" },
      body: "Called the client, waiting for the PDF.",
      mentions: [],
      createdAt: expect.any(String),
    });
    const detail = await send(t, "GET", `/threads/${ref}`, admin.token);
    const thread = ((await detail.json()) as { thread: { notes: Note[] } }).thread;
    expect(thread.notes).toEqual([added.body.note]);
    const listed = await send(t, "GET", `/threads/${ref}/notes`, admin.token);
    expect(((await listed.json()) as { notes: Note[] }).notes).toEqual([added.body.note]);
  });

  it("emails a mentioned member a link to the thread, replying to the author", async () => {
    const { org, admin, bob, ref } = await world();
    const added = await addNote(ref, admin.token, {
      body: `@${bob.email.toUpperCase()} can you check the invoice?`,
    });
    expect(added.body.note.mentions).toEqual([bob.email]);
    const [queued] = await t.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.orgId, org.id), eq(outbox.kind, "mention")));
    expect(queued).toMatchObject({ recipient: bob.email, status: "pending", messageId: null });

    await deliverDueMail(t.deps);
    const [mail] = received(bob.email);
    expect(mail?.body).toMatchObject({
      To: bob.email,
      ReplyTo: admin.email,
      From: `"Ada Admin (${org.name})" <notifications@tisket.test>`,
      Subject: `Ada Admin mentioned you in ${ref}: Invoice charged twice`,
    });
    expect(mail?.body.TextBody).toContain(`can you check the invoice?`);
    expect(mail?.body.TextBody).toContain(`http://tisket.test/admin/threads/${ref}`);
    expect(mail?.body.HtmlBody).toBeUndefined();
    expect(String(mail?.body.Subject)).not.toMatch(/\[THD-\d+\]/);
  });

  it("leaves an address that is no member's as text: no mention, no email", async () => {
    const { org, admin, ref, thread } = await world();
    const other = await world();
    const body = `ask @nobody@acme.example, @${other.bob.email} and @${thread.clientEmail} about it`;
    const added = await addNote(ref, admin.token, { body });
    expect(added.status).toBe(201);
    expect(added.body.note).toMatchObject({ body, mentions: [] });
    expect(await t.db.select().from(outbox).where(eq(outbox.orgId, org.id))).toEqual([]);
  });

  it("emails each mentioned member once, and not the author who mentions themselves", async () => {
    const { org, admin, bob, ref } = await world();
    const added = await addNote(ref, admin.token, {
      body: `@${bob.email} and again @${bob.email}. cc @${admin.email}`,
    });
    expect(added.body.note.mentions).toEqual([bob.email, admin.email]);
    const queued = await t.db.select().from(outbox).where(eq(outbox.orgId, org.id));
    expect(queued.map((row) => row.recipient)).toEqual([bob.email]);
  });

  it("tells the thread's live subscribers, and records the note in the audit log with the client", async () => {
    const { org, admin, bob, ref, thread } = await world();
    const res = await t.app.request(`/api/v1/threads/${ref}/notes`, {
      method: "POST",
      headers: {
        Authorization: `Bearer ${admin.token}`,
        "Content-Type": "application/json",
        "X-Tisket-Client": "outlook",
      },
      body: JSON.stringify({ body: `@${bob.email} look` }),
    });
    const { note } = (await res.json()) as { note: Note };
    const events = await t.db.select().from(liveEvents).where(eq(liveEvents.threadId, thread.id));
    expect(events.map((event) => [event.type, event.data])).toEqual([
      [
        "note",
        { ref, noteId: note.id, author: { email: admin.email, name: "Ada Admin" }, mentions: [bob.email] },
      ],
    ]);
    const [row] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, org.id), eq(auditLog.kind, "note_added")));
    expect(row).toMatchObject({
      actorId: admin.id,
      client: "outlook",
      target: ref,
      detail: { noteId: note.id, mentions: [bob.email] },
    });
  });

  it.each([
    [{}, "body"],
    [{ body: "   " }, "body"],
    [{ body: 42 }, "body"],
    [{ body: "x".repeat(20 * 1024 + 1) }, "body"],
    [{ body: "é".repeat(10 * 1024 + 1) }, "body"],
  ])("refuses a note %# naming %s, keeping nothing", async (body, field) => {
    const { admin, ref, thread } = await world();
    const res = await addNote(ref, admin.token, body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(new RegExp(`^${field}:`));
    expect(await t.db.select().from(threadNotes).where(eq(threadNotes.threadId, thread.id))).toEqual([]);
  });

  it("takes a note of exactly 20 KB", async () => {
    const { admin, ref } = await world();
    expect((await addNote(ref, admin.token, { body: "x".repeat(20 * 1024) })).status).toBe(201);
  });

  it("answers 404 for another org's thread, keeping nothing and emailing no one", async () => {
    const mine = await makeOrgWithInbox(t.db);
    const theirs = await world();
    const res = await addNote(theirs.ref, mine.admin.token, { body: `@${theirs.bob.email} hi` });
    expect(res.status).toBe(404);
    expect(await t.db.select().from(threadNotes).where(eq(threadNotes.threadId, theirs.thread.id))).toEqual(
      [],
    );
    expect((await send(t, "GET", `/threads/${theirs.ref}/notes`, mine.admin.token)).status).toBe(404);
    expect(await t.db.select().from(outbox).where(eq(outbox.orgId, theirs.org.id))).toEqual([]);
  });

  it("keeps hostile markup as the text it is", async () => {
    const { admin, ref } = await world();
    const body = `<img src=x onerror="alert(1)"><script>alert(2)</script>`;
    const added = await addNote(ref, admin.token, { body });
    expect(added.body.note.body).toBe(body);
  });
});
