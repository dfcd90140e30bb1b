import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { messages, outbox } from "../../../api/src/db/schema";
import { systemClock } from "../../../api/src/deps";
import type { Mailer } from "../../../api/src/outbox/mailer";
import { type OutboxWorker, startOutboxWorker } from "../../../api/src/outbox/worker";
import { openTestDatabase, type TestDatabase } from "../../helpers/databases";
import { makeOrgWithInbox } from "../../helpers/factories";
import { failingStatements } from "../../helpers/failing-statements";
import { makeAcknowledgement, recordingLogger } from "./outbox-fixtures";

const HOUR = 60 * 60_000;

/** The system clock, counting how often it is read: each run reads it when it claims and when it records. */
function countingClock() {
  const clock = {
    reads: 0,
    now() {
      clock.reads += 1;
      return systemClock.now();
    },
  };
  return clock;
}

/** A mailer that answers at once, or holds every send until released. */
function controllableMailer() {
  const sent: string[] = [];
  let gate: Promise<void> | undefined;
  let open = () => {};
  const mailer: Mailer & { sent: string[]; hold(): void; release(): void } = {
    sent,
    async send(emails) {
      sent.push(...emails.map((email) => email.To));
      await gate;
      return emails.map(() => ({ ok: true as const, postmarkMessageId: crypto.randomUUID() }));
    },
    hold() {
      gate = new Promise((resolve) => {
        open = resolve;
      });
    },
    release() {
      open();
      gate = undefined;
    },
  };
  return mailer;
}

describe("outbox worker", () => {
  let database: TestDatabase;
  let worker: OutboxWorker | undefined;

  const delivery = async (messageId: string) => {
    const [row] = await database.db
      .select({ delivery: messages.delivery })
      .from(messages)
      .where(eq(messages.id, messageId));
    return row?.delivery;
  };
  const newAcknowledgement = async () => {
    const { org, inbox } = await makeOrgWithInbox(database.db);
    return makeAcknowledgement(database.db, org, inbox);
  };

  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database?.close());
  beforeEach(() => database.db.delete(outbox));
  afterEach(async () => {
    await worker?.stop();
    worker = undefined;
  });

  it("delivers due mail when woken, without waiting for the next poll", async () => {
    const mailer = controllableMailer();
    const clock = countingClock();
    worker = startOutboxWorker(
      { db: database.db, mailer, clock, log: recordingLogger() },
      { intervalMs: HOUR },
    );
    // the first run at start has asked for due mail before the acknowledgement exists
    await expect.poll(() => clock.reads).toBeGreaterThan(0);
    const { message } = await newAcknowledgement();

    worker.wake();

    await expect.poll(() => delivery(message.id)).toBe("sent");
    expect(mailer.sent).toHaveLength(1);
  });

  it("claims the mail of wakes that come close together in one run", async () => {
    const mailer = controllableMailer();
    const clock = countingClock();
    worker = startOutboxWorker(
      { db: database.db, mailer, clock, log: recordingLogger() },
      { intervalMs: HOUR, gatherMs: 300 },
    );
    await expect.poll(() => clock.reads).toBe(2);
    const first = await newAcknowledgement();
    worker.wake();
    // the next filing lands a moment later, as concurrent webhooks do
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = await newAcknowledgement();
    worker.wake();

    await expect.poll(() => delivery(first.message.id), { timeout: 5000 }).toBe("sent");
    expect(await delivery(second.message.id)).toBe("sent");
    // one run after the first: two more reads
    expect(clock.reads - 2).toBe(2);
  });

  it("logs a failing run with its cause and keeps polling until the database is back", async () => {
    const log = recordingLogger();
    let databaseDown = true;
    const flakyDb = failingStatements(database.db, () =>
      databaseDown ? new Error("connect ECONNREFUSED 127.0.0.1:5432") : undefined,
    );
    const mailer = controllableMailer();
    worker = startOutboxWorker({ db: flakyDb, mailer, clock: systemClock, log }, { intervalMs: 10 });

    await expect.poll(() => log.lines.filter((line) => line.level === "error").length).toBeGreaterThan(2);
    expect(log.lines[0]).toMatchObject({
      level: "error",
      context: { error: expect.stringMatching(/ECONNREFUSED/) },
    });
    const { message } = await newAcknowledgement();
    databaseDown = false;

    await expect.poll(() => delivery(message.id)).toBe("sent");
    expect(mailer.sent).toHaveLength(1);
  });

  it("survives a closed database", async () => {
    const log = recordingLogger();
    const gone = await openTestDatabase();
    await gone.close();
    worker = startOutboxWorker(
      { db: gone.db, mailer: controllableMailer(), clock: systemClock, log },
      { intervalMs: 10 },
    );

    await expect.poll(() => log.lines.filter((line) => line.level === "error").length).toBeGreaterThan(2);
  });

  it("stop() waits for the run in progress, and the worker sends nothing afterwards", async () => {
    const mailer = controllableMailer();
    mailer.hold();
    const { message } = await newAcknowledgement();
    worker = startOutboxWorker({ db: database.db, mailer, clock: systemClock, log: recordingLogger() });
    await expect.poll(() => mailer.sent).toHaveLength(1);

    let stopped = false;
    const stopping = worker.stop().then(() => {
      stopped = true;
    });
    await Promise.resolve();
    expect(stopped).toBe(false);
    mailer.release();
    await stopping;
    expect(await delivery(message.id)).toBe("sent");

    const later = await newAcknowledgement();
    worker.wake();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(mailer.sent).toHaveLength(1);
    expect(await delivery(later.message.id)).toBe("pending");
  });
});
