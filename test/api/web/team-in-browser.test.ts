import { mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, eq } from "drizzle-orm";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { inboxes, type Org, threads } from "../../../api/src/db/schema";
import type { Service } from "../../../api/src/runtime";
import { createSignInLink } from "../../../api/src/web/sign-in/sign-in-links";
import { WEBHOOK_AUTH } from "../../helpers/app";
import { describeInBrowser } from "../../helpers/browser";
import { makeInbox, makeMember, makeOrg } from "../../helpers/factories";
import { inboundPayload } from "../../helpers/postmark-payloads";
import { startWebInBrowser, type WebInBrowser } from "../../helpers/web-in-browser";

/** Where the screenshots of the pages go, to be looked at after a run. */
const SCREENSHOT_DIR = join(tmpdir(), "tisket-screenshots");

describeInBrowser("the team's work in the web viewer, in a real browser", () => {
  let web: WebInBrowser;
  let service: Service;
  let browser: Browser;
  let base = "";

  beforeAll(async () => {
    web = await startWebInBrowser("team");
    ({ service, browser, base } = web);
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await web?.close();
  });

  const db = () => service.deps.db;

  /** An org whose inbox `support` has response targets, and a client thread filed through the webhook. */
  async function world(slug: string) {
    const org = await makeOrg(db(), { slug, name: `${slug} Inc` });
    const inbox = await makeInbox(db(), org, { name: "support" });
    await db()
      .update(inboxes)
      .set({ firstResponseMinutes: 60, resolutionMinutes: 24 * 60 })
      .where(eq(inboxes.id, inbox.id));
    const ref = await fileEmail(org, "Printer on fire", "Our office printer is smoking. Please help!");
    return { org, ref };
  }

  async function fileEmail(org: Org, subject: string, text: string): Promise<string> {
    const payload = inboundPayload({
      from: "Cleo Client <cleo@client.example>",
      to: [`support.${org.slug}@tisket.test`],
      subject,
      text,
    });
    const res = await fetch(`${base}/webhooks/postmark/inbound`, {
      method: "POST",
      headers: { Authorization: WEBHOOK_AUTH, "Content-Type": "application/json" },
      body: JSON.stringify(payload),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { threads: string[] }).threads[0]!;
  }

  /** A tab signed in as `email` through a link, the way a person who got the email is. */
  async function signedInPage(email: string, width = 1280): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({
      viewport: { width, height: 900 },
      permissions: ["clipboard-read", "clipboard-write"],
    });
    const page = await context.newPage();
    const link = await createSignInLink(db(), service.deps.config, email, new Date());
    await page.goto(link);
    await page.getByRole("button", { name: "Continue" }).click();
    await page.waitForURL(`${base}/admin/threads`);
    return { context, page };
  }

  const clipboardOf = (page: Page) => page.evaluate<string>("navigator.clipboard.readText()");
  const markNotReloaded = (page: Page) =>
    page.evaluate(() => {
      (globalThis as { notReloaded?: boolean }).notReloaded = true;
    });
  const notReloaded = (page: Page) =>
    page.evaluate(() => (globalThis as { notReloaded?: boolean }).notReloaded === true);

  it("shows a teammate's new note live, without a reload, and names who it mentions", async () => {
    const { org, ref } = await world("notes");
    const ann = await makeMember(db(), org, { email: "ann@notes.test", name: "Ann Agent" });
    const bob = await makeMember(db(), org, { email: "bob@notes.test", name: "Bob Builder" });
    const a = await signedInPage(ann.email);
    const b = await signedInPage(bob.email);
    await a.page.goto(`${base}/admin/threads/${ref}`);
    await b.page.goto(`${base}/admin/threads/${ref}`);
    await expect
      .poll(() => b.page.locator("#presence-list").textContent(), { timeout: 15_000 })
      .toContain("Ann Agent is viewing");
    await markNotReloaded(b.page);

    await a.page
      .getByLabel("Note", { exact: true })
      .fill("@bob@notes.test the toner order is in, can you check the tray?");
    await a.page.getByRole("button", { name: "Add note" }).click();
    await a.page.getByText("Note added. Bob Builder was emailed.").waitFor();

    const note = b.page.locator("#timeline article.note", { hasText: "the toner order is in" });
    await note.waitFor({ timeout: 15_000 });
    expect(await note.textContent()).toContain("Internal note — never sent to the client");
    expect(await note.textContent()).toContain("Mentioned (emailed): Bob Builder");
    await b.page.getByText("Ann Agent added a note").waitFor();
    expect(await notReloaded(b.page)).toBe(true);
    await b.page.getByRole("link", { name: "Show" }).click();
    await expect.poll(() => b.page.evaluate<string>("location.hash")).toMatch(/^#note-/);
    await a.context.close();
    await b.context.close();
  }, 90_000);

  it("shows a draft made through the REST API live, and Copy puts it on the clipboard", async () => {
    const { org, ref } = await world("drafts");
    const ann = await makeMember(db(), org, { email: "ann@drafts.test", name: "Ann Agent" });
    const bot = await makeMember(db(), org, { email: "bot@drafts.test", name: "Claude Bot" });
    const { context, page } = await signedInPage(ann.email);
    await page.goto(`${base}/admin/threads/${ref}`);
    expect(await page.locator("#drafts").isHidden()).toBe(true);
    await markNotReloaded(page);
    const body = "Hi Cleo,\n\nwe are sending a technician today.\n\nBest, Ann";
    const made = await fetch(`${base}/api/v1/threads/${ref}/drafts`, {
      method: "POST",
      headers: { Authorization: `Bearer ${bot.token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ body }),
    });
    expect(made.status).toBe(201);

    const draft = page.locator("#drafts article.draft", { hasText: "sending a technician" });
    await draft.waitFor({ timeout: 15_000 });
    expect(await draft.textContent()).toContain("Claude Bot");
    await page.getByText("A drafted reply came in").waitFor();
    expect(await notReloaded(page)).toBe(true);
    await draft.getByRole("button", { name: "Copy" }).click();
    await draft.getByRole("button", { name: "Copied" }).waitFor();
    expect(await clipboardOf(page)).toBe(body);

    await draft.getByRole("button", { name: "Discard" }).click();
    await page.getByText("Draft discarded.").waitFor();
    expect(await page.locator("#drafts").isHidden()).toBe(true);
    await context.close();
  }, 90_000);

  it("fills in a saved reply with the client's name for copying, and saves priority and tags", async () => {
    const { org, ref } = await world("replies");
    const ada = await makeMember(db(), org, { email: "ada@replies.test", name: "Ada Admin", role: "admin" });
    const { context, page } = await signedInPage(ada.email);
    await page.goto(`${base}/admin/saved-replies`);
    await page.getByLabel("Name", { exact: true }).fill("Technician on the way");
    await page
      .getByLabel("Body", { exact: true })
      .fill("Hi {{client.name | there}},\na technician comes today about {{thread.ref}}.\n{{member.name}}");
    await page.getByRole("button", { name: "Create saved reply" }).click();
    await page.getByText("Saved reply “Technician on the way” created.").waitFor();

    await page.goto(`${base}/admin/threads/${ref}`);
    await page.getByLabel("Saved reply", { exact: true }).selectOption({ label: "Technician on the way" });
    await page.getByRole("button", { name: "Show" }).click();
    const expected = `Hi Cleo Client,\na technician comes today about ${ref}.\nAda Admin`;
    await expect.poll(() => page.locator("#saved-reply-text").textContent()).toBe(expected);
    await page.locator("#saved-reply").getByRole("button", { name: "Copy" }).click();
    expect(await clipboardOf(page)).toBe(expected);

    await page.getByLabel("Priority", { exact: true }).selectOption("urgent");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByText("Saved: priority Urgent.").waitFor();
    await page.getByLabel("Tag", { exact: true }).fill("Hardware, on-site");
    await page.getByRole("button", { name: "Add tag" }).click();
    await page.getByText("Saved: tag hardware added, tag on-site added.").waitFor();
    await page.getByLabel("Tag", { exact: true }).fill("not valid!");
    await page.getByRole("button", { name: "Add tag" }).click();
    await page.locator("#field-tag-error").getByText("Use lowercase letters").waitFor();
    await context.close();
  }, 90_000);

  it("shows the metrics with their charts, readable on a phone", async () => {
    const { org } = await world("metrics");
    const ada = await makeMember(db(), org, { email: "ada@metrics.test", name: "Ada Admin", role: "admin" });
    const { context, page } = await signedInPage(ada.email, 390);
    await page.goto(`${base}/admin/metrics`);
    const charts = page.getByRole("img");
    await expect.poll(() => charts.count()).toBe(3);
    for (const name of ["Threads per day", "First response time", "Resolution time"]) {
      const chart = page.getByRole("img", { name });
      const box = await chart.boundingBox();
      expect(box?.width).toBeGreaterThan(250);
      expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    }
    expect(await page.evaluate<number>("document.documentElement.scrollWidth")).toBeLessThanOrEqual(390);
    await page.getByLabel("Period", { exact: true }).selectOption("7");
    await page.getByRole("button", { name: "Show" }).click();
    await page.waitForURL(/period=7/);
    await expect.poll(() => charts.count()).toBe(3);
    await context.close();
  }, 90_000);

  it("takes screenshots of the thread page, the list, saved replies and metrics at 1280 and 390 px", async () => {
    const { org, ref } = await world("shots");
    const ada = await makeMember(db(), org, { email: "ada@shots.test", name: "Ada Admin", role: "admin" });
    const bob = await makeMember(db(), org, { email: "bob@shots.test", name: "Bob Builder" });
    const token = ada.token;
    const api = (method: string, path: string, body: unknown) =>
      fetch(`${base}/api/v1${path}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
    await api("PATCH", `/threads/${ref}`, {
      priority: "high",
      tags: ["hardware", "on-site"],
      assignee: bob.email,
    });
    await api("POST", `/threads/${ref}/notes`, { body: "@bob@shots.test the technician comes at 3 pm" });
    await api("PUT", `/threads/${ref}/tickets/TKT-42`, {
      repo: "shots/.tickets",
      url: "https://tickets.example/TKT-42",
    });
    await api("POST", `/threads/${ref}/drafts`, {
      body: "Hi Cleo,\n\na technician comes at 3 pm today.\n\nAda",
    });
    await api("POST", "/saved-replies", {
      name: "Technician",
      body: "Hi {{client.name}}, a technician is on the way ({{thread.ref}}).",
    });
    const late = await fileEmail(org, "Invoice charged twice", "You charged my card twice this month.");
    await db()
      .update(threads)
      .set({ firstResponseDueAt: new Date(Date.now() - 2 * 3600_000) })
      .where(and(eq(threads.orgId, org.id), eq(threads.number, Number(late.slice(4)))));
    await api("PATCH", `/threads/${late}`, { priority: "urgent", tags: ["billing"] });

    for (const width of [1280, 390]) {
      const { context, page } = await signedInPage(ada.email, width);
      const shoot = async (path: string, name: string) => {
        await page.goto(`${base}${path}`);
        await page.waitForLoadState("networkidle");
        await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-${width}.png`), fullPage: true });
      };
      await shoot(`/admin/threads/${ref}`, "thread");
      await shoot("/admin/threads", "threads");
      await shoot("/admin/saved-replies", "saved-replies");
      await shoot("/admin/metrics", "metrics");
      expect(await page.evaluate<number>("document.documentElement.scrollWidth")).toBeLessThanOrEqual(width);
      await context.close();
    }
  }, 120_000);
});
