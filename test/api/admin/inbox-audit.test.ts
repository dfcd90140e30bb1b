import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "../../../api/src/db/schema";
import { makeTestApp, OPERATOR_TOKEN, type TestApp } from "../../helpers/app";
import { makeOrgWithInbox } from "../../helpers/factories";
import { send } from "./send";

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t?.close());

describe("creating an inbox is audited", () => {
  it("records who created it and through which client; a refused name records nothing", async () => {
    const { org, admin } = await makeOrgWithInbox(t.db);
    await send(t, "POST", `/orgs/${org.slug}/inboxes`, admin.token, { name: "billing" });
    await send(t, "POST", `/orgs/${org.slug}/inboxes`, OPERATOR_TOKEN, { name: "sales" });
    expect(
      (await send(t, "POST", `/orgs/${org.slug}/inboxes`, admin.token, { name: "billing" })).status,
    ).toBe(409);
    const rows = await t.db.select().from(auditLog).where(eq(auditLog.orgId, org.id)).orderBy(auditLog.id);
    expect(rows.map((row) => [row.kind, row.actor, row.client, row.target])).toEqual([
      ["inbox_created", admin.email, "api", "billing"],
      ["inbox_created", "operator", "api", "sales"],
    ]);
  });
});
