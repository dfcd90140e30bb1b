import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { formatRef } from "../../../shared/src/subject-tag";
import { describeInBrowser, launchBrowser } from "../../helpers/browser";
import { makeInbox, makeMember, makeOrg } from "../../helpers/factories";
import { type AddinWorld, addinWorld } from "../addin-world";
import type { StandInItem } from "../office-stand-in";
import { openPane, standIn } from "./pane-browser";

const SUPPORT = { emailAddress: "support.acme@tisket.test", displayName: "Acme support" };
const SHOTS = process.env.PANE_SCREENSHOTS;

describeInBrowser("saved replies, suggested replies and tickets in the Outlook pane", () => {
  let w: AddinWorld;
  let browser: Browser;
  let admin: { token: string };
  beforeAll(async () => {
    w = await addinWorld();
    browser = await launchBrowser();
    admin = await makeMember(w.db, w.org, { name: "Ada Admin", role: "admin" });
  });
  afterAll(async () => {
    await browser?.close();
    await w?.close();
  });

  async function rest(method: string, path: string, token: string, body?: unknown) {
    const res = await fetch(`${w.url}/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(res.status, `${method} ${path}`).toBeLessThan(300);
    return res.status === 204 ? null : ((await res.json()) as Record<string, unknown>);
  }
  async function pane(token: string, item: StandInItem): Promise<Page> {
    return openPane(browser, w.url, {
      items: [item],
      roaming: { tisketToken: token },
      requirements: { Mailbox: "1.15" },
    });
  }
  const composing = (
    ref: string,
    client: string,
    bodyType: StandInItem["bodyType"] = "html",
  ): StandInItem => ({
    mode: "compose",
    subject: `RE: [${ref}] Broken hinge`,
    to: [{ emailAddress: client, displayName: "" }],
    cc: [SUPPORT],
    bodyType,
  });
  const inserted = (page: Page) =>
    standIn(page, (office) => office.calls.filter((entry) => entry.call === "body.setSelectedDataAsync"));
  const shoot = async (page: Page, name: string) => {
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
  };

  let replies = 0;
  const savedReply = async (name: string, body: string) =>
    rest("POST", "/saved-replies", admin.token, { name: `${name} ${++replies}`, body });

  it("inserts a saved reply filled in with the client's name, as escaped HTML, and lists only this org's replies", async () => {
    const thread = await w.thread({ subject: "Broken hinge", clientName: "Cleo <b>Client</b> & Co" });
    const ref = formatRef(thread.number);
    const welcome = (await savedReply(
      "Welcome",
      "Hi {{client.name}},\nabout {{thread.ref}}:\n{{member.name}}",
    ))!.savedReply as { name: string };
    const globex = await makeOrg(w.db, { slug: "globex", name: "Globex" });
    await makeInbox(w.db, globex, { name: "help" });
    const greta = await makeMember(w.db, globex, { name: "Greta", role: "admin" });
    await rest("POST", "/saved-replies", greta.token, { name: "Globex secret", body: "not for Acme" });
    const ada = await w.member("Ada Agent");

    const page = await pane(ada.token, composing(ref, thread.clientEmail));
    await page.getByRole("heading", { name: `Filed in ${ref} Broken hinge` }).waitFor();
    const options = await page.getByLabel("Saved reply", { exact: true }).locator("option").allTextContents();
    expect(options).toContain(welcome.name);
    expect(options.join()).not.toContain("Globex");
    await page.getByLabel("Saved reply", { exact: true }).selectOption({ label: welcome.name });
    await page.getByRole("button", { name: "Insert saved reply" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: `Inserted the saved reply “${welcome.name}”` })
      .waitFor();
    expect(await inserted(page)).toEqual([
      {
        call: "body.setSelectedDataAsync",
        value: {
          data: `Hi Cleo &lt;b&gt;Client&lt;/b&gt; &amp; Co,<br>\nabout ${ref}:<br>\nAda Agent`,
          coercionType: "html",
        },
      },
    ]);
    await shoot(page, "compose-saved-reply");
  });

  it("inserts a saved reply into a plain-text draft as text", async () => {
    const thread = await w.thread({ subject: "Broken hinge", clientName: "Nora" });
    const ref = formatRef(thread.number);
    const thanks = (await savedReply("Thanks", "Thanks, {{client.name | there}}!"))!.savedReply as {
      name: string;
    };
    const ada = await w.member("Ada Agent");
    const page = await pane(ada.token, composing(ref, thread.clientEmail, "text"));
    await page.getByLabel("Saved reply", { exact: true }).selectOption({ label: thanks.name });
    await page.getByRole("button", { name: "Insert saved reply" }).click();
    await page.getByRole("status").filter({ hasText: "Inserted the saved reply" }).waitFor();
    expect(await standIn(page, (office) => office.item().body)).toBe("Thanks, Nora!");
  });

  it("says so when a saved reply was deleted after the list loaded, and lists what is left", async () => {
    const thread = await w.thread({ subject: "Broken hinge" });
    const ref = formatRef(thread.number);
    const gone = (await savedReply("Gone", "Soon deleted"))!.savedReply as { id: string; name: string };
    const kept = (await savedReply("Kept", "Still here"))!.savedReply as { name: string };
    const ada = await w.member("Ada Agent");
    const page = await pane(ada.token, composing(ref, thread.clientEmail));
    const picker = page.getByLabel("Saved reply", { exact: true });
    await picker.selectOption({ label: gone.name });
    await rest("DELETE", `/saved-replies/${gone.id}`, admin.token);
    await page.getByRole("button", { name: "Insert saved reply" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: `Tisket no longer has the saved reply “${gone.name}”` })
      .waitFor();
    await picker.locator("option", { hasText: kept.name }).waitFor({ state: "attached" });
    expect(await picker.locator("option").allTextContents()).not.toContain(gone.name);
    expect(await inserted(page)).toEqual([]);
  });

  it("keeps the chosen saved reply chosen when a teammate's change redraws the pane", async () => {
    const thread = await w.thread({ subject: "Broken hinge" });
    const ref = formatRef(thread.number);
    await savedReply("First", "one");
    const second = (await savedReply("Second", "two"))!.savedReply as { name: string };
    const ada = await w.member("Ada Agent");
    const page = await pane(ada.token, composing(ref, thread.clientEmail));
    await page.getByLabel("Saved reply", { exact: true }).selectOption({ label: second.name });
    await rest("POST", `/threads/${ref}/notes`, ada.token, { body: "redraw, please" });
    await rest("POST", `/threads/${ref}/drafts`, ada.token, { body: "A suggestion" });
    await page.getByRole("list", { name: "Suggested replies" }).waitFor();
    const chosen = page.getByLabel("Saved reply", { exact: true }).locator("option:checked");
    expect(await chosen.textContent()).toBe(second.name);
  });

  it("shows a reply an AI agent suggests while the draft is open, inserts it, and discards another", async () => {
    const thread = await w.thread({ subject: "Broken hinge" });
    const ref = formatRef(thread.number);
    const agent = await w.member("Claude Agent");
    const ada = await w.member("Ada Agent");
    const page = await pane(ada.token, composing(ref, thread.clientEmail));
    await page.getByRole("heading", { name: `Filed in ${ref} Broken hinge` }).waitFor();
    expect(await page.getByRole("list", { name: "Suggested replies" }).count()).toBe(0);

    await rest("POST", `/threads/${ref}/drafts`, agent.token, {
      body: "Dear Cleo,\n\nthe new hinge <ships> today.\nTracking follows.\nBest,\nAda",
    });
    const suggestions = page.getByRole("list", { name: "Suggested replies" });
    const first = suggestions.getByRole("listitem").first();
    await first.getByText("Claude Agent · just now").waitFor();
    expect(await first.locator(".preview").textContent()).toBe(
      "Dear Cleo,\nthe new hinge <ships> today.\nTracking follows.\n…",
    );
    await first.getByRole("button", { name: "Insert suggested reply" }).click();
    await page.getByRole("status").filter({ hasText: "Inserted the suggested reply" }).waitFor();
    expect((await inserted(page)).map((entry) => entry.value)).toEqual([
      {
        data: "Dear Cleo,<br>\n<br>\nthe new hinge &lt;ships&gt; today.<br>\nTracking follows.<br>\nBest,<br>\nAda",
        coercionType: "html",
      },
    ]);

    await rest("POST", `/threads/${ref}/drafts`, agent.token, { body: "A shorter one." });
    await suggestions.getByRole("listitem").filter({ hasText: "A shorter one." }).waitFor();
    await shoot(page, "compose-suggested-replies");
    await suggestions
      .getByRole("listitem")
      .filter({ hasText: "A shorter one." })
      .getByRole("button", { name: "Discard" })
      .click();
    await suggestions
      .getByRole("listitem")
      .filter({ hasText: "A shorter one." })
      .waitFor({ state: "detached" });
    const detail = (await rest("GET", `/threads/${ref}`, ada.token))!.thread as {
      drafts: { body: string }[];
    };
    expect(detail.drafts.map((draft) => draft.body)).toEqual([expect.stringContaining("Dear Cleo")]);
  });

  it("shows the thread's tickets, priority, tags, an overdue first reply and its counts, and follows them live", async () => {
    const thread = await w.thread({
      subject: "Invoice wrong",
      priority: "urgent",
      tags: ["billing", "vip"],
      firstClientMessageAt: new Date(Date.now() - 5 * 3_600_000),
      firstResponseDueAt: new Date(Date.now() - 25 * 60_000),
    });
    const ref = formatRef(thread.number);
    const ada = await w.member("Ada Agent");
    await rest("PUT", `/threads/${ref}/tickets/TKT-42`, ada.token, {
      repo: "acme/.tickets",
      url: "https://git.example/acme/.tickets/TKT-42",
    });
    await rest("POST", `/threads/${ref}/notes`, ada.token, { body: "customer is on the old plan" });
    const page = await pane(ada.token, {
      mode: "read",
      subject: `[${ref}] Invoice wrong`,
      internetMessageId: `<read-${ref}@mail.example>`,
      from: { emailAddress: thread.clientEmail, displayName: "Cleo Client" },
      dateTimeCreated: new Date().toISOString(),
    });
    await page.getByRole("heading", { name: `${ref} Invoice wrong` }).waitFor();
    const facts = page.locator(".facts");
    expect(await facts.textContent()).toContain("PriorityUrgent");
    expect(await facts.locator(".tag").allTextContents()).toEqual(["billing", "vip"]);
    expect(await page.getByRole("alert").filter({ hasText: "First reply overdue by" }).textContent()).toMatch(
      /^First reply overdue by 2[5-9] min$/,
    );
    const link = page.getByRole("list", { name: "Linked tickets" }).getByRole("link", { name: "TKT-42" });
    expect(await link.getAttribute("href")).toBe("https://git.example/acme/.tickets/TKT-42");
    expect(await link.getAttribute("target")).toBe("_blank");
    expect(await page.locator(".work-counts").textContent()).toBe("1 internal note");
    await shoot(page, "read-team-work-urgent");

    await rest("PUT", `/threads/${ref}/tickets/OPS-7`, ada.token, {});
    await page.getByRole("list", { name: "Linked tickets" }).getByText("OPS-7").waitFor();
    expect(await page.getByRole("link", { name: "OPS-7" }).count()).toBe(0);
    await rest("POST", `/threads/${ref}/notes`, ada.token, { body: "and billed twice" });
    await rest("POST", `/threads/${ref}/drafts`, ada.token, { body: "Sorry about the invoice." });
    await page.locator(".work-counts", { hasText: "2 internal notes · 1 suggested reply" }).waitFor();
    await rest("PATCH", `/threads/${ref}`, ada.token, { priority: "normal", removeTags: ["vip"] });
    await page.locator(".facts", { hasNotText: "Priority" }).waitFor();
    expect(await page.locator(".facts .tag").allTextContents()).toEqual(["billing"]);
    await shoot(page, "read-team-work");
  });

  it("keeps a quiet pane for a thread nobody worked on: no tickets, counts or target", async () => {
    const thread = await w.thread({ subject: "Plain" });
    const ref = formatRef(thread.number);
    const ada = await w.member("Ada Agent");
    const page = await pane(ada.token, {
      mode: "read",
      subject: `[${ref}] Plain`,
      from: { emailAddress: thread.clientEmail, displayName: "" },
      dateTimeCreated: new Date().toISOString(),
    });
    await page.getByRole("heading", { name: `${ref} Plain` }).waitFor();
    expect(await page.locator(".tickets, .work-counts, .target, .tag").count()).toBe(0);
    expect(await page.locator(".facts").textContent()).not.toContain("Priority");
  });
});
