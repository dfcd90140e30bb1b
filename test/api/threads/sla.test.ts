import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inboxes } from "../../../api/src/db/schema";
import { OPERATOR_TOKEN } from "../../helpers/app";
import { fakeClock } from "../../helpers/clock";
import { testDrivers } from "../../helpers/databases";
import { makeInbox, makeOrgWithInbox, makeThread } from "../../helpers/factories";
import { type ErrorReply, send } from "../admin/send";
import { firstThreadRef, type InboundWorld, inboundWorld } from "../inbound/inbound-setup";

type Sla = { firstResponseDueAt: string | null; resolutionDueAt: string | null; breached: boolean };
type Summary = { ref: string; sla: Sla };

const MINUTE = 60_000;

describe.each(testDrivers)("response targets on %s", (driver) => {
  const clock = fakeClock(new Date("2026-03-02T09:00:00.000Z"));
  let world: InboundWorld;
  beforeAll(async () => {
    world = await inboundWorld(driver, { deps: { clock } });
  });
  afterAll(() => world?.close());

  const later = (ms: number) => new Date(clock.now().getTime() + ms).toISOString();

  async function setTargets(inbox: string, body: unknown) {
    const res = await send(world, "PATCH", `/orgs/acme/inboxes/${inbox}`, OPERATOR_TOKEN, body);
    return {
      status: res.status,
      body: (await res.json()) as { inbox: Record<string, unknown> } & ErrorReply,
    };
  }

  async function summaryOf(ref: string): Promise<Summary> {
    const res = await send(world, "GET", `/threads/${ref}`, world.bob.token);
    return ((await res.json()) as { thread: Summary }).thread;
  }

  async function listed(query: string): Promise<string[]> {
    const res = await send(world, "GET", `/threads?${query}`, world.bob.token);
    expect(res.status).toBe(200);
    return ((await res.json()) as { threads: Summary[] }).threads.map((thread) => thread.ref);
  }

  /** An inbox of acme with targets, and a client's new thread in it. */
  async function targetedThread(targets = { firstResponseMinutes: 60, resolutionMinutes: 480 }) {
    const name = `sla-${randomUUID().slice(0, 6)}`;
    await makeInbox(world.db, world.org, { name });
    expect((await setTargets(name, targets)).status).toBe(200);
    const from = `client-${randomUUID().slice(0, 8)}@client.example`;
    const answer = await world.send({ from, to: [`${name}.acme@tisket.test`] });
    return { name, from, ref: firstThreadRef(answer.body), startedAt: clock.now() };
  }

  it("keeps an inbox's targets, shown with the inbox and cleared with null", async () => {
    const name = `sla-${randomUUID().slice(0, 6)}`;
    await makeInbox(world.db, world.org, { name });
    const set = await setTargets(name, { firstResponseMinutes: 30, resolutionMinutes: 1440 });
    expect(set.body.inbox).toMatchObject({
      firstResponseMinutes: 30,
      resolutionMinutes: 1440,
      autoAck: true,
    });
    const cleared = await setTargets(name, { firstResponseMinutes: null });
    expect(cleared.body.inbox).toMatchObject({ firstResponseMinutes: null, resolutionMinutes: 1440 });
    const listedInboxes = await send(world, "GET", "/orgs/acme/inboxes", OPERATOR_TOKEN);
    const found = ((await listedInboxes.json()) as { inboxes: { name: string }[] }).inboxes;
    expect(found.find((inbox) => inbox.name === name)).toMatchObject({ resolutionMinutes: 1440 });
  });

  it.each([
    [{ firstResponseMinutes: 0 }, "firstResponseMinutes"],
    [{ firstResponseMinutes: 1.5 }, "firstResponseMinutes"],
    [{ resolutionMinutes: "60" }, "resolutionMinutes"],
    [{ resolutionMinutes: 600_000 }, "resolutionMinutes"],
  ])("refuses the targets %j naming %s", async (body, field) => {
    const res = await setTargets("support", body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(new RegExp(`^${field}:`));
    const [inbox] = await world.db.select().from(inboxes).where(eq(inboxes.id, world.inbox.id));
    expect(inbox).toMatchObject({ firstResponseMinutes: null, resolutionMinutes: null });
  });

  it("gives a client's thread its due times, breached once a target passes unmet", async () => {
    const { ref } = await targetedThread();
    expect((await summaryOf(ref)).sla).toEqual({
      firstResponseDueAt: later(60 * MINUTE),
      resolutionDueAt: later(480 * MINUTE),
      breached: false,
    });
    expect(await listed("sla=breached")).not.toContain(ref);
    clock.advance(61 * MINUTE);
    expect((await summaryOf(ref)).sla.breached).toBe(true);
    expect(await listed("sla=breached")).toContain(ref);
    expect(await listed("sla=due")).not.toContain(ref);
  });

  it("lists a thread as due when a target falls due within the hour, and not once it is met", async () => {
    const { ref, from, name } = await targetedThread();
    expect(await listed("sla=due")).toContain(ref);
    clock.advance(20 * MINUTE);
    await world.send({
      from: "bob@acme.example",
      to: [from],
      cc: [`${name}.acme@tisket.test`],
      subject: `[${ref}] on it`,
    });
    expect(await listed("sla=due")).not.toContain(ref);
    clock.advance(6 * 60 * MINUTE + 50 * MINUTE);
    // the resolution target, 8 hours after the client wrote, is now less than an hour away
    expect(await listed("sla=due")).toContain(ref);
    clock.advance(60 * MINUTE);
    expect(await listed("sla=breached")).toContain(ref);
    const res = await send(world, "PATCH", `/threads/${ref}`, world.bob.token, { status: "resolved" });
    expect(res.status).toBe(200);
    expect(await listed("sla=breached")).not.toContain(ref);
    expect((await summaryOf(ref)).sla.breached).toBe(false);
  });

  it("starts the clock of a staff-started thread when the client first writes", async () => {
    const name = `sla-${randomUUID().slice(0, 6)}`;
    await makeInbox(world.db, world.org, { name });
    await setTargets(name, { firstResponseMinutes: 15 });
    const customer = `customer-${randomUUID().slice(0, 8)}@client.example`;
    const started = await world.send({
      from: "bob@acme.example",
      to: [customer],
      cc: [`${name}.acme@tisket.test`],
    });
    const ref = firstThreadRef(started.body);
    expect((await summaryOf(ref)).sla.firstResponseDueAt).toBeNull();
    clock.advance(2 * 60 * MINUTE);
    await world.send({
      from: customer,
      to: [`${name}.acme@tisket.test`],
      subject: `Re: [${ref}] Printer on fire`,
    });
    expect((await summaryOf(ref)).sla).toEqual({
      firstResponseDueAt: later(15 * MINUTE),
      resolutionDueAt: null,
      breached: false,
    });
  });

  it("keeps a thread's due times when the inbox's targets change later", async () => {
    const { ref, name } = await targetedThread({ firstResponseMinutes: 60, resolutionMinutes: 480 });
    const before = (await summaryOf(ref)).sla;
    await setTargets(name, { firstResponseMinutes: 5, resolutionMinutes: null });
    expect((await summaryOf(ref)).sla).toEqual(before);
  });

  it("leaves threads of an inbox without targets out of both lists", async () => {
    const from = `client-${randomUUID().slice(0, 8)}@client.example`;
    const ref = firstThreadRef((await world.send({ from })).body);
    expect((await summaryOf(ref)).sla).toEqual({
      firstResponseDueAt: null,
      resolutionDueAt: null,
      breached: false,
    });
    clock.advance(365 * 24 * 60 * MINUTE);
    expect(await listed("sla=breached")).not.toContain(ref);
  });

  it("lists only the caller's org's breached threads, and refuses an unknown filter", async () => {
    const other = await makeOrgWithInbox(world.db);
    const theirs = await makeThread(world.db, other.org, other.inbox, { resolutionDueAt: new Date(0) });
    const res = await send(world, "GET", "/threads?sla=breached", other.admin.token);
    const refs = ((await res.json()) as { threads: Summary[] }).threads.map((thread) => thread.ref);
    expect(refs).toEqual([`THD-${theirs.number}`]);
    const mine = await listed("sla=breached&limit=100");
    expect(mine.length).toBeGreaterThan(0);
    const bad = await send(world, "GET", "/threads?sla=late", world.bob.token);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ErrorReply).error.message).toMatch(/^sla:/);
  });
});
