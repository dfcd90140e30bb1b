import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, drafts, liveEvents, outbox } from "../../../api/src/db/schema";
import { makeTestApp, type TestApp } from "../../helpers/app";
import { testDrivers } from "../../helpers/databases";
import { makeMember, makeOrgWithInbox, makeThread } from "../../helpers/factories";
import { type ErrorReply, send } from "../admin/send";

type DraftView = { id: string; body: string; author: { email: string; name: string }; client: string };
type Detail = { thread: { drafts: DraftView[] } };

describe.each(testDrivers)("drafted replies on %s", (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp({ driver });
  });
  afterAll(() => t?.close());

  const world = async () => {
    const { org, inbox } = await makeOrgWithInbox(t.db);
    const agent = await makeMember(t.db, org, { name: "Al Agent" });
    const thread = await makeThread(t.db, org, inbox);
    return { org, inbox, agent, thread, ref: `THD-${thread.number}` };
  };
  const draft = async (ref: string, token: string, body: unknown) => {
    const res = await send(t, "POST", `/threads/${ref}/drafts`, token, body);
    return { status: res.status, body: (await res.json()) as { draft: DraftView } & ErrorReply };
  };
  const detail = async (ref: string, token: string) =>
    ((await (await send(t, "GET", `/threads/${ref}`, token)).json()) as Detail).thread;

  it("keeps a draft on the thread, newest first in the detail, announced live and audited, never queued as mail", async () => {
    const { org, agent, thread, ref } = await world();
    const first = await draft(ref, agent.token, { body: "Dear Cleo,\nthe printer is fixed." });
    expect(first.status).toBe(201);
    expect(first.body.draft).toEqual({
      id: expect.any(String),
      body: "Dear Cleo,\nthe printer is fixed.",
      author: { email: agent.email, name: "Al Agent" },
      client: "api",
      createdAt: expect.any(String),
    });
    const second = await draft(ref, agent.token, { body: "Shorter: fixed." });
    const shown = await detail(ref, agent.token);
    expect(shown.drafts.map((each) => each.id)).toEqual([second.body.draft.id, first.body.draft.id]);
    const events = await t.db.select().from(liveEvents).where(eq(liveEvents.threadId, thread.id));
    expect(events.map((event) => [event.type, event.data.action])).toEqual([
      ["draft", "created"],
      ["draft", "created"],
    ]);
    expect(JSON.stringify(events)).not.toContain("printer is fixed");
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.orgId, org.id));
    expect(audit.map((row) => [row.kind, row.client, row.actor])).toEqual([
      ["draft_created", "api", agent.email],
      ["draft_created", "api", agent.email],
    ]);
    expect(await t.db.select().from(outbox).where(eq(outbox.orgId, org.id))).toEqual([]);
  });

  it("records the add-on a pasted token says it is", async () => {
    const { agent, ref } = await world();
    const res = await t.app.request(`/api/v1/threads/${ref}/drafts`, {
      method: "POST",
      headers: {
        Authorization: `Bearer ${agent.token}`,
        "Content-Type": "application/json",
        "X-Tisket-Client": "outlook",
      },
      body: JSON.stringify({ body: "From the task pane" }),
    });
    expect(((await res.json()) as { draft: DraftView }).draft.client).toBe("outlook");
  });

  it("accepts 100 KB and refuses a byte more with a 400 naming body, storing nothing", async () => {
    const { thread, agent, ref } = await world();
    expect((await draft(ref, agent.token, { body: "a".repeat(100 * 1024) })).status).toBe(201);
    // 60,000 characters, 120,000 bytes of UTF-8
    for (const body of ["é".repeat(60_000), "a".repeat(100 * 1024 + 1)]) {
      const res = await draft(ref, agent.token, { body });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/^body: at most 100 KB/);
    }
    expect(await t.db.select().from(drafts).where(eq(drafts.threadId, thread.id))).toHaveLength(1);
  });

  it.each([{}, { body: "" }, { body: "   \n" }, { body: 42 }, { body: "ok", extra: true }])(
    "refuses %j with a 400",
    async (body) => {
      const { thread, agent, ref } = await world();
      const res = await draft(ref, agent.token, body);
      expect(res.status).toBe(400);
      expect(await t.db.select().from(drafts).where(eq(drafts.threadId, thread.id))).toEqual([]);
    },
  );

  it("discards a draft; again, or through another thread, is a 404", async () => {
    const { org, inbox, agent, thread, ref } = await world();
    const kept = (await draft(ref, agent.token, { body: "Maybe" })).body.draft;
    const other = await makeThread(t.db, org, inbox);
    const wrongThread = await send(
      t,
      "DELETE",
      `/threads/THD-${other.number}/drafts/${kept.id}`,
      agent.token,
    );
    expect(wrongThread.status).toBe(404);
    expect((await send(t, "DELETE", `/threads/${ref}/drafts/not-a-uuid`, agent.token)).status).toBe(404);
    expect((await send(t, "DELETE", `/threads/${ref}/drafts/${kept.id}`, agent.token)).status).toBe(204);
    expect((await detail(ref, agent.token)).drafts).toEqual([]);
    expect((await send(t, "DELETE", `/threads/${ref}/drafts/${kept.id}`, agent.token)).status).toBe(404);
    const events = await t.db.select().from(liveEvents).where(eq(liveEvents.threadId, thread.id));
    expect(events.map((event) => event.data.action)).toEqual(["created", "discarded"]);
  });

  it("treats another org's thread as not found and keeps nothing there", async () => {
    const mine = await world();
    const theirs = await world();
    const later = await makeThread(t.db, theirs.org, theirs.inbox);
    const ref = `THD-${later.number}`;
    const res = await draft(ref, mine.agent.token, { body: "Injected" });
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe(`${ref} not found`);
    const kept = (await draft(ref, theirs.agent.token, { body: "Theirs" })).body.draft;
    expect((await send(t, "DELETE", `/threads/${ref}/drafts/${kept.id}`, mine.agent.token)).status).toBe(404);
    expect(await t.db.select().from(drafts).where(eq(drafts.threadId, later.id))).toHaveLength(1);
  });
});
