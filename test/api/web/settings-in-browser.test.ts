import { and, eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { apiTokens, inboxes, type Org, outbox } from "../../../api/src/db/schema";
import type { Service } from "../../../api/src/runtime";
import { WEBHOOK_AUTH } from "../../helpers/app";
import { describeInBrowser } from "../../helpers/browser";
import { makeInbox, makeMember, makeOrg } from "../../helpers/factories";
import { inboundPayload } from "../../helpers/postmark-payloads";
import { startWebInBrowser, type WebInBrowser } from "../../helpers/web-in-browser";

describeInBrowser("the settings pages in a real browser", () => {
  let web: WebInBrowser;
  let service: Service;
  let base = "";

  beforeAll(async () => {
    web = await startWebInBrowser("settings");
    ({ service, base } = web);
  }, 120_000);

  afterAll(async () => {
    await web?.close();
  });

  const db = () => service.deps.db;

  const signedInPage = (email: string) =>
    web.signedInPage(email, { permissions: ["clipboard-read", "clipboard-write"] });

  const clipboardOf = (page: Page) => page.evaluate<string>("navigator.clipboard.readText()");
  const markNotReloaded = (page: Page) =>
    page.evaluate(() => {
      (globalThis as { notReloaded?: boolean }).notReloaded = true;
    });
  const notReloaded = (page: Page) =>
    page.evaluate(() => (globalThis as { notReloaded?: boolean }).notReloaded === true);

  async function writeAsClient(org: Org, subject: string) {
    const payload = inboundPayload({
      from: "Cleo Client <cleo@client.example>",
      to: [`support.${org.slug}@tisket.test`],
      subject,
      text: "Where is my parcel?",
    });
    const res = await fetch(`${base}/webhooks/postmark/inbound`, {
      method: "POST",
      headers: { Authorization: WEBHOOK_AUTH, "Content-Type": "application/json" },
      body: JSON.stringify(payload),
    });
    expect(res.status).toBe(200);
  }

  it("previews the acknowledgement live while its text is typed, saves it, and the client gets just that", async () => {
    const org = await makeOrg(db(), { slug: "preview", name: "Preview Co" });
    await makeInbox(db(), org, { name: "support" });
    const ada = await makeMember(db(), org, { email: "ada@preview.test", role: "admin", name: "Ada" });
    const { context, page } = await signedInPage(ada.email);
    await page.goto(`${base}/admin/inboxes`);
    const inbox = page.getByRole("region", { name: "support" });
    const preview = inbox.getByRole("complementary", { name: "Preview of the acknowledgement" });
    const previewText = preview.locator('[data-preview="text"]');
    expect(await previewText.textContent()).toContain("Your request has been received");
    expect(await preview.locator('[data-preview="subject"]').textContent()).toBe(
      "[THD-1] Re: Question about my order",
    );

    await inbox.getByRole("button", { name: "Copy address" }).click();
    expect(await clipboardOf(page)).toBe("support.preview@tisket.test");

    await markNotReloaded(page);
    await inbox
      .getByLabel("Acknowledgement text")
      .fill("Thanks for writing to Preview Co!\nWe answer within a day.");
    await expect
      .poll(() => previewText.textContent(), { timeout: 10_000 })
      .toBe("Thanks for writing to Preview Co!\nWe answer within a day.\n\nReference: THD-1");
    await inbox.getByLabel("Send an acknowledgement").uncheck();
    expect(await preview.getByText("Acknowledgements are off").isVisible()).toBe(true);
    expect(await previewText.isVisible()).toBe(false);
    await inbox.getByLabel("Send an acknowledgement").check();
    expect(await previewText.isVisible()).toBe(true);
    expect(await notReloaded(page)).toBe(true);

    await inbox.getByRole("button", { name: "Save" }).click();
    await page.getByText("Inbox “support” saved.").waitFor();
    const saved = await page
      .getByRole("region", { name: "support" })
      .locator('[data-preview="text"]')
      .textContent();
    expect(saved).toBe("Thanks for writing to Preview Co!\nWe answer within a day.\n\nReference: THD-1");
    const [row] = await db().select().from(inboxes).where(eq(inboxes.orgId, org.id));
    expect(row?.autoAckMessage).toBe("Thanks for writing to Preview Co!\nWe answer within a day.");

    await writeAsClient(org, "Question about my order");
    const [ack] = await db()
      .select()
      .from(outbox)
      .where(and(eq(outbox.orgId, org.id), eq(outbox.kind, "acknowledgement")));
    expect(ack?.email).toMatchObject({
      From: await preview.locator('[data-preview="from"]').textContent(),
      Subject: "[THD-1] Re: Question about my order",
      TextBody: saved,
    });
    await context.close();
  }, 90_000);

  it("shows a new token once, to copy, and never again", async () => {
    const org = await makeOrg(db(), { slug: "tokens", name: "Tokens Inc" });
    const al = await makeMember(db(), org, { email: "al@tokens.test", name: "Al Agent" });
    const { context, page } = await signedInPage(al.email);
    await page.getByRole("link", { name: "Settings" }).click();
    await page.waitForURL(`${base}/admin/tokens`);
    await page.getByLabel("Label").fill("Phone script");
    await page.getByRole("button", { name: "Create token" }).click();
    const shown = page.locator("#issued-token");
    const token = (await shown.textContent()) ?? "";
    expect(token.length).toBeGreaterThan(20);
    expect(page.url()).toBe(`${base}/admin/tokens`);
    await page.getByRole("button", { name: "Copy token" }).click();
    expect(await clipboardOf(page)).toBe(token);
    const works = await fetch(`${base}/api/v1/threads`, { headers: { Authorization: `Bearer ${token}` } });
    expect(works.status).toBe(200);

    await page.goto(`${base}/admin/tokens`);
    expect(await page.locator("#issued-token").count()).toBe(0);
    expect(await page.content()).not.toContain(token);
    expect(await page.getByRole("cell", { name: "Phone script", exact: true }).isVisible()).toBe(true);
    await page.getByRole("button", { name: "Revoke Phone script" }).click();
    await page.getByText("was revoked: it no longer works.").waitFor();
    const [row] = await db()
      .select()
      .from(apiTokens)
      .where(and(eq(apiTokens.memberId, al.id), eq(apiTokens.label, "Phone script")));
    expect(row?.revokedAt).not.toBeNull();
    await context.close();
  }, 90_000);
});
