import { eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../../api/src/app";
import type { Db } from "../../../api/src/db/client";
import { inboundEmails, messages, threads } from "../../../api/src/db/schema";
import { silentLogger } from "../../../api/src/deps";
import { sweepAbandonedEmails } from "../../../api/src/inbound/inbound-sweep";
import { OPERATOR_TOKEN } from "../../helpers/app";
import { testDrivers } from "../../helpers/databases";
import { makeMember } from "../../helpers/factories";
import { failingStatements } from "../../helpers/failing-statements";
import { inboundPayload, postInbound } from "../../helpers/postmark-payloads";
import { recordingLogger } from "../outbox/outbox-fixtures";
import { type InboundWorld, inboundWorld } from "./inbound-setup";

/**
 * The database, except that the statement which files an email (and any other whose text holds
 * one of `failing`) fails as if the server went away.
 */
function crashingOnFiling(db: Db, failing: readonly string[] = ["claim as ("]): Db {
  return failingStatements(db, (text) =>
    failing.some((marker) => text.includes(marker))
      ? new Error("Connection terminated unexpectedly")
      : undefined,
  );
}

describe.each(testDrivers)("kept emails whose filing died, on %s", (driver) => {
  let world: InboundWorld;
  const sweepDeps = () => ({ ...world.deps, log: silentLogger });
  beforeAll(async () => {
    world = await inboundWorld(driver);
  });
  afterAll(() => world?.close());

  const expireLease = (postmarkId: string) =>
    world.db
      .update(inboundEmails)
      .set({ leaseUntil: sql`now() - interval '1 second'` })
      .where(eq(inboundEmails.postmarkMessageId, postmarkId));

  const threadsWithSubject = (subject: string) =>
    world.db.select().from(threads).where(eq(threads.subject, subject));

  it("answers 503 when filing breaks off after the keep, shows the email to the org's admin, and the sweep files it", async () => {
    const admin = await makeMember(world.db, world.org, { role: "admin" });
    const payload = inboundPayload({ subject: "Kept, then the database went away" });
    const crashing = createApp({ ...world.deps, db: crashingOnFiling(world.db) });

    const answer = await postInbound(crashing, payload);
    expect(answer).toMatchObject({ status: 503, body: { error: { code: "unavailable" } } });
    // a redelivery while the first filing's lease runs answers 503 too: no 200 before it is filed
    expect((await postInbound(world.app, payload)).status).toBe(503);

    const log = await world.app.request(`/api/v1/orgs/acme/inbound-log?status=received`, {
      headers: { Authorization: `Bearer ${admin.token}` },
    });
    const { emails } = (await log.json()) as { emails: { subject: string; org: string; attempts: number }[] };
    expect(emails).toEqual([
      expect.objectContaining({ subject: "Kept, then the database went away", org: "acme", attempts: 1 }),
    ]);

    // nothing is filed while the lease runs; once it ran out, the sweep files it
    expect(await sweepAbandonedEmails(sweepDeps())).toEqual({ filed: 0, retrying: 0, failed: 0 });
    await expireLease(String(payload.MessageID));
    expect(await sweepAbandonedEmails(sweepDeps())).toEqual({ filed: 1, retrying: 0, failed: 0 });
    const [thread] = await threadsWithSubject("Kept, then the database went away");
    expect(thread?.messageCount).toBe(2);
    expect((await world.inboundLog(String(payload.MessageID)))[0]).toMatchObject({
      status: "filed",
      attempts: 2,
    });
    // and Postmark's next retry adds nothing
    expect(await postInbound(world.app, payload)).toMatchObject({
      status: 200,
      body: { status: "duplicate" },
    });
  });

  it("lets a redelivery that finds the lease run out take over the filing", async () => {
    const payload = inboundPayload({ subject: "Taken over by the redelivery" });
    const crashing = createApp({ ...world.deps, db: crashingOnFiling(world.db) });
    expect((await postInbound(crashing, payload)).status).toBe(503);
    await expireLease(String(payload.MessageID));

    expect(await postInbound(world.app, payload)).toMatchObject({ status: 200, body: { status: "filed" } });
    expect(await threadsWithSubject("Taken over by the redelivery")).toHaveLength(1);
    expect(await sweepAbandonedEmails(sweepDeps())).toEqual({ filed: 0, retrying: 0, failed: 0 });
  });

  it("backs off between attempts and marks an email failed, saying why, after the last", async () => {
    const payload = inboundPayload({ subject: "Never gets filed" });
    const crashing = { ...world.deps, db: crashingOnFiling(world.db), log: silentLogger };
    const crashingApp = createApp({ ...world.deps, db: crashingOnFiling(world.db) });
    expect((await postInbound(crashingApp, payload)).status).toBe(503);
    const row = async () => (await world.inboundLog(String(payload.MessageID)))[0]!;

    const leases: number[] = [];
    for (let attempt = 2; attempt <= 3; attempt++) {
      await expireLease(String(payload.MessageID));
      const startedAt = Date.now();
      expect(await sweepAbandonedEmails(crashing, { batch: 20, maxAttempts: 3 })).toEqual({
        filed: 0,
        retrying: 1,
        failed: 0,
      });
      leases.push((await row()).leaseUntil.getTime() - startedAt);
      expect(await row()).toMatchObject({ status: "received", attempts: attempt });
      expect((await row()).error).toMatch(/the last filing broke off: Connection terminated/);
    }
    // each lease, the wait before the next attempt, twice the one before
    expect(leases[1]! / leases[0]!).toBeGreaterThan(1.5);

    await expireLease(String(payload.MessageID));
    expect(await sweepAbandonedEmails(crashing, { batch: 20, maxAttempts: 3 })).toEqual({
      filed: 0,
      retrying: 0,
      failed: 1,
    });
    expect(await row()).toMatchObject({ status: "failed", attempts: 3, orgId: world.org.id });
    expect((await row()).error).toMatch(/^not filed after 3 attempts: the last filing broke off/);

    const log = await world.app.request("/api/v1/inbound-log?status=failed", {
      headers: { Authorization: `Bearer ${OPERATOR_TOKEN}` },
    });
    const { emails } = (await log.json()) as { emails: { subject: string; error: string }[] };
    expect(emails.map((entry) => entry.subject)).toContain("Never gets filed");
  });

  it("logs a broken-off filing whose reason it cannot note either, and leaves the email to its lease", async () => {
    const payload = inboundPayload({ subject: "Not even noted" });
    const crashingApp = createApp({ ...world.deps, db: crashingOnFiling(world.db) });
    expect((await postInbound(crashingApp, payload)).status).toBe(503);
    await expireLease(String(payload.MessageID));

    const log = recordingLogger();
    const broken = { ...world.deps, db: crashingOnFiling(world.db, ["claim as (", `set "error" =`]), log };
    expect(await sweepAbandonedEmails(broken, { batch: 20, maxAttempts: 8 })).toEqual({
      filed: 0,
      retrying: 1,
      failed: 0,
    });
    const [row] = await world.inboundLog(String(payload.MessageID));
    expect(row).toMatchObject({ status: "received", attempts: 2 });
    expect(log.lines).toEqual([
      expect.objectContaining({
        level: "warn",
        context: { inboundId: row!.id, error: expect.stringMatching(/Connection terminated/) },
      }),
    ]);
  });

  it("files each abandoned email once when two instances sweep at the same time", async () => {
    const payloads = Array.from({ length: 24 }, (_, i) =>
      inboundPayload({ subject: `Swept ${driver} ${i}` }),
    );
    const crashingApp = createApp({ ...world.deps, db: crashingOnFiling(world.db) });
    for (const payload of payloads) expect((await postInbound(crashingApp, payload)).status).toBe(503);
    const ids = payloads.map((payload) => String(payload.MessageID));
    await world.db
      .update(inboundEmails)
      .set({ leaseUntil: sql`now() - interval '1 second'` })
      .where(inArray(inboundEmails.postmarkMessageId, ids));

    const options = { batch: 5, maxAttempts: 8 };
    const [one, two] = await Promise.all([
      sweepAbandonedEmails(sweepDeps(), options),
      sweepAbandonedEmails(sweepDeps(), options),
    ]);
    expect(one.filed + two.filed).toBe(24);

    const kept = await world.db
      .select({ id: inboundEmails.id, status: inboundEmails.status })
      .from(inboundEmails)
      .where(inArray(inboundEmails.postmarkMessageId, ids));
    expect(kept.map((row) => row.status)).toEqual(Array(24).fill("filed"));
    const filed = await world.db
      .select({ id: messages.id, threadId: messages.threadId })
      .from(messages)
      .where(
        inArray(
          messages.inboundEmailId,
          kept.map((row) => row.id),
        ),
      );
    expect(filed).toHaveLength(24);
    // no thread number was taken by a filing that lost a race
    const numbers = (
      await world.db
        .select({ number: threads.number })
        .from(threads)
        .where(
          inArray(
            threads.id,
            filed.map((message) => message.threadId),
          ),
        )
    )
      .map((row) => row.number)
      .sort((a, b) => a - b);
    expect(numbers.at(-1)! - numbers[0]!).toBe(23);
  });
});
