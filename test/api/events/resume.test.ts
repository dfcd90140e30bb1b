import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pruneLiveEvents } from "../../../api/src/events/events.statements";
import { bearer, makeTestApp, type TestApp } from "../../helpers/app";
import { makeOrgWithInbox, makeThread } from "../../helpers/factories";
import { eventsOnlyApp, publishIn } from "./events-setup";
import { type EventStreamReader, openEventStream, viaApp } from "./sse-reader";

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t?.close());

const open = (path: string, headers: Record<string, string> = {}) =>
  openEventStream(viaApp(t.app), path, headers);

async function idsOf(stream: EventStreamReader, count: number): Promise<number[]> {
  const ids: number[] = [];
  while (ids.length < count) ids.push((await stream.nextEvent()).id);
  return ids;
}

describe("resuming after Last-Event-ID", () => {
  it("replays the org's later events, then goes on live", async () => {
    const { org, inbox, admin } = await makeOrgWithInbox(t.db);
    const other = await makeOrgWithInbox(t.db);
    const thread = await makeThread(t.db, org, inbox);
    const seen = await publishIn(t.db, { orgId: org.id, threadId: thread.id, type: "thread" });
    const missed = [
      await publishIn(t.db, { orgId: org.id, threadId: thread.id, type: "message" }),
      await publishIn(t.db, { orgId: org.id, threadId: null, type: "presence" }),
    ];
    await publishIn(t.db, { orgId: other.org.id, threadId: null, type: "presence" });

    const stream = await open("/api/v1/events", { ...bearer(admin.token), "Last-Event-ID": String(seen) });
    expect(await idsOf(stream, 2)).toEqual(missed);
    const live = await publishIn(t.db, { orgId: org.id, threadId: thread.id, type: "thread" });
    expect((await stream.nextEvent()).id).toBe(live);
    await stream.close();
  });

  it("takes the id from the lastEventId query too, and replays only the thread's events on a thread stream", async () => {
    const { org, inbox, admin } = await makeOrgWithInbox(t.db);
    const thread = await makeThread(t.db, org, inbox);
    const elsewhere = await makeThread(t.db, org, inbox);
    const seen = await publishIn(t.db, { orgId: org.id, threadId: thread.id, type: "thread" });
    await publishIn(t.db, { orgId: org.id, threadId: elsewhere.id, type: "thread" });
    const missed = await publishIn(t.db, {
      orgId: org.id,
      threadId: thread.id,
      type: "presence",
      data: { a: 1 },
    });

    const stream = await open(
      `/api/v1/threads/THD-${thread.number}/events?lastEventId=${seen}`,
      bearer(admin.token),
    );
    expect(await stream.nextEvent()).toEqual({
      event: "presence",
      id: missed,
      data: { a: 1, thread: `THD-${thread.number}` },
    });
    await stream.close();
  });

  it("neither loses nor repeats events that land while it replays", async () => {
    const { org, admin } = await makeOrgWithInbox(t.db);
    const before = await publishIn(t.db, { orgId: org.id, threadId: null, type: "presence" });
    const published = [await publishIn(t.db, { orgId: org.id, threadId: null, type: "presence" })];
    const publishing = (async () => {
      for (let i = 0; i < 20; i++)
        published.push(await publishIn(t.db, { orgId: org.id, threadId: null, type: "presence" }));
    })();
    const stream = await open("/api/v1/events", { ...bearer(admin.token), "Last-Event-ID": String(before) });
    await publishing;
    const received = await idsOf(stream, published.length);
    expect(received.sort((a, b) => a - b)).toEqual(published);
    const last = await publishIn(t.db, { orgId: org.id, threadId: null, type: "presence" });
    // the next event is the new one: nothing was sent twice
    expect((await stream.nextEvent()).id).toBe(last);
    await stream.close();
  });

  it("no longer replays events the sweep pruned", async () => {
    const { org, admin } = await makeOrgWithInbox(t.db);
    const seen = await publishIn(t.db, { orgId: org.id, threadId: null, type: "presence" });
    await publishIn(t.db, { orgId: org.id, threadId: null, type: "presence" });
    expect(await pruneLiveEvents(t.db, new Date(Date.now() + 60_000))).toBeGreaterThanOrEqual(2);

    const stream = await open("/api/v1/events", { ...bearer(admin.token), "Last-Event-ID": String(seen) });
    const live = await publishIn(t.db, { orgId: org.id, threadId: null, type: "presence" });
    expect((await stream.nextEvent()).id).toBe(live);
    await stream.close();
  });
});

describe("stream lifetime", () => {
  it("sends a retry hint first and keep-alive comments while idle", async () => {
    const { admin } = await makeOrgWithInbox(t.db);
    const app = eventsOnlyApp(t.deps, { keepAliveMs: 20, retryMs: 1_500 });
    const response = await app.request("/api/v1/events", { headers: bearer(admin.token) });
    const text = await readUntil(response, ": keep-alive\n\n");
    expect(text.startsWith("retry: 1500\n\n")).toBe(true);
  });

  it("leaves the hub when the client disconnects", async () => {
    const { admin } = await makeOrgWithInbox(t.db);
    const hub = t.deps.eventHub;
    const before = hub.subscriberCount();
    const stream = await open("/api/v1/events", bearer(admin.token));
    expect(hub.subscriberCount()).toBe(before + 1);
    await stream.close();
    await expect.poll(() => hub.subscriberCount()).toBe(before);
  });

  it("ends open streams when the hub stops, and refuses new ones", async () => {
    const own = await makeTestApp();
    try {
      const { admin } = await makeOrgWithInbox(own.db);
      const stream = await openEventStream(viaApp(own.app), "/api/v1/events", bearer(admin.token));
      await own.deps.eventHub.stop();
      await expect(stream.nextEvent()).rejects.toThrow("ended");
      const refused = await own.app.request("/api/v1/events", { headers: bearer(admin.token) });
      expect(refused.status).toBe(503);
    } finally {
      await own.close();
    }
  });
});

async function readUntil(response: Response, marker: string): Promise<string> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  while (!text.includes(marker)) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  await reader.cancel();
  return text;
}
