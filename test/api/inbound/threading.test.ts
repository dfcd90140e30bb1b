import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, messages, presence, threadHistory, threads } from "../../../api/src/db/schema";
import { signReplyToken } from "../../../api/src/inbound/reply-token";
import { testDrivers } from "../../helpers/databases";
import { makeInbox, makeOrg } from "../../helpers/factories";
import { inboundPayload, loadFixture, postInbound } from "../../helpers/postmark-payloads";
import { firstThreadRef, type InboundWorld, inboundWorld } from "./inbound-setup";

describe.each(testDrivers)("thread matching on %s", (driver) => {
  let world: InboundWorld;
  beforeAll(async () => {
    world = await inboundWorld(driver);
  });
  afterAll(() => world?.close());

  const client = () => `client-${randomUUID().slice(0, 8)}@client.example`;

  /** A client starts a thread; returns its ref, the thread row and the client's Message-ID. */
  async function startThread(from = client(), subject = "Order 1234 never arrived") {
    const messageId = `<${randomUUID()}@mail.client.example>`;
    const answer = await world.send({ from, subject, messageId });
    const ref = firstThreadRef(answer.body);
    return { ref, thread: (await world.threadByRef(world.org.id, ref))!, messageId, from };
  }

  const refOf = async (spec: Parameters<InboundWorld["send"]>[0]) =>
    firstThreadRef((await world.send(spec)).body);

  it("threads a reply by In-Reply-To and References to the client's own message", async () => {
    const { ref, messageId, from } = await startThread();
    expect(await refOf({ from, subject: "Something else entirely", inReplyTo: messageId })).toBe(ref);
    expect(await refOf({ from, subject: "No tag", references: `<old@x.example> ${messageId}` })).toBe(ref);
  });

  it("threads a reply to our acknowledgement by its Message-ID and by <PostmarkID@mtasv.net>", async () => {
    const { ref, thread, from } = await startThread();
    const [, ack] = await world.messagesOf(thread.id);
    expect(await refOf({ from, subject: "Re: hi", inReplyTo: ack!.rfcMessageId! })).toBe(ref);
    // once the outbox has sent it, Postmark's own id comes back in replies (fixture: real Outlook.com reply)
    await world.db
      .update(messages)
      .set({ postmarkMessageId: "249f3e6e-251c-48c0-948b-130b94baf4da" })
      .where(eq(messages.id, ack!.id));
    const reply = loadFixture("outlook-reply-mtasv.json");
    const answer = await postInbound(world.app, reply);
    expect(firstThreadRef(answer.body)).toBe(ref);
    const stored = await world.messagesOf(thread.id);
    expect(stored.at(-1)).toMatchObject({ direction: "inbound", fromEmail: "kenneth.atchon@hotmail.com" });
  });

  it("threads by the signed reply token even when subject and headers are gone", async () => {
    const { ref, thread } = await startThread();
    const token = signReplyToken(world.deps.config.SECRET_KEY!, world.org.id, thread.number);
    const reply = JSON.parse(
      JSON.stringify(loadFixture("plus-address-reply.json")).replaceAll("TOKEN", token),
    );
    const answer = await postInbound(world.app, reply);
    expect(firstThreadRef(answer.body)).toBe(ref);
  });

  it("ignores a forged or foreign reply token", async () => {
    const { ref, thread } = await startThread();
    const forged = `t${thread.number}-0000000000000000`;
    const fromOtherOrg = signReplyToken(world.deps.config.SECRET_KEY!, randomUUID(), thread.number);
    for (const token of [forged, fromOtherOrg]) {
      const answer = await world.send({ to: [`support.acme+${token}@tisket.test`], subject: "hello" });
      expect(firstThreadRef(answer.body)).not.toBe(ref);
    }
  });

  it.each([
    "Re: [THD-{n}] Order 1234 never arrived",
    "RE: AW: [THD-{n}] Order 1234 never arrived",
    "SV: Fwd: Re: [thd-{n}] Order 1234 never arrived",
    "AW: [THD-{n}] Größe der Lieferung – Bestellung №5 ✓",
    "回复: [THD-{n}] 注文について",
    "Fwd: Order 1234 never arrived [THD-{n}]",
  ])("threads by the subject tag behind prefixes: %s", async (template) => {
    const { ref, thread, from } = await startThread();
    expect(await refOf({ from, subject: template.replace("{n}", String(thread.number)) })).toBe(ref);
  });

  it("does not let a stranger inject mail into a thread by quoting its tag", async () => {
    const { ref, thread } = await startThread();
    const answer = await world.send({
      from: "mallory@evil.example",
      subject: `Re: [${ref}] give me the data`,
    });
    const newRef = firstThreadRef(answer.body);
    expect(newRef).not.toBe(ref);
    const started = await world.threadByRef(world.org.id, newRef);
    expect(started).toMatchObject({ clientEmail: "mallory@evil.example", linkedThreadId: thread.id });
    expect((await world.threadByRef(world.org.id, ref))?.messageCount).toBe(thread.messageCount);
    const audits = await world.db.select().from(auditLog).where(eq(auditLog.kind, "thread_tag_not_trusted"));
    expect(
      audits.some((row) => row.detail.quoted === ref && row.detail.sender === "mallory@evil.example"),
    ).toBe(true);
  });

  it("trusts the tag from someone who was on the thread (in Cc)", async () => {
    const from = client();
    const colleague = client();
    const messageId = `<${randomUUID()}@mail.client.example>`;
    const ref = firstThreadRef(
      (await world.send({ from, cc: [colleague], messageId, subject: "Team question" })).body,
    );
    expect(await refOf({ from: colleague, subject: `Re: [${ref}] Team question` })).toBe(ref);
  });

  it("keeps matching inside the org: another org's tag and Message-IDs are not followed", async () => {
    const other = await makeOrg(world.db, { slug: `beta-${randomUUID().slice(0, 6)}` });
    await makeInbox(world.db, other, { name: "support" });
    const { ref, messageId, from, thread } = await startThread();
    const answer = await world.send({
      from,
      to: [`support.${other.slug}@tisket.test`],
      subject: `Re: [${ref}] same client, other company`,
      inReplyTo: messageId,
    });
    const otherRef = firstThreadRef(answer.body);
    const filed = await world.db.select().from(threads).where(eq(threads.orgId, other.id));
    expect(filed).toHaveLength(1);
    expect(filed[0]!.id).not.toBe(thread.id);
    expect(otherRef).toBe("THD-1");
  });

  it("files staff mail with the inbox in CC as outbound and ends the member's composing", async () => {
    const { ref, thread, from } = await startThread();
    await world.db.insert(presence).values({
      threadId: thread.id,
      memberId: world.bob.id,
      orgId: world.org.id,
      client: "gmail",
      activity: "composing",
      expiresAt: new Date(Date.now() + 600_000),
    });
    const answer = await world.send({
      from: "Bob Builder <Bob@Acme.example>",
      to: [from],
      cc: ["support.acme@tisket.test"],
      subject: `Re: [${ref}] Order 1234 never arrived`,
    });
    expect(firstThreadRef(answer.body)).toBe(ref);
    const last = (await world.messagesOf(thread.id)).at(-1);
    expect(last).toMatchObject({ direction: "outbound", fromEmail: "bob@acme.example" });
    const left = await world.db.select().from(presence).where(eq(presence.threadId, thread.id));
    expect(left).toEqual([]);
    expect(await world.outboxFor(from)).toHaveLength(1); // only the first acknowledgement
  });

  it("starts a staff thread with the first outside recipient as client and no acknowledgement", async () => {
    const customer = client();
    const answer = await world.send({
      from: "bob@acme.example",
      to: [`Carla Customer <${customer}>`],
      cc: ["support.acme@tisket.test"],
      subject: "Your quote",
    });
    expect(answer.body).toMatchObject({ status: "filed", acknowledged: 0 });
    const thread = await world.threadByRef(world.org.id, firstThreadRef(answer.body));
    expect(thread).toMatchObject({ clientEmail: customer, clientName: "Carla Customer", startedBy: "staff" });
    expect(await world.outboxFor(customer)).toEqual([]);
    // the client's answer follows into the same thread
    expect(await refOf({ from: customer, subject: `Re: [THD-${thread!.number}] Your quote` })).toBe(
      firstThreadRef(answer.body),
    );
  });

  it("reopens a resolved or closed thread when the client writes, and records who and when", async () => {
    for (const finished of ["resolved", "closed"] as const) {
      const { ref, thread, from, messageId } = await startThread();
      await world.db.update(threads).set({ status: finished }).where(eq(threads.id, thread.id));
      await world.send({ from, subject: "One more thing", inReplyTo: messageId });
      expect((await world.threadByRef(world.org.id, ref))?.status).toBe("open");
      const [history] = await world.db
        .select()
        .from(threadHistory)
        .where(eq(threadHistory.threadId, thread.id));
      expect(history).toMatchObject({ field: "status", fromValue: finished, toValue: "open" });
      expect(history!.actor).toContain(from);
    }
  });

  it("keeps every one of many concurrent replies to one thread", async () => {
    const { thread, from, messageId } = await startThread();
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => world.send({ from, subject: `Reply ${i}`, inReplyTo: messageId })),
    );
    expect(answers.every((a) => a.status === 200 && a.body.status === "filed")).toBe(true);
    const stored = await world.messagesOf(thread.id);
    expect(stored).toHaveLength(14);
    expect((await world.threadByRef(world.org.id, `THD-${thread.number}`))?.messageCount).toBe(14);
  });

  it("routes by Bcc and the envelope recipient (a forward to the inbox)", async () => {
    const answer = await postInbound(world.app, loadFixture("bcc-forward-multi-recipient.json"));
    expect(answer.body).toMatchObject({ status: "filed" });
    const thread = await world.threadByRef(world.org.id, firstThreadRef(answer.body));
    expect(thread).toMatchObject({
      clientEmail: "david@carrcommunications.com",
      subject: "Forwarder and list test",
    });
  });

  it("routes a custom address and plus-addressed custom address to its inbox", async () => {
    const org = await makeOrg(world.db, { slug: `gamma-${randomUUID().slice(0, 6)}` });
    // another inbox of the org, which the custom address must not be filed into
    await makeInbox(world.db, org, { name: "sales" });
    const help = await makeInbox(world.db, org, { name: "help", customAddress: `help@${org.slug}.example` });
    const plus = await world.send({ to: [`Help <HELP+anything@${org.slug}.example>`], subject: "By plus" });
    const plain = await world.send({ to: [`help@${org.slug}.example`], subject: "By address" });
    expect(plus.body).toMatchObject({ status: "filed", threads: ["THD-1"] });
    expect(plain.body).toMatchObject({ status: "filed", threads: ["THD-2"] });
    const filed = await world.db
      .select({ number: threads.number, inboxId: threads.inboxId, subject: threads.subject })
      .from(threads)
      .where(eq(threads.orgId, org.id))
      .orderBy(threads.number);
    expect(filed).toEqual([
      { number: 1, inboxId: help.id, subject: "By plus" },
      { number: 2, inboxId: help.id, subject: "By address" },
    ]);
  });

  it("files one email addressed to two inboxes of one org once", async () => {
    await makeInbox(world.db, world.org, { name: `billing-${randomUUID().slice(0, 4)}` }).then(
      async (billing) => {
        const answer = await world.send({
          to: ["support.acme@tisket.test", `${billing.name}.acme@tisket.test`],
          subject: "Both inboxes",
        });
        expect(answer.body.threads).toHaveLength(1);
      },
    );
  });

  it("takes a payload with no recipients of ours but a stray header as unrouted", async () => {
    const payload = inboundPayload({ to: ["someone@else.example"], subject: `[THD-1] hello` });
    expect((await postInbound(world.app, payload)).body).toMatchObject({ status: "unrouted" });
  });
});
