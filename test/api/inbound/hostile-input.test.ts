import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../../api/src/app";
import { inboundEmails, messages, threads } from "../../../api/src/db/schema";
import { WEBHOOK_AUTH } from "../../helpers/app";
import { testDrivers } from "../../helpers/databases";
import { failingStatements } from "../../helpers/failing-statements";
import { inboundPayload, postInbound } from "../../helpers/postmark-payloads";
import { firstThreadRef, type InboundWorld, inboundWorld } from "./inbound-setup";

const LONE_SURROGATE = "\ud800";

/** Posts raw bytes to the webhook, as a client that sends anything at all would. */
async function postBytes(world: InboundWorld, bytes: Buffer) {
  const response = await world.app.request("/webhooks/postmark/inbound", {
    method: "POST",
    headers: { Authorization: WEBHOOK_AUTH, "Content-Type": "application/json" },
    body: bytes,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe.each(testDrivers)("hostile bytes at the webhook, on %s", (driver) => {
  let world: InboundWorld;
  beforeAll(async () => {
    world = await inboundWorld(driver);
  });
  afterAll(() => world?.close());

  const messageOf = async (body: Record<string, unknown>) => {
    const thread = await world.threadByRef(world.org.id, firstThreadRef(body));
    return (await world.messagesOf(thread!.id))[0]!;
  };

  it("files an email with NUL in every string, NUL removed, and takes its redelivery as one", async () => {
    const payload = inboundPayload({
      from: "Nul\u0000 Sender <nul\u0000@client.example>",
      subject: "Printer\u0000 on fire",
      text: "text\u0000body",
      html: "<p>html\u0000body</p>",
      headers: [{ Name: "X-Odd\u0000", Value: "va\u0000lue" }],
      attachments: [{ Name: "a\u0000.txt", Content: "aGVsbG8=", ContentType: "text/pl\u0000ain" }],
      postmarkId: `${randomUUID()}\u0000`,
    });
    const first = await postInbound(world.app, payload);
    expect(first).toMatchObject({ status: 200, body: { status: "filed" } });
    const message = await messageOf(first.body);
    expect(message).toMatchObject({
      fromEmail: "nul@client.example",
      fromName: "Nul Sender",
      subject: "Printer on fire",
      text: "textbody",
      html: "<p>htmlbody</p>",
    });
    expect(await postInbound(world.app, payload)).toMatchObject({
      status: 200,
      body: { status: "duplicate" },
    });
  });

  it("files an email with lone surrogates in addresses, names and subject, each replaced by U+FFFD", async () => {
    const payload = inboundPayload({
      from: `Lone ${LONE_SURROGATE} Name <lone${LONE_SURROGATE}@client.example>`,
      cc: [`odd${LONE_SURROGATE}@client.example`],
      subject: `Half a pair ${LONE_SURROGATE}`,
    });
    const answer = await postInbound(world.app, payload);
    expect(answer).toMatchObject({ status: 200, body: { status: "filed" } });
    const message = await messageOf(answer.body);
    expect(message.fromName).toBe("Lone \ufffd Name");
    expect(message.fromEmail).toBe("lone\ufffd@client.example");
    expect(message.cc).toEqual([{ email: "odd\ufffd@client.example", name: "" }]);
  });

  it("keys an over-long Postmark MessageID by its hash, and takes its redelivery as one", async () => {
    const payload = inboundPayload({ postmarkId: `${randomUUID()}-${"x".repeat(3000)}`, subject: "Long id" });
    expect(await postInbound(world.app, payload)).toMatchObject({ status: 200, body: { status: "filed" } });
    expect(await postInbound(world.app, payload)).toMatchObject({
      status: 200,
      body: { status: "duplicate" },
    });
    const kept = await world.db.select().from(inboundEmails).where(eq(inboundEmails.subject, "Long id"));
    expect(kept).toHaveLength(1);
    expect(kept[0]!.postmarkMessageId).toMatch(/^sha256:[0-9a-f]{64}$/);
    // the whole id stays in the raw body
    expect(kept[0]!.rawBody).toContain(String(payload.MessageID));
  });

  it("cuts a Message-ID too long for an index, and still files a reply to it in its thread", async () => {
    const longId = `<${"ü".repeat(2000)}@client.example>`;
    const first = await world.send({ messageId: longId, subject: "Long Message-ID" });
    expect(first).toMatchObject({ status: 200, body: { status: "filed" } });
    const stored = (await messageOf(first.body)).rfcMessageId!;
    expect(Buffer.byteLength(stored)).toBeLessThanOrEqual(998);
    expect(stored.endsWith(">")).toBe(true);
    const reply = await world.send({ inReplyTo: longId, subject: "Re: something else entirely" });
    expect(reply.body.threads).toEqual(first.body.threads);
  });

  it("files an email from a 5 MB address, the address cut to 320 characters", async () => {
    const huge = `${"a".repeat(5 * 1024 * 1024)}@client.example`;
    const answer = await world.send({ from: `Huge <${huge}>`, subject: "From a huge address" });
    expect(answer).toMatchObject({ status: 200, body: { status: "filed" } });
    const [thread] = await world.db.select().from(threads).where(eq(threads.subject, "From a huge address"));
    expect(thread!.clientEmail).toHaveLength(320);
  });

  it("rejects a body with a raw NUL with 400, keeping it readable and exact", async () => {
    const bytes = Buffer.from(`{"MessageID":"${randomUUID()}","Subject":"raw \u0000 nul"}`);
    const answer = await postBytes(world, bytes);
    expect(answer).toMatchObject({ status: 400, body: { error: { code: "bad_request" } } });
    expect(String((answer.body.error as { message: string }).message)).toMatch(/not JSON/);
    const [kept] = await world.db
      .select()
      .from(inboundEmails)
      .where(eq(inboundEmails.rawBody, bytes.toString().replace("\u0000", "\\u0000")));
    expect(kept).toMatchObject({ status: "rejected" });
    expect(kept!.rawBytes?.equals(bytes)).toBe(true);
    expect(kept!.error).not.toContain("\u0000");
  });

  it("keeps the exact bytes of a body that is not valid UTF-8, and files what it says", async () => {
    const payload = JSON.stringify(inboundPayload({ subject: "Latin-1 café" }));
    const bytes = Buffer.from(payload, "latin1");
    const answer = await postBytes(world, bytes);
    expect(answer).toMatchObject({ status: 200, body: { status: "filed" } });
    const [kept] = await world.db
      .select()
      .from(inboundEmails)
      .where(eq(inboundEmails.subject, "Latin-1 caf\ufffd"));
    expect(kept!.rawBytes?.equals(bytes)).toBe(true);
  });

  it("rejects with 400 naming the problem an email the database refuses to store, after keeping it", async () => {
    const refusing = failingStatements(world.db, (text) =>
      text.includes("claim as (")
        ? Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0xed 0xa0 0x80'), {
            code: "22021",
          })
        : undefined,
    );
    const app = createApp({ ...world.deps, db: refusing });
    const payload = inboundPayload({ subject: "Refused by the database" });
    const answer = await postInbound(app, payload);
    expect(answer).toMatchObject({ status: 400, body: { error: { code: "bad_request" } } });
    expect(String((answer.body.error as { message: string }).message)).toMatch(
      /the database cannot store this email: invalid byte sequence/,
    );
    const [kept] = await world.inboundLog(String(payload.MessageID));
    expect(kept).toMatchObject({ status: "rejected" });
    expect(kept!.rawBody).toBe(JSON.stringify(payload));
    // a redelivery gets the same answer and adds nothing
    expect((await postInbound(world.app, payload)).status).toBe(400);
    expect(
      await world.db.select().from(messages).where(eq(messages.subject, "Refused by the database")),
    ).toEqual([]);
  });
});
