import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messages, outbox } from "../../../api/src/db/schema";
import { verifyReplyToken } from "../../../api/src/inbound/reply-token";
import { deliverDueMail } from "../../../api/src/outbox/deliver";
import { createPostmarkMailer } from "../../../api/src/outbox/postmark-mailer";
import { fakeClock } from "../../helpers/clock";
import { makeInbox } from "../../helpers/factories";
import { type FakePostmark, startFakePostmark } from "../../helpers/fake-postmark";
import { loadFixture, postInbound } from "../../helpers/postmark-payloads";

import { firstThreadRef, type InboundWorld, inboundWorld } from "./inbound-setup";

const header = (email: { Headers: { Name: string; Value: string }[] }, name: string) =>
  email.Headers.find((h) => h.Name.toLowerCase() === name.toLowerCase())?.Value;

describe("acknowledgement of a new client thread", () => {
  let world: InboundWorld;
  beforeAll(async () => {
    world = await inboundWorld("pglite", { config: { ACK_LIMIT_PER_HOUR: "3" } });
  });
  afterAll(() => world?.close());

  const newClient = () => `client-${randomUUID().slice(0, 8)}@client.example`;

  it("answers from the inbox, threaded under the client's message, with a signed Reply-To", async () => {
    const answer = await postInbound(world.app, loadFixture("outlook-new-message.json"));
    const ref = firstThreadRef(answer.body);
    const thread = await world.threadByRef(world.org.id, ref);
    const [queued] = await world.outboxFor("kenneth.atchon@hotmail.com");
    const email = queued!.email;
    expect(email).toMatchObject({
      From: '"Acme" <support.acme@tisket.test>',
      To: "kenneth.atchon@hotmail.com",
      Subject: `[${ref}] Re: Inquiry on health`,
      TextBody: `Your request has been received and we'll respond shortly. Reference: ${ref}`,
    });
    const clientMessageId = (await world.messagesOf(thread!.id))[0]!.rfcMessageId!;
    expect(header(email, "In-Reply-To")).toBe(clientMessageId);
    expect(header(email, "References")).toBe(clientMessageId);
    expect(header(email, "Auto-Submitted")).toBe("auto-replied");
    expect(header(email, "X-Auto-Response-Suppress")).toBe("All");
    const token = /^support\.acme\+([^@]+)@tisket\.test$/.exec(email.ReplyTo ?? "")?.[1];
    expect(verifyReplyToken(world.deps.config.SECRET_KEY!, world.org.id, token ?? "")).toBe(thread!.number);
    const [, ack] = await world.messagesOf(thread!.id);
    expect(ack).toMatchObject({
      direction: "outbound",
      subject: email.Subject,
      rfcMessageId: header(email, "Message-ID"),
    });
  });

  it("uses the inbox's own message, and none when the inbox has acknowledgements off", async () => {
    const quiet = await makeInbox(world.db, world.org, { name: "quiet", autoAck: false });
    const custom = await makeInbox(world.db, world.org, {
      name: "sales",
      autoAckMessage: "Thanks! A human replies within a day.",
    });
    const client = newClient();
    await world.send({ from: client, to: [`${quiet.name}.acme@tisket.test`] });
    expect(await world.outboxFor(client)).toEqual([]);
    const ref = firstThreadRef(
      (await world.send({ from: client, to: [`${custom.name}.acme@tisket.test`] })).body,
    );
    const [queued] = await world.outboxFor(client);
    expect(queued!.email.TextBody).toBe(`Thanks! A human replies within a day.\n\nReference: ${ref}`);
  });

  it("does not acknowledge replies to an existing thread", async () => {
    const client = newClient();
    const messageId = `<${randomUUID()}@client.example>`;
    await world.send({ from: client, messageId });
    await world.send({ from: client, inReplyTo: messageId, subject: "Re: more" });
    expect(await world.outboxFor(client)).toHaveLength(1);
  });

  it.each([
    ["Auto-Submitted", "auto-generated"],
    ["Auto-Submitted", "auto-replied"],
    ["auto-submitted", "auto-notified"],
    ["Precedence", "bulk"],
    ["Precedence", "junk"],
    ["Precedence", "list"],
    ["Precedence", "auto_reply"],
    ["X-Autoreply", "yes"],
    ["X-Autorespond", "vacation"],
    ["X-Auto-Response-Suppress", "OOF"],
    ["List-Id", "<news.client.example>"],
    ["List-Unsubscribe", "<mailto:leave@client.example>"],
    ["Mailing-List", "list news@client.example"],
    ["X-Loop", "yes"],
    ["Return-Path", "<>"],
    ["X-Apple-Action", "VACATION/abc"],
  ])("never acknowledges mail with %s: %s", async (name, value) => {
    const client = newClient();
    const answer = await world.send({ from: client, headers: [{ Name: name, Value: value }] });
    expect(answer.body).toMatchObject({ status: "filed", acknowledged: 0 });
    expect(await world.outboxFor(client)).toEqual([]);
  });

  it("acknowledges Auto-Submitted: no like ordinary mail", async () => {
    const client = newClient();
    await world.send({ from: client, headers: [{ Name: "Auto-Submitted", Value: "no" }] });
    expect(await world.outboxFor(client)).toHaveLength(1);
  });

  it.each([
    "MAILER-DAEMON@mx.client.example",
    "postmaster@client.example",
    "noreply@client.example",
    "no-reply@client.example",
  ])("never acknowledges the machine sender %s", async (sender) => {
    const answer = await world.send({ from: sender });
    expect(answer.body).toMatchObject({ status: "filed", acknowledged: 0 });
  });

  it("never acknowledges our own addresses or a real Exchange automatic reply", async () => {
    const ours = await world.send({ from: "billing.acme@tisket.test" });
    expect(ours.body).toMatchObject({ acknowledged: 0 });
    const autoReply = await postInbound(world.app, loadFixture("exchange-auto-reply.json"));
    expect(autoReply.body).toMatchObject({ status: "filed", acknowledged: 0 });
  });

  it("caps acknowledgements per sender and hour (mail-loop guard)", async () => {
    const client = newClient();
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await world.send({ from: client, subject: `Loop ${i}` }));
    expect(answers.map((a) => a.body.acknowledged)).toEqual([1, 1, 1, 0, 0]);
    expect(answers.every((a) => a.body.status === "filed")).toBe(true);
    expect(await world.outboxFor(client)).toHaveLength(3);
  });
});

describe("acknowledgement delivery through Postmark", () => {
  let world: InboundWorld;
  let postmark: FakePostmark;
  const clock = fakeClock();
  beforeAll(async () => {
    postmark = await startFakePostmark();
    world = await inboundWorld("pglite", {
      deps: { clock },
      mailer: () =>
        createPostmarkMailer({
          POSTMARK_SERVER_TOKEN: postmark.token,
          POSTMARK_API_URL: postmark.url,
          POSTMARK_MESSAGE_STREAM: "outbound",
        }),
    });
  });
  afterAll(async () => {
    await world?.close();
    await postmark?.close();
  });

  it("keeps the webhook at 200 while Postmark is down, then sends once when it is back", async () => {
    postmark.mode = "down";
    const answer = await world.send({ from: "patient@client.example", subject: "Hello?" });
    expect(answer).toMatchObject({ status: 200, body: { status: "filed", acknowledged: 1 } });
    const ref = firstThreadRef(answer.body);
    for (let i = 0; i < 3; i++) {
      expect(await deliverDueMail(world.deps)).toMatchObject({ sent: 0, retried: 1 });
      clock.advance(60 * 60 * 1000);
    }
    postmark.mode = "ok";
    expect(await deliverDueMail(world.deps)).toMatchObject({ sent: 1 });
    clock.advance(60 * 60 * 1000);
    expect(await deliverDueMail(world.deps)).toMatchObject({ sent: 0, retried: 0, failed: 0 });
    expect(postmark.received).toHaveLength(1);
    expect(postmark.received[0]!.body).toMatchObject({
      To: "patient@client.example",
      Subject: `[${ref}] Re: Hello?`,
    });
    const [row] = await world.outboxFor("patient@client.example");
    expect(row).toMatchObject({ status: "sent", attempts: 4 });

    // the client answers the acknowledgement: Postmark's id comes back as <id@mtasv.net>
    const [ack] = await world.db.select().from(messages).where(eq(messages.id, row!.messageId!));
    expect(ack).toMatchObject({ delivery: "sent", postmarkMessageId: postmark.received[0]!.messageId });
    const reply = await world.send({
      from: "patient@client.example",
      subject: "Re: thanks",
      inReplyTo: `<${postmark.received[0]!.messageId}@mtasv.net>`,
    });
    expect(firstThreadRef(reply.body)).toBe(ref);
    expect(
      await world.db.select().from(outbox).where(eq(outbox.recipient, "patient@client.example")),
    ).toHaveLength(1);
  });
});
