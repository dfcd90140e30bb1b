import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { threadHistory } from "../../../api/src/db/schema";
import { deliverDueMail } from "../../../api/src/outbox/deliver";
import { fakeClock } from "../../helpers/clock";
import { testDrivers } from "../../helpers/databases";
import { send } from "../admin/send";
import { firstThreadRef, type InboundWorld, inboundWorld } from "../inbound/inbound-setup";

type Summary = {
  firstResponseAt: string | null;
  resolvedAt: string | null;
  reopenCount: number;
  status: string;
};

const MINUTE = 60_000;

describe.each(testDrivers)("measured facts of a thread on %s", (driver) => {
  const clock = fakeClock(new Date("2026-03-02T09:00:00.000Z"));
  let world: InboundWorld;
  beforeAll(async () => {
    world = await inboundWorld(driver, { deps: { clock } });
  });
  afterAll(() => world?.close());

  const client = () => `client-${randomUUID().slice(0, 8)}@client.example`;

  async function summaryOf(ref: string): Promise<Summary> {
    const res = await send(world, "GET", `/threads/${ref}`, world.bob.token);
    expect(res.status).toBe(200);
    return ((await res.json()) as { thread: Summary }).thread;
  }

  async function patch(ref: string, body: unknown) {
    const res = await send(world, "PATCH", `/threads/${ref}`, world.bob.token, body);
    expect(res.status).toBe(200);
    return ((await res.json()) as { thread: Summary }).thread;
  }

  /** A client's new thread, acknowledged, and the acknowledgement sent. */
  async function clientThread() {
    const from = client();
    const messageId = `<${randomUUID()}@mail.client.example>`;
    const answer = await world.send({ from, messageId, subject: "Order 1234 never arrived" });
    const ref = firstThreadRef(answer.body);
    expect(answer.body.acknowledged).toBe(1);
    await deliverDueMail(world.deps);
    return { ref, from, messageId, startedAt: clock.now() };
  }

  it("never counts the acknowledgement as a first response", async () => {
    const { ref } = await clientThread();
    clock.advance(5 * MINUTE);
    const thread = await world.threadByRef(world.org.id, ref);
    const sent = await world.messagesOf(thread!.id);
    expect(sent.map((message) => [message.direction, message.delivery])).toEqual([
      ["inbound", null],
      ["outbound", "sent"],
    ]);
    expect((await summaryOf(ref)).firstResponseAt).toBeNull();
  });

  it("sets the first response when staff reply by mail with the inbox in Cc, and keeps the first", async () => {
    const { ref, from, startedAt } = await clientThread();
    clock.advance(12 * MINUTE);
    const replyAt = clock.now();
    const reply = await world.send({
      from: "Bob Builder <bob@acme.example>",
      to: [from],
      cc: ["support.acme@tisket.test"],
      subject: `Re: [${ref}] Order 1234 never arrived`,
    });
    expect(firstThreadRef(reply.body)).toBe(ref);
    clock.advance(MINUTE);
    await world.send({
      from: "bob@acme.example",
      to: [from],
      cc: ["support.acme@tisket.test"],
      subject: `[${ref}] more`,
    });

    expect((await summaryOf(ref)).firstResponseAt).toBe(replyAt.toISOString());
    const stored = await world.threadByRef(world.org.id, ref);
    expect(stored).toMatchObject({ firstClientMessageAt: startedAt, firstResponseBy: world.bob.id });
  });

  it("does not count a client's own follow-up, nor staff mail before the client wrote", async () => {
    const { ref, from, messageId } = await clientThread();
    clock.advance(MINUTE);
    await world.send({ from, inReplyTo: messageId, subject: "Re: Order 1234 never arrived" });
    expect((await summaryOf(ref)).firstResponseAt).toBeNull();

    const customer = client();
    const started = await world.send({
      from: "bob@acme.example",
      to: [customer],
      cc: ["support.acme@tisket.test"],
      subject: "Your quote",
    });
    const staffRef = firstThreadRef(started.body);
    expect((await summaryOf(staffRef)).firstResponseAt).toBeNull();
    clock.advance(MINUTE);
    await world.send({ from: customer, subject: `Re: [${staffRef}] Your quote` });
    clock.advance(3 * MINUTE);
    const answeredAt = clock.now();
    await world.send({
      from: "bob@acme.example",
      to: [customer],
      cc: ["support.acme@tisket.test"],
      subject: `[${staffRef}] ok`,
    });
    expect((await summaryOf(staffRef)).firstResponseAt).toBe(answeredAt.toISOString());
  });

  it("keeps the first resolution when a thread is reopened and resolved again, counting the reopening", async () => {
    const { ref, from, messageId } = await clientThread();
    clock.advance(30 * MINUTE);
    const firstResolution = clock.now();
    expect(await patch(ref, { status: "resolved" })).toMatchObject({
      resolvedAt: firstResolution.toISOString(),
      reopenCount: 0,
    });

    clock.advance(60 * MINUTE);
    await world.send({ from, inReplyTo: messageId, subject: "Re: still broken" });
    expect(await summaryOf(ref)).toMatchObject({ status: "open", reopenCount: 1 });

    clock.advance(60 * MINUTE);
    await patch(ref, { status: "closed" });
    await patch(ref, { status: "in_progress" });
    await patch(ref, { status: "resolved" });
    expect(await summaryOf(ref)).toMatchObject({
      status: "resolved",
      resolvedAt: firstResolution.toISOString(),
      reopenCount: 2,
    });
    const thread = await world.threadByRef(world.org.id, ref);
    expect(thread?.resolvedBy).toBe(world.bob.id);
  });

  it("closing a thread that was never resolved counts as its resolution", async () => {
    const { ref } = await clientThread();
    clock.advance(MINUTE);
    const closedAt = clock.now();
    expect(await patch(ref, { status: "closed" })).toMatchObject({ resolvedAt: closedAt.toISOString() });
    const thread = await world.threadByRef(world.org.id, ref);
    const history = await world.db.select().from(threadHistory).where(eq(threadHistory.threadId, thread!.id));
    expect(history.map((row) => [row.toValue, row.at.toISOString()])).toEqual([
      ["closed", closedAt.toISOString()],
    ]);
  });
});
