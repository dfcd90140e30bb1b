import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer, makeTestApp, type TestApp } from "../../helpers/app";
import { makeOrgWithInbox, makeThread } from "../../helpers/factories";
import { publishIn } from "./events-setup";
import { openEventStream, viaApp } from "./sse-reader";

// terminating a backend needs a real Postgres server
describe.skipIf(!process.env.TEST_DATABASE_URL)("when the LISTEN connection is lost (Postgres)", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp({ driver: "pg" });
  });
  afterAll(() => t?.close());

  it("ends the streams without crashing; a reconnect with Last-Event-ID gets what was missed", async () => {
    const { org, inbox, admin } = await makeOrgWithInbox(t.db);
    const thread = await makeThread(t.db, org, inbox);
    const stream = await openEventStream(viaApp(t.app), "/api/v1/events", bearer(admin.token));
    const seen = await publishIn(t.db, { orgId: org.id, threadId: thread.id, type: "thread" });
    expect((await stream.nextEvent()).id).toBe(seen);

    await t.db.execute(
      sql`select pg_terminate_backend(pid) from pg_stat_activity
          where datname = current_database() and query like 'LISTEN%' and pid <> pg_backend_pid()`,
    );
    await expect(stream.nextEvent(10_000)).rejects.toThrow(/ended/);
    const missed = await publishIn(t.db, { orgId: org.id, threadId: thread.id, type: "message" });

    const again = await openEventStream(viaApp(t.app), "/api/v1/events", {
      ...bearer(admin.token),
      "Last-Event-ID": String(seen),
    });
    expect((await again.nextEvent()).id).toBe(missed);
    const live = await publishIn(t.db, { orgId: org.id, threadId: null, type: "presence" });
    expect((await again.nextEvent()).id).toBe(live);
    await again.close();
  });
});
