import { randomUUID } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { liveEvents, messages, outbox, threadParticipants, threads } from "../../../api/src/db/schema";
import { testDrivers } from "../../helpers/databases";
import { makeInbox, makeMember, makeOrg } from "../../helpers/factories";
import {
  type ContextReply,
  errorOf,
  type StaffWorld,
  type SummaryView,
  staffWorld,
} from "../presence/staff-world";

type Created = { thread: SummaryView; subject: string };

describe.each(testDrivers)("POST /threads (staff-initiated) on %s", (driver) => {
  let w: StaffWorld;
  beforeAll(async () => {
    w = await staffWorld(driver);
  });
  afterAll(() => w?.close());

  const clientAddress = () => `client-${randomUUID().slice(0, 8)}@client.example`;
  const start = (token: string, body: Record<string, unknown>) =>
    w.call<Created>("POST", "/threads", token, { inbox: "support", subject: "Your order", ...body });
  const storedThread = async (orgId: string, ref: string) => {
    const [row] = await w.db
      .select()
      .from(threads)
      .where(and(eq(threads.orgId, orgId), eq(threads.number, Number(ref.slice(4)))));
    return row!;
  };

  it("starts a thread for the client and answers it with the tagged subject", async () => {
    const client = clientAddress();
    const bob = await w.member("Bob Builder");
    const res = await start(bob.token, { clientEmail: client.toUpperCase(), clientName: "Ida Client" });
    expect(res.status).toBe(201);
    const { thread, subject } = res.body;
    expect(subject).toBe(`[${thread.ref}] Your order`);
    expect(thread).toMatchObject({
      status: "open",
      subject: "Your order",
      inbox: { name: "support", address: "support.acme@tisket.test" },
      client: { email: client, name: "Ida Client" },
      assignee: null,
      messageCount: 0,
      lastMessage: null,
    });
    const row = await storedThread(w.org.id, thread.ref);
    // no mail yet: nothing about a last message, and no response clock running
    expect(row).toMatchObject({
      startedBy: "staff",
      messageCount: 0,
      lastMessageDirection: null,
      lastMessageFrom: null,
      firstClientMessageAt: null,
      firstResponseDueAt: null,
      resolutionDueAt: null,
      linkedThreadId: null,
    });
    const people = await w.db
      .select()
      .from(threadParticipants)
      .where(eq(threadParticipants.threadId, row.id));
    expect(people.map((p) => p.email).sort()).toEqual([bob.email, client].sort());
    const events = await w.db.select().from(liveEvents).where(eq(liveEvents.threadId, row.id));
    expect(events).toMatchObject([
      { type: "thread", data: { ref: thread.ref, created: true, startedBy: "staff" } },
    ]);
    expect(await w.db.select().from(outbox).where(eq(outbox.recipient, client))).toEqual([]);
  });

  it("keeps a subject's own words, dropping reply prefixes and a stale tag", async () => {
    const bob = await w.member("Bob");
    const res = await start(bob.token, {
      clientEmail: clientAddress(),
      subject: "Re: [THD-77] Delivery date",
    });
    expect(res.body.subject).toBe(`[${res.body.thread.ref}] Delivery date`);
  });

  it("answers 400 naming the field for an unknown inbox or a bad address", async () => {
    const bob = await w.member("Bob");
    const cases: [Record<string, unknown>, string][] = [
      [{ inbox: "sales", clientEmail: clientAddress() }, "inbox"],
      [{ clientEmail: "not-an-address" }, "clientEmail"],
      [{ clientEmail: "Ida <ida@client.example>" }, "clientEmail"],
      [{ clientEmail: bob.email }, "clientEmail"],
      [{ clientEmail: "support.acme@tisket.test" }, "clientEmail"],
      [{ clientEmail: clientAddress(), subject: "   " }, "subject"],
      [{ clientEmail: clientAddress(), inbox: undefined }, "inbox"],
    ];
    for (const [body, field] of cases) {
      const res = await w.call("POST", "/threads", bob.token, { inbox: "support", subject: "Hi", ...body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.message).toContain(field);
    }
  });

  it("files the member's tagged mail into the thread as outbound, then the client's reply", async () => {
    const client = clientAddress();
    const bob = await makeMember(w.db, w.org, { name: "Bob Builder" });
    const { thread, subject } = (await start(bob.token, { clientEmail: client, subject: "Your invoice" }))
      .body;
    const staffMessageId = `<${randomUUID()}@mail.acme.example>`;
    const sent = await w.send({
      from: `Bob Builder <${bob.email}>`,
      to: [`Ida Client <${client}>`],
      cc: ["support.acme@tisket.test"],
      originalRecipient: "support.acme@tisket.test",
      subject,
      messageId: staffMessageId,
    });
    expect(sent).toMatchObject({ status: 200, body: { threads: [thread.ref] } });
    w.clock.advance(60);
    const reply = await w.send({
      from: `Ida Client <${client}>`,
      to: [`Bob Builder <${bob.email}>`],
      cc: ["support.acme@tisket.test"],
      originalRecipient: "support.acme@tisket.test",
      subject: `Re: ${subject}`,
      inReplyTo: staffMessageId,
      references: staffMessageId,
    });
    expect(reply).toMatchObject({ status: 200, body: { threads: [thread.ref] } });

    const row = await storedThread(w.org.id, thread.ref);
    const filed = await w.db
      .select()
      .from(messages)
      .where(eq(messages.threadId, row.id))
      .orderBy(asc(messages.createdAt));
    expect(filed.map((m) => [m.direction, m.fromEmail])).toEqual([
      ["outbound", bob.email],
      ["inbound", client],
    ]);
    expect(row).toMatchObject({ startedBy: "staff", messageCount: 2, lastMessageDirection: "inbound" });
    expect(await w.db.select().from(outbox).where(eq(outbox.recipient, client))).toEqual([]);
    const carol = await w.member("Carol");
    const seen = await w.call<ContextReply>("POST", "/context", carol.token, {
      client: "outlook",
      activity: "viewing",
      messageId: staffMessageId,
    });
    expect(seen.body.thread).toMatchObject({ ref: thread.ref, messageCount: 2 });
  });

  it("starts the thread in the caller's own org, numbered there, invisible to other orgs", async () => {
    const other = await makeOrg(w.db);
    const stranger = await makeMember(w.db, other, { name: "Sam Stranger" });
    const noInbox = await start(stranger.token, { clientEmail: clientAddress() });
    expect(noInbox.status).toBe(400);
    expect(errorOf(noInbox).message).toContain("inbox");

    await makeInbox(w.db, other, { name: "support" });
    const theirs = await start(stranger.token, { clientEmail: clientAddress() });
    expect(theirs.status).toBe(201);
    expect(theirs.body.thread.ref).toBe("THD-1");
    expect(theirs.body.thread.inbox.address).toBe(`support.${other.slug}@tisket.test`);
    const bob = await w.member("Bob");
    await start(bob.token, { clientEmail: clientAddress() });
    const ours = await start(bob.token, { clientEmail: clientAddress(), subject: "Ours" });
    expect(ours.body.thread.ref).not.toBe("THD-1");
    const peek = await w.call<ContextReply>("POST", "/context", stranger.token, {
      client: "web",
      activity: "composing",
      subject: ours.body.subject,
      to: [ours.body.thread.client.email],
    });
    expect(peek.body).toEqual({
      me: { email: stranger.email, name: stranger.name },
      thread: null,
      presence: [],
      candidates: [],
      inboxes: [
        {
          name: "support",
          address: `support.${other.slug}@tisket.test`,
          customAddress: null,
          addressed: false,
        },
      ],
      // a draft is offered its org's saved replies: none of another org's
      savedReplies: [],
    });
  });

  it("documents the staff API in the OpenAPI document", async () => {
    const res = await w.app.request("/api/v1/openapi.json");
    const doc = (await res.json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths["/api/v1/threads"] ?? {}).sort()).toEqual(["get", "post"]);
    expect(Object.keys(doc.paths["/api/v1/presence"] ?? {}).sort()).toEqual(["delete", "put"]);
    expect(Object.keys(doc.paths["/api/v1/context"] ?? {})).toEqual(["post"]);
  });
});
