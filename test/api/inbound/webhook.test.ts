import { randomUUID } from "node:crypto";
import { request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inboundEmails, inboxes as inboxesTable, messages, threads } from "../../../api/src/db/schema";
import { WEBHOOK_AUTH } from "../../helpers/app";
import { testDrivers } from "../../helpers/databases";
import { makeInbox } from "../../helpers/factories";
import { inboundPayload, loadFixture, postInbound } from "../../helpers/postmark-payloads";
import { firstThreadRef, type InboundWorld, inboundWorld } from "./inbound-setup";

describe.each(testDrivers)("Postmark inbound webhook on %s", (driver) => {
  let world: InboundWorld;
  beforeAll(async () => {
    world = await inboundWorld(driver);
  });
  afterAll(() => world?.close());

  const logCount = async () => (await world.db.select({ n: count() }).from(inboundEmails))[0]!.n;

  it("refuses missing or wrong credentials with 401 and stores nothing", async () => {
    const before = await logCount();
    const none = await postInbound(world.app, inboundPayload(), null);
    const wrong = await postInbound(
      world.app,
      inboundPayload(),
      `Basic ${Buffer.from("postmark:nope").toString("base64")}`,
    );
    expect([none.status, wrong.status]).toEqual([401, 401]);
    expect(none.body).toMatchObject({ error: { code: "unauthorized" } });
    expect(await logCount()).toBe(before);
  });

  it("files a new client email into a new thread and answers 200", async () => {
    const answer = await postInbound(world.app, loadFixture("outlook-new-message.json"));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ status: "filed", acknowledged: 1 });
    const thread = await world.threadByRef(world.org.id, firstThreadRef(answer.body));
    expect(thread).toMatchObject({
      subject: "Inquiry on health",
      status: "open",
      clientEmail: "kenneth.atchon@hotmail.com",
      clientName: "Kenneth Atchon",
      startedBy: "client",
    });
    const [client, ack] = await world.messagesOf(thread!.id);
    expect(client).toMatchObject({ direction: "inbound", fromEmail: "kenneth.atchon@hotmail.com" });
    expect(client!.rfcMessageId).toMatch(/^<SEZPR04MB67296E32E8052CEB6DCFC7EF89FBA@/);
    expect(client!.html).toContain("<");
    expect(ack).toMatchObject({ direction: "outbound", delivery: "pending" });
  });

  it("rejects a body that is not JSON with 400 and keeps it in the inbound log", async () => {
    const answer = await postInbound(world.app, "this is {not json");
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: { code: "bad_request" } });
    expect(String((answer.body.error as { message: string }).message)).toMatch(/not JSON/);
    const [kept] = await world.db
      .select()
      .from(inboundEmails)
      .where(eq(inboundEmails.rawBody, "this is {not json"));
    expect(kept).toMatchObject({ status: "rejected" });
  });

  it("rejects JSON that is no Postmark payload with 400 naming the problem, and keeps it", async () => {
    const body = JSON.stringify({ hello: "world", marker: randomUUID() });
    const answer = await postInbound(world.app, body);
    expect(answer.status).toBe(400);
    expect(String((answer.body.error as { message: string }).message)).toMatch(/MessageID/);
    const [kept] = await world.db.select().from(inboundEmails).where(eq(inboundEmails.rawBody, body));
    expect(kept?.status).toBe("rejected");
  });

  it("keeps mail to an unknown address as unrouted and answers 200", async () => {
    const payload = inboundPayload({ to: ["nobody.acme@tisket.test"] });
    const answer = await postInbound(world.app, payload);
    expect(answer).toMatchObject({ status: 200, body: { status: "unrouted" } });
    const [kept] = await world.inboundLog(String(payload.MessageID));
    // the address names org acme, so acme's admins can see the stray mail
    expect(kept).toMatchObject({ status: "unrouted", orgId: world.org.id });
    const stranger = inboundPayload({ to: ["info@elsewhere.example"] });
    expect((await postInbound(world.app, stranger)).body).toMatchObject({ status: "unrouted" });
    expect((await world.inboundLog(String(stranger.MessageID)))[0]?.orgId).toBeNull();
  });

  it("adds nothing for a redelivery with the same Postmark MessageID", async () => {
    const payload = inboundPayload({ subject: "Delivered twice" });
    const first = await postInbound(world.app, payload);
    const second = await postInbound(world.app, payload);
    expect(first.body).toMatchObject({ status: "filed" });
    expect(second).toMatchObject({ status: 200, body: { status: "duplicate" } });
    const thread = await world.threadByRef(world.org.id, firstThreadRef(first.body));
    expect(thread?.messageCount).toBe(2); // the client's message and our acknowledgement
    expect(await world.inboundLog(String(payload.MessageID))).toHaveLength(1);
  });

  it("adds nothing for the same RFC Message-ID under a new Postmark MessageID", async () => {
    const messageId = `<${randomUUID()}@mail.client.example>`;
    const first = await world.send({ messageId, subject: "Same email, two deliveries" });
    const second = await world.send({ messageId, subject: "Same email, two deliveries" });
    expect(second.body).toMatchObject({ status: "duplicate" });
    const stored = await world.db.select().from(messages).where(eq(messages.rfcMessageId, messageId));
    expect(stored).toHaveLength(1);
    expect(first.body.threads).toHaveLength(1);
  });

  it("keeps two different emails that reuse one Message-ID (broken mailers do)", async () => {
    const messageId = `<${randomUUID()}@reused.example>`;
    const first = await world.send({ messageId, from: "ann@client.example", subject: "First email" });
    const second = await world.send({ messageId, from: "ben@client.example", subject: "Another email" });
    expect([first.body.status, second.body.status]).toEqual(["filed", "filed"]);
    const stored = await world.db.select().from(messages).where(eq(messages.rfcMessageId, messageId));
    expect(stored.map((m) => m.fromEmail).sort()).toEqual(["ann@client.example", "ben@client.example"]);
  });

  it("numbers new threads one after another: redeliveries and a second inbox of the org take no number", async () => {
    await makeInbox(world.db, world.org, { name: "billing" });
    const inboxes = await world.db.select().from(inboxesTable).where(eq(inboxesTable.orgId, world.org.id));
    const numberOf = (body: Record<string, unknown>) => Number(firstThreadRef(body).replace("THD-", ""));
    // a sender of its own: acknowledgements to one sender are capped per hour
    const from = "Nia Numbers <nia@client.example>";
    const payload = inboundPayload({ from, subject: "Counted once" });

    const first = await postInbound(world.app, payload);
    await postInbound(world.app, payload);
    const both = await world.send({
      from,
      to: inboxes.map((inbox) => `${inbox.name}.acme@tisket.test`),
      subject: "To two inboxes",
    });
    const next = await world.send({ from, subject: "The next one" });

    expect(both.body.threads).toHaveLength(1);
    expect([numberOf(both.body), numberOf(next.body)]).toEqual([
      numberOf(first.body) + 1,
      numberOf(first.body) + 2,
    ]);
  });

  it("files concurrent duplicate deliveries exactly once; those that find it being filed answer 503", async () => {
    const payload = inboundPayload({ subject: "Racing duplicates" });
    const answers = await Promise.all(Array.from({ length: 8 }, () => postInbound(world.app, payload)));
    // a delivery that finds the email still being filed must not answer 200: the filing may yet fail
    expect(answers.every((a) => a.status === 200 || a.status === 503)).toBe(true);
    expect(answers.filter((a) => a.body.status === "filed")).toHaveLength(1);
    expect(
      answers.filter((a) => a.status === 200 && a.body.status !== "filed").map((a) => a.body.status),
    ).toEqual(answers.filter((a) => a.status === 200 && a.body.status !== "filed").map(() => "duplicate"));
    // the sender's retry, once the filing is done, adds nothing
    expect(await postInbound(world.app, payload)).toMatchObject({
      status: 200,
      body: { status: "duplicate" },
    });
    const made = await world.db.select().from(threads).where(eq(threads.subject, "Racing duplicates"));
    expect(made).toHaveLength(1);
    expect(made[0]!.messageCount).toBe(2);
    // the deliveries that lost the race took no thread number
    const next = await world.send({ from: "Nia Numbers <nia@client.example>", subject: "After the race" });
    expect(firstThreadRef(next.body)).toBe(`THD-${made[0]!.number + 1}`);
  });

  it("answers 503 to a redelivery of an email another delivery is filing, and files one a dead delivery left", async () => {
    const keptBy = (payload: Record<string, unknown>, leaseUntil: Date) =>
      world.db.insert(inboundEmails).values({
        rawBody: JSON.stringify(payload),
        postmarkMessageId: String(payload.MessageID),
        status: "received",
        attempts: 1,
        leaseUntil,
      });
    const inFlight = inboundPayload({ subject: "Being filed right now" });
    const abandoned = inboundPayload({ subject: "Kept by a delivery that died" });
    await keptBy(inFlight, new Date(Date.now() + 30_000));
    await keptBy(abandoned, new Date(Date.now() - 5 * 60_000));

    const busy = await postInbound(world.app, inFlight);
    const recovered = await postInbound(world.app, abandoned);

    // the sender retries: a 200 now would end its retries while the filing may still fail
    expect(busy).toMatchObject({ status: 503, body: { error: { code: "unavailable" } } });
    expect(await world.db.select().from(threads).where(eq(threads.subject, "Being filed right now"))).toEqual(
      [],
    );
    expect(recovered).toMatchObject({ status: 200, body: { status: "filed" } });
    expect((await world.inboundLog(String(abandoned.MessageID)))[0]?.status).toBe("filed");
  });

  it("files concurrent duplicates with one Message-ID but different Postmark ids once", async () => {
    const messageId = `<${randomUUID()}@mail.client.example>`;
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => world.send({ messageId, subject: "Racing by Message-ID" })),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(200));
    expect(answers.filter((a) => a.body.status === "filed")).toHaveLength(1);
    expect(await world.db.select().from(messages).where(eq(messages.rfcMessageId, messageId))).toHaveLength(
      1,
    );
  });
});

describe("Postmark inbound webhook limits and faults", () => {
  let world: InboundWorld;
  beforeAll(async () => {
    world = await inboundWorld();
  });
  afterAll(() => world?.close());

  it("answers 413 to a body over 60 MB", async () => {
    const huge = `{"MessageID":"x","pad":"${"a".repeat(61 * 1024 * 1024)}"}`;
    const answer = await postInbound(world.app, huge);
    expect(answer.status).toBe(413);
    expect(answer.body).toMatchObject({ error: { code: "payload_too_large" } });
  });

  it("judges a body by its declared length over real HTTP: 413 before reading it, else filed", async () => {
    const server = serve({ fetch: world.app.fetch, port: 0, hostname: "127.0.0.1" });
    await new Promise((resolve) => server.once("listening", resolve));
    const { port } = server.address() as AddressInfo;
    const send = (body: string, declaredBytes: number) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const request = httpRequest(
          {
            host: "127.0.0.1",
            port,
            method: "POST",
            path: "/webhooks/postmark/inbound",
            headers: {
              Authorization: WEBHOOK_AUTH,
              "Content-Type": "application/json",
              "Content-Length": String(declaredBytes),
            },
          },
          (response) => {
            let text = "";
            response.on("data", (chunk) => {
              text += String(chunk);
            });
            response.on("end", () => {
              resolve({ status: response.statusCode ?? 0, body: text });
              request.destroy();
            });
          },
        );
        request.on("error", reject);
        // a body declared too large is refused without waiting for it
        request.write(body);
        if (Buffer.byteLength(body) === declaredBytes) request.end();
      });
    try {
      const huge = await send('{"MessageID":"', 61 * 1024 * 1024);
      expect(huge.status).toBe(413);
      expect(JSON.parse(huge.body)).toMatchObject({ error: { code: "payload_too_large" } });
      const payload = JSON.stringify(inboundPayload({ subject: "Declared length" }));
      const filed = await send(payload, Buffer.byteLength(payload));
      expect(filed.status).toBe(200);
      expect(JSON.parse(filed.body)).toMatchObject({ status: "filed" });
    } finally {
      server.close();
    }
  });

  it("tolerates the legacy payload shape and PHP-mangled empty lists", async () => {
    const legacy = inboundPayload({ subject: "Legacy shape" });
    delete legacy.OriginalRecipient;
    delete legacy.MessageStream;
    delete legacy.FromName;
    legacy.CcFull = {};
    legacy.BccFull = null;
    legacy.ReplyTo = null;
    expect(await postInbound(world.app, legacy)).toMatchObject({ status: 200, body: { status: "filed" } });
  });

  it("answers 503 when the database is down, so Postmark retries", async () => {
    const down = await inboundWorld();
    await down.close();
    const answer = await postInbound(down.app, inboundPayload());
    expect(answer.status).toBe(503);
    expect(answer.body).toMatchObject({ error: { code: "unavailable" } });
  });
});
