import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditLog, customDomains } from "../../../../api/src/db/schema";
import { makeTestApp, type TestApp } from "../../../helpers/app";
import { testDrivers } from "../../../helpers/databases";
import { makeMember, makeOrgWithInbox } from "../../../helpers/factories";
import { type FakePostmarkAccount, startFakePostmarkAccount } from "../../../helpers/fake-postmark-account";
import { signedIn } from "../../../helpers/web-client";

const noticeOf = (html: string) =>
  /<div class="notice notice-(\w+)"[^>]*>([^<]*)<\/div>/.exec(html)?.slice(1);
const fieldError = (html: string) => /id="field-domain-error">([^<]*)<\/p>/.exec(html)?.[1];
const unique = () => `${randomUUID().slice(0, 8)}.example`;

describe.each(testDrivers)("the custom domains page on %s", (driver) => {
  let postmark: FakePostmarkAccount;
  let t: TestApp;

  beforeAll(async () => {
    postmark = await startFakePostmarkAccount();
    t = await makeTestApp({
      driver,
      config: { POSTMARK_ACCOUNT_TOKEN: postmark.token, POSTMARK_API_URL: postmark.url },
    });
  });
  afterAll(async () => {
    await t?.close();
    await postmark?.close();
  });
  beforeEach(() => {
    postmark.mode = "ok";
    postmark.dns = { dkim: false, returnPath: false };
  });

  async function desk() {
    const { org, admin } = await makeOrgWithInbox(t.db);
    const agent = await makeMember(t.db, org, { name: "Al Agent" });
    const ada = await signedIn(t, admin.email);
    await ada.get("/admin/domains");
    return { org, admin, agent, ada };
  }
  const rowsOf = (orgId: string) => t.db.select().from(customDomains).where(eq(customDomains.orgId, orgId));

  it("adds a domain, shows its two records with copy buttons, verifies it and removes it", async () => {
    const { org, admin, ada } = await desk();
    const empty = await ada.get("/admin/domains");
    expect(empty.status).toBe(200);
    expect(empty.html).toContain("No custom domains yet.");
    expect(empty.html).toContain('<label for="field-domain">Domain</label>');
    expect(empty.html).toContain(">Add domain</button>");
    expect(empty.html).toContain('href="/admin/domains" aria-current="page">Domains</a>');
    const name = unique();
    const added = await ada.post("/admin/domains", { domain: name });
    expect(added.status).toBe(303);
    expect(added.location).toBe("/admin/domains");
    const page = await ada.get("/admin/domains");
    expect(noticeOf(page.html)).toEqual([
      "success",
      `${name} added: publish its two DNS records, then press Verify.`,
    ]);
    const key = [...postmark.domains.values()].find((d) => d.Name === name)!.key;
    expect(page.html).toContain(`<h2 id="domain-${name}">${name}</h2>`);
    expect(page.html).toContain(`<code id="txt-${name}-host">20240101000000pm._domainkey.${name}</code>`);
    expect(page.html).toContain(`<code id="txt-${name}-value">${key}</code>`);
    expect(page.html).toContain(`<code id="cname-${name}-host">pm-bounces.${name}</code>`);
    expect(page.html).toContain(`<code id="cname-${name}-value">pm.mtasv.net</code>`);
    for (const id of ["txt", "cname"].flatMap((type) => [`${type}-${name}-host`, `${type}-${name}-value`])) {
      expect(page.html).toContain(`data-copy-from="${id}"`);
    }
    expect(page.html).toContain("copy-button.js");
    expect(page.html.match(/>Not verified</g)).toHaveLength(2);
    expect(page.html).toContain("Not checked yet");

    await ada.post(`/admin/domains/${name}/verify`);
    const notYet = await ada.get("/admin/domains");
    expect(noticeOf(notYet.html)).toEqual([
      "info",
      `Postmark did not find the DKIM record or the Return-Path record of ${name} yet. DNS changes can take a while to show; try Verify again later.`,
    ]);
    expect(notYet.html).toContain("Last checked");
    postmark.dns = { dkim: true, returnPath: true };
    expect((await ada.post(`/admin/domains/${name}/verify`)).status).toBe(303);
    const verified = await ada.get("/admin/domains");
    expect(noticeOf(verified.html)).toEqual([
      "success",
      `${name} is verified: mail from its addresses is sent from them.`,
    ]);
    expect(verified.html.match(/>Verified</g)).toHaveLength(2);
    expect(verified.html).not.toContain(">Not verified<");

    expect((await ada.post(`/admin/domains/${name}/remove`)).status).toBe(303);
    const removed = await ada.get("/admin/domains");
    expect(noticeOf(removed.html)).toEqual(["success", `${name} removed, here and in Postmark.`]);
    expect(removed.html).toContain("No custom domains yet.");
    expect([...postmark.domains.values()].some((d) => d.Name === name)).toBe(false);
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.orgId, org.id));
    expect(
      audit.filter((e) => e.kind.startsWith("domain_")).map((e) => [e.kind, e.client, e.actor, e.target]),
    ).toEqual([
      ["domain_added", "web", admin.email, name],
      ["domain_verified", "web", admin.email, name],
      ["domain_verified", "web", admin.email, name],
      ["domain_removed", "web", admin.email, name],
    ]);
  });

  it("answers an invalid name, the inbound domain and a duplicate beside the field, keeping what was typed", async () => {
    const { org, ada } = await desk();
    const scheme = await ada.post("/admin/domains", { domain: "https://acme.example/help" });
    expect(scheme.status).toBe(400);
    expect(fieldError(scheme.html)).toBe(
      "Give the domain name only, such as acme.com: no https://, path or address",
    );
    expect(scheme.html).toContain('value="https://acme.example/help"');
    expect(scheme.html).toContain('aria-invalid="true"');
    const ours = await ada.post("/admin/domains", { domain: "tisket.test" });
    expect(fieldError(ours.html)).toBe(
      "This service&#39;s own inbound domain tisket.test cannot be a custom domain",
    );
    expect(await rowsOf(org.id)).toEqual([]);
    const name = unique();
    await ada.post("/admin/domains", { domain: name });
    const again = await ada.post("/admin/domains", { domain: name.toUpperCase() });
    expect(again.status).toBe(409);
    expect(fieldError(again.html)).toBe(`Your organization already has ${name}`);
    expect(again.html).toContain(`value="${name.toUpperCase()}"`);
    const other = await desk();
    const taken = await other.ada.post("/admin/domains", { domain: name });
    expect(taken.status).toBe(409);
    expect(fieldError(taken.html)).toBe(
      `Postmark refused ${name} (ErrorCode 512: This domain already exists.)`,
    );
    expect(await rowsOf(other.org.id)).toEqual([]);
    expect(await rowsOf(org.id)).toHaveLength(1);
  });

  it("says so when Postmark is down, recording nothing as verified and adding nothing", async () => {
    const { org, ada } = await desk();
    const name = unique();
    await ada.post("/admin/domains", { domain: name });
    await ada.get("/admin/domains");
    postmark.dns = { dkim: true, returnPath: true };
    postmark.mode = "down";
    const verify = await ada.post(`/admin/domains/${name}/verify`);
    expect(verify.status).toBe(503);
    expect(noticeOf(verify.html)).toEqual([
      "error",
      "Postmark is not available (HTTP 503, ErrorCode 100: Service unavailable); try again later.",
    ]);
    expect(verify.html.match(/>Not verified</g)).toHaveLength(2);
    const add = await ada.post("/admin/domains", { domain: "later.example" });
    expect(add.status).toBe(503);
    expect(add.html).toContain('value="later.example"');
    const rows = await rowsOf(org.id);
    expect(rows.map((row) => [row.name, row.dkimVerified, row.returnPathVerified])).toEqual([
      [name, false, false],
    ]);
  });

  it("refuses agents with 403 on the page and every form, changing nothing", async () => {
    const { org, agent, ada } = await desk();
    const name = unique();
    await ada.post("/admin/domains", { domain: name });
    const al = await signedIn(t, agent.email);
    await al.get("/admin/threads");
    const page = await al.get("/admin/domains");
    expect(page.status).toBe(403);
    expect(page.html).not.toContain(name);
    expect((await al.post("/admin/domains", { domain: unique() })).status).toBe(403);
    postmark.dns = { dkim: true, returnPath: true };
    expect((await al.post(`/admin/domains/${name}/verify`)).status).toBe(403);
    expect((await al.post(`/admin/domains/${name}/remove`)).status).toBe(403);
    const rows = await rowsOf(org.id);
    expect(rows.map((row) => [row.name, row.dkimVerified, row.checkedAt])).toEqual([[name, false, null]]);
  });

  it("never shows or changes another org's domain, and refuses a change without the CSRF token", async () => {
    const mine = await desk();
    const theirs = await desk();
    const name = unique();
    await theirs.ada.post("/admin/domains", { domain: name });
    const page = await mine.ada.get("/admin/domains");
    expect(page.html).not.toContain(name);
    expect((await mine.ada.post(`/admin/domains/${name}/verify`)).status).toBe(404);
    expect((await mine.ada.post(`/admin/domains/${name}/remove`)).status).toBe(404);
    await theirs.ada.get("/admin/domains");
    expect((await theirs.ada.post("/admin/domains", { domain: unique(), _csrf: "" })).status).toBe(403);
    expect((await theirs.ada.post(`/admin/domains/${name}/remove`, { _csrf: "" })).status).toBe(403);
    const crossSite = await theirs.ada.post(
      `/admin/domains/${name}/remove`,
      {},
      { Origin: "https://evil.example" },
    );
    expect(crossSite.status).toBe(403);
    expect((await rowsOf(theirs.org.id)).map((row) => row.name)).toEqual([name]);
    expect(await rowsOf(mine.org.id)).toEqual([]);
    expect([...postmark.domains.values()].some((d) => d.Name === name)).toBe(true);
  });
});

describe("the custom domains page without POSTMARK_ACCOUNT_TOKEN", () => {
  let bare: TestApp;
  beforeAll(async () => {
    bare = await makeTestApp();
  });
  afterAll(() => bare?.close());

  it("says exactly what to set instead of failing, and a posted form answers the same", async () => {
    const { org, admin } = await makeOrgWithInbox(bare.db);
    const ada = await signedIn(bare, admin.email);
    const page = await ada.get("/admin/domains");
    expect(page.status).toBe(200);
    expect(page.html).toContain("Set POSTMARK_ACCOUNT_TOKEN to your Postmark account&#39;s API token");
    expect(page.html).toContain("Account → API Tokens");
    expect(page.html).not.toContain(">Add domain</button>");
    const add = await ada.post("/admin/domains", { domain: "acme.example" });
    expect(add.status).toBe(503);
    expect(noticeOf(add.html)?.[1]).toMatch(/^Custom domains are not set up\. Set POSTMARK_ACCOUNT_TOKEN/);
    expect(await bare.db.select().from(customDomains).where(eq(customDomains.orgId, org.id))).toEqual([]);
    const audit = await bare.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, org.id), eq(auditLog.kind, "domain_added")));
    expect(audit).toEqual([]);
  });
});
