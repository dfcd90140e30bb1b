import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, customDomains, inboxes, type Org } from "../../../../api/src/db/schema";
import { makeTestApp, type TestApp } from "../../../helpers/app";
import { testDrivers } from "../../../helpers/databases";
import { makeInbox, makeMember, makeOrgWithInbox, makeThread } from "../../../helpers/factories";
import { signedIn } from "../../../helpers/web-client";

let t: TestApp;

describe.each(testDrivers)("the inboxes settings page on %s", (driver) => {
  beforeAll(async () => {
    t = await makeTestApp({ driver });
  });
  afterAll(() => t?.close());

  async function desk() {
    const { org, inbox, admin } = await makeOrgWithInbox(t.db);
    const ada = await signedIn(t, admin.email);
    await ada.get("/admin/inboxes");
    return { org, inbox, admin, ada };
  }

  const inboxesOf = (org: Org) =>
    t.db.select().from(inboxes).where(eq(inboxes.orgId, org.id)).orderBy(inboxes.name);
  const noticeOf = (html: string) => /<div class="notice notice-\w+"[^>]*>([^<]*)<\/div>/.exec(html)?.[1];
  const settings = {
    customAddress: "",
    autoAck: "on",
    autoAckMessage: "",
    firstResponseMinutes: "",
    resolutionMinutes: "",
  };

  it("lists each inbox with its address to copy, its settings and the acknowledgement the client gets", async () => {
    const { org, inbox, ada } = await desk();
    await makeThread(t.db, org, inbox);
    const page = await ada.get("/admin/inboxes");
    expect(page.status).toBe(200);
    expect(page.html).toContain('href="/admin/inboxes" aria-current="page">Inboxes</a>');
    const address = `support.${org.slug}@tisket.test`;
    expect(page.html).toContain(`<code id="inbox-support-address">${address}</code>`);
    expect(page.html).toContain('data-copy-from="inbox-support-address">Copy address</button>');
    for (const label of [
      "Custom address",
      "Send an acknowledgement",
      "Acknowledgement text",
      "First response within (minutes)",
      "Resolution within (minutes)",
      "Name",
    ]) {
      expect(page.html).toContain(`>${label}</label>`);
    }
    expect(page.html).toContain(">Create inbox</button>");
    expect(page.html).toContain(">Save</button>");
    // the org's next thread is THD-2: the preview is numbered as the client's would be
    expect(page.html).toContain(`data-preview="from">&quot;${org.name}&quot; &lt;${address}&gt;</dd>`);
    expect(page.html).toContain('data-preview="subject">[THD-2] Re: Question about my order</dd>');
    expect(page.html).toContain(
      "Your request has been received and we&#39;ll respond shortly. Reference: THD-2",
    );
    expect(page.html).toMatch(/<script src="\/admin\/assets\/ack-preview\.js\?v=\w+" defer=""><\/script>/);
  });

  it("creates an inbox with Create inbox, audited as web", async () => {
    const { org, admin, ada } = await desk();
    const created = await ada.post("/admin/inboxes", { name: "billing" });
    expect(created.status).toBe(303);
    expect(created.location).toBe("/admin/inboxes#inbox-billing");
    const page = await ada.get("/admin/inboxes");
    expect(noticeOf(page.html)).toBe(
      `Inbox “billing” created: clients write to billing.${org.slug}@tisket.test.`,
    );
    expect(page.html).toContain('<h2 id="inbox-billing-title">billing</h2>');
    expect((await inboxesOf(org)).map((inbox) => inbox.name)).toEqual(["billing", "support"]);
    const [audit] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, org.id), eq(auditLog.kind, "inbox_created")));
    expect(audit).toMatchObject({ actor: admin.email, client: "web", target: "billing" });
  });

  it("answers a bad or taken name beside the Name field, the typed name kept, nothing created", async () => {
    const { org, ada } = await desk();
    const bad = await ada.post("/admin/inboxes", { name: "Sales Team" });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain(
      'id="field-name-error">Use lowercase letters, digits and hyphens (at most 63), starting and ending with a letter or digit</p>',
    );
    expect(bad.html).toContain('value="Sales Team"');
    const taken = await ada.post("/admin/inboxes", { name: "support" });
    expect(taken.status).toBe(409);
    expect(taken.html).toContain('id="field-name-error">An inbox &quot;support&quot; already exists</p>');
    expect(taken.html).toContain('value="support"');
    expect((await inboxesOf(org)).map((inbox) => inbox.name)).toEqual(["support"]);
  });

  it("saves an inbox's settings with Save, the preview then showing the saved text", async () => {
    const { org, ada } = await desk();
    const saved = await ada.post("/admin/inboxes/support", {
      ...settings,
      customAddress: "Help@Acme.Example",
      autoAckMessage: "Thanks!\r\nWe answer within a day.",
      firstResponseMinutes: "60",
      resolutionMinutes: "1440",
    });
    expect(saved.status).toBe(303);
    expect(saved.location).toBe("/admin/inboxes#inbox-support");
    const [row] = await inboxesOf(org);
    expect(row).toMatchObject({
      customAddress: "help@acme.example",
      autoAck: true,
      // a browser's CRLF line endings kept as the API's LF
      autoAckMessage: "Thanks!\nWe answer within a day.",
      firstResponseMinutes: 60,
      resolutionMinutes: 1440,
    });
    const page = await ada.get("/admin/inboxes");
    expect(noticeOf(page.html)).toBe("Inbox “support” saved.");
    expect(page.html).toContain('value="help@acme.example"');
    expect(page.html).toContain('value="60"');
    expect(page.html).toContain("Thanks!\nWe answer within a day.\n\nReference: THD-1</div>");

    const { autoAck: _ticked, ...unticked } = settings;
    const off = await ada.post("/admin/inboxes/support", unticked);
    expect(off.status).toBe(303);
    expect((await inboxesOf(org))[0]).toMatchObject({
      autoAck: false,
      autoAckMessage: null,
      customAddress: null,
      firstResponseMinutes: null,
    });
    const offPage = await ada.get("/admin/inboxes");
    expect(offPage.html).toMatch(/data-preview-off="">\s*Acknowledgements are off/);
    expect(offPage.html).toContain('<div data-preview-mail="" hidden="">');
  });

  it("answers each bad setting beside its field, every typed value kept, nothing saved", async () => {
    const { org, ada } = await desk();
    const before = await inboxesOf(org);
    const bad = await ada.post("/admin/inboxes/support", {
      ...settings,
      customAddress: "not an address",
      autoAckMessage: "Thank you for writing.",
      firstResponseMinutes: "0",
      resolutionMinutes: "soon",
    });
    expect(bad.status).toBe(400);
    expect(noticeOf(bad.html)).toBe("Inbox “support” was not saved: correct the marked fields.");
    expect(bad.html).toContain('id="inbox-support-customAddress-error">Invalid email address</p>');
    expect(bad.html).toContain(
      'id="inbox-support-firstResponseMinutes-error">Too small: expected number to be &gt;=1</p>',
    );
    expect(bad.html).toContain('id="inbox-support-resolutionMinutes-error">A whole number of minutes</p>');
    expect(bad.html).toContain('value="not an address"');
    expect(bad.html).toContain('value="soon"');
    expect(bad.html).toContain(">Thank you for writing.</textarea>");
    // the preview shows the text as typed, not yet saved
    expect(bad.html).toContain("Thank you for writing.\n\nReference: THD-1</div>");
    const ours = await ada.post("/admin/inboxes/support", { ...settings, customAddress: "x@tisket.test" });
    expect(ours.status).toBe(400);
    expect(ours.html).toContain(
      'id="inbox-support-customAddress-error">Addresses at tisket.test are assigned by inbox and organization name</p>',
    );
    expect(await inboxesOf(org)).toEqual(before);
  });

  it("answers a custom address another inbox has beside the field (409)", async () => {
    const { org, ada } = await desk();
    await makeInbox(t.db, org, { name: "billing", customAddress: "billing@acme.example" });
    const taken = await ada.post("/admin/inboxes/support", {
      ...settings,
      customAddress: "billing@acme.example",
    });
    expect(taken.status).toBe(409);
    expect(taken.html).toContain(
      'id="inbox-support-customAddress-error">Another inbox already uses this address</p>',
    );
    expect(taken.html).not.toContain('id="inbox-billing-customAddress-error"');
    expect((await inboxesOf(org)).find((inbox) => inbox.name === "support")?.customAddress).toBeNull();
  });

  it("previews an acknowledgement text with the mail's own builder", async () => {
    const { org, ada } = await desk();
    const res = await ada.postJson("/admin/inboxes/support/preview", { autoAckMessage: "  Hello there.  " });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.html)).toEqual({
      from: `"${org.name}" <support.${org.slug}@tisket.test>`,
      subject: "[THD-1] Re: Question about my order",
      text: "Hello there.\n\nReference: THD-1",
    });
    const standard = await ada.postJson("/admin/inboxes/support/preview", { autoAckMessage: "" });
    expect(JSON.parse(standard.html).text).toBe(
      "Your request has been received and we'll respond shortly. Reference: THD-1",
    );
    expect((await ada.postJson("/admin/inboxes/nope/preview", { autoAckMessage: "x" })).status).toBe(404);
    expect(
      (await ada.postJson("/admin/inboxes/support/preview", { autoAckMessage: "x" }, { "X-CSRF-Token": "" }))
        .status,
    ).toBe(403);
  });

  it("previews the acknowledgement from the custom address once its domain is verified, as the mail goes", async () => {
    const { org, inbox, ada } = await desk();
    const domain = `${org.slug}-mail.example`;
    await t.db
      .update(inboxes)
      .set({ customAddress: `help@${domain}` })
      .where(eq(inboxes.id, inbox.id));
    const fromOf = async () =>
      JSON.parse((await ada.postJson("/admin/inboxes/support/preview", { autoAckMessage: "" })).html).from;
    // an unverified domain: still from the inbox address (its custom address is the Reply-To)
    const record = {
      orgId: org.id,
      name: domain,
      postmarkId: 1,
      dkimHost: `pm._domainkey.${domain}`,
      dkimTextValue: "k=rsa;p=x",
      returnPathDomain: `pm-bounces.${domain}`,
      returnPathCnameValue: "pm.mtasv.net",
    };
    await t.db.insert(customDomains).values({ ...record, dkimVerified: true });
    expect(await fromOf()).toBe(`"${org.name}" <support.${org.slug}@tisket.test>`);
    await t.db.update(customDomains).set({ returnPathVerified: true }).where(eq(customDomains.orgId, org.id));
    expect(await fromOf()).toBe(`"${org.name}" <help@${domain}>`);
    expect((await ada.get("/admin/inboxes")).html).toContain(
      `data-preview="from">&quot;${org.name}&quot; &lt;help@${domain}&gt;</dd>`,
    );
  });

  it("refuses an agent with 403 on the page, its forms and the preview, nothing changed", async () => {
    const { org } = await desk();
    const agent = await makeMember(t.db, org);
    const al = await signedIn(t, agent.email);
    const page = await al.get("/admin/inboxes");
    expect(page.status).toBe(403);
    expect(page.html).toContain(`Only the admins of ${org.name} can open this page.`);
    expect(page.html).not.toContain("support.");
    await al.get("/admin/threads"); // the agent's own CSRF token: only the role refuses them
    const create = await al.post("/admin/inboxes", { name: "sneaky" });
    expect(create.status).toBe(403);
    expect(create.html).toContain(`Only the admins of ${org.name} can open this page.`);
    expect((await al.post("/admin/inboxes/support", { ...settings, autoAck: "" })).status).toBe(403);
    expect((await al.postJson("/admin/inboxes/support/preview", { autoAckMessage: "x" })).status).toBe(403);
    expect((await inboxesOf(org)).map((inbox) => [inbox.name, inbox.autoAck])).toEqual([["support", true]]);
  });

  it("never shows or changes another org's inbox (404), and refuses a change without the CSRF token", async () => {
    const mine = await desk();
    const theirs = await desk();
    await makeInbox(t.db, theirs.org, { name: "secret-desk" });
    const page = await mine.ada.get("/admin/inboxes");
    expect(page.html).not.toContain("secret-desk");
    expect(page.html).not.toContain(theirs.org.slug);
    expect((await mine.ada.post("/admin/inboxes/secret-desk", settings)).status).toBe(404);
    expect(
      (await mine.ada.postJson("/admin/inboxes/secret-desk/preview", { autoAckMessage: "x" })).status,
    ).toBe(404);
    const before = await inboxesOf(theirs.org);
    expect((await theirs.ada.post("/admin/inboxes/support", { ...settings, _csrf: "" })).status).toBe(403);
    expect((await theirs.ada.post("/admin/inboxes", { name: "new", _csrf: "" })).status).toBe(403);
    expect(
      (await theirs.ada.post("/admin/inboxes", { name: "new" }, { Origin: "https://evil.example" })).status,
    ).toBe(403);
    expect(await inboxesOf(theirs.org)).toEqual(before);
  });
});
