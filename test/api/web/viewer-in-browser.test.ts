import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Logger } from "../../../api/src/deps";
import type { Service } from "../../../api/src/runtime";
import { createSignInLink } from "../../../api/src/web/sign-in/sign-in-links";
import { WEBHOOK_AUTH } from "../../helpers/app";
import { describeInBrowser } from "../../helpers/browser";
import { loadCorpusEmail } from "../../helpers/corpus";
import { makeInbox, makeMember, makeMessage, makeOrg, makeThread } from "../../helpers/factories";
import { inboundPayload } from "../../helpers/postmark-payloads";
import { startWebInBrowser, type WebInBrowser } from "../../helpers/web-in-browser";

/** What the service prints, kept: the development mail sink prints each email's text there. */
function capturingLogger(lines: string[]): Logger {
  return { info: (message) => lines.push(message), warn: () => {}, error: (message) => lines.push(message) };
}

async function until<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  what: string,
  timeoutMs = 20_000,
) {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; ) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`waited in vain for ${what}`);
}

describeInBrowser("the web viewer in a real browser", () => {
  const console: string[] = [];
  let web: WebInBrowser;
  let service: Service;
  let browser: Browser;
  let base = "";

  beforeAll(async () => {
    web = await startWebInBrowser("viewer", { logger: capturingLogger(console) });
    ({ service, browser, base } = web);
  }, 120_000);

  afterAll(async () => {
    await web?.close();
  });

  const db = () => service.deps.db;

  async function world(slug: string) {
    const org = await makeOrg(db(), { slug, name: `${slug} Inc` });
    await makeInbox(db(), org, { name: "support" });
    return org;
  }

  /** A browser tab signed in as `email` through a link, the way a person who got the email is. */
  async function signedInPage(email: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const link = await createSignInLink(db(), service.deps.config, email, new Date());
    await page.goto(link);
    await page.getByRole("button", { name: "Continue" }).click();
    await page.waitForURL(`${base}/admin/threads`);
    return { context, page };
  }

  async function postInbound(payload: Record<string, unknown>) {
    const res = await fetch(`${base}/webhooks/postmark/inbound`, {
      method: "POST",
      headers: { Authorization: WEBHOOK_AUTH, "Content-Type": "application/json" },
      body: JSON.stringify(payload),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { threads: string[] }).threads[0]!;
  }

  it("signs in through the link the mail sink printed, and opens a thread", async () => {
    const org = await world("acme");
    const ada = await makeMember(db(), org, { email: "ada@acme.test", name: "Ada Admin", role: "admin" });
    const ref = await postInbound(loadCorpusEmail("040-apple-mail-inline-jpeg-cid.json"));
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.waitForURL(`${base}/admin/login`);
    await page.getByLabel("Email").fill(ada.email);
    await page.getByRole("button", { name: "Send sign-in link" }).click();
    await page.getByRole("heading", { name: "Check your email" }).waitFor();
    service.deps.wakeOutbox();
    const printed = await until(
      () => console.find((line) => line.includes(`to ${ada.email}: Sign in to Tisket Threads`)),
      "the sign-in email on the console",
    );
    const link = /(http:\/\/127\.0\.0\.1:\d+\/admin\/login\/[A-Za-z0-9_-]{43})/.exec(printed)![1]!;
    await page.goto(link);
    await page.getByRole("button", { name: "Continue" }).click();
    await page.waitForURL(`${base}/admin/threads`);
    await page.getByRole("link", { name: "a jpeg" }).first().click();
    await page.getByRole("heading", { name: "a jpeg" }).waitFor();
    expect(await page.locator(".ref").textContent()).toBe(ref);
    const body = page.frameLocator("iframe").first();
    const image = body.locator("img");
    await image.waitFor();
    await until(
      async () =>
        (await image.evaluate((img: { naturalWidth: number }) => img.naturalWidth)) > 0 ? true : undefined,
      "the inline image drawn",
    );
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(`${base}/admin/login`);
    await context.close();
  }, 90_000);

  it("never runs the script of classic XSS payloads in a mail's HTML, text or subject", async () => {
    const org = await world("xss");
    const ada = await makeMember(db(), org, { email: "ada@xss.test", role: "admin" });
    const inbox = await makeInbox(db(), org, { name: "other" });
    const payloads = [
      "<script>top.pwned=1;alert(1)</script>",
      '<img src=x onerror="top.pwned=2;alert(2)">',
      '<svg onload="top.pwned=3;alert(3)"><circle r=1 /></svg>',
      '<iframe srcdoc="<script>parent.pwned=4;alert(4)</script>"></iframe>',
      '<body onload="top.pwned=5;alert(5)">',
      '<details open ontoggle="top.pwned=6;alert(6)"><summary>x</summary></details>',
      '<input autofocus onfocus="top.pwned=8;alert(8)">',
      '<video><source onerror="top.pwned=9;alert(9)"></video>',
      '<a id="link" href="javascript:top.pwned=10;alert(10)">click me</a>',
      '<meta http-equiv="refresh" content="0;url=javascript:top.pwned=11">',
      '<object data="javascript:top.pwned=12"></object>',
      '<style>@import "javascript:top.pwned=13";</style><div style="background:url(javascript:top.pwned=14)">s</div>',
      '"><script>top.pwned=15</script>',
      // last: an unclosed <style> swallows what follows it
      '<math><mtext><table><mglyph><style><img src=x onerror="top.pwned=7;alert(7)">',
    ].join("\n");
    const thread = await makeThread(db(), org, inbox, {
      subject: '<script>top.pwned="subject"</script><img src=x onerror=alert("subject")>',
      clientName: '<img src=x onerror=alert("client")>',
    });
    await makeMessage(db(), thread, { html: payloads, text: "html part" });
    await makeMessage(db(), thread, { html: "", text: `${payloads} findme` });
    const { context, page } = await signedInPage(ada.email);
    const dialogs: string[] = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(`${base}/admin/threads/THD-${thread.number}`);
    const frame = page.frameLocator("iframe").first();
    await frame.getByText("click me").waitFor();
    await frame.getByText("click me").click();
    await page.waitForTimeout(1000);
    await page.goto(`${base}/admin/threads?q=findme`);
    await page.locator(".snippet").first().waitFor();
    await page.waitForTimeout(500);
    expect(dialogs).toEqual([]);
    expect(await page.evaluate(() => (globalThis as { pwned?: unknown }).pwned)).toBeUndefined();
    await context.close();
  }, 90_000);

  it("shows two agents each other live, a new message without reload, and presence that ends", async () => {
    const org = await world("live");
    const ann = await makeMember(db(), org, { email: "ann@live.test", name: "Ann Agent" });
    const bob = await makeMember(db(), org, { email: "bob@live.test", name: "Bob Builder" });
    const cy = await makeMember(db(), org, { email: "cy@live.test", name: "Cy Gmail" });
    const ref = await postInbound(inboundPayload({ to: ["support.live@tisket.test"], subject: "Live test" }));
    const a = await signedInPage(ann.email);
    const b = await signedInPage(bob.email);
    await a.page.goto(`${base}/admin/threads/${ref}`);
    await b.page.goto(`${base}/admin/threads/${ref}`);
    const list = (page: Page) => page.locator("#presence-list");
    await expect
      .poll(() => list(a.page).textContent(), { timeout: 15_000 })
      .toContain("Bob Builder is viewing on the web");
    await expect
      .poll(() => list(b.page).textContent(), { timeout: 15_000 })
      .toContain("Ann Agent is viewing on the web");

    // a client's reply lands: both pages say so, neither reloads
    const marker = await a.page.evaluate(() => {
      (globalThis as { notReloaded?: boolean }).notReloaded = true;
      return true;
    });
    expect(marker).toBe(true);
    await postInbound(
      inboundPayload({
        to: ["support.live@tisket.test"],
        subject: `Re: [${ref}] Live test`,
        text: "one more thing",
      }),
    );
    for (const page of [a.page, b.page]) {
      await page.getByText("New message since you opened this thread").waitFor({ timeout: 15_000 });
    }
    expect(await a.page.evaluate(() => (globalThis as { notReloaded?: boolean }).notReloaded)).toBe(true);

    // Bob resolves the thread: Ann's status follows
    await b.page.getByLabel("Status").selectOption("resolved");
    await b.page.getByRole("button", { name: "Save" }).click();
    await b.page.getByText("Saved: status Resolved.").waitFor();
    await expect
      .poll(() => a.page.locator("#thread-status").textContent(), { timeout: 15_000 })
      .toBe("Resolved");

    // a Gmail card's presence appears, then expires with no heartbeat after it
    const token = cy.token;
    const beat = await fetch(`${base}/api/v1/presence`, {
      method: "PUT",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ thread: ref, activity: "composing", client: "gmail", ttlSeconds: 10 }),
    });
    expect(beat.status).toBe(200);
    await expect
      .poll(() => list(a.page).textContent(), { timeout: 15_000 })
      .toContain("Cy Gmail is composing a reply in Gmail");
    await expect.poll(() => list(a.page).textContent(), { timeout: 25_000 }).not.toContain("Cy Gmail");

    // Bob leaves: his page's pagehide tells Ann's at once
    await b.context.close();
    await expect
      .poll(() => list(a.page).textContent(), { timeout: 15_000 })
      .toContain("Nobody else is looking at this thread.");
    await a.context.close();
  }, 120_000);

  it("loads a newsletter's remote images only when asked", async () => {
    const org = await world("news");
    const ada = await makeMember(db(), org, { email: "ada@news.test", role: "admin" });
    const payload = loadCorpusEmail("095-enron-newsletter-cte-8bits.json");
    const ref = await postInbound({
      ...payload,
      ToFull: [{ Email: "support.news@tisket.test", Name: "", MailboxHash: "" }],
      OriginalRecipient: "support.news@tisket.test",
    });
    const { context, page } = await signedInPage(ada.email);
    await page.goto(`${base}/admin/threads/${ref}`);
    const frame = page.frameLocator("iframe").first();
    await frame.locator(".tisket-blocked-image").first().waitFor();
    expect(await frame.locator('img[src^="http"]').count()).toBe(0);
    await page.getByRole("button", { name: "Load images" }).click();
    await expect
      .poll(() => frame.locator('img[src^="http"]').count(), { timeout: 15_000 })
      .toBeGreaterThan(0);
    await page.getByText("Images loaded.").waitFor();
    await context.close();
  }, 90_000);
});
