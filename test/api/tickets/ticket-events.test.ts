import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { liveEvents } from "../../../api/src/db/schema";
import { makeTestApp, type TestApp } from "../../helpers/app";
import { testDrivers } from "../../helpers/databases";
import { makeMember, makeOrgWithInbox, makeThread } from "../../helpers/factories";
import { send } from "../admin/send";

describe.each(testDrivers)("ticket links on the thread's live stream on %s", (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp({ driver });
  });
  afterAll(() => t?.close());

  it("announces a new link and an unlink as thread changes, and linking again as nothing", async () => {
    const { org, inbox } = await makeOrgWithInbox(t.db);
    const agent = await makeMember(t.db, org, { name: "Al Agent" });
    const thread = await makeThread(t.db, org, inbox);
    const ref = `THD-${thread.number}`;
    expect((await send(t, "PUT", `/threads/${ref}/tickets/TKT-42`, agent.token)).status).toBe(201);
    expect((await send(t, "PUT", `/threads/${ref}/tickets/TKT-42`, agent.token)).status).toBe(200);
    expect((await send(t, "DELETE", `/threads/${ref}/tickets/TKT-42`, agent.token)).status).toBe(204);
    const events = await t.db
      .select()
      .from(liveEvents)
      .where(and(eq(liveEvents.threadId, thread.id), eq(liveEvents.type, "thread")))
      .orderBy(asc(liveEvents.id));
    expect(events.map((event) => event.data)).toEqual([
      { ref, status: "open", changes: [{ field: "ticket", from: null, to: "TKT-42" }], by: agent.email },
      { ref, status: "open", changes: [{ field: "ticket", from: "TKT-42", to: null }], by: agent.email },
    ]);
  });
});
