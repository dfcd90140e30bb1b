import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTestApp, OPERATOR_TOKEN, type TestApp } from "../../helpers/app";
import { makeMember, makeOrgWithInbox } from "../../helpers/factories";
import { type ErrorReply, send } from "./send";

type MemberView = { email: string; name: string; role: string; createdAt: string };

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t?.close());

describe("POST /orgs/:slug/members", () => {
  it("adds a member, keeping the address in lower case", async () => {
    const { org, admin } = await makeOrgWithInbox(t.db);
    const res = await send(t, "POST", `/orgs/${org.slug}/members`, admin.token, {
      email: "Bob.Builder@Staff.Example",
      name: "Bob Builder",
      role: "agent",
    });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { member: MemberView }).member).toMatchObject({
      email: "bob.builder@staff.example",
      name: "Bob Builder",
      role: "agent",
    });
  });

  it("answers 409 for an address that is already a member, whatever its case", async () => {
    const { org, admin } = await makeOrgWithInbox(t.db);
    await send(t, "POST", `/orgs/${org.slug}/members`, admin.token, {
      email: "dup@staff.example",
      role: "agent",
    });
    const res = await send(t, "POST", `/orgs/${org.slug}/members`, OPERATOR_TOKEN, {
      email: "DUP@staff.example",
      role: "admin",
    });
    expect(res.status).toBe(409);
  });

  it.each([
    [{ email: "x@staff.example", role: "owner" }, "role"],
    [{ email: "x@staff.example" }, "role"],
    [{ email: "not-an-address", role: "agent" }, "email"],
    [{ email: "x@staff.example", role: "agent", name: 7 }, "name"],
  ])("refuses %j naming %s", async (body, field) => {
    const { org, admin } = await makeOrgWithInbox(t.db);
    const res = await send(t, "POST", `/orgs/${org.slug}/members`, admin.token, body);
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorReply).error.message).toMatch(new RegExp(`^${field}:`));
  });
});

describe("GET and PATCH /orgs/:slug/members", () => {
  it("lists the org's members only", async () => {
    const { org, admin } = await makeOrgWithInbox(t.db);
    const agent = await makeMember(t.db, org, { role: "agent", name: "Al Agent" });
    await makeOrgWithInbox(t.db);
    const res = await send(t, "GET", `/orgs/${org.slug}/members`, admin.token);
    const { members } = (await res.json()) as { members: MemberView[] };
    expect(members.map((member) => member.email).sort()).toEqual([admin.email, agent.email].sort());
  });

  it("changes a member's role and name", async () => {
    const { org, admin } = await makeOrgWithInbox(t.db);
    const agent = await makeMember(t.db, org, { role: "agent" });
    const res = await send(
      t,
      "PATCH",
      `/orgs/${org.slug}/members/${agent.email.toUpperCase()}`,
      admin.token,
      {
        role: "admin",
        name: "Promoted",
      },
    );
    expect(res.status).toBe(200);
    expect(((await res.json()) as { member: MemberView }).member).toMatchObject({
      email: agent.email,
      role: "admin",
      name: "Promoted",
    });
    const afterwards = await send(t, "GET", `/orgs/${org.slug}`, agent.token);
    expect(afterwards.status).toBe(200);
  });

  it("keeps at least one admin in the org", async () => {
    const { org, admin } = await makeOrgWithInbox(t.db);
    const res = await send(t, "PATCH", `/orgs/${org.slug}/members/${admin.email}`, admin.token, {
      role: "agent",
    });
    expect(res.status).toBe(409);
    expect(((await res.json()) as ErrorReply).error.message).toMatch(/^role:/);
  });

  it("answers 404 for someone who is not a member, and 400 for an empty change", async () => {
    const { org, admin } = await makeOrgWithInbox(t.db);
    const missing = await send(t, "PATCH", `/orgs/${org.slug}/members/ghost@staff.example`, admin.token, {
      role: "agent",
    });
    expect(missing.status).toBe(404);
    const empty = await send(t, "PATCH", `/orgs/${org.slug}/members/${admin.email}`, admin.token, {});
    expect(empty.status).toBe(400);
  });
});

describe("member routes and other callers", () => {
  const routes = (slug: string, email: string) =>
    [
      ["POST", `/orgs/${slug}/members`, { email: "new@staff.example", role: "admin" }],
      ["GET", `/orgs/${slug}/members`, undefined],
      ["PATCH", `/orgs/${slug}/members/${email}`, { role: "admin" }],
    ] as const;

  it("refuse an agent of the org with 403 (no promoting oneself)", async () => {
    const { org } = await makeOrgWithInbox(t.db);
    const agent = await makeMember(t.db, org, { role: "agent" });
    for (const [method, path, body] of routes(org.slug, agent.email)) {
      expect((await send(t, method, path, agent.token, body)).status).toBe(403);
    }
  });

  it("answer another org's admin 404", async () => {
    const victim = await makeOrgWithInbox(t.db);
    const { admin: stranger } = await makeOrgWithInbox(t.db);
    for (const [method, path, body] of routes(victim.org.slug, victim.admin.email)) {
      expect((await send(t, method, path, stranger.token, body)).status).toBe(404);
    }
  });
});
