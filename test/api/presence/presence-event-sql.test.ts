import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../../api/src/db/query-rows";
import { dialect } from "../../../api/src/db/statement";
import { PresenceEventSchema } from "../../../api/src/events/payloads";
import { type PresenceEndedSql, presenceEndedEventSql } from "../../../api/src/presence/presence.statements";
import { type PresenceChange, presenceEventData } from "../../../api/src/presence/presence-events";
import { formatRef } from "../../../shared/src/subject-tag";
import { openTestDatabase, type TestDatabase, testDrivers } from "../../helpers/databases";

describe.each(testDrivers)("a presence event built in SQL on %s", (driver) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(driver);
  });
  afterAll(() => database?.close());

  type EndReason = PresenceEndedSql["reason"];
  const change = (reason: EndReason): PresenceChange => ({
    orgId: "00000000-0000-4000-8000-000000000001",
    threadId: "00000000-0000-4000-8000-000000000002",
    threadNumber: 42,
    memberId: "00000000-0000-4000-8000-000000000003",
    member: { email: "bob@acme.example", name: "Bob O'Builder" },
    client: "gmail",
    activity: null,
    since: null,
    expiresAt: null,
    reason,
  });

  // as a statement that ends presence itself builds it: the client comes from a row it deleted
  async function builtInSql(ended: PresenceChange, reason: EndReason): Promise<unknown> {
    const data = presenceEndedEventSql({
      ref: sql`${formatRef(ended.threadNumber)}::text`,
      memberId: sql`${ended.memberId}::text`,
      member: { email: sql`${ended.member.email}::text`, name: sql`${ended.member.name}::text` },
      client: sql`c.client`,
      reason,
    });
    const [row] = await queryRows<{ data: unknown }>(
      database.db,
      sql`select ${data} as data from (values (${ended.client}::text)) as c(client)`,
    );
    return row?.data;
  }

  it.each(["replied", "left", "expired"] as const)(
    "says what presenceEventData says for a presence that ended (%s)",
    async (reason) => {
      const ended = change(reason);
      const data = await builtInSql(ended, reason);
      expect(PresenceEventSchema.strict().parse(data)).toEqual(presenceEventData(ended));
      expect(data).toEqual({
        ref: "THD-42",
        memberId: ended.memberId,
        member: { email: "bob@acme.example", name: "Bob O'Builder" },
        client: "gmail",
        activity: null,
        since: null,
        expiresAt: null,
        reason,
      });
    },
  );

  it("has every key of the presence schema, in its order", () => {
    const { sql: text } = dialect.sqlToQuery(
      presenceEndedEventSql({
        ref: sql`r`,
        memberId: sql`m`,
        member: { email: sql`e`, name: sql`n` },
        client: sql`c`,
        reason: "replied",
      }),
    );
    expect(text).toBe(
      "jsonb_build_object('ref', r, 'memberId', m, 'member', jsonb_build_object('email', e, 'name', n), 'client', c, 'activity', null, 'since', null, 'expiresAt', null, 'reason', 'replied')",
    );
  });

  it("refuses a reason the schema does not know rather than write it into the SQL", () => {
    expect(() =>
      presenceEndedEventSql({
        ref: sql`r`,
        memberId: sql`m`,
        member: { email: sql`e`, name: sql`n` },
        client: sql`c`,
        reason: "x'); drop table presence; --" as EndReason,
      }),
    ).toThrow();
  });
});
