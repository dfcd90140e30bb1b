import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, savedReplies } from "../../../api/src/db/schema";
import { createSavedReply } from "../../../api/src/saved-replies/saved-replies";
import { makeTestApp, type TestApp } from "../../helpers/app";
import { testDrivers } from "../../helpers/databases";
import { makeMember, makeOrgWithInbox, makeThread } from "../../helpers/factories";
import { type ErrorReply, send } from "../admin/send";

type SavedReply = { id: string; name: string; body: string; createdAt: string; updatedAt: string };
type Rendered = { id: string; name: string; body: string; html: string };

const GREETING =
  "Hi {{client.name}},\n\nthanks for writing about {{ thread.ref }} ({{client.email}}).\n\n{{member.name}}";

describe.each(testDrivers)("saved replies on %s", (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp({ driver });
  });
  afterAll(() => t?.close());

  async function call<T>(method: string, path: string, token: string, body?: unknown) {
    const res = await send(t, method, path, token, body);
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T & ErrorReply };
  }

  async function world() {
    const { org, inbox, admin } = await makeOrgWithInbox(t.db);
    const agent = await makeMember(t.db, org, { name: "Al Agent" });
    const thread = await makeThread(t.db, org, inbox, {
      clientName: "Cleo Client",
      clientEmail: "cleo@client.example",
    });
    return { org, inbox, admin, agent, thread, ref: `THD-${thread.number}` };
  }

  const create = (token: string, body: unknown) =>
    call<{ savedReply: SavedReply }>("POST", "/saved-replies", token, body);

  it("lets admins save, change and delete replies, and every member list them by name", async () => {
    const { org, admin, agent } = await world();
    const made = await create(admin.token, { name: "Welcome", body: GREETING });
    expect(made.status).toBe(201);
    expect(made.body.savedReply).toMatchObject({ name: "Welcome", body: GREETING });
    await create(admin.token, { name: "apology", body: "Sorry, {{client.name}}." });

    const listed = await call<{ savedReplies: SavedReply[] }>("GET", "/saved-replies", agent.token);
    expect(listed.body.savedReplies.map((reply) => reply.name)).toEqual(["apology", "Welcome"]);

    const id = made.body.savedReply.id;
    const changed = await call<{ savedReply: SavedReply }>("PATCH", `/saved-replies/${id}`, admin.token, {
      name: "Welcome back",
    });
    expect(changed.body.savedReply).toMatchObject({ name: "Welcome back", body: GREETING });
    expect((await call("GET", `/saved-replies/${id}`, agent.token)).status).toBe(200);
    expect((await call("DELETE", `/saved-replies/${id}`, admin.token)).status).toBe(204);
    expect((await call("GET", `/saved-replies/${id}`, agent.token)).status).toBe(404);

    const audit = await t.db.select().from(auditLog).where(eq(auditLog.orgId, org.id)).orderBy(auditLog.id);
    expect(
      audit.filter((row) => row.kind.startsWith("saved_reply")).map((row) => [row.kind, row.target]),
    ).toEqual([
      ["saved_reply_created", "Welcome"],
      ["saved_reply_created", "apology"],
      ["saved_reply_updated", "Welcome back"],
      ["saved_reply_deleted", "Welcome back"],
    ]);
  });

  it("fills in the placeholders on the server for a thread, as the calling member", async () => {
    const { admin, agent, ref } = await world();
    const made = await create(admin.token, { name: "Welcome", body: GREETING });
    const rendered = await call<Rendered>(
      "POST",
      `/saved-replies/${made.body.savedReply.id}/render`,
      agent.token,
      {
        thread: ref,
      },
    );
    expect(rendered.status).toBe(200);
    expect(rendered.body).toEqual({
      id: made.body.savedReply.id,
      name: "Welcome",
      body: `Hi Cleo Client,\n\nthanks for writing about ${ref} (cleo@client.example).\n\nAl Agent`,
      html: `Hi Cleo Client,<br>\n<br>\nthanks for writing about ${ref} (cleo@client.example).<br>\n<br>\nAl Agent`,
    });
  });

  it("uses a fallback for an empty value, and escapes a hostile client name in the html", async () => {
    const { org, inbox, admin } = await world();
    const nameless = await makeThread(t.db, org, inbox, { clientName: "" });
    const hostile = await makeThread(t.db, org, inbox, { clientName: `<img src=x onerror="alert(1)">` });
    const made = await create(admin.token, { name: "Hi", body: "Hi {{client.name | there}}!" });
    const render = (ref: string) =>
      call<Rendered>("POST", `/saved-replies/${made.body.savedReply.id}/render`, admin.token, {
        thread: ref,
      });
    expect((await render(`THD-${nameless.number}`)).body.body).toBe("Hi there!");
    const escaped = await render(`THD-${hostile.number}`);
    expect(escaped.body.body).toBe(`Hi <img src=x onerror="alert(1)">!`);
    expect(escaped.body.html).toBe("Hi &lt;img src=x onerror=&quot;alert(1)&quot;&gt;!");
  });

  it("refuses unknown placeholders, naming them, and bodies over 20 KB", async () => {
    const { admin, org } = await world();
    const unknown = await create(admin.token, {
      name: "Bad",
      body: "Call {{client.phone}} or {{ order.id }}, {{client.name}}",
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(
      /^body: unknown placeholders \{\{client\.phone\}\}, \{\{ order\.id \}\}/,
    );
    const big = await create(admin.token, { name: "Big", body: "x".repeat(20 * 1024 + 1) });
    expect(big.status).toBe(400);
    expect(big.body.error.message).toMatch(/^body: at most 20 KB/);
    expect(await t.db.select().from(savedReplies).where(eq(savedReplies.orgId, org.id))).toEqual([]);
    expect((await create(admin.token, { name: "Exactly", body: "x".repeat(20 * 1024) })).status).toBe(201);
  });

  it.each([
    [{ body: "text" }, "name"],
    [{ name: "  ", body: "text" }, "name"],
    [{ name: "n".repeat(101), body: "text" }, "name"],
    [{ name: "Empty" }, "body"],
    [{ name: "Empty", body: "   " }, "body"],
  ])("refuses %j naming %s", async (body, field) => {
    const { admin } = await world();
    const res = await create(admin.token, body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(new RegExp(`^${field}:`));
  });

  it("applies the same rules to a page calling the domain function without the schema", async () => {
    const { org, admin } = await world();
    const web = { kind: "member" as const, member: admin, org, client: "web" as const };
    await expect(createSavedReply(t.db, web, { name: " ", body: "Hi" })).rejects.toMatchObject({
      message: "name: must not be empty",
    });
    await expect(createSavedReply(t.db, web, { name: "x", body: "{{nope}}" })).rejects.toMatchObject({
      message: expect.stringMatching(/^body: unknown placeholder \{\{nope\}\}/),
    });
    expect((await createSavedReply(t.db, web, { name: "  Trimmed ", body: " Hi " })).name).toBe("Trimmed");
  });

  it("refuses a second reply of the same name in the org, in any case, but not in another org", async () => {
    const { admin } = await world();
    const other = await world();
    expect((await create(admin.token, { name: "Welcome", body: "a" })).status).toBe(201);
    const again = await create(admin.token, { name: "welcome", body: "b" });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/^name:/);
    expect((await create(other.admin.token, { name: "Welcome", body: "c" })).status).toBe(201);
  });

  it("answers agents 403 on saving, changing and deleting, whatever the body", async () => {
    const { admin, agent, org } = await world();
    const made = await create(admin.token, { name: "Welcome", body: "Hello" });
    const id = made.body.savedReply.id;
    expect((await create(agent.token, { name: "Mine", body: "Hi" })).status).toBe(403);
    expect((await create(agent.token, { name: "Bad", body: "{{client.phone}}" })).status).toBe(403);
    expect((await call("PATCH", `/saved-replies/${id}`, agent.token, { body: "changed" })).status).toBe(403);
    expect((await call("DELETE", `/saved-replies/${id}`, agent.token)).status).toBe(403);
    const [row] = await t.db.select().from(savedReplies).where(eq(savedReplies.id, id));
    expect(row?.body).toBe("Hello");
    const audit = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, org.id), eq(auditLog.actorId, agent.id)));
    expect(audit).toEqual([]);
  });

  it("keeps orgs apart: another org's reply is not found, and not rendered for its thread", async () => {
    const mine = await world();
    const theirs = await world();
    const made = await create(theirs.admin.token, { name: "Secret", body: "Theirs {{client.name}}" });
    const id = made.body.savedReply.id;
    expect((await call("GET", `/saved-replies/${id}`, mine.admin.token)).status).toBe(404);
    expect((await call("PATCH", `/saved-replies/${id}`, mine.admin.token, { name: "Mine" })).status).toBe(
      404,
    );
    expect((await call("DELETE", `/saved-replies/${id}`, mine.admin.token)).status).toBe(404);
    expect(
      (await call("POST", `/saved-replies/${id}/render`, mine.admin.token, { thread: mine.ref })).status,
    ).toBe(404);
    const own = await create(mine.admin.token, { name: "Own", body: "{{client.name}}" });
    const cross = await call("POST", `/saved-replies/${own.body.savedReply.id}/render`, mine.admin.token, {
      thread: "THD-999999",
    });
    expect(cross.status).toBe(404);
    const listed = await call<{ savedReplies: SavedReply[] }>("GET", "/saved-replies", mine.agent.token);
    expect(listed.body.savedReplies.map((reply) => reply.name)).toEqual(["Own"]);
    expect((await call("GET", "/saved-replies/not-a-uuid", mine.agent.token)).status).toBe(404);
  });
});
