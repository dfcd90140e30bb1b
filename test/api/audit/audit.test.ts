import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { members } from "../../../api/src/db/schema";
import { recordSignInEvent } from "../../../api/src/web/sign-in/sign-in.statements";
import { makeTestApp, OPERATOR_TOKEN, type TestApp } from "../../helpers/app";
import { testDrivers } from "../../helpers/databases";
import { makeMember, makeOrgWithInbox, makeThread } from "../../helpers/factories";
import { type ErrorReply, send } from "../admin/send";

type Entry = {
  at: string;
  actor: { email: string; name: string } | null;
  client: string | null;
  kind: string;
  target: string | null;
  detail: Record<string, unknown>;
};
type Page = { entries: Entry[]; nextCursor: string | null };

describe.each(testDrivers)("the audit log on %s", (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp({ driver });
  });
  afterAll(() => t?.close());

  const as = (token: string, client?: string) => async (method: string, path: string, body?: unknown) => {
    const headers: Record<string, string> = {
      Authorization: `Bearer ${token}`,
      "Content-Type": "application/json",
    };
    if (client) headers["X-Tisket-Client"] = client;
    const res = await t.app.request(`/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return {
      status: res.status,
      body: (text ? JSON.parse(text) : null) as Record<string, unknown> & ErrorReply,
    };
  };

  async function audit(slug: string, token: string, query = "") {
    const res = await send(t, "GET", `/orgs/${slug}/audit${query}`, token);
    return { status: res.status, body: (await res.json()) as Page & ErrorReply };
  }

  async function allEntries(slug: string, token: string, query = ""): Promise<Entry[]> {
    const entries: Entry[] = [];
    let cursor: string | null = null;
    do {
      const separator = query ? "&" : "?";
      const page = await audit(slug, token, `${query}${cursor ? `${separator}cursor=${cursor}` : ""}`);
      expect(page.status).toBe(200);
      entries.push(...page.body.entries);
      cursor = page.body.nextCursor;
    } while (cursor);
    return entries;
  }

  it("records every action with who, through which client, on what", async () => {
    const operator = as(OPERATOR_TOKEN);
    await operator("POST", "/orgs", { slug: "audited", name: "Audited" });
    await operator("POST", "/orgs/audited/members", {
      email: "ada@audited.example",
      name: "Ada",
      role: "admin",
    });
    const issued = await operator("POST", "/orgs/audited/tokens", { email: "ada@audited.example" });
    const ada = as(String(issued.body.token));
    const adaInGmail = as(String(issued.body.token), "gmail");

    await ada("POST", "/orgs/audited/inboxes", { name: "support" });
    await ada("PATCH", "/orgs/audited/inboxes/support", { firstResponseMinutes: 60 });
    await ada("POST", "/orgs/audited/members", { email: "bob@audited.example", role: "agent" });
    await ada("PATCH", "/orgs/audited/members/bob@audited.example", { role: "admin" });
    const second = await ada("POST", "/orgs/audited/tokens", { email: "bob@audited.example" });
    await ada("DELETE", `/orgs/audited/tokens/${second.body.id}`);
    await adaInGmail("POST", "/threads", {
      inbox: "support",
      clientEmail: "cleo@client.example",
      subject: "Quote",
    });
    await adaInGmail("PATCH", "/threads/THD-1", {
      status: "in_progress",
      assignee: "bob@audited.example",
      priority: "high",
      addTags: ["billing"],
    });
    await adaInGmail("POST", "/threads/THD-1/notes", { body: "@bob@audited.example over to you" });
    const reply = await ada("POST", "/saved-replies", { name: "Thanks", body: "Thanks, {{client.name}}" });
    const replyId = (reply.body.savedReply as { id: string }).id;
    await ada("PATCH", `/saved-replies/${replyId}`, { body: "Thank you" });
    await ada("DELETE", `/saved-replies/${replyId}`);

    const entries = await allEntries("audited", String(issued.body.token));
    const adaPerson = { email: "ada@audited.example", name: "Ada" };
    expect(entries.map(({ kind, actor, client, target }) => [kind, actor, client, target]).reverse()).toEqual(
      [
        ["org_created", null, "api", "audited"],
        ["member_added", null, "api", "ada@audited.example"],
        ["token_created", null, "api", "ada@audited.example"],
        ["inbox_created", adaPerson, "api", "support"],
        ["inbox_updated", adaPerson, "api", "support"],
        ["member_added", adaPerson, "api", "bob@audited.example"],
        ["member_updated", adaPerson, "api", "bob@audited.example"],
        ["token_created", adaPerson, "api", "bob@audited.example"],
        ["token_revoked", adaPerson, "api", "bob@audited.example"],
        ["thread_created", adaPerson, "gmail", "THD-1"],
        ["thread_status", adaPerson, "gmail", "THD-1"],
        ["thread_assignee", adaPerson, "gmail", "THD-1"],
        ["thread_priority", adaPerson, "gmail", "THD-1"],
        ["thread_tag", adaPerson, "gmail", "THD-1"],
        ["note_added", adaPerson, "gmail", "THD-1"],
        ["saved_reply_created", adaPerson, "api", "Thanks"],
        ["saved_reply_updated", adaPerson, "api", "Thanks"],
        ["saved_reply_deleted", adaPerson, "api", "Thanks"],
      ],
    );
    const byKind = (kind: string) => entries.find((entry) => entry.kind === kind)!;
    expect(byKind("thread_status").detail).toEqual({ from: "open", to: "in_progress" });
    expect(byKind("member_updated").detail).toEqual({ role: { from: "agent", to: "admin" } });
    expect(byKind("inbox_updated").detail).toEqual({ firstResponseMinutes: 60 });
    expect(Date.parse(entries[0]!.at)).not.toBeNaN();
  });

  it("pages newest first with a cursor, and filters by actor and by kind", async () => {
    const { org, inbox, admin } = await makeOrgWithInbox(t.db);
    const agent = await makeMember(t.db, org);
    for (let i = 0; i < 3; i++) await makeThread(t.db, org, inbox);
    const byAdmin = as(admin.token);
    const byAgent = as(agent.token, "outlook");
    await byAdmin("PATCH", "/threads/THD-1", { status: "resolved" });
    await byAgent("PATCH", "/threads/THD-2", { status: "closed" });
    await byAgent("PATCH", "/threads/THD-3", { priority: "low" });

    const first = await audit(org.slug, admin.token, "?limit=2");
    expect(first.body.entries.map((entry) => entry.target)).toEqual(["THD-3", "THD-2"]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await audit(org.slug, admin.token, `?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body).toEqual({
      entries: [expect.objectContaining({ target: "THD-1" })],
      nextCursor: null,
    });

    const agentOnly = await allEntries(org.slug, admin.token, `?actor=${agent.email.toUpperCase()}`);
    expect(agentOnly.map((entry) => [entry.kind, entry.client])).toEqual([
      ["thread_priority", "outlook"],
      ["thread_status", "outlook"],
    ]);
    const statuses = await allEntries(org.slug, admin.token, "?kind=thread_status");
    expect(statuses.map((entry) => entry.detail.to)).toEqual(["closed", "resolved"]);
  });

  it("shows a member who left by the address recorded", async () => {
    const { org, inbox, admin } = await makeOrgWithInbox(t.db);
    const leaver = await makeMember(t.db, org, { name: "Lee Leaver" });
    await makeThread(t.db, org, inbox);
    await as(leaver.token)("PATCH", "/threads/THD-1", { status: "closed" });
    await t.db.delete(members).where(eq(members.id, leaver.id));
    const [entry] = (await audit(org.slug, admin.token)).body.entries;
    expect(entry?.actor).toEqual({ email: leaver.email, name: "" });
  });

  it("filters by the sign-in events the web pages record", async () => {
    const { org, admin } = await makeOrgWithInbox(t.db);
    await recordSignInEvent(t.db, { orgId: org.id, kind: "signed_in", email: admin.email, detail: {} });
    const res = await audit(org.slug, admin.token, "?kind=signed_in");
    expect(res.status).toBe(200);
    expect((res.body as unknown as Page).entries.map((entry) => [entry.kind, entry.actor?.email])).toEqual([
      ["signed_in", admin.email],
    ]);
  });

  it("is for admins and the operator: agents 403, another org 404", async () => {
    const { org, admin } = await makeOrgWithInbox(t.db);
    const agent = await makeMember(t.db, org);
    const other = await makeOrgWithInbox(t.db);
    expect((await audit(org.slug, agent.token)).status).toBe(403);
    expect((await audit(org.slug, other.admin.token)).status).toBe(404);
    expect((await audit("no-such-org", admin.token)).status).toBe(404);
    expect((await audit(org.slug, OPERATOR_TOKEN)).status).toBe(200);
    const theirs = await audit(other.org.slug, other.admin.token);
    expect(theirs.body.entries).toEqual([]);
  });

  it.each([
    ["?kind=nonsense", "kind"],
    ["?actor=not-an-address", "actor"],
    ["?cursor=garbage", "cursor"],
    ["?limit=0", "limit"],
  ])("refuses %s naming %s", async (query, field) => {
    const { org, admin } = await makeOrgWithInbox(t.db);
    const res = await audit(org.slug, admin.token, query);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(new RegExp(`^${field}:`));
  });
});
