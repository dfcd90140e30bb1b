import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiTokens, auditLog } from "../../../api/src/db/schema";
import { makeTestApp, OPERATOR_TOKEN, type TestApp } from "../../helpers/app";
import { makeMember, makeOrgWithInbox } from "../../helpers/factories";
import { type ErrorReply, send } from "./send";

type Issued = { token: string; id: string; email: string; label: string };
type TokenView = {
  id: string;
  email: string;
  label: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t?.close());

async function issue(slug: string, callerToken: string, body: unknown) {
  const res = await send(t, "POST", `/orgs/${slug}/tokens`, callerToken, body);
  return { status: res.status, body: (await res.json()) as Issued & ErrorReply };
}

describe("POST /orgs/:slug/tokens", () => {
  it("shows a new token once, and it works on the staff API", async () => {
    const { org, admin } = await makeOrgWithInbox(t.db);
    const agent = await makeMember(t.db, org, { role: "agent" });
    const issued = await issue(org.slug, admin.token, { email: agent.email.toUpperCase(), label: "Gmail" });
    expect(issued.status).toBe(201);
    expect(issued.body).toMatchObject({ email: agent.email, label: "Gmail" });
    expect(issued.body.token).toMatch(/^tsk_/);
    expect((await send(t, "GET", "/threads", issued.body.token)).status).toBe(200);

    const [stored] = await t.db.select().from(apiTokens).where(eq(apiTokens.id, issued.body.id));
    expect(stored?.tokenHash).not.toContain(issued.body.token);
    const list = await send(t, "GET", `/orgs/${org.slug}/tokens`, admin.token);
    expect(await list.text()).not.toContain(issued.body.token);
  });

  it("records who made the token in the audit log", async () => {
    const { org, admin } = await makeOrgWithInbox(t.db);
    const byAdmin = await issue(org.slug, admin.token, { email: admin.email });
    const byOperator = await issue(org.slug, OPERATOR_TOKEN, { email: admin.email });
    const rows = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, org.id), eq(auditLog.kind, "token_created")))
      .orderBy(auditLog.id);
    expect(rows.map((row) => ({ actor: row.actor, detail: row.detail }))).toEqual([
      { actor: admin.email, detail: { email: admin.email, tokenId: byAdmin.body.id } },
      { actor: "operator", detail: { email: admin.email, tokenId: byOperator.body.id } },
    ]);
  });

  it("refuses an address that is not a member of the org, naming email", async () => {
    const { org, admin } = await makeOrgWithInbox(t.db);
    const other = await makeOrgWithInbox(t.db);
    for (const email of [other.admin.email, "nobody@staff.example"]) {
      const issued = await issue(org.slug, admin.token, { email });
      expect(issued.status).toBe(400);
      expect(issued.body.error.message).toMatch(/^email:/);
    }
    expect((await issue(org.slug, admin.token, { email: "nope" })).body.error.message).toMatch(/^email:/);
  });
});

describe("GET and DELETE /orgs/:slug/tokens", () => {
  it("lists the org's tokens without secrets", async () => {
    const { org, admin } = await makeOrgWithInbox(t.db);
    await makeOrgWithInbox(t.db);
    const res = await send(t, "GET", `/orgs/${org.slug}/tokens`, admin.token);
    expect(res.status).toBe(200);
    const { tokens } = (await res.json()) as { tokens: Record<string, unknown>[] };
    expect(tokens).toHaveLength(1);
    expect(Object.keys(tokens[0]!).sort()).toEqual(
      ["createdAt", "email", "id", "label", "lastUsedAt", "revokedAt"].sort(),
    );
    expect(tokens[0]).toMatchObject({ email: admin.email, revokedAt: null });
  });

  it("revokes a token: it answers 401 afterwards, and the revocation is audited", async () => {
    const { org, admin } = await makeOrgWithInbox(t.db);
    const agent = await makeMember(t.db, org, { role: "agent" });
    const issued = await issue(org.slug, admin.token, { email: agent.email });
    const res = await send(t, "DELETE", `/orgs/${org.slug}/tokens/${issued.body.id}`, admin.token);
    expect(res.status).toBe(200);
    const { token } = (await res.json()) as { token: TokenView };
    expect(token).toMatchObject({ id: issued.body.id, email: agent.email });
    expect(token.revokedAt).not.toBeNull();
    expect((await send(t, "GET", "/threads", issued.body.token)).status).toBe(401);
    expect((await send(t, "GET", "/threads", agent.token)).status).toBe(200);

    const again = await send(t, "DELETE", `/orgs/${org.slug}/tokens/${issued.body.id}`, admin.token);
    expect(((await again.json()) as { token: TokenView }).token.revokedAt).toBe(token.revokedAt);
    const audit = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, org.id), eq(auditLog.kind, "token_revoked")));
    expect(audit).toHaveLength(1);
  });

  it("answers 404 for another org's token id and for ids that are not ids", async () => {
    const { org, admin } = await makeOrgWithInbox(t.db);
    const other = await makeOrgWithInbox(t.db);
    const foreign = await issue(other.org.slug, other.admin.token, { email: other.admin.email });
    for (const id of [foreign.body.id, "not-a-uuid", "00000000-0000-4000-8000-000000000000"]) {
      expect((await send(t, "DELETE", `/orgs/${org.slug}/tokens/${id}`, admin.token)).status).toBe(404);
    }
    expect((await send(t, "GET", "/threads", foreign.body.token)).status).toBe(200);
  });
});

describe("token routes and other callers", () => {
  const routes = (slug: string, email: string, id: string) =>
    [
      ["POST", `/orgs/${slug}/tokens`, { email }],
      ["GET", `/orgs/${slug}/tokens`, undefined],
      ["DELETE", `/orgs/${slug}/tokens/${id}`, undefined],
    ] as const;

  it("refuse an agent with 403 and another org's admin with 404", async () => {
    const { org, admin } = await makeOrgWithInbox(t.db);
    const agent = await makeMember(t.db, org, { role: "agent" });
    const { admin: stranger } = await makeOrgWithInbox(t.db);
    const issued = await issue(org.slug, admin.token, { email: admin.email });
    for (const [method, path, body] of routes(org.slug, admin.email, issued.body.id)) {
      expect((await send(t, method, path, agent.token, body)).status).toBe(403);
      expect((await send(t, method, path, stranger.token, body)).status).toBe(404);
    }
    expect((await send(t, "GET", "/threads", issued.body.token)).status).toBe(200);
  });
});
