import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, inboundEmails, inboxes, outbox, threads } from "../../../../api/src/db/schema";
import { deliverDueMail } from "../../../../api/src/outbox/deliver";
import { requestSignInLink } from "../../../../api/src/web/sign-in/sign-in-links";
import { makeTestApp, type TestApp } from "../../../helpers/app";
import { testDrivers } from "../../../helpers/databases";
import { makeInbox, makeOrgWithInbox } from "../../../helpers/factories";
import { mailTo, opsDesk } from "../ops-desk";

let t: TestApp;

describe.each(testDrivers)("the Postmark setup page on %s", (driver) => {
  beforeAll(async () => {
    t = await makeTestApp({ driver });
  });
  afterAll(() => t?.close());

  const inboundOf = (orgId: string) =>
    t.db.select().from(inboundEmails).where(eq(inboundEmails.orgId, orgId));
  const threadsOf = (orgId: string) => t.db.select().from(threads).where(eq(threads.orgId, orgId));

  it("shows the webhook URL with placeholders, never the password, the MX record and the sender domain", async () => {
    const { ada } = await opsDesk(t);
    const page = await ada.get("/admin/setup");
    expect(page.status).toBe(200);
    expect(page.html).toContain(
      '<code id="webhook-url">http://WEBHOOK_USERNAME:WEBHOOK_PASSWORD@tisket.test/webhooks/postmark/inbound</code>',
    );
    expect(page.html).not.toContain("hook-secret");
    expect(page.html).toContain("The webhook credentials are set on this instance.");
    expect(page.html).toContain('<code id="mx-host">tisket.test</code>');
    expect(page.html).toContain('<code id="mx-value">inbound.postmarkapp.com</code>');
    expect(page.html).toMatch(/<td>MX<\/td><td>10<\/td>/);
    expect(page.html).toContain('<code id="sender-domain">tisket.test</code>');
    expect(page.html).toContain('data-copy-from="webhook-url"');
    expect(page.html).toContain("/assets/copy-button.js");
    expect(page.html).toContain('href="/admin/setup" aria-current="page">Postmark setup</a>');
    expect(page.html).toContain("POSTMARK_SERVER_TOKEN is not set: mail goes to the development mail sink");
    expect(page.html).toContain("No mail has reached this organization yet.");
  });

  it("Send a test email files a sample email into the chosen inbox through the pipeline and links its thread", async () => {
    const { org, admin, ada } = await opsDesk(t);
    await makeInbox(t.db, org, { name: "billing" });
    const page = await ada.get("/admin/setup");
    expect(page.html).toContain(`>billing (billing.${org.slug}@tisket.test)</option>`);
    expect(page.html).toContain('<label for="field-inbox">Inbox</label>');
    const sent = await ada.post("/admin/setup/test-email", { inbox: "billing" });
    expect(sent.status).toBe(303);
    const [kept] = await inboundOf(org.id);
    expect(kept).toMatchObject({ status: "filed", fromEmail: "test-client@example.com" });
    expect(kept!.recipients).toEqual([`billing.${org.slug}@tisket.test`]);
    expect(sent.location).toBe(`/admin/setup?test=${kept!.id}`);
    const [thread] = await threadsOf(org.id);
    const ref = `THD-${thread!.number}`;
    const after = await ada.get(sent.location!);
    expect(after.html).toContain(
      '<div class="notice notice-success" role="status">The test email was received:',
    );
    expect(after.html).toContain(`as <a href="/admin/threads/${ref}">${ref}</a>.`);
    expect(after.html).toContain("test-client@example.com");
    expect(after.html).toContain(`/admin/inbound/${kept!.id}`);
    // marked Auto-Submitted: no acknowledgement to the made-up client
    expect(await t.db.select().from(outbox).where(eq(outbox.orgId, org.id))).toEqual([]);
    const [audit] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, org.id), eq(auditLog.kind, "test_email_sent")));
    expect(audit).toMatchObject({ actor: admin.email, client: "web", target: "billing" });
    expect(audit!.detail).toEqual({ status: "filed", threads: [ref] });
  });

  it("answers an inbox the org does not have beside the field and files nothing", async () => {
    const { org, ada } = await opsDesk(t);
    const other = await makeOrgWithInbox(t.db, { name: "sales" });
    const wrong = await ada.post("/admin/setup/test-email", { inbox: "sales" });
    expect(wrong.status).toBe(400);
    expect(wrong.html).toContain(`id="field-inbox-error">No inbox &quot;sales&quot; in ${org.name}</p>`);
    expect(wrong.html).toContain('aria-invalid="true"');
    expect(await inboundOf(org.id)).toEqual([]);
    expect(await inboundOf(other.org.id)).toEqual([]);
    expect(await threadsOf(other.org.id)).toEqual([]);
  });

  it("offers no test email to an org without inboxes, pointing to where inboxes are made", async () => {
    const { org, ada } = await opsDesk(t);
    await t.db.delete(inboxes).where(eq(inboxes.orgId, org.id));
    const page = await ada.get("/admin/setup");
    expect(page.html).toContain(
      'There is no inbox to send to yet: <a href="/admin/inboxes">create an inbox</a> first.',
    );
    expect(page.html).not.toContain("Send a test email</button>");
  });

  it("shows the last inbound delivery: time, from, to, status", async () => {
    const { org, ada } = await opsDesk(t);
    await mailTo(t, `support.${org.slug}@tisket.test`, {
      from: "Cleo <cleo@client.example>",
      subject: "First",
    });
    await mailTo(t, `nobody.${org.slug}@tisket.test`, {
      from: "Dan <dan@client.example>",
      subject: "Second",
    });
    const page = await ada.get("/admin/setup");
    const last = page.html.slice(page.html.indexOf('id="last-delivery"'));
    expect(last).toContain("<dd>dan@client.example</dd>");
    expect(last).toContain(`<dd>nobody.${org.slug}@tisket.test</dd>`);
    expect(last).toContain("Unrouted");
    expect(last).toMatch(/<time datetime="[^"]+" data-local="">/);
  });

  it("shows the sink's last mail of this org only, at most 10, with sign-in links hidden", async () => {
    const mine = await opsDesk(t);
    const theirs = await opsDesk(t);
    for (let i = 0; i < 11; i++) {
      await mailTo(t, `support.${mine.org.slug}@tisket.test`, {
        from: `c${i}@client.example`,
        subject: `Hello ${i}`,
      });
    }
    await deliverDueMail(t.deps, { limit: 100 });
    // a sign-in link mailed to a member of each org, through the outbox and the sink
    await requestSignInLink(t.deps, mine.admin.email);
    await requestSignInLink(t.deps, theirs.admin.email);
    await deliverDueMail(t.deps, { limit: 100 });
    const page = await mine.ada.get("/admin/setup");
    const sink = page.html.slice(page.html.indexOf('id="sink-title"'));
    expect(sink).toContain("The last 10 emails this organization sent");
    expect(sink.match(/<li>/g)).toHaveLength(10);
    expect(sink).not.toContain(theirs.admin.email);
    expect(sink).toContain("Sign in to Tisket Threads");
    expect(sink).toContain("[sign-in link hidden]");
    expect(page.html).not.toMatch(/\/admin\/login\/[A-Za-z0-9_-]{43}/);
  });

  it("refuses an agent with 403 on the page and the form, and a form without the CSRF token", async () => {
    const { org, al, ada } = await opsDesk(t);
    expect((await al.get("/admin/setup")).status).toBe(403);
    expect((await al.post("/admin/setup/test-email", { inbox: "support" })).status).toBe(403);
    expect((await ada.post("/admin/setup/test-email", { inbox: "support", _csrf: "" })).status).toBe(403);
    expect(
      (await ada.post("/admin/setup/test-email", { inbox: "support" }, { Origin: "https://evil.example" }))
        .status,
    ).toBe(403);
    expect(await inboundOf(org.id)).toEqual([]);
    const anonymous = await t.app.request("/admin/setup");
    expect(anonymous.status).toBe(302);
  });

  it("never shows another org's test email", async () => {
    const mine = await opsDesk(t);
    const theirs = await opsDesk(t);
    await theirs.ada.post("/admin/setup/test-email", { inbox: "support" });
    const [kept] = await inboundOf(theirs.org.id);
    const page = await mine.ada.get(`/admin/setup?test=${kept!.id}`);
    expect(page.status).toBe(200);
    expect(page.html).not.toContain("The test email was received");
    expect(page.html).not.toContain(`/admin/inbound/${kept!.id}`);
  });
});

describe("the Postmark setup page with Postmark configured", () => {
  it("says mail is sent through Postmark and shows no sink", async () => {
    const app = await makeTestApp({
      config: { POSTMARK_SERVER_TOKEN: "server-token", PUBLIC_URL: "https://desk.example.com/" },
    });
    try {
      const { ada } = await opsDesk(app);
      const page = await ada.get("/admin/setup");
      expect(page.html).toContain("POSTMARK_SERVER_TOKEN is set: mail is sent through Postmark.");
      expect(page.html).not.toContain("server-token");
      expect(page.html).not.toContain("Development mail sink");
      expect(page.html).toContain(
        "https://WEBHOOK_USERNAME:WEBHOOK_PASSWORD@desk.example.com/webhooks/postmark/inbound",
      );
    } finally {
      await app.close();
    }
  });
});
