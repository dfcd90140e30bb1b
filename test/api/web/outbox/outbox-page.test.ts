import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, type Org, outbox } from "../../../../api/src/db/schema";
import { makeTestApp, type TestApp } from "../../../helpers/app";
import { testDrivers } from "../../../helpers/databases";
import { mailTo, noticeOf, opsDesk } from "../ops-desk";

let t: TestApp;

describe.each(testDrivers)("the outbox page on %s", (driver) => {
  beforeAll(async () => {
    t = await makeTestApp({ driver });
  });
  afterAll(() => t?.close());

  /** A client's mail whose acknowledgement Postmark refused for good. */
  async function failedAcknowledgement(org: Org, client: string, error = "406 inactive recipient") {
    await mailTo(t, `support.${org.slug}@tisket.test`, { from: client, subject: "Will bounce" });
    const [row] = await t.db
      .update(outbox)
      .set({ status: "failed", attempts: 10, lastError: error })
      .where(and(eq(outbox.orgId, org.id), eq(outbox.recipient, client)))
      .returning();
    return row!;
  }
  const rowOf = async (id: string) => (await t.db.select().from(outbox).where(eq(outbox.id, id)))[0]!;

  it("lists mail that could not be sent with its reason, and Retry queues it again, audited as web", async () => {
    const { org, admin, ada } = await opsDesk(t);
    const row = await failedAcknowledgement(org, "gone@client.example");
    const page = await ada.get("/admin/outbox");
    expect(page.status).toBe(200);
    expect(page.html).toContain('href="/admin/outbox" aria-current="page">Outbox</a>');
    expect(page.html).toContain("<td>gone@client.example</td>");
    expect(page.html).toContain("406 inactive recipient");
    expect(page.html).toContain("(10 attempts)");
    expect(page.html).toMatch(/\[THD-\d+\] Re: Will bounce/);
    expect(page.html).toContain(`action="/admin/outbox/${row.id}/retry"`);
    const retried = await ada.post(`/admin/outbox/${row.id}/retry`);
    expect(retried.status).toBe(303);
    expect(retried.location).toBe("/admin/outbox");
    const after = await ada.get("/admin/outbox");
    expect(noticeOf(after.html)).toBe("The mail to gone@client.example is queued to be sent again.");
    expect(after.html).toContain("No mail has failed.");
    expect(await rowOf(row.id)).toMatchObject({ status: "pending", attempts: 0 });
    const [audit] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, org.id), eq(auditLog.kind, "mail_retried")));
    expect(audit).toMatchObject({ actor: admin.email, client: "web", target: "gone@client.example" });
    // a second press changes nothing: the mail is no longer failed
    await ada.post(`/admin/outbox/${row.id}/retry`);
    expect(noticeOf((await ada.get("/admin/outbox")).html)).toBe(
      "The mail to gone@client.example was not waiting for a retry: nothing changed.",
    );
    const retries = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, org.id), eq(auditLog.kind, "mail_retried")));
    expect(retries).toHaveLength(1);
  });

  it("says when there is nothing failed, and keeps hostile reasons inert", async () => {
    const { org, ada } = await opsDesk(t);
    expect((await ada.get("/admin/outbox")).html).toContain("No mail has failed.");
    await failedAcknowledgement(org, "x@client.example", '<img src=x onerror="alert(1)">');
    const page = await ada.get("/admin/outbox");
    expect(page.html).not.toContain("<img src=x");
    expect(page.html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
  });

  it("refuses agents with 403, another org's mail with 404, a retry without CSRF with 403, nothing changed", async () => {
    const { org, al, ada } = await opsDesk(t);
    const other = await opsDesk(t);
    const mine = await failedAcknowledgement(org, "mine@client.example");
    const theirs = await failedAcknowledgement(other.org, "theirs@client.example");
    expect((await al.get("/admin/outbox")).status).toBe(403);
    expect((await al.post(`/admin/outbox/${mine.id}/retry`)).status).toBe(403);
    expect((await ada.get("/admin/outbox")).html).not.toContain("theirs@client.example");
    expect((await ada.post(`/admin/outbox/${theirs.id}/retry`)).status).toBe(404);
    expect((await ada.post("/admin/outbox/not-an-id/retry")).status).toBe(404);
    expect((await ada.post(`/admin/outbox/${mine.id}/retry`, { _csrf: "" })).status).toBe(403);
    expect((await rowOf(mine.id)).status).toBe("failed");
    expect((await rowOf(theirs.id)).status).toBe("failed");
  });
});
