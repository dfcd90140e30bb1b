import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, members, type Org, presence, threadHistory, threads } from "../../../api/src/db/schema";
import { makeTestApp, OPERATOR_TOKEN, type TestApp } from "../../helpers/app";
import { testDrivers } from "../../helpers/databases";
import { makeMember, makeOrgWithInbox, makeThread } from "../../helpers/factories";
import { signedIn } from "../../helpers/web-client";
import { type ErrorReply, send } from "./send";

let t: TestApp;

describe.each(testDrivers)("DELETE /orgs/:slug/members/:email on %s", (driver) => {
  beforeAll(async () => {
    t = await makeTestApp({ driver });
  });
  afterAll(() => t?.close());

  const adminsOf = async (org: Org) =>
    (await t.db.select().from(members).where(eq(members.orgId, org.id))).filter((m) => m.role === "admin");

  it("removes a member: threads unassigned in their history, presence ended, token and web session dead", async () => {
    const { org, inbox, admin } = await makeOrgWithInbox(t.db);
    const agent = await makeMember(t.db, org, { name: "Al Agent" });
    const first = await makeThread(t.db, org, inbox, { assigneeId: agent.id });
    const second = await makeThread(t.db, org, inbox, { assigneeId: agent.id });
    const others = await makeThread(t.db, org, inbox, { assigneeId: admin.id });
    await t.db.insert(presence).values({
      threadId: first.id,
      memberId: agent.id,
      orgId: org.id,
      client: "web",
      activity: "viewing",
      expiresAt: new Date(Date.now() + 60_000),
    });
    const browser = await signedIn(t, agent.email);
    expect((await browser.get("/admin/threads")).status).toBe(200);
    expect((await send(t, "GET", "/threads", agent.token)).status).toBe(200);

    const res = await send(
      t,
      "DELETE",
      `/orgs/${org.slug}/members/${agent.email.toUpperCase()}`,
      admin.token,
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { member: { email: string }; unassigned: string[] };
    expect(body.member.email).toBe(agent.email);
    expect(body.unassigned).toEqual([`THD-${first.number}`, `THD-${second.number}`]);

    const rows = await t.db.select().from(threads).where(eq(threads.orgId, org.id));
    expect(rows.find((row) => row.id === first.id)?.assigneeId).toBeNull();
    expect(rows.find((row) => row.id === others.id)?.assigneeId).toBe(admin.id);
    const [history] = await t.db.select().from(threadHistory).where(eq(threadHistory.threadId, first.id));
    expect(history).toMatchObject({
      field: "assignee",
      fromValue: agent.email,
      toValue: null,
      actor: admin.email,
    });
    expect(await t.db.select().from(presence).where(eq(presence.memberId, agent.id))).toEqual([]);
    expect((await send(t, "GET", "/threads", agent.token)).status).toBe(401);
    const after = await browser.get("/admin/threads");
    expect(after.status).toBe(302);
    expect(after.location).toBe("/admin/login");
    const [audit] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, org.id), eq(auditLog.kind, "member_removed")));
    expect(audit).toMatchObject({ actor: admin.email, client: "api", target: agent.email });
    expect(audit?.detail).toMatchObject({ role: "agent", name: "Al Agent", unassigned: body.unassigned });
  });

  it("refuses to remove the last admin, even for the operator, and answers 404 for a stranger", async () => {
    const { org, admin } = await makeOrgWithInbox(t.db);
    const res = await send(t, "DELETE", `/orgs/${org.slug}/members/${admin.email}`, OPERATOR_TOKEN);
    expect(res.status).toBe(409);
    expect(((await res.json()) as ErrorReply).error.message).toBe(
      "email: the organization's last admin cannot be removed; make another member an admin first",
    );
    expect(await adminsOf(org)).toHaveLength(1);
    const ghost = await send(t, "DELETE", `/orgs/${org.slug}/members/ghost@staff.example`, admin.token);
    expect(ghost.status).toBe(404);
  });

  it("refuses an agent (403) and another org's admin (404), removing nobody", async () => {
    const { org, admin } = await makeOrgWithInbox(t.db);
    const agent = await makeMember(t.db, org);
    const { admin: stranger } = await makeOrgWithInbox(t.db);
    expect((await send(t, "DELETE", `/orgs/${org.slug}/members/${admin.email}`, agent.token)).status).toBe(
      403,
    );
    expect((await send(t, "DELETE", `/orgs/${org.slug}/members/${agent.email}`, stranger.token)).status).toBe(
      404,
    );
    expect(await t.db.select().from(members).where(eq(members.orgId, org.id))).toHaveLength(2);
  });

  it("leaves one admin when two admins remove each other at the same time", async () => {
    const { org, admin: ada } = await makeOrgWithInbox(t.db);
    const bea = await makeMember(t.db, org, { role: "admin", name: "Bea Admin" });
    const [one, two] = await Promise.all([
      send(t, "DELETE", `/orgs/${org.slug}/members/${bea.email}`, ada.token),
      send(t, "DELETE", `/orgs/${org.slug}/members/${ada.email}`, bea.token),
    ]);
    const statuses = [one!.status, two!.status].sort();
    // the second is refused as the last admin, or finds its own token already gone with its member
    expect(statuses[0]).toBe(200);
    expect([401, 409]).toContain(statuses[1]);
    expect(await adminsOf(org)).toHaveLength(1);
  });

  it("leaves one admin when two admins demote each other at the same time", async () => {
    const { org, admin: ada } = await makeOrgWithInbox(t.db);
    const bea = await makeMember(t.db, org, { role: "admin", name: "Bea Admin" });
    const statuses = (
      await Promise.all([
        send(t, "PATCH", `/orgs/${org.slug}/members/${bea.email}`, ada.token, { role: "agent" }),
        send(t, "PATCH", `/orgs/${org.slug}/members/${ada.email}`, bea.token, { role: "agent" }),
      ])
    )
      .map((res) => res.status)
      .sort();
    expect(statuses[0]).toBe(200);
    expect([403, 409]).toContain(statuses[1]);
    expect(await adminsOf(org)).toHaveLength(1);
  });
});
