import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditLog, customDomains } from "../../../api/src/db/schema";
import { makeTestApp, OPERATOR_TOKEN, type TestApp } from "../../helpers/app";
import { testDrivers } from "../../helpers/databases";
import { makeMember, makeOrgWithInbox } from "../../helpers/factories";
import { type FakePostmarkAccount, startFakePostmarkAccount } from "../../helpers/fake-postmark-account";
import { type ErrorReply, send } from "../admin/send";

type DomainReply = {
  domain: {
    domain: string;
    verified: boolean;
    dkim: { type: string; host: string; value: string; verified: boolean };
    returnPath: { type: string; host: string; value: string; verified: boolean };
    checkedAt: string | null;
  };
};

let postmark: FakePostmarkAccount;
let t: TestApp;

describe.each(testDrivers)("the custom domains API on %s, through the postmark client", (driver) => {
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

  const rowsOf = (orgId: string) => t.db.select().from(customDomains).where(eq(customDomains.orgId, orgId));
  const errorOf = async (res: Response) => ({
    status: res.status,
    ...((await res.json()) as ErrorReply).error,
  });
  const unique = () => `${Math.random().toString(36).slice(2, 8)}.example`;

  it("adds a domain in Postmark and answers the DKIM TXT and Return-Path CNAME records to publish", async () => {
    const { org, admin } = await makeOrgWithInbox(t.db);
    const name = unique();
    const res = await send(t, "POST", `/orgs/${org.slug}/domains`, admin.token, {
      domain: ` ${name.toUpperCase()} `,
    });
    expect(res.status).toBe(201);
    const { domain } = (await res.json()) as DomainReply;
    const registered = [...postmark.domains.values()].find((d) => d.Name === name)!;
    expect(registered.ReturnPathDomain).toBe(`pm-bounces.${name}`);
    expect(domain).toEqual({
      domain: name,
      verified: false,
      dkim: {
        type: "TXT",
        host: `20240101000000pm._domainkey.${name}`,
        value: registered.key,
        verified: false,
      },
      returnPath: { type: "CNAME", host: `pm-bounces.${name}`, value: "pm.mtasv.net", verified: false },
      createdAt: expect.any(String),
      checkedAt: null,
    });
    const list = await send(t, "GET", `/orgs/${org.slug}/domains`, admin.token);
    expect(((await list.json()) as { domains: DomainReply["domain"][] }).domains).toEqual([domain]);
    const [audit] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, org.id), eq(auditLog.kind, "domain_added")));
    expect(audit).toMatchObject({ actor: admin.email, client: "api", target: name });
  });

  it("verifies: not found in DNS first, then each record once Postmark finds it", async () => {
    const { org, admin } = await makeOrgWithInbox(t.db);
    const name = unique();
    await send(t, "POST", `/orgs/${org.slug}/domains`, admin.token, { domain: name });
    const first = await send(t, "POST", `/orgs/${org.slug}/domains/${name}/verify`, admin.token);
    expect(first.status).toBe(200);
    const before = ((await first.json()) as DomainReply).domain;
    expect(before).toMatchObject({
      verified: false,
      dkim: { verified: false },
      returnPath: { verified: false },
    });
    expect(before.checkedAt).not.toBeNull();
    postmark.dns.dkim = true;
    const half = (
      (await (
        await send(t, "POST", `/orgs/${org.slug}/domains/${name}/verify`, admin.token)
      ).json()) as DomainReply
    ).domain;
    expect(half).toMatchObject({
      verified: false,
      dkim: { verified: true },
      returnPath: { verified: false },
    });
    // once verified Postmark's key is no longer pending: the record shown is its current one
    expect(half.dkim.host).toBe(`20240101000000pm._domainkey.${name}`);
    expect(half.dkim.value).toBe(before.dkim.value);
    postmark.dns.returnPath = true;
    const done = (
      (await (
        await send(t, "POST", `/orgs/${org.slug}/domains/${name}/verify`, admin.token)
      ).json()) as DomainReply
    ).domain;
    expect(done).toMatchObject({ verified: true, dkim: { verified: true }, returnPath: { verified: true } });
    const [row] = await rowsOf(org.id);
    expect(row).toMatchObject({ dkimVerified: true, returnPathVerified: true });
    const kinds = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, org.id), eq(auditLog.kind, "domain_verified")));
    expect(kinds.map((entry) => entry.detail)).toEqual([
      { dkimVerified: false, returnPathVerified: false },
      { dkimVerified: true, returnPathVerified: false },
      { dkimVerified: true, returnPathVerified: true },
    ]);
  });

  it("removes a domain from Postmark and from the org", async () => {
    const { org, admin } = await makeOrgWithInbox(t.db);
    const name = unique();
    await send(t, "POST", `/orgs/${org.slug}/domains`, admin.token, { domain: name });
    const res = await send(t, "DELETE", `/orgs/${org.slug}/domains/${name}`, admin.token);
    expect(res.status).toBe(200);
    expect(((await res.json()) as DomainReply).domain.domain).toBe(name);
    expect(await rowsOf(org.id)).toEqual([]);
    expect([...postmark.domains.values()].some((d) => d.Name === name)).toBe(false);
    expect((await send(t, "DELETE", `/orgs/${org.slug}/domains/${name}`, admin.token)).status).toBe(404);
  });

  it("refuses invalid names and the inbound domain with 400 naming the field, Postmark never asked", async () => {
    const { org, admin } = await makeOrgWithInbox(t.db);
    const asked = postmark.requests.length;
    const cases: [string, string][] = [
      [
        "https://acme.example/path",
        "domain: give the domain name only, such as acme.com: no https://, path or address",
      ],
      [
        "support@acme.example",
        "domain: give the domain name only, such as acme.com: no https://, path or address",
      ],
      [
        "localhost",
        "domain: not a domain name: use letters, digits, hyphens and dots, such as acme.com or mail.acme.com",
      ],
      [
        "acme_corp.example",
        "domain: not a domain name: use letters, digits, hyphens and dots, such as acme.com or mail.acme.com",
      ],
      [
        `${"a".repeat(61)}.${"b".repeat(61)}.${"c".repeat(61)}.${"d".repeat(61)}.example`,
        "domain: at most 253 characters",
      ],
      ["tisket.test", "domain: this service's own inbound domain tisket.test cannot be a custom domain"],
      ["mail.tisket.test", "domain: this service's own inbound domain tisket.test cannot be a custom domain"],
      ["", "domain: give a domain name such as acme.com"],
    ];
    for (const [domain, message] of cases) {
      const res = await send(t, "POST", `/orgs/${org.slug}/domains`, admin.token, { domain });
      expect(await errorOf(res)).toEqual({ status: 400, code: "bad_request", message });
    }
    expect(postmark.requests.length).toBe(asked);
    expect(await rowsOf(org.id)).toEqual([]);
  });

  it("answers a domain the org has with 409, and Postmark's own 422 (already in the account) with its words", async () => {
    const first = await makeOrgWithInbox(t.db);
    const second = await makeOrgWithInbox(t.db);
    const name = unique();
    await send(t, "POST", `/orgs/${first.org.slug}/domains`, first.admin.token, { domain: name });
    const again = await send(t, "POST", `/orgs/${first.org.slug}/domains`, first.admin.token, {
      domain: name,
    });
    expect(await errorOf(again)).toEqual({
      status: 409,
      code: "conflict",
      message: `domain: your organization already has ${name}`,
    });
    const elsewhere = await send(t, "POST", `/orgs/${second.org.slug}/domains`, second.admin.token, {
      domain: name,
    });
    expect(await errorOf(elsewhere)).toEqual({
      status: 409,
      code: "conflict",
      message: `domain: Postmark refused ${name} (ErrorCode 512: This domain already exists.)`,
    });
    expect(await rowsOf(second.org.id)).toEqual([]);
  });

  it("answers Postmark refusing the account token (401) with 503 and what to set; nothing stored", async () => {
    const { org, admin } = await makeOrgWithInbox(t.db);
    const name = unique();
    await send(t, "POST", `/orgs/${org.slug}/domains`, admin.token, { domain: name });
    // the token was rotated in Postmark: the one configured here no longer works
    const configured = postmark.token;
    postmark.token = "rotated-account-token";
    postmark.dns = { dkim: true, returnPath: true };
    try {
      const add = await send(t, "POST", `/orgs/${org.slug}/domains`, admin.token, { domain: unique() });
      const error = await errorOf(add);
      expect(error).toMatchObject({ status: 503, code: "unavailable" });
      expect(error.message).toContain(
        "Postmark refused the account token (HTTP 401, ErrorCode 10: The Account API token supplied in the request is not valid.)",
      );
      expect(error.message).toContain("Set POSTMARK_ACCOUNT_TOKEN");
      const verify = await send(t, "POST", `/orgs/${org.slug}/domains/${name}/verify`, admin.token);
      expect(verify.status).toBe(503);
    } finally {
      postmark.token = configured;
    }
    const rows = await rowsOf(org.id);
    expect(rows.map((row) => [row.name, row.dkimVerified, row.returnPathVerified])).toEqual([
      [name, false, false],
    ]);
  });

  it("when Postmark is down: no domain stored, nothing verified, nothing removed", async () => {
    const { org, admin } = await makeOrgWithInbox(t.db);
    const name = unique();
    await send(t, "POST", `/orgs/${org.slug}/domains`, admin.token, { domain: name });
    postmark.dns = { dkim: true, returnPath: true };
    postmark.mode = "down";
    const add = await send(t, "POST", `/orgs/${org.slug}/domains`, admin.token, { domain: unique() });
    expect(await errorOf(add)).toEqual({
      status: 503,
      code: "unavailable",
      message: "Postmark is not available (HTTP 503, ErrorCode 100: Service unavailable); try again later.",
    });
    const verify = await send(t, "POST", `/orgs/${org.slug}/domains/${name}/verify`, admin.token);
    expect(verify.status).toBe(503);
    const remove = await send(t, "DELETE", `/orgs/${org.slug}/domains/${name}`, admin.token);
    expect(remove.status).toBe(503);
    const rows = await rowsOf(org.id);
    expect(rows.map((row) => [row.name, row.dkimVerified, row.returnPathVerified, row.checkedAt])).toEqual([
      [name, false, false, null],
    ]);
  });

  it("refuses agents with 403 and answers another org's domain with 404, changing nothing", async () => {
    const mine = await makeOrgWithInbox(t.db);
    const theirs = await makeOrgWithInbox(t.db);
    const agent = await makeMember(t.db, mine.org, { role: "agent" });
    const name = unique();
    await send(t, "POST", `/orgs/${theirs.org.slug}/domains`, theirs.admin.token, { domain: name });
    for (const [method, path] of [
      ["GET", `/orgs/${mine.org.slug}/domains`],
      ["POST", `/orgs/${mine.org.slug}/domains`],
      ["POST", `/orgs/${mine.org.slug}/domains/${name}/verify`],
      ["DELETE", `/orgs/${mine.org.slug}/domains/${name}`],
    ] as const) {
      const res = await send(
        t,
        method,
        path,
        agent.token,
        method === "POST" ? { domain: unique() } : undefined,
      );
      expect(res.status).toBe(403);
    }
    expect((await send(t, "GET", `/orgs/${theirs.org.slug}/domains`, mine.admin.token)).status).toBe(404);
    expect(
      (await send(t, "POST", `/orgs/${mine.org.slug}/domains/${name}/verify`, mine.admin.token)).status,
    ).toBe(404);
    expect((await send(t, "DELETE", `/orgs/${mine.org.slug}/domains/${name}`, mine.admin.token)).status).toBe(
      404,
    );
    expect(await rowsOf(mine.org.id)).toEqual([]);
    expect(await rowsOf(theirs.org.id)).toHaveLength(1);
    // the operator may act in any org
    const listed = await send(t, "GET", `/orgs/${theirs.org.slug}/domains`, OPERATOR_TOKEN);
    expect(((await listed.json()) as { domains: unknown[] }).domains).toHaveLength(1);
  });

  it("appears in the OpenAPI document", async () => {
    const doc = (await (await t.app.request("/api/v1/openapi.json")).json()) as {
      paths: Record<string, object>;
    };
    expect(Object.keys(doc.paths["/api/v1/orgs/{slug}/domains"] ?? {}).sort()).toEqual(["get", "post"]);
    expect(Object.keys(doc.paths["/api/v1/orgs/{slug}/domains/{domain}/verify"] ?? {})).toEqual(["post"]);
    expect(Object.keys(doc.paths["/api/v1/orgs/{slug}/domains/{domain}"] ?? {})).toEqual(["delete"]);
  });
});

describe("the custom domains API without POSTMARK_ACCOUNT_TOKEN", () => {
  let bare: TestApp;
  beforeAll(async () => {
    bare = await makeTestApp();
  });
  afterAll(() => bare?.close());

  it("answers 503 saying what to set, and still lists what is stored", async () => {
    const { org, admin } = await makeOrgWithInbox(bare.db);
    const res = await send(bare, "POST", `/orgs/${org.slug}/domains`, admin.token, {
      domain: "acme.example",
    });
    expect(res.status).toBe(503);
    const { error } = (await res.json()) as ErrorReply;
    expect(error.message).toBe(
      "Custom domains are not set up. Set POSTMARK_ACCOUNT_TOKEN to your Postmark account's API token (in Postmark: Account → API Tokens; only the account owner and account admins can see it) and restart the service.",
    );
    const list = await send(bare, "GET", `/orgs/${org.slug}/domains`, admin.token);
    expect(await list.json()).toEqual({ domains: [] });
  });
});
