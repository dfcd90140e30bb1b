import { eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { threadHistory, threads } from "../../../api/src/db/schema";
import { formatRef } from "../../../shared/src/subject-tag";
import { describeInBrowser, launchBrowser } from "../../helpers/browser";
import { inboundPayload, postInbound } from "../../helpers/postmark-payloads";
import { type AddinWorld, addinWorld } from "../addin-world";
import type { StandInItem, StandInSetup } from "../office-stand-in";
import { openPane, standIn } from "./pane-browser";

const SUPPORT = { emailAddress: "support.acme@tisket.test", displayName: "Acme support" };
const MAILBOX = { Mailbox: "1.15" };

describeInBrowser("the Outlook task pane in a browser", () => {
  let w: AddinWorld;
  let browser: Browser;
  const pages: Page[] = [];
  beforeAll(async () => {
    w = await addinWorld();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await w?.close();
  });

  let clients = 0;
  const clientAddress = () => `client-${++clients}@client.example`;
  const reading = (subject: string, extra: Partial<StandInItem> = {}): StandInItem => ({
    mode: "read",
    subject,
    internetMessageId: `<m-${clients}-${Date.now()}@mail.example>`,
    from: { emailAddress: "cleo@client.example", displayName: "Cleo Client" },
    dateTimeCreated: new Date().toISOString(),
    ...extra,
  });
  async function pane(
    token: string,
    items: StandInItem[],
    requirements: StandInSetup["requirements"] = MAILBOX,
  ) {
    const page = await openPane(browser, w.url, { items, roaming: { tisketToken: token }, requirements });
    pages.push(page);
    return page;
  }
  const presenceText = (page: Page) => page.locator("#presence").textContent();

  it("shows two agents on one thread each other arriving and leaving, live", async () => {
    const thread = await w.thread({ subject: "Printer on fire", clientEmail: clientAddress() });
    const ref = formatRef(thread.number);
    const ada = await w.member("Ada Agent");
    const bob = await w.member("Bob Builder");
    const adaPane = await pane(ada.token, [reading(`Re: [${ref}] Printer on fire`)]);
    await adaPane.getByRole("heading", { name: `${ref} Printer on fire` }).waitFor();
    expect(await presenceText(adaPane)).toBe("Nobody else is here.");
    const facts = await adaPane.locator(".facts").textContent();
    expect(facts).toContain("Open");
    expect(facts).toContain("support.acme@tisket.test");
    expect(facts).toContain(thread.clientEmail);
    const viewer = adaPane.getByRole("link", { name: "Open in Tisket" });
    expect(await viewer.getAttribute("href")).toBe(`${w.url}/admin/threads/${ref}`);

    const bobPane = await pane(bob.token, [reading(`[${ref}] Printer on fire`)]);
    await bobPane.getByText("Ada Agent is viewing this thread").waitFor();
    await adaPane.getByText("Bob Builder is viewing this thread").waitFor();

    await bobPane.close({ runBeforeUnload: true });
    await adaPane.getByText("Nobody else is here.").waitFor();
    expect(await adaPane.evaluate(() => globalThis.__streams)).toEqual({ opened: 1, closed: 0 });
  });

  it("changes the status and assigns the thread from the pane, and a teammate's pane follows", async () => {
    const thread = await w.thread({ subject: "Refund please", clientEmail: clientAddress() });
    const ref = formatRef(thread.number);
    const ada = await w.member("Ada Agent");
    const bob = await w.member("Bob Builder");
    const adaPane = await pane(ada.token, [reading(`[${ref}] Refund please`)]);
    const bobPane = await pane(bob.token, [reading(`[${ref}] Refund please`)]);
    await bobPane.getByText("Ada Agent is viewing this thread").waitFor();

    await adaPane.getByRole("button", { name: "Resolved" }).click();
    await adaPane.locator('button[aria-pressed="true"]', { hasText: "Resolved" }).waitFor();
    await bobPane.locator('button[aria-pressed="true"]', { hasText: "Resolved" }).waitFor();
    await adaPane.getByRole("button", { name: "Assign to me" }).click();
    await bobPane.locator(".facts", { hasText: "Ada Agent" }).waitFor();

    const [row] = await w.db.select().from(threads).where(eq(threads.id, thread.id));
    expect(row?.status).toBe("resolved");
    expect(row?.assigneeId).toBe(ada.id);
    const history = await w.db.select().from(threadHistory).where(eq(threadHistory.threadId, thread.id));
    expect(history.map((entry) => [entry.field, entry.client])).toEqual([
      ["status", "outlook"],
      ["assignee", "outlook"],
    ]);
  });

  it("follows the agent to the next message when pinned, leaving the thread before", async () => {
    const first = await w.thread({ subject: "First matter", clientEmail: clientAddress() });
    const second = await w.thread({ subject: "Second matter", clientEmail: clientAddress() });
    const ada = await w.member("Ada Agent");
    const bob = await w.member("Bob Builder");
    const bobOnFirst = await pane(bob.token, [reading(`[${formatRef(first.number)}] First matter`)]);
    const adaPane = await pane(ada.token, [
      reading(`[${formatRef(first.number)}] First matter`),
      reading(`[${formatRef(second.number)}] Second matter`),
      reading("Lunch on Friday?"),
    ]);
    await bobOnFirst.getByText("Ada Agent is viewing this thread").waitFor();

    await standIn(adaPane, (office) => office.switchTo(1));
    await adaPane.getByRole("heading", { name: `${formatRef(second.number)} Second matter` }).waitFor();
    await bobOnFirst.getByText("Nobody else is here.").waitFor();

    await standIn(adaPane, (office) => office.switchTo(2));
    await adaPane.getByText("This message isn't part of a support thread.").waitFor();
    expect(await adaPane.evaluate(() => globalThis.__streams)).toEqual({ opened: 2, closed: 2 });
  });

  it("warns of a newer message than the open one, as soon as it lands", async () => {
    const client = clientAddress();
    const thread = await w.thread({ subject: "Order 1234", clientEmail: client });
    const ref = formatRef(thread.number);
    const ada = await w.member("Ada Agent");
    // the agent reads mail of last year; the thread has nothing newer yet
    const open = reading(`[${ref}] Order 1234`, { dateTimeCreated: "2020-01-01T09:00:00Z" });
    const adaPane = await pane(ada.token, [open]);
    await adaPane.getByRole("heading", { name: `${ref} Order 1234` }).waitFor();
    expect(await adaPane.locator(".warning").count()).toBe(0);
    const filed = await postInbound(
      w.app,
      inboundPayload({
        from: `Cleo Client <${client}>`,
        subject: `Re: [${ref}] Order 1234`,
        text: "Any news?",
      }),
    );
    expect(filed.status).toBe(200);
    const warning = adaPane.getByRole("alert").filter({ hasText: "A newer message arrived in this thread" });
    await warning.waitFor();
    expect(await warning.textContent()).toContain(client);
  });

  it("shows a quiet view for mail outside support, and subjects as text, never as markup", async () => {
    const hostile = `<img src=x onerror="document.title='owned'">`;
    const thread = await w.thread({
      subject: hostile,
      clientEmail: clientAddress(),
      clientName: "<b>Mallory</b>",
    });
    const ada = await w.member("Ada Agent");
    const page = await pane(ada.token, [reading(`[${formatRef(thread.number)}] hi`)]);
    await page.getByRole("heading", { name: `${formatRef(thread.number)} ${hostile}` }).waitFor();
    expect(await page.locator("main img, main b").count()).toBe(0);
    expect(await page.title()).toBe("Tisket");
  });

  it("asks to sign in without a token, keeps a pasted one in roaming settings, and says plainly when refused", async () => {
    const thread = await w.thread({ subject: "Sign-in test", clientEmail: clientAddress() });
    const ada = await w.member("Ada Agent");
    const page = await pane("", [reading(`[${formatRef(thread.number)}] Sign-in test`)]);
    await page.getByText("Sign in to Tisket to see this thread.").waitFor();
    await page.getByLabel("API token").fill("tkt_not-a-real-token");
    await page.getByRole("button", { name: "Save token" }).click();
    await page.getByText("Tisket refused this sign-in").waitFor();
    await page.getByLabel("API token").fill(ada.token);
    await page.getByRole("button", { name: "Save token" }).click();
    await page.getByRole("heading", { name: `${formatRef(thread.number)} Sign-in test` }).waitFor();
    expect(await standIn(page, (office) => office.roaming.tisketToken)).toBe(ada.token);
    await page.getByText("Signed in as Ada Agent").waitFor();
  });

  it("says in plain words when the API cannot be reached, and recovers by itself", async () => {
    const thread = await w.thread({ subject: "Outage", clientEmail: clientAddress() });
    const ref = formatRef(thread.number);
    const ada = await w.member("Ada Agent");
    const page = await openPane(
      browser,
      w.url,
      { items: [reading(`[${ref}] Outage`)], roaming: { tisketToken: ada.token }, requirements: MAILBOX },
      (page) => page.route("**/api/v1/context", (route) => route.abort("connectionrefused")),
    );
    pages.push(page);
    await page.getByRole("status").filter({ hasText: "Tisket can't be reached right now." }).waitFor();
    await page.unroute("**/api/v1/context");
    await page.getByRole("heading", { name: `${ref} Outage` }).waitFor();
    expect(await page.locator("#notice").isHidden()).toBe(true);
  });

  it("tags a draft with one of its recipients' threads, keeping the typed subject, and marks the agent composing", async () => {
    const client = clientAddress();
    const thread = await w.thread({ subject: "Broken hinge", clientEmail: client });
    const ref = formatRef(thread.number);
    const ada = await w.member("Ada Agent");
    const bob = await w.member("Bob Builder");
    const draft: StandInItem = {
      mode: "compose",
      subject: "Your replacement part",
      to: [{ emailAddress: client, displayName: "Cleo Client" }],
      cc: [SUPPORT],
    };
    const page = await pane(ada.token, [draft]);
    await page.getByRole("button", { name: `Use ${ref}` }).click();
    await page.getByRole("heading", { name: `Filed in ${ref} Broken hinge` }).waitFor();
    expect(await standIn(page, (office) => office.item().subject)).toBe(`[${ref}] Your replacement part`);
    const bobPane = await pane(bob.token, [reading(`[${ref}] Broken hinge`)]);
    await bobPane.getByText("Ada Agent is composing a reply").waitFor();
  });

  it("starts a new thread from a draft to an inbox and tags the draft with it", async () => {
    const client = clientAddress();
    const ada = await w.member("Ada Agent");
    const draft: StandInItem = {
      mode: "compose",
      subject: "Welcome aboard",
      to: [{ emailAddress: client, displayName: "Nora New" }],
      cc: [SUPPORT],
    };
    const page = await pane(ada.token, [draft]);
    await page.getByText("These recipients have no open thread.").waitFor();
    await page.getByLabel("Subject").fill("  ");
    await page.getByRole("button", { name: "Start a new thread" }).click();
    await page.getByRole("alert").filter({ hasText: "Give the thread a subject." }).waitFor();
    await page.getByLabel("Subject").fill("Welcome aboard");
    await page.getByRole("button", { name: "Start a new thread" }).click();
    await page.getByRole("heading", { name: /^Filed in THD-\d+ Welcome aboard$/ }).waitFor();
    const subject = await standIn(page, (office) => office.item().subject);
    const [created] = await w.db.select().from(threads).where(eq(threads.clientEmail, client));
    expect(subject).toBe(`[${formatRef(created!.number)}] Welcome aboard`);
    expect(created).toMatchObject({ clientName: "Nora New", startedBy: "staff" });
  });

  it("offers no new thread until an inbox is among the recipients, then follows the change", async () => {
    const client = clientAddress();
    const ada = await w.member("Ada Agent");
    const page = await pane(ada.token, [
      { mode: "compose", subject: "Quote", to: [{ emailAddress: client, displayName: "" }] },
    ]);
    await page.getByText("Add your team's Tisket inbox address in To or Cc to start a thread.").waitFor();
    await standIn(page, (office) =>
      office.setRecipients(
        [{ emailAddress: "client-x@client.example", displayName: "" }],
        [{ emailAddress: "support.acme@tisket.test", displayName: "" }],
      ),
    );
    await page.getByRole("button", { name: "Start a new thread" }).waitFor();
  });
});
