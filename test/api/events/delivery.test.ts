import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { liveEvents, threads } from "../../../api/src/db/schema";
import { insertLiveEvent } from "../../../api/src/events/events.statements";
import { bearer, makeTestApp, type TestApp } from "../../helpers/app";
import { testDrivers } from "../../helpers/databases";
import { makeOrgWithInbox, makeThread } from "../../helpers/factories";
import { inboundPayload, postInbound } from "../../helpers/postmark-payloads";
import { publishIn } from "./events-setup";
import { openEventStream, viaApp } from "./sse-reader";

describe.each(testDrivers)("live events on %s", (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp({ driver });
  });
  afterAll(() => t?.close());

  it("streams a filed message, a thread change and a presence change to the org's stream", async () => {
    const { org, admin } = await makeOrgWithInbox(t.db);
    const stream = await openEventStream(viaApp(t.app), "/api/v1/events", bearer(admin.token));
    expect(stream.response.headers.get("content-type")).toContain("text/event-stream");

    const filed = await postInbound(t.app, inboundPayload({ to: [`support.${org.slug}@tisket.test`] }));
    expect(filed.status).toBe(200);
    const message = await stream.nextEvent();
    expect(message).toMatchObject({
      event: "message",
      data: { thread: "THD-1", direction: "inbound", from: "cleo@client.example" },
    });
    const [stored] = await t.db.select().from(liveEvents).where(eq(liveEvents.id, message.id));
    expect(stored).toMatchObject({ orgId: org.id, type: "message" });

    const [thread] = await t.db.select().from(threads).where(eq(threads.orgId, org.id));
    const statusId = await publishIn(t.db, {
      orgId: org.id,
      threadId: thread!.id,
      type: "thread",
      data: { status: "resolved", previousStatus: "open" },
    });
    expect(await stream.nextEvent()).toEqual({
      event: "thread",
      id: statusId,
      data: { status: "resolved", previousStatus: "open", thread: "THD-1" },
    });

    const presenceId = await publishIn(t.db, {
      orgId: org.id,
      threadId: thread!.id,
      type: "presence",
      data: { member: { email: admin.email, name: admin.name }, activity: "composing", client: "gmail" },
    });
    expect(await stream.nextEvent()).toEqual({
      event: "presence",
      id: presenceId,
      data: {
        member: { email: admin.email, name: admin.name },
        activity: "composing",
        client: "gmail",
        thread: "THD-1",
      },
    });
    await stream.close();
  });

  it("streams only the thread's own events on a thread stream", async () => {
    const { org, inbox, admin } = await makeOrgWithInbox(t.db);
    const watched = await makeThread(t.db, org, inbox);
    const other = await makeThread(t.db, org, inbox);
    const stream = await openEventStream(
      viaApp(t.app),
      `/api/v1/threads/THD-${watched.number}/events`,
      bearer(admin.token),
    );

    await publishIn(t.db, { orgId: org.id, threadId: other.id, type: "thread", data: { status: "closed" } });
    await publishIn(t.db, { orgId: org.id, threadId: null, type: "thread", data: { note: "org-wide" } });
    const mine = await publishIn(t.db, {
      orgId: org.id,
      threadId: watched.id,
      type: "thread",
      data: { status: "in_progress" },
    });
    expect(await stream.nextEvent()).toEqual({
      event: "thread",
      id: mine,
      data: { status: "in_progress", thread: `THD-${watched.number}` },
    });
    await stream.close();
  });

  // ids are taken at insert and seen at commit: a lower id may commit after a higher one
  it.skipIf(driver === "pglite")(
    "delivers an event whose transaction commits after a later one",
    async () => {
      const { org, admin } = await makeOrgWithInbox(t.db);
      const stream = await openEventStream(viaApp(t.app), "/api/v1/events", bearer(admin.token));
      let commit = () => {};
      const held = new Promise<void>((resolve) => {
        commit = resolve;
      });
      let inserted = (_id: number) => {};
      const earlierId = new Promise<number>((resolve) => {
        inserted = resolve;
      });
      const slow = t.db.transaction(async (tx) => {
        inserted(await insertLiveEvent(tx, { orgId: org.id, threadId: null, type: "presence", data: {} }));
        await held;
      });
      const earlier = await earlierId;
      const later = await publishIn(t.db, { orgId: org.id, threadId: null, type: "presence" });
      expect(later).toBeGreaterThan(earlier);
      expect((await stream.nextEvent()).id).toBe(later);
      commit();
      await slow;
      expect((await stream.nextEvent()).id).toBe(earlier);
      await stream.close();
    },
  );

  it("hands every event to each of many streams of one thread", async () => {
    const { org, inbox, admin } = await makeOrgWithInbox(t.db);
    const thread = await makeThread(t.db, org, inbox);
    const streams = await Promise.all(
      Array.from({ length: 20 }, () =>
        openEventStream(viaApp(t.app), `/api/v1/threads/THD-${thread.number}/events`, bearer(admin.token)),
      ),
    );
    const id = await publishIn(t.db, { orgId: org.id, threadId: thread.id, type: "presence", data: {} });
    const received = await Promise.all(streams.map((stream) => stream.nextEvent()));
    expect(received.map((event) => event.id)).toEqual(streams.map(() => id));
    await Promise.all(streams.map((stream) => stream.close()));
  });
});
