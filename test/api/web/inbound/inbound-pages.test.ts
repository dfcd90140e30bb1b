import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInbox } from "../../../../api/src/admin/inboxes";
import { SYSTEM_ACTOR } from "../../../../api/src/audit/record-audit";
import { auditLog, inboundEmails, type Org, threads } from "../../../../api/src/db/schema";
import { makeTestApp, type TestApp } from "../../../helpers/app";
import { testDrivers } from "../../../helpers/databases";
import { inboundPayload } from "../../../helpers/postmark-payloads";
import { mailTo, noticeOf, opsDesk } from "../ops-desk";

let t: TestApp;

describe.each(testDrivers)("the inbound mail pages on %s", (driver) => {
  beforeAll(async () => {
    t = await makeTestApp({ driver });
  });
  afterAll(() => t?.close());

  // each entry a second after the one before, so the log's order is the order they were kept
  let receivedAt = Date.now() - 3600_000;
  async function kept(org: Org, status: "filed" | "unrouted" | "failed", subject: string) {
    receivedAt += 1000;
    const [row] = await t.db
      .insert(inboundEmails)
      .values({
        rawBody: JSON.stringify({ Subject: subject }),
        status,
        subject,
        fromEmail: "cleo@client.example",
        recipients: [`support.${org.slug}@tisket.test`],
        orgId: org.id,
        error: status === "failed" ? "the database said no" : null,
        receivedAt: new Date(receivedAt),
      })
      .returning();
    return row!;
  }
  const statusOf = async (id: string) =>
    (await t.db.select().from(inboundEmails).where(eq(inboundEmails.id, id)))[0]?.status;

  it("lists unrouted and failed mail first, then the rest, never another org's", async () => {
    const { org, ada } = await opsDesk(t);
    const other = await opsDesk(t);
    await kept(org, "filed", "Filed one");
    await kept(org, "failed", "Broke while filing");
    await kept(org, "filed", "Filed two");
    await mailTo(t, `sales.${org.slug}@tisket.test`, { subject: "For a missing inbox" });
    await kept(other.org, "unrouted", "Their secret mail");
    const page = await ada.get("/admin/inbound");
    expect(page.status).toBe(200);
    expect(page.html).toContain('href="/admin/inbound" aria-current="page">Inbound mail</a>');
    const attention = page.html.slice(
      page.html.indexOf("Needs attention"),
      page.html.indexOf("All other mail"),
    );
    const others = page.html.slice(page.html.indexOf("All other mail"));
    expect(attention).toContain("For a missing inbox");
    expect(attention).toContain("No inbox of this organization has the address it was sent to");
    expect(attention).toContain("Broke while filing");
    expect(attention).toContain("the database said no");
    expect(attention.match(/>Refile</g)).toHaveLength(2);
    expect(attention.indexOf("For a missing inbox")).toBeLessThan(attention.indexOf("Broke while filing"));
    expect(others).toContain("Filed two");
    expect(others).toContain("Filed one");
    expect(others).not.toContain(">Refile<");
    expect(page.html).not.toContain("Their secret mail");
  });

  it("pages the mail 25 at a time, each entry once, and answers a forged cursor with the newest", async () => {
    const { org, ada } = await opsDesk(t);
    for (let i = 1; i <= 27; i++) await kept(org, "filed", `Mail number ${i}.`);
    const first = await ada.get("/admin/inbound");
    expect(first.html).toContain("Mail number 27.");
    expect(first.html).toContain("Mail number 3.");
    expect(first.html).not.toContain("Mail number 2.");
    const older = /href="(\/admin\/inbound\?cursor=[^"]+)" rel="next">Older mail</.exec(first.html)?.[1];
    expect(older).toBeDefined();
    const second = await ada.get(older!.replaceAll("&amp;", "&"));
    expect(second.html).toContain("Mail number 2.");
    expect(second.html).toContain("Mail number 1.");
    expect(second.html).not.toContain("Mail number 3.");
    expect(second.html).not.toContain(">Older mail<");
    expect(second.html).toContain("Back to the newest mail");
    const forged = await ada.get("/admin/inbound?cursor=nonsense");
    expect(forged.status).toBe(400);
    expect(noticeOf(forged.html)).toBe("That page of the log no longer exists: showing the newest mail.");
    expect(forged.html).toContain("Mail number 27.");
  });

  it("shows an email's raw payload as inert text, attachments cut short", async () => {
    const { org, ada } = await opsDesk(t);
    const hostile = '</pre><script>alert("x")</script><img src=x onerror=alert(1)>';
    const answer = await mailTo(t, `support.${org.slug}@tisket.test`, {
      subject: `Invoice ${hostile}`,
      html: `<p>Hi</p>${hostile}`,
      attachments: [
        { Name: "big.bin", Content: "QUFB".repeat(5000), ContentType: "application/octet-stream" },
      ],
    });
    const page = await ada.get(`/admin/inbound/${answer.inboundId}`);
    expect(page.status).toBe(200);
    expect(page.html).not.toContain("<script>alert");
    expect(page.html).not.toContain("<img src=x");
    expect(page.html).toContain("&lt;/pre&gt;&lt;script&gt;alert(");
    expect(page.html).toMatch(/<pre class="payload-text">\{\n {2}&quot;/);
    expect(page.html).toContain("QUFBQUFB");
    expect(page.html).toContain("… (20000 characters in all)");
    expect(page.html).not.toContain("QUFB".repeat(100));
    const [thread] = await t.db.select().from(threads).where(eq(threads.orgId, org.id));
    expect(page.html).toContain(`<a href="/admin/threads/THD-${thread!.number}">THD-${thread!.number}</a>`);
  });

  it("refiles mail for a missing inbox once the inbox exists, and links the thread it made", async () => {
    const { org, admin, ada } = await opsDesk(t);
    const { inboundId } = await mailTo(t, `billing.${org.slug}@tisket.test`, {
      subject: "Where is my invoice?",
    });
    const early = await ada.post(`/admin/inbound/${inboundId}/refile`);
    expect(early.status).toBe(303);
    expect(early.location).toBe(`/admin/inbound/${inboundId}`);
    const still = await ada.get(early.location!);
    expect(noticeOf(still.html)).toBe(
      "Still unrouted: no inbox of this organization has the address it was sent to.",
    );
    expect(await statusOf(inboundId)).toBe("unrouted");

    await createInbox(t.db, org, { name: "billing" }, SYSTEM_ACTOR);
    await ada.post(`/admin/inbound/${inboundId}/refile`);
    const filed = await ada.get(`/admin/inbound/${inboundId}`);
    expect(noticeOf(filed.html)).toBe("Filed: its thread is linked below.");
    const [thread] = await t.db.select().from(threads).where(eq(threads.orgId, org.id));
    expect(thread!.subject).toBe("Where is my invoice?");
    expect(filed.html).toContain(`<a href="/admin/threads/THD-${thread!.number}">THD-${thread!.number}</a>`);
    expect(filed.html).not.toContain(">Refile<");
    expect(await statusOf(inboundId)).toBe("filed");
    const audits = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, org.id), eq(auditLog.kind, "inbound_refiled")));
    expect(audits.map((a) => [a.actor, a.client, a.detail.status])).toEqual([
      [admin.email, "web", "unrouted"],
      [admin.email, "web", "filed"],
    ]);
  });

  it("refiles failed mail, and says so when it was already filed", async () => {
    const { org, ada } = await opsDesk(t);
    const payload = inboundPayload({ to: [`support.${org.slug}@tisket.test`], subject: "Failed before" });
    const [row] = await t.db
      .insert(inboundEmails)
      .values({
        rawBody: JSON.stringify(payload),
        status: "failed",
        error: "boom",
        orgId: org.id,
        subject: "Failed before",
      })
      .returning();
    await ada.post(`/admin/inbound/${row!.id}/refile`);
    expect(noticeOf((await ada.get(`/admin/inbound/${row!.id}`)).html)).toBe(
      "Filed: its thread is linked below.",
    );
    await ada.post(`/admin/inbound/${row!.id}/refile`);
    expect(noticeOf((await ada.get(`/admin/inbound/${row!.id}`)).html)).toBe(
      "It was already filed: nothing new was added.",
    );
    expect(await t.db.select().from(threads).where(eq(threads.orgId, org.id))).toHaveLength(1);
  });

  it("refuses agents with 403, another org's mail with 404, and a refile without the CSRF token", async () => {
    const { org, al, ada } = await opsDesk(t);
    const other = await opsDesk(t);
    const mine = await kept(org, "unrouted", "Mine");
    const theirs = await kept(other.org, "unrouted", "Theirs");
    expect((await al.get("/admin/inbound")).status).toBe(403);
    expect((await al.get(`/admin/inbound/${mine.id}`)).status).toBe(403);
    expect((await al.post(`/admin/inbound/${mine.id}/refile`)).status).toBe(403);
    const foreign = await ada.get(`/admin/inbound/${theirs.id}`);
    expect(foreign.status).toBe(404);
    expect(foreign.html).not.toContain("Theirs");
    expect((await ada.post(`/admin/inbound/${theirs.id}/refile`)).status).toBe(404);
    expect((await ada.get("/admin/inbound/not-an-id")).status).toBe(404);
    expect((await ada.post(`/admin/inbound/${mine.id}/refile`, { _csrf: "" })).status).toBe(403);
    expect(
      (await ada.post(`/admin/inbound/${mine.id}/refile`, {}, { "Sec-Fetch-Site": "cross-site" })).status,
    ).toBe(403);
    expect(await statusOf(mine.id)).toBe("unrouted");
    expect(await statusOf(theirs.id)).toBe("unrouted");
    const refiles = await t.db.select().from(auditLog).where(eq(auditLog.kind, "inbound_refiled"));
    expect(refiles.filter((a) => a.target === mine.id || a.target === theirs.id)).toEqual([]);
  });
});
