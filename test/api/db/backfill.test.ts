import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, threadHistory, threads } from "../../../api/src/db/schema";
import { openTestDatabase, type TestDatabase, testDrivers } from "../../helpers/databases";
import { makeMember, makeMessage, makeOrgWithInbox, makeThread } from "../../helpers/factories";
import { migrationStatements } from "../../helpers/migration-statements";

const MINUTE = 60_000;
const at = (minutes: number) => new Date(Date.UTC(2025, 5, 2, 9) + minutes * MINUTE);

// the custom migration, run again over rows written the way the code before it wrote them
const backfill = migrationStatements("_team-workflow-backfill.sql");

describe.each(testDrivers)("the measured-facts backfill on %s", (driver) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(driver);
  });
  afterAll(() => database?.close());

  it("fills the facts of existing threads from their messages and history", async () => {
    const db = database.db;
    const { org, inbox, admin } = await makeOrgWithInbox(db);
    const bob = await makeMember(db, org, { email: "bob@acme.example" });

    const answered = await makeThread(db, org, inbox, { createdAt: at(0), status: "closed" });
    await makeMessage(db, answered, { direction: "inbound", createdAt: at(0) });
    await makeMessage(db, answered, {
      direction: "outbound",
      fromEmail: "support.acme@tisket.test",
      delivery: "sent",
      createdAt: at(0.001),
    });
    await makeMessage(db, answered, { direction: "outbound", fromEmail: bob.email, createdAt: at(10) });
    await makeMessage(db, answered, { direction: "outbound", fromEmail: bob.email, createdAt: at(20) });
    const change = (from: string, to: string, minute: number, actorId: string | null) => ({
      threadId: answered.id,
      field: "status" as const,
      fromValue: from,
      toValue: to,
      actorId,
      actor: actorId ? bob.email : "client reply",
      at: at(minute),
    });
    await db
      .insert(threadHistory)
      .values([
        change("open", "resolved", 60, bob.id),
        change("resolved", "open", 120, null),
        change("open", "closed", 180, bob.id),
      ]);

    const finishedWithoutHistory = await makeThread(db, org, inbox, { status: "resolved" });
    await makeMessage(db, finishedWithoutHistory, { direction: "inbound", createdAt: at(5) });

    const staffStarted = await makeThread(db, org, inbox, { createdAt: at(0), startedBy: "staff" });
    await makeMessage(db, staffStarted, { direction: "outbound", fromEmail: bob.email, createdAt: at(0) });
    await makeMessage(db, staffStarted, { direction: "inbound", createdAt: at(5) });
    await makeMessage(db, staffStarted, { direction: "outbound", fromEmail: bob.email, createdAt: at(8) });

    const unanswered = await makeThread(db, org, inbox);
    await makeMessage(db, unanswered, { direction: "inbound", createdAt: at(3) });
    await db.insert(auditLog).values({ orgId: org.id, kind: "token_created", actor: admin.email });

    for (const statement of backfill) await db.execute(sql.raw(statement));

    const facts = async (id: string) => {
      const [row] = await db.select().from(threads).where(eq(threads.id, id));
      return {
        firstClientMessageAt: row!.firstClientMessageAt,
        firstResponseAt: row!.firstResponseAt,
        firstResponseBy: row!.firstResponseBy,
        resolvedAt: row!.resolvedAt,
        resolvedBy: row!.resolvedBy,
        reopenCount: row!.reopenCount,
      };
    };
    expect(await facts(answered.id)).toEqual({
      firstClientMessageAt: at(0),
      firstResponseAt: at(10),
      firstResponseBy: bob.id,
      resolvedAt: at(60),
      resolvedBy: bob.id,
      reopenCount: 1,
    });
    const [lastOfFinished] = await db.select().from(threads).where(eq(threads.id, finishedWithoutHistory.id));
    expect(await facts(finishedWithoutHistory.id)).toMatchObject({
      resolvedAt: lastOfFinished!.lastMessageAt,
      resolvedBy: null,
      firstResponseAt: null,
    });
    expect(await facts(staffStarted.id)).toMatchObject({
      firstClientMessageAt: at(5),
      firstResponseAt: at(8),
    });
    expect(await facts(unanswered.id)).toEqual({
      firstClientMessageAt: at(3),
      firstResponseAt: null,
      firstResponseBy: null,
      resolvedAt: null,
      resolvedBy: null,
      reopenCount: 0,
    });
    const [row] = await db.select().from(auditLog).where(eq(auditLog.orgId, org.id));
    expect(row?.actorId).toBe(admin.id);
  });
});
