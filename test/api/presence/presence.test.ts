import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { presence, threads } from "../../../api/src/db/schema";
import { PresenceEventSchema } from "../../../api/src/events/payloads";
import { sweepExpiredPresence, sweepPresenceOccasionally } from "../../../api/src/presence/sweep-presence";
import { formatRef, parseRef } from "../../../shared/src/subject-tag";
import { testDrivers } from "../../helpers/databases";
import { makeInbox, makeMember, makeOrg, makeThread } from "../../helpers/factories";
import { recordingLogger } from "../outbox/outbox-fixtures";
import { errorOf, type PresenceReply, type StaffWorld, staffWorld } from "./staff-world";

describe.each(testDrivers)("presence on %s", (driver) => {
  let w: StaffWorld;
  beforeAll(async () => {
    w = await staffWorld(driver);
  });
  afterAll(() => w?.close());

  async function scene() {
    const thread = await w.thread();
    const bob = await w.member("Bob Builder");
    const carol = await w.member("Carol Chen");
    const ref = formatRef(thread.number);
    const beat = (token: string, body: Record<string, unknown> = {}) =>
      w.call<PresenceReply>("PUT", "/presence", token, {
        thread: ref,
        activity: "viewing",
        client: "web",
        ...body,
      });
    const leave = (token: string, body: Record<string, unknown> = {}) =>
      w.call<PresenceReply>("DELETE", "/presence", token, { thread: ref, client: "web", ...body });
    return { thread, bob, carol, ref, beat, leave };
  }

  it("shows a member to the others in the thread, never to themselves", async () => {
    const { bob, carol, beat } = await scene();
    const first = await beat(bob.token, { client: "outlook" });
    expect(first).toEqual({ status: 200, body: { presence: [] } });
    const now = w.clock.now();
    const seen = await beat(carol.token, { activity: "composing" });
    expect(seen.body.presence).toEqual([
      {
        member: { email: bob.email, name: "Bob Builder" },
        activity: "viewing",
        client: "outlook",
        since: now.toISOString(),
        expiresAt: new Date(now.getTime() + 30_000).toISOString(),
      },
    ]);
    const back = await beat(bob.token, { client: "outlook" });
    expect(back.body.presence.map((p) => [p.member.email, p.activity, p.client])).toEqual([
      [carol.email, "composing", "web"],
    ]);
  });

  it("keeps `since` while the activity continues and resets it when the activity changes", async () => {
    const { bob, carol, beat } = await scene();
    const start = w.clock.now().toISOString();
    await beat(bob.token);
    w.clock.advance(20);
    await beat(bob.token, { ttlSeconds: 60 });
    const stillViewing = await beat(carol.token);
    expect(stillViewing.body.presence[0]).toMatchObject({
      activity: "viewing",
      since: start,
      expiresAt: new Date(w.clock.now().getTime() + 60_000).toISOString(),
    });
    w.clock.advance(5);
    const changedAt = w.clock.now().toISOString();
    await beat(bob.token, { activity: "composing" });
    const composing = await beat(carol.token);
    expect(composing.body.presence[0]).toMatchObject({ activity: "composing", since: changedAt });
  });

  it("publishes a live event when presence appears, changes or ends, not for a plain heartbeat", async () => {
    const { thread, ref, bob, beat, leave } = await scene();
    await beat(bob.token);
    w.clock.advance(10);
    await beat(bob.token);
    await beat(bob.token, { ttlSeconds: 120 });
    expect(await w.presenceEvents(thread)).toHaveLength(1);
    await beat(bob.token, { activity: "composing" });
    await leave(bob.token);
    const events = await w.presenceEvents(thread);
    expect(events.map((event) => [event.data.activity, event.data.reason])).toEqual([
      ["viewing", "heartbeat"],
      ["composing", "heartbeat"],
      [null, "left"],
    ]);
    expect(events[0]).toMatchObject({
      orgId: w.org.id,
      data: { ref, member: { email: bob.email, name: "Bob Builder" }, client: "web" },
    });
    // the statement-built heartbeat event and the TypeScript-built leave event say the same things
    for (const event of events) expect(PresenceEventSchema.strict().parse(event.data)).toEqual(event.data);
  });

  it("hides presence once it expires", async () => {
    const { bob, carol, beat } = await scene();
    await beat(bob.token, { client: "gmail", ttlSeconds: 10 });
    await beat(bob.token, { client: "outlook" });
    w.clock.advance(11);
    const later = await beat(carol.token);
    expect(later.body.presence.map((p) => p.client)).toEqual(["outlook"]);
    w.clock.advance(20);
    expect((await beat(carol.token)).body.presence).toEqual([]);
  });

  it("sweeps expired presence away and tells subscribers it ended", async () => {
    const { thread, bob, carol, beat } = await scene();
    await beat(bob.token, { client: "gmail", ttlSeconds: 10 });
    await beat(carol.token, { ttlSeconds: 60 });
    w.clock.advance(11);
    expect(await sweepExpiredPresence(w.db, w.clock.now())).toBeGreaterThanOrEqual(1);
    const rows = await w.db.select().from(presence).where(eq(presence.threadId, thread.id));
    expect(rows.map((row) => row.memberId)).toEqual([carol.id]);
    const ended = (await w.presenceEvents(thread)).filter((event) => event.data.reason === "expired");
    expect(ended.map((event) => [event.data.member, event.data.client, event.data.activity])).toEqual([
      [{ email: bob.email, name: "Bob Builder" }, "gmail", null],
    ]);
  });

  it("lets heartbeats sweep now and then, without a timer", async () => {
    const { thread, bob, carol, beat } = await scene();
    await beat(bob.token, { ttlSeconds: 10 });
    w.clock.advance(31);
    await beat(carol.token);
    const rows = await w.db.select().from(presence).where(eq(presence.threadId, thread.id));
    expect(rows.map((row) => row.memberId)).toEqual([carol.id]);
    expect((await w.presenceEvents(thread)).at(-1)?.data).toMatchObject({ reason: "expired" });
  });

  it("logs a sweep that fails instead of throwing, and sweeps again at the next chance", async () => {
    const log = recordingLogger();
    const failing = new Proxy(w.db, {
      get: (target, property, receiver) =>
        property === "transaction"
          ? () => Promise.reject(new Error("Connection terminated unexpectedly"))
          : Reflect.get(target, property, receiver),
    });
    const deps = { db: failing, log, lastSweptAt: { rateLimits: undefined, presence: undefined } };
    await sweepPresenceOccasionally(deps, w.clock.now(), 0);
    await sweepPresenceOccasionally(deps, w.clock.now(), 0);
    expect(log.lines).toEqual(
      Array(2).fill({
        level: "error",
        message: "presence sweep failed",
        context: { error: "Connection terminated unexpectedly" },
      }),
    );
  });

  it("starts a fresh `since` when a member comes back after their presence expired", async () => {
    const { bob, carol, beat } = await scene();
    await beat(bob.token);
    w.clock.advance(31);
    const backAt = w.clock.now().toISOString();
    await beat(bob.token);
    expect((await beat(carol.token)).body.presence[0]?.since).toBe(backAt);
  });

  it("removes a member who leaves; leaving one activity keeps the other", async () => {
    const { thread, bob, carol, beat, leave } = await scene();
    await beat(bob.token);
    const wrongActivity = await leave(bob.token, { activity: "composing" });
    expect(wrongActivity.status).toBe(200);
    expect((await beat(carol.token)).body.presence).toHaveLength(1);
    const left = await leave(bob.token, { activity: "viewing" });
    expect(left.status).toBe(200);
    expect((await beat(carol.token)).body.presence).toEqual([]);
    const again = await leave(bob.token);
    expect(again.status).toBe(200);
    const leftEvents = (await w.presenceEvents(thread)).filter((event) => event.data.reason === "left");
    expect(leftEvents).toHaveLength(1);
  });

  it("answers 400 naming the field for bad input", async () => {
    const { bob, ref, beat, leave } = await scene();
    const cases: [Record<string, unknown>, string][] = [
      [{ ttlSeconds: 9 }, "ttlSeconds"],
      [{ ttlSeconds: 901 }, "ttlSeconds"],
      [{ ttlSeconds: 12.5 }, "ttlSeconds"],
      [{ activity: "typing" }, "activity"],
      [{ client: "thunderbird" }, "client"],
      [{ thread: undefined }, "thread"],
    ];
    for (const [body, field] of cases) {
      const res = await beat(bob.token, body);
      expect(res.status).toBe(400);
      expect(errorOf(res).code).toBe("bad_request");
      expect(errorOf(res).message).toContain(field);
    }
    const noClient = await w.call("DELETE", "/presence", bob.token, { thread: ref });
    expect(noClient.status).toBe(400);
    expect(noClient.body.error.message).toContain("client");
    expect((await leave(bob.token, { activity: "idle" })).status).toBe(400);
  });

  it("answers 404 for a thread that does not exist or belongs to another org", async () => {
    const { bob, ref, beat, leave } = await scene();
    for (const thread of ["THD-999999", "not-a-ref"]) {
      expect((await beat(bob.token, { thread })).status).toBe(404);
      expect((await leave(bob.token, { thread })).status).toBe(404);
    }
    const other = await makeOrg(w.db);
    const stranger = await makeMember(w.db, other, { name: "Sam Stranger" });
    const foreign = await beat(stranger.token, { thread: ref });
    expect(foreign.status).toBe(404);
    expect(errorOf(foreign).code).toBe("not_found");
    expect((await leave(stranger.token, { thread: ref })).status).toBe(404);
  });

  it("keeps each org's presence to itself when thread numbers coincide", async () => {
    const { thread, bob, beat } = await scene();
    const other = await makeOrg(w.db);
    const otherInbox = await makeInbox(w.db, other);
    for (let n = 1; n < thread.number; n++) await makeThread(w.db, other, otherInbox);
    const twin = await makeThread(w.db, other, otherInbox);
    expect(twin.number).toBe(thread.number);
    const stranger = await makeMember(w.db, other, { name: "Sam Stranger" });
    await beat(bob.token);
    expect((await beat(stranger.token)).body.presence).toEqual([]);
    expect((await beat(bob.token)).body.presence).toEqual([]);
  });

  it("asks for credentials", async () => {
    const res = await w.app.request("/api/v1/presence", {
      method: "PUT",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ thread: "THD-1", activity: "viewing", client: "web" }),
    });
    expect(res.status).toBe(401);
  });

  it("ends a member's `composing` when their reply lands through the webhook", async () => {
    const opened = await w.send({ from: "Cleo Client <cleo@client.example>", subject: "Invoice is wrong" });
    const ref = (opened.body.threads as string[])[0]!;
    const bob = await makeMember(w.db, w.org, { name: "Bob Builder" });
    const carol = await w.member("Carol Chen");
    const beat = (token: string, activity: string) =>
      w.call<PresenceReply>("PUT", "/presence", token, {
        thread: ref,
        activity,
        client: "gmail",
        ttlSeconds: 300,
      });
    await beat(bob.token, "composing");
    expect((await beat(carol.token, "viewing")).body.presence).toMatchObject([{ activity: "composing" }]);

    const reply = await w.send({
      from: `Bob Builder <${bob.email}>`,
      to: ["cleo@client.example"],
      cc: ["support.acme@tisket.test"],
      originalRecipient: "support.acme@tisket.test",
      subject: `Re: [${ref}] Invoice is wrong`,
    });
    expect(reply.body.threads).toEqual([ref]);
    expect((await beat(carol.token, "viewing")).body.presence).toEqual([]);
    const [thread] = await w.db
      .select()
      .from(threads)
      .where(and(eq(threads.orgId, w.org.id), eq(threads.number, parseRef(ref)!)));
    const replied = (await w.presenceEvents(thread!)).filter((event) => event.data.reason === "replied");
    expect(replied.map((event) => PresenceEventSchema.strict().parse(event.data))).toEqual([
      {
        ref,
        memberId: bob.id,
        member: { email: bob.email, name: "Bob Builder" },
        client: "gmail",
        activity: null,
        since: null,
        expiresAt: null,
        reason: "replied",
      },
    ]);
  });
});
