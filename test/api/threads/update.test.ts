import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { liveEvents, threadHistory, threads } from "../../../api/src/db/schema";
import { makeTestApp, type TestApp } from "../../helpers/app";
import { makeMember, makeOrgWithInbox, makeThread } from "../../helpers/factories";
import { type ErrorReply, send } from "../admin/send";

type Detail = {
  status: string;
  assignee: { email: string; name: string } | null;
  history: { field: string; from: string | null; to: string | null; actor: unknown; at: string }[];
};

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t?.close());

async function patch(ref: string, token: string, body: unknown) {
  const res = await send(t, "PATCH", `/threads/${ref}`, token, body);
  return { status: res.status, body: (await res.json()) as { thread: Detail } & ErrorReply };
}

describe("PATCH /threads/:ref", () => {
  it("changes the status and records who did it, visible in the thread", async () => {
    const { org, inbox } = await makeOrgWithInbox(t.db);
    const agent = await makeMember(t.db, org, { role: "agent", name: "Al Agent" });
    const thread = await makeThread(t.db, org, inbox);
    const ref = `THD-${thread.number}`;

    const changed = await patch(ref, agent.token, { status: "in_progress" });
    expect(changed.status).toBe(200);
    expect(changed.body.thread.status).toBe("in_progress");
    expect(changed.body.thread.history).toEqual([
      {
        field: "status",
        from: "open",
        to: "in_progress",
        actor: { email: agent.email, name: "Al Agent" },
        client: "api",
        at: expect.any(String),
      },
    ]);
    const detail = await send(t, "GET", `/threads/${ref}`, agent.token);
    expect(((await detail.json()) as { thread: Detail }).thread.history).toHaveLength(1);
  });

  it("records the add-on that sent a pasted API token, and only an add-on's name", async () => {
    const { org, inbox, admin } = await makeOrgWithInbox(t.db);
    const thread = await makeThread(t.db, org, inbox);
    const ref = `THD-${thread.number}`;
    const asClient = (client: string, status: string) =>
      t.app.request(`/api/v1/threads/${ref}`, {
        method: "PATCH",
        headers: {
          Authorization: `Bearer ${admin.token}`,
          "Content-Type": "application/json",
          "X-Tisket-Client": client,
        },
        body: JSON.stringify({ status }),
      });
    expect((await asClient("Outlook", "in_progress")).status).toBe(200);
    expect((await asClient("mcp", "resolved")).status).toBe(200);
    const rows = await t.db.select().from(threadHistory).where(eq(threadHistory.threadId, thread.id));
    expect(rows.map((row) => [row.toValue, row.client])).toEqual([
      ["in_progress", "outlook"],
      ["resolved", "api"],
    ]);
  });

  it("records nothing when nothing changes", async () => {
    const { org, inbox, admin } = await makeOrgWithInbox(t.db);
    const thread = await makeThread(t.db, org, inbox);
    await patch(`THD-${thread.number}`, admin.token, { status: "resolved" });
    const again = await patch(`THD-${thread.number}`, admin.token, { status: "resolved", assignee: null });
    expect(again.status).toBe(200);
    const rows = await t.db.select().from(threadHistory).where(eq(threadHistory.threadId, thread.id));
    expect(rows).toHaveLength(1);
    const events = await t.db.select().from(liveEvents).where(eq(liveEvents.threadId, thread.id));
    expect(events).toHaveLength(1);
  });

  it("announces the change to live subscribers", async () => {
    const { org, inbox, admin } = await makeOrgWithInbox(t.db);
    const thread = await makeThread(t.db, org, inbox);
    await patch(`THD-${thread.number}`, admin.token, { status: "closed", assignee: admin.email });
    const events = await t.db.select().from(liveEvents).where(eq(liveEvents.threadId, thread.id));
    expect(events.map((event) => ({ type: event.type, orgId: event.orgId, data: event.data }))).toEqual([
      {
        type: "thread",
        orgId: org.id,
        data: {
          ref: `THD-${thread.number}`,
          status: "closed",
          previousStatus: "open",
          assignee: { email: admin.email, name: "Ada Admin" },
          changes: [
            { field: "status", from: "open", to: "closed" },
            { field: "assignee", from: null, to: admin.email },
          ],
          by: admin.email,
        },
      },
    ]);
  });

  it("assigns to a member by address, and unassigns", async () => {
    const { org, inbox, admin } = await makeOrgWithInbox(t.db);
    const agent = await makeMember(t.db, org, { role: "agent", name: "Al Agent" });
    const thread = await makeThread(t.db, org, inbox);
    const ref = `THD-${thread.number}`;

    const assigned = await patch(ref, admin.token, {
      assignee: agent.email.toUpperCase(),
      status: "in_progress",
    });
    expect(assigned.body.thread.assignee).toEqual({ email: agent.email, name: "Al Agent" });
    const list = await send(t, "GET", "/threads", agent.token);
    expect(((await list.json()) as { threads: Detail[] }).threads[0]?.assignee?.email).toBe(agent.email);

    const unassigned = await patch(ref, admin.token, { assignee: null });
    expect(unassigned.body.thread.assignee).toBeNull();
    expect(unassigned.body.thread.history.map(({ field, from, to }) => ({ field, from, to }))).toEqual([
      { field: "status", from: "open", to: "in_progress" },
      { field: "assignee", from: null, to: agent.email },
      { field: "assignee", from: agent.email, to: null },
    ]);
  });

  it("assigns the caller with `me`, as an add-on that does not know its member's address does", async () => {
    const { org, inbox } = await makeOrgWithInbox(t.db);
    const agent = await makeMember(t.db, org, { role: "agent", name: "Al Agent" });
    const thread = await makeThread(t.db, org, inbox);
    const assigned = await patch(`THD-${thread.number}`, agent.token, { assignee: "me" });
    expect(assigned.status).toBe(200);
    expect(assigned.body.thread.assignee).toEqual({ email: agent.email, name: "Al Agent" });
    const again = await patch(`THD-${thread.number}`, agent.token, { assignee: "ME" });
    expect(again.status).toBe(400);
    expect(again.body.error.message).toMatch(/^assignee:/);
  });

  it("refuses an assignee who is not a member of the org, naming assignee", async () => {
    const { org, inbox, admin } = await makeOrgWithInbox(t.db);
    const other = await makeOrgWithInbox(t.db);
    const thread = await makeThread(t.db, org, inbox);
    for (const assignee of [other.admin.email, "stranger@client.example", "not-an-address"]) {
      const res = await patch(`THD-${thread.number}`, admin.token, { assignee });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/^assignee:/);
    }
    const [row] = await t.db.select().from(threads).where(eq(threads.id, thread.id));
    expect(row?.assigneeId).toBeNull();
  });

  it.each([
    [{}, "body"],
    [{ status: "done" }, "status"],
    [{ status: null }, "status"],
  ])("refuses %j naming %s", async (body, field) => {
    const { org, inbox, admin } = await makeOrgWithInbox(t.db);
    const thread = await makeThread(t.db, org, inbox);
    const res = await patch(`THD-${thread.number}`, admin.token, body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(new RegExp(`^${field}:`));
  });

  it("answers 400 to a body that is not JSON", async () => {
    const { org, inbox, admin } = await makeOrgWithInbox(t.db);
    const thread = await makeThread(t.db, org, inbox);
    const res = await send(t, "PATCH", `/threads/THD-${thread.number}`, admin.token, "{status:");
    expect(res.status).toBe(400);
  });

  it("answers 404 for another org's thread and changes nothing", async () => {
    const mine = await makeOrgWithInbox(t.db);
    const theirs = await makeOrgWithInbox(t.db);
    const thread = await makeThread(t.db, theirs.org, theirs.inbox);
    const res = await patch(`THD-${thread.number}`, mine.admin.token, { status: "closed" });
    expect(res.status).toBe(404);
    expect(await patch("THD-nope", mine.admin.token, { status: "closed" })).toMatchObject({ status: 404 });
    const [row] = await t.db.select().from(threads).where(eq(threads.id, thread.id));
    expect(row?.status).toBe("open");
  });
});
