import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { testConfig } from "../../../api/src/config";
import { auditLog, mailSink, messages, outbox } from "../../../api/src/db/schema";
import { silentLogger } from "../../../api/src/deps";
import { createMailer } from "../../../api/src/outbox/create-mailer";
import { type DeliveryDeps, deliverDueMail, MAX_ATTEMPTS } from "../../../api/src/outbox/deliver";
import type { Mailer } from "../../../api/src/outbox/mailer";
import { listOutbox, retryOutboxEntry } from "../../../api/src/outbox/outbox-log";
import { createPostmarkMailer } from "../../../api/src/outbox/postmark-mailer";
import { type FakeClock, fakeClock } from "../../helpers/clock";
import { openTestDatabase, type TestDatabase, testDrivers } from "../../helpers/databases";
import { makeOrgWithInbox } from "../../helpers/factories";
import { type FakePostmark, startFakePostmark } from "../../helpers/fake-postmark";
import { makeAcknowledgement } from "./outbox-fixtures";

const nothing = { sent: 0, retried: 0, failed: 0 };

describe.each(testDrivers)("outbox delivery on %s", (driver) => {
  let database: TestDatabase;
  let fake: FakePostmark;
  let clock: FakeClock;

  const postmark = (): Mailer =>
    createPostmarkMailer({
      POSTMARK_SERVER_TOKEN: fake.token,
      POSTMARK_API_URL: fake.url,
      POSTMARK_MESSAGE_STREAM: "outbound",
    });
  const deps = (mailer: Mailer = postmark()): DeliveryDeps => ({
    db: database.db,
    mailer,
    clock,
    log: silentLogger,
  });
  const outboxRow = async (id: string) => {
    const [row] = await database.db.select().from(outbox).where(eq(outbox.id, id));
    return row!;
  };
  const messageRow = async (id: string) => {
    const [row] = await database.db.select().from(messages).where(eq(messages.id, id));
    return row!;
  };
  const sentWithMessageId = (rfcMessageId: string) =>
    fake.received.filter((email) =>
      email.body.Headers?.some((header) => header.Name === "Message-ID" && header.Value === rfcMessageId),
    );
  const newAcknowledgement = async () => {
    const { org, inbox } = await makeOrgWithInbox(database.db);
    return { org, ...(await makeAcknowledgement(database.db, org, inbox, { dueAt: clock.now() })) };
  };

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    fake = await startFakePostmark();
  });
  afterAll(async () => {
    await fake?.close();
    await database?.close();
  });
  beforeEach(async () => {
    // delivery takes due mail of every org, so each test starts from an empty outbox
    await database.db.delete(outbox);
    fake.mode = "ok";
    fake.received.length = 0;
    fake.requestCount = 0;
    fake.inactiveRecipients.clear();
    clock = fakeClock();
  });

  it("sends a due acknowledgement exactly once and marks its thread message sent", async () => {
    const { message, entry } = await newAcknowledgement();

    expect(await deliverDueMail(deps())).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(await deliverDueMail(deps())).toEqual(nothing);
    clock.advance(60 * 60_000);
    expect(await deliverDueMail(deps())).toEqual(nothing);

    const sent = sentWithMessageId(message.rfcMessageId!);
    expect(sent).toHaveLength(1);
    const postmarkMessageId = sent[0]!.messageId;
    expect(await outboxRow(entry.id)).toMatchObject({ status: "sent", attempts: 1, postmarkMessageId });
    const ack = await messageRow(message.id);
    expect(ack).toMatchObject({ delivery: "sent", postmarkMessageId });
    expect(ack.sentAt).toBeInstanceOf(Date);
  });

  it("keeps mail while Postmark is down, retries on its own with growing waits, then sends it once", async () => {
    const { message, entry } = await newAcknowledgement();
    fake.mode = "down";
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect(await deliverDueMail(deps())).toEqual({ sent: 0, retried: 1, failed: 0 });
      expect(await deliverDueMail(deps())).toEqual(nothing);
      const row = await outboxRow(entry.id);
      expect(row).toMatchObject({
        status: "pending",
        attempts: attempt,
        lastError: expect.stringMatching(/503/),
      });
      waits.push(row.nextAttemptAt.getTime() - clock.now().getTime());
      clock.set(row.nextAttemptAt);
    }
    expect(waits[0]).toBeGreaterThanOrEqual(27_000);
    expect(waits[0]).toBeLessThanOrEqual(30_000);
    expect(waits[1]).toBeGreaterThan(waits[0]!);
    expect(waits[2]).toBeGreaterThan(waits[1]!);
    expect((await messageRow(message.id)).delivery).toBe("pending");

    fake.mode = "ok";
    expect(await deliverDueMail(deps())).toEqual({ sent: 1, retried: 0, failed: 0 });
    clock.advance(2 * 60 * 60_000);
    expect(await deliverDueMail(deps())).toEqual(nothing);
    expect(sentWithMessageId(message.rfcMessageId!)).toHaveLength(1);
    expect(await outboxRow(entry.id)).toMatchObject({ status: "sent", attempts: 4 });
    expect((await messageRow(message.id)).delivery).toBe("sent");
  });

  it("sends a batch in one request; an address Postmark refuses fails alone", async () => {
    const kept = await newAcknowledgement();
    const refused = await newAcknowledgement();
    fake.inactiveRecipients.add(refused.email.To);

    expect(await deliverDueMail(deps())).toEqual({ sent: 1, retried: 0, failed: 1 });

    expect(fake.requestCount).toBe(1);
    expect(sentWithMessageId(kept.message.rfcMessageId!)).toHaveLength(1);
    expect((await messageRow(kept.message.id)).delivery).toBe("sent");
    expect(await outboxRow(refused.entry.id)).toMatchObject({
      status: "failed",
      lastError: expect.stringMatching(/406/),
    });
    expect((await messageRow(refused.message.id)).delivery).toBe("failed");
  });

  it("fails mail Postmark refuses for good at once, visible in the outbox log and the audit log", async () => {
    const { org, message, entry, email } = await newAcknowledgement();
    const other = await makeOrgWithInbox(database.db);
    fake.mode = "inactive";

    expect(await deliverDueMail(deps())).toEqual({ sent: 0, retried: 0, failed: 1 });
    clock.advance(2 * 60 * 60_000);
    expect(await deliverDueMail(deps())).toEqual(nothing);
    expect(fake.requestCount).toBe(1);

    expect(await listOutbox(database.db, org.id, { status: "failed" })).toEqual([
      expect.objectContaining({
        id: entry.id,
        kind: "acknowledgement",
        recipient: email.To,
        subject: email.Subject,
        status: "failed",
        attempts: 1,
        lastError: expect.stringMatching(/inactive/i),
      }),
    ]);
    expect(await listOutbox(database.db, org.id, { status: "pending" })).toEqual([]);
    expect(await listOutbox(database.db, other.org.id)).toEqual([]);
    expect((await messageRow(message.id)).delivery).toBe("failed");
    const audit = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, org.id), eq(auditLog.kind, "mail_failed")));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.detail).toMatchObject({
      outboxId: entry.id,
      recipient: email.To,
      error: expect.stringMatching(/inactive/i),
    });
  });

  it(`gives up after ${MAX_ATTEMPTS} transient failures`, async () => {
    const { org, message, entry } = await newAcknowledgement();
    fake.mode = "down";
    let result = nothing;
    for (let round = 1; round <= MAX_ATTEMPTS; round++) {
      result = await deliverDueMail(deps());
      clock.set((await outboxRow(entry.id)).nextAttemptAt);
    }

    expect(result).toEqual({ sent: 0, retried: 0, failed: 1 });
    expect(fake.requestCount).toBe(MAX_ATTEMPTS);
    expect(await outboxRow(entry.id)).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS });
    expect((await messageRow(message.id)).delivery).toBe("failed");
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.orgId, org.id));
    expect(audit.map((row) => row.kind)).toEqual(["mail_failed"]);
  });

  it("never waits more than an hour between tries", async () => {
    const { entry } = await newAcknowledgement();
    fake.mode = "down";
    const waits: number[] = [];
    for (let round = 1; round < MAX_ATTEMPTS; round++) {
      await deliverDueMail(deps());
      const row = await outboxRow(entry.id);
      waits.push(row.nextAttemptAt.getTime() - clock.now().getTime());
      clock.set(row.nextAttemptAt);
    }
    expect(Math.max(...waits)).toBeLessThanOrEqual(60 * 60_000);
    expect(waits.at(-1)).toBeGreaterThan(50 * 60_000);
  });

  it("requeues failed mail through retryOutboxEntry, for its own org only", async () => {
    const { org, message, entry } = await newAcknowledgement();
    const other = await makeOrgWithInbox(database.db);
    fake.mode = "invalid";
    expect(await deliverDueMail(deps())).toEqual({ sent: 0, retried: 0, failed: 1 });

    expect(await retryOutboxEntry(database.db, other.org.id, entry.id, clock.now())).toBeNull();
    expect(await retryOutboxEntry(database.db, org.id, crypto.randomUUID(), clock.now())).toBeNull();
    expect(await retryOutboxEntry(database.db, org.id, "not-an-id", clock.now())).toBeNull();
    expect((await outboxRow(entry.id)).status).toBe("failed");

    const requeued = await retryOutboxEntry(database.db, org.id, entry.id, clock.now());
    expect(requeued).toMatchObject({ id: entry.id, status: "pending", attempts: 0 });
    expect((await messageRow(message.id)).delivery).toBe("pending");

    fake.mode = "ok";
    expect(await deliverDueMail(deps())).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect((await messageRow(message.id)).delivery).toBe("sent");

    // a sent mail is not sent again by a retry
    expect(await retryOutboxEntry(database.db, org.id, entry.id, clock.now())).toMatchObject({
      status: "sent",
    });
    expect(await deliverDueMail(deps())).toEqual(nothing);
    expect(sentWithMessageId(message.rfcMessageId!)).toHaveLength(1);
  });

  it("sends each mail once when two instances deliver at the same time", async () => {
    const acks = [];
    for (let i = 0; i < 8; i++) acks.push(await newAcknowledgement());

    const results = await Promise.all([
      deliverDueMail(deps(postmark()), { limit: 5 }),
      deliverDueMail(deps(postmark()), { limit: 5 }),
      deliverDueMail(deps(postmark()), { limit: 5 }),
    ]);

    expect(results.reduce((total, result) => total + result.sent, 0)).toBe(8);
    expect(fake.received).toHaveLength(8);
    for (const { message } of acks) expect(sentWithMessageId(message.rfcMessageId!)).toHaveLength(1);
  });

  it("sends mail claimed by an instance that died once its lease has run out", async () => {
    const { message } = await newAcknowledgement();
    let claimed = false;
    const dying: Mailer = {
      send: () => {
        claimed = true;
        return new Promise(() => {});
      },
    };
    void deliverDueMail(deps(dying));
    await expect.poll(() => claimed).toBe(true);

    expect(await deliverDueMail(deps())).toEqual(nothing);
    clock.advance(6 * 60_000);
    expect(await deliverDueMail(deps())).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(sentWithMessageId(message.rfcMessageId!)).toHaveLength(1);
    expect((await messageRow(message.id)).delivery).toBe("sent");
  });

  it("retries mail whose mailer throws something unexpected, and keeps the error", async () => {
    const { entry } = await newAcknowledgement();
    const broken: Mailer = {
      send: () => Promise.reject(new TypeError("mailer bug")),
    };
    expect(await deliverDueMail(deps(broken))).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect(await outboxRow(entry.id)).toMatchObject({ status: "pending", lastError: "mailer bug" });
  });

  it("without a Postmark token, keeps mail in the development sink", async () => {
    const { message, email } = await newAcknowledgement();
    const mailer = createMailer(testConfig(), database.db, silentLogger);

    expect(await deliverDueMail(deps(mailer))).toEqual({ sent: 1, retried: 0, failed: 0 });

    const ack = await messageRow(message.id);
    const [kept] = await database.db
      .select()
      .from(mailSink)
      .where(eq(mailSink.postmarkMessageId, ack.postmarkMessageId!));
    expect(kept).toMatchObject({ recipient: email.To, subject: email.Subject });
    expect(kept!.email.Headers).toContainEqual({ Name: "Message-ID", Value: message.rfcMessageId });
    expect(fake.requestCount).toBe(0);
  });

  it("with a Postmark token, sends through Postmark", async () => {
    const { message } = await newAcknowledgement();
    const config = testConfig({ POSTMARK_SERVER_TOKEN: fake.token, POSTMARK_API_URL: fake.url });
    const mailer = createMailer(config, database.db, silentLogger);

    expect(await deliverDueMail(deps(mailer))).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(sentWithMessageId(message.rfcMessageId!)).toHaveLength(1);
  });
});
