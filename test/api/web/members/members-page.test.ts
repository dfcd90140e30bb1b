import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, members, type Org, threads } from "../../../../api/src/db/schema";
import { makeTestApp, type TestApp } from "../../../helpers/app";
import { testDrivers } from "../../../helpers/databases";
import { makeMember, makeOrgWithInbox, makeThread } from "../../../helpers/factories";
import { signedIn } from "../../../helpers/web-client";

let t: TestApp;

describe.each(testDrivers)("the members settings page on %s", (driver) => {
  beforeAll(async () => {
    t = await makeTestApp({ driver });
  });
  afterAll(() => t?.close());

  async function desk() {
    const { org, inbox, admin } = await makeOrgWithInbox(t.db);
    const agent = await makeMember(t.db, org, { name: "Al Agent" });
    const ada = await signedIn(t, admin.email);
    await ada.get("/admin/members");
    return { org, inbox, admin, agent, ada };
  }

  const membersOf = async (org: Org) =>
    (await t.db.select().from(members).where(eq(members.orgId, org.id)))
      .map((member) => [member.email, member.role])
      .sort();
  const noticeOf = (html: string) => /<div class="notice notice-\w+"[^>]*>([^<]*)<\/div>/.exec(html)?.[1];
  const path = (email: string, action: string) => `/admin/members/${encodeURIComponent(email)}/${action}`;

  it("lists the members with their roles and adds one with Add member, audited as web", async () => {
    const { org, admin, agent, ada } = await desk();
    const page = await ada.get("/admin/members");
    expect(page.status).toBe(200);
    expect(page.html).toContain('href="/admin/members" aria-current="page">Members</a>');
    expect(page.html).toContain(`<td>${agent.email}</td>`);
    expect(page.html).toContain('<strong>Ada Admin</strong><span class="muted"> (you)</span>');
    for (const label of ["Email", "Name", "Role"]) expect(page.html).toContain(`>${label}</label>`);
    expect(page.html).toContain('aria-label="Remove Al Agent">Remove</button>');
    const added = await ada.post("/admin/members", { email: "Bo@Staff.Example", name: "Bo", role: "admin" });
    expect(added.status).toBe(303);
    expect(noticeOf((await ada.get("/admin/members")).html)).toBe(
      "bo@staff.example was added as an admin: they can sign in with their address now.",
    );
    expect(await membersOf(org)).toContainEqual(["bo@staff.example", "admin"]);
    const [audit] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, org.id), eq(auditLog.kind, "member_added")));
    expect(audit).toMatchObject({ actor: admin.email, client: "web", target: "bo@staff.example" });
  });

  it("answers a bad or taken address beside the Email field, values kept, nobody added", async () => {
    const { org, agent, ada } = await desk();
    const before = await membersOf(org);
    const bad = await ada.post("/admin/members", { email: "not-an-address", name: "Nope", role: "agent" });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('id="field-email-error">Invalid email address</p>');
    expect(bad.html).toContain('value="not-an-address"');
    expect(bad.html).toContain('value="Nope"');
    const taken = await ada.post("/admin/members", {
      email: agent.email.toUpperCase(),
      name: "Again",
      role: "admin",
    });
    expect(taken.status).toBe(409);
    expect(taken.html).toContain(`id="field-email-error">Already a member (${agent.email})</p>`);
    expect(taken.html).toContain('<option value="admin" selected="">Admin</option>');
    expect(taken.html).toContain('value="Again"');
    expect(await membersOf(org)).toEqual(before);
  });

  it("changes a role, and refuses to demote the last admin with the reason in their row", async () => {
    const { org, admin, agent, ada } = await desk();
    const demote = await ada.post(path(admin.email, "role"), { role: "agent" });
    expect(demote.status).toBe(409);
    expect(demote.html).toMatch(/-role-refused" role="alert">The organization needs at least one admin<\/p>/);
    expect(await membersOf(org)).toContainEqual([admin.email, "admin"]);
    const promoted = await ada.post(path(agent.email, "role"), { role: "admin" });
    expect(promoted.status).toBe(303);
    expect(noticeOf((await ada.get("/admin/members")).html)).toBe(`${agent.email} is an admin now.`);
    expect(await membersOf(org)).toContainEqual([agent.email, "admin"]);
    const bogus = await ada.post(path(agent.email, "role"), { role: "owner" });
    expect(bogus.status).toBe(400);
    expect(bogus.html).toContain("Choose Admin or Agent.");
  });

  it("removes a member with Remove: their threads unassigned, their sign-in ended; never the last admin", async () => {
    const { org, inbox, admin, agent, ada } = await desk();
    const thread = await makeThread(t.db, org, inbox, { assigneeId: agent.id });
    const al = await signedIn(t, agent.email);
    expect((await al.get("/admin/threads")).status).toBe(200);
    const last = await ada.post(path(admin.email, "remove"));
    expect(last.status).toBe(409);
    expect(last.html).toMatch(
      /-remove-refused" role="alert">The organization&#39;s last admin cannot be removed; make another member an admin first<\/p>/,
    );
    const removed = await ada.post(path(agent.email, "remove"));
    expect(removed.status).toBe(303);
    const page = await ada.get("/admin/members");
    expect(noticeOf(page.html)).toBe(
      `${agent.email} was removed; their thread THD-${thread.number} is unassigned now.`,
    );
    expect(page.html).not.toContain(`<td>${agent.email}</td>`);
    expect(await membersOf(org)).toEqual([[admin.email, "admin"]]);
    const [row] = await t.db.select().from(threads).where(eq(threads.id, thread.id));
    expect(row?.assigneeId).toBeNull();
    expect((await al.get("/admin/threads")).location).toBe("/admin/login");
    const [audit] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, org.id), eq(auditLog.kind, "member_removed")));
    expect(audit).toMatchObject({ actor: admin.email, client: "web", target: agent.email });
  });

  it("refuses an agent with 403 on the page and every form, nothing changed", async () => {
    const { org, admin, agent } = await desk();
    const al = await signedIn(t, agent.email);
    const page = await al.get("/admin/members");
    expect(page.status).toBe(403);
    expect(page.html).not.toContain(admin.email);
    await al.get("/admin/threads"); // the agent's own CSRF token: only the role refuses them
    const before = await membersOf(org);
    expect((await al.post("/admin/members", { email: "x@staff.example", role: "admin" })).status).toBe(403);
    expect((await al.post(path(agent.email, "role"), { role: "admin" })).status).toBe(403);
    expect((await al.post(path(admin.email, "remove"))).status).toBe(403);
    expect(await membersOf(org)).toEqual(before);
  });

  it("never shows or changes another org's member (404), and refuses a change without the CSRF token", async () => {
    const mine = await desk();
    const theirs = await desk();
    const page = await mine.ada.get("/admin/members");
    expect(page.html).not.toContain(theirs.agent.email);
    expect((await mine.ada.post(path(theirs.agent.email, "role"), { role: "admin" })).status).toBe(404);
    expect((await mine.ada.post(path(theirs.agent.email, "remove"))).status).toBe(404);
    const before = await membersOf(theirs.org);
    expect((await theirs.ada.post(path(theirs.agent.email, "remove"), { _csrf: "" })).status).toBe(403);
    expect(
      (await theirs.ada.post("/admin/members", { email: "x@staff.example", role: "agent", _csrf: "" }))
        .status,
    ).toBe(403);
    expect(
      (
        await theirs.ada.post(
          path(theirs.agent.email, "role"),
          { role: "admin" },
          { Origin: "https://evil.example" },
        )
      ).status,
    ).toBe(403);
    expect(await membersOf(theirs.org)).toEqual(before);
    expect(await membersOf(mine.org)).toHaveLength(2);
  });
});
