import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiTokens, auditLog, type Member } from "../../../../api/src/db/schema";
import { makeTestApp, type TestApp } from "../../../helpers/app";
import { testDrivers } from "../../../helpers/databases";
import { makeMember, makeOrgWithInbox } from "../../../helpers/factories";
import { type PageReply, signedIn } from "../../../helpers/web-client";

let t: TestApp;

describe.each(testDrivers)("the API tokens settings page on %s", (driver) => {
  beforeAll(async () => {
    t = await makeTestApp({ driver });
  });
  afterAll(() => t?.close());

  async function desk() {
    const { org, admin } = await makeOrgWithInbox(t.db);
    const agent = await makeMember(t.db, org, { name: "Al Agent" });
    const ada = await signedIn(t, admin.email);
    await ada.get("/admin/tokens");
    const al = await signedIn(t, agent.email);
    await al.get("/admin/tokens");
    return { org, admin, agent, ada, al };
  }

  const tokensOf = (member: Member) => t.db.select().from(apiTokens).where(eq(apiTokens.memberId, member.id));
  const shownToken = (page: PageReply) => /<code id="issued-token">([^<]+)<\/code>/.exec(page.html)?.[1];
  const noticeOf = (html: string) => /<div class="notice notice-\w+"[^>]*>([^<]*)<\/div>/.exec(html)?.[1];
  const threadsWith = (token: string) =>
    t.app.request("/api/v1/threads", { headers: { Authorization: `Bearer ${token}` } });

  it("creates an agent's own token with Create token, shown once with a copy button and working", async () => {
    const { org, agent, al } = await desk();
    const page = await al.get("/admin/tokens");
    expect(page.status).toBe(200);
    expect(page.html).toContain('href="/admin/tokens" aria-current="page">API tokens</a>');
    expect(page.html).toContain(">Label</label>");
    expect(page.html).not.toContain(">Member</label>");
    const created = await al.post("/admin/tokens", {
      label: "CRM sync",
      email: "someone-else@staff.example",
    });
    expect(created.status).toBe(200);
    const token = shownToken(created);
    expect(token).toMatch(/^\S{20,}$/);
    expect(created.html).toContain('data-copy-from="issued-token">Copy token</button>');
    expect(created.html).toContain("it is shown this once");
    expect(created.headers.get("cache-control")).toBe("private, no-store");
    expect(created.headers.getSetCookie().join(";")).not.toContain(token!);
    expect((await threadsWith(token!)).status).toBe(200);
    const rows = await tokensOf(agent);
    expect(rows.map((row) => row.label).sort()).toEqual(["", "CRM sync"]);
    const again = await al.get("/admin/tokens");
    expect(again.html).not.toContain(token!);
    expect(again.html).not.toContain('id="issued-token"');
    expect(again.html).toContain("<td>CRM sync</td>");
    const [audit] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, org.id), eq(auditLog.kind, "token_created")));
    expect(audit).toMatchObject({ actor: agent.email, client: "web", target: agent.email });
  });

  it("shows an agent only their own tokens, and lets an admin see and make the org's", async () => {
    const { admin, agent, ada, al } = await desk();
    await al.post("/admin/tokens", { label: "agent-script" });
    await ada.post("/admin/tokens", { label: "admin-script" });
    const agentPage = await al.get("/admin/tokens");
    expect(agentPage.html).toContain("agent-script");
    expect(agentPage.html).not.toContain("admin-script");
    expect(agentPage.html).not.toContain(admin.email);
    const adminPage = await ada.get("/admin/tokens");
    expect(adminPage.html).toContain("agent-script");
    expect(adminPage.html).toContain("admin-script");
    expect(adminPage.html).toContain(">Member</label>");
    const forAgent = await ada.post("/admin/tokens", { label: "for-al", email: agent.email });
    expect(forAgent.status).toBe(200);
    expect(forAgent.html).toContain(`It acts as ${agent.email}`);
    expect((await tokensOf(agent)).map((row) => row.label)).toContain("for-al");
  });

  it("answers a too-long label or a member not of the org beside the field, values kept, nothing made", async () => {
    const { admin, ada } = await desk();
    const before = await tokensOf(admin);
    const long = await ada.post("/admin/tokens", { label: "x".repeat(201), email: admin.email });
    expect(long.status).toBe(400);
    expect(long.html).toContain(
      'id="field-label-error">Too big: expected string to have &lt;=200 characters</p>',
    );
    expect(long.html).toContain(`value="${"x".repeat(201)}"`);
    expect(long.html).not.toContain('id="issued-token"');
    const stranger = await ada.post("/admin/tokens", { label: "ghost", email: "ghost@staff.example" });
    expect(stranger.status).toBe(400);
    expect(stranger.html).toContain('id="field-email-error">Not a member of this organization</p>');
    expect(stranger.html).toContain('value="ghost"');
    expect(await tokensOf(admin)).toEqual(before);
  });

  it("revokes with Revoke; an agent may revoke only their own (404 for another's), nothing else changed", async () => {
    const { admin, agent, ada, al } = await desk();
    const [agentToken] = await tokensOf(agent);
    const [adminToken] = await tokensOf(admin);
    expect((await threadsWith(agent.token)).status).toBe(200);
    const refused = await al.post(`/admin/tokens/${adminToken!.id}/revoke`);
    expect(refused.status).toBe(404);
    expect((await tokensOf(admin))[0]?.revokedAt).toBeNull();
    await al.get("/admin/tokens");
    const revoked = await al.post(`/admin/tokens/${agentToken!.id}/revoke`);
    expect(revoked.status).toBe(303);
    const page = await al.get("/admin/tokens");
    expect(noticeOf(page.html)).toBe(`The token of ${agent.email} was revoked: it no longer works.`);
    expect(page.html).toContain("Revoked <time");
    expect((await threadsWith(agent.token)).status).toBe(401);
    // an admin revokes anyone's in the org
    const mine = await ada.post("/admin/tokens", { label: "temp", email: agent.email });
    const [temp] = (await tokensOf(agent)).filter((row) => row.label === "temp");
    expect(shownToken(mine)).toBeDefined();
    expect((await ada.post(`/admin/tokens/${temp!.id}/revoke`)).status).toBe(303);
    expect((await tokensOf(agent)).find((row) => row.id === temp!.id)?.revokedAt).not.toBeNull();
  });

  it("never shows or revokes another org's token (404), and refuses a change without the CSRF token", async () => {
    const mine = await desk();
    const theirs = await desk();
    await theirs.ada.post("/admin/tokens", { label: "their-secret-script" });
    const [row] = (await tokensOf(theirs.admin)).filter((token) => token.label === "their-secret-script");
    const page = await mine.ada.get("/admin/tokens");
    expect(page.html).not.toContain("their-secret-script");
    expect(page.html).not.toContain(theirs.agent.email);
    expect((await mine.ada.post(`/admin/tokens/${row!.id}/revoke`)).status).toBe(404);
    expect((await mine.ada.post("/admin/tokens", { email: theirs.agent.email })).status).toBe(400);
    const before = await tokensOf(theirs.admin);
    expect((await theirs.ada.post(`/admin/tokens/${row!.id}/revoke`, { _csrf: "" })).status).toBe(403);
    expect((await theirs.ada.post("/admin/tokens", { label: "x", _csrf: "" })).status).toBe(403);
    expect(
      (await theirs.al.post("/admin/tokens", { label: "x" }, { Origin: "https://evil.example" })).status,
    ).toBe(403);
    expect(await tokensOf(theirs.admin)).toEqual(before);
    expect(await tokensOf(theirs.agent)).toHaveLength(1);
  });
});
