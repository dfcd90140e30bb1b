import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, threadHistory, threads } from "../../../api/src/db/schema";
import { makeTestApp, type TestApp } from "../../helpers/app";
import { testDrivers } from "../../helpers/databases";
import { makeMember, makeOrgWithInbox, makeThread } from "../../helpers/factories";
import { type ErrorReply, send } from "../admin/send";

type Summary = { ref: string; priority: string; tags: string[] };
type Detail = Summary & {
  history: { field: string; from: string | null; to: string | null; client: string }[];
};

describe.each(testDrivers)("priority and tags on %s", (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp({ driver });
  });
  afterAll(() => t?.close());

  async function patch(ref: string, token: string, body: unknown, headers: Record<string, string> = {}) {
    const res = await t.app.request(`/api/v1/threads/${ref}`, {
      method: "PATCH",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", ...headers },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as { thread: Detail } & ErrorReply };
  }

  async function list(token: string, query: string) {
    const res = await send(t, "GET", `/threads${query}`, token);
    return { status: res.status, body: (await res.json()) as { threads: Summary[] } & ErrorReply };
  }

  async function world() {
    const { org, inbox, admin } = await makeOrgWithInbox(t.db);
    const thread = await makeThread(t.db, org, inbox);
    return { org, inbox, admin, thread, ref: `THD-${thread.number}` };
  }

  it("starts at normal priority with no tags", async () => {
    const { admin, ref } = await world();
    const res = await send(t, "GET", `/threads/${ref}`, admin.token);
    expect(((await res.json()) as { thread: Summary }).thread).toMatchObject({
      priority: "normal",
      tags: [],
    });
  });

  it("sets the priority, recorded in the history and the audit log with the client", async () => {
    const { org, admin, thread, ref } = await world();
    const changed = await patch(ref, admin.token, { priority: "urgent" }, { "X-Tisket-Client": "gmail" });
    expect(changed.status).toBe(200);
    expect(changed.body.thread.priority).toBe("urgent");
    expect(changed.body.thread.history).toEqual([
      expect.objectContaining({ field: "priority", from: "normal", to: "urgent", client: "gmail" }),
    ]);
    const audit = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, org.id), eq(auditLog.kind, "thread_priority")));
    expect(audit.map((row) => [row.actorId, row.client, row.target, row.detail])).toEqual([
      [admin.id, "gmail", ref, { from: "normal", to: "urgent" }],
    ]);
    expect((await t.db.select().from(threads).where(eq(threads.id, thread.id)))[0]?.priority).toBe("urgent");
  });

  it("lowercases tags, drops repeats, and records each tag added and removed", async () => {
    const { org, admin, ref } = await world();
    const tagged = await patch(ref, admin.token, { tags: ["Billing", " VIP", "billing"] });
    expect(tagged.status).toBe(200);
    expect(tagged.body.thread.tags).toEqual(["billing", "vip"]);

    const edited = await patch(ref, admin.token, { addTags: ["refund"], removeTags: ["VIP"] });
    expect(edited.body.thread.tags).toEqual(["billing", "refund"]);
    expect(edited.body.thread.history.map(({ field, from, to }) => [field, from, to])).toEqual([
      ["tag", null, "billing"],
      ["tag", null, "vip"],
      ["tag", "vip", null],
      ["tag", null, "refund"],
    ]);
    const audit = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, org.id), eq(auditLog.kind, "thread_tag")));
    expect(audit).toHaveLength(4);

    const again = await patch(ref, admin.token, { addTags: ["billing"] });
    expect(again.body.thread.history).toHaveLength(4);
  });

  it("keeps both tags when two members tag a thread at the same time", async () => {
    const { org, admin, ref } = await world();
    const agent = await makeMember(t.db, org);
    const [one, two] = await Promise.all([
      patch(ref, admin.token, { addTags: ["billing"] }),
      patch(ref, agent.token, { addTags: ["urgent-fix"] }),
    ]);
    expect([one.status, two.status]).toEqual([200, 200]);
    const res = await send(t, "GET", `/threads/${ref}`, admin.token);
    expect(((await res.json()) as { thread: Summary }).thread.tags.sort()).toEqual(["billing", "urgent-fix"]);
  });

  it("filters the list by priority and by tag, in any case", async () => {
    const { org, inbox, admin } = await world();
    const urgent = await makeThread(t.db, org, inbox, { priority: "urgent", tags: ["billing"] });
    await makeThread(t.db, org, inbox, { priority: "low", tags: ["shipping"] });
    const byPriority = await list(admin.token, "?priority=urgent");
    expect(byPriority.body.threads.map((thread) => thread.ref)).toEqual([`THD-${urgent.number}`]);
    const byTag = await list(admin.token, "?tag=Billing");
    expect(byTag.body.threads.map((thread) => thread.ref)).toEqual([`THD-${urgent.number}`]);
    expect((await list(admin.token, "?tag=billing&priority=low")).body.threads).toEqual([]);
  });

  it.each([
    [{ priority: "critical" }, "priority"],
    [{ tags: ["two words"] }, "tags.0"],
    [{ tags: ["x".repeat(41)] }, "tags.0"],
    [{ tags: ["-edge"] }, "tags.0"],
    [{ tags: Array.from({ length: 21 }, (_, i) => `tag-${i}`) }, "tags"],
    [{ tags: ["a"], addTags: ["b"] }, "tags"],
    [{ addTags: [42] }, "addTags.0"],
  ])("refuses %j naming %s, changing nothing", async (body, field) => {
    const { admin, thread, ref } = await world();
    const res = await patch(ref, admin.token, body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(new RegExp(`^${field.replace(".", "\\.")}:`));
    const [row] = await t.db.select().from(threads).where(eq(threads.id, thread.id));
    expect(row).toMatchObject({ priority: "normal", tags: [] });
    expect(await t.db.select().from(threadHistory).where(eq(threadHistory.threadId, thread.id))).toEqual([]);
  });

  it("refuses tags that would take a thread past 20, and a bad list filter", async () => {
    const { admin, ref } = await world();
    const twenty = Array.from({ length: 20 }, (_, i) => `tag-${i}`);
    expect((await patch(ref, admin.token, { tags: twenty })).status).toBe(200);
    const more = await patch(ref, admin.token, { addTags: ["one-more"] });
    expect(more.status).toBe(400);
    expect(more.body.error.message).toMatch(/^tags: a thread has at most 20 tags/);
    const filter = await list(admin.token, "?tag=no%20spaces");
    expect(filter.status).toBe(400);
    expect(filter.body.error.message).toMatch(/^tag:/);
    expect((await list(admin.token, "?priority=critical")).body.error.message).toMatch(/^priority:/);
  });

  it("answers 404 for another org's thread", async () => {
    // numbers are per org: this org has no THD-1 of its own
    const mine = await makeOrgWithInbox(t.db);
    const theirs = await world();
    const res = await patch(theirs.ref, mine.admin.token, { priority: "high" });
    expect(res.status).toBe(404);
    const [row] = await t.db.select().from(threads).where(eq(threads.id, theirs.thread.id));
    expect(row?.priority).toBe("normal");
  });
});
