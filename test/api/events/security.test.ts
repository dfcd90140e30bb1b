import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { members } from "../../../api/src/db/schema";
import { signStreamTicket } from "../../../api/src/events/stream-ticket";
import { bearer, makeTestApp, OPERATOR_TOKEN, type TestApp } from "../../helpers/app";
import { makeMember, makeOrgWithInbox, makeThread } from "../../helpers/factories";
import { publishIn } from "./events-setup";
import { openEventStream, viaApp } from "./sse-reader";

let now = new Date("2026-03-02T09:00:00.000Z");
const clock = { now: () => now };

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp({ deps: { clock } });
});
afterAll(() => t?.close());

const open = (path: string, headers: Record<string, string> = {}) =>
  openEventStream(viaApp(t.app), path, headers);

async function ticketFor(token: string, body?: unknown) {
  const res = await t.app.request("/api/v1/events/tickets", {
    method: "POST",
    headers: body === undefined ? { Authorization: `Bearer ${token}` } : bearer(token),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return {
    status: res.status,
    body: (await res.json()) as { ticket: string; expiresAt: string; thread: string | null },
  };
}

async function errorOf(res: Response) {
  return ((await res.json()) as { error: { code: string } }).error.code;
}

describe("tenants", () => {
  it("never sends a member another org's events", async () => {
    const ours = await makeOrgWithInbox(t.db);
    const theirs = await makeOrgWithInbox(t.db);
    const theirThread = await makeThread(t.db, theirs.org, theirs.inbox);
    const ourThread = await makeThread(t.db, ours.org, ours.inbox);
    const orgStream = await open("/api/v1/events", bearer(ours.admin.token));
    const threadStream = await open(
      `/api/v1/threads/THD-${ourThread.number}/events`,
      bearer(ours.admin.token),
    );

    // both orgs have a THD-1: the other org's must not reach our THD-1 stream either
    expect(theirThread.number).toBe(ourThread.number);
    await publishIn(t.db, {
      orgId: theirs.org.id,
      threadId: theirThread.id,
      type: "thread",
      data: { secret: 1 },
    });
    await publishIn(t.db, { orgId: theirs.org.id, threadId: null, type: "presence", data: { secret: 2 } });
    const mine = await publishIn(t.db, {
      orgId: ours.org.id,
      threadId: ourThread.id,
      type: "thread",
      data: {},
    });

    // events arrive in commit order, so theirs would have come first
    expect((await orgStream.nextEvent()).id).toBe(mine);
    expect((await threadStream.nextEvent()).id).toBe(mine);
    await orgStream.close();
    await threadStream.close();
  });

  it("answers 404 for another org's thread or an unknown one, before any stream opens", async () => {
    const ours = await makeOrgWithInbox(t.db);
    const theirs = await makeOrgWithInbox(t.db);
    const theirThread = await makeThread(t.db, theirs.org, theirs.inbox);
    for (const ref of [`THD-${theirThread.number}`, "THD-999"]) {
      const stream = await open(`/api/v1/threads/${ref}/events`, bearer(ours.admin.token));
      expect(stream.response.status).toBe(404);
      expect(stream.response.headers.get("content-type")).toContain("application/json");
      expect(await errorOf(stream.response)).toBe("not_found");
    }
  });

  it("answers 401 without credentials and 403 to the operator, who has no org", async () => {
    expect((await open("/api/v1/events")).response.status).toBe(401);
    expect((await open("/api/v1/events", bearer("tsk_not-a-token"))).response.status).toBe(401);
    expect((await open("/api/v1/events", bearer(OPERATOR_TOKEN))).response.status).toBe(403);
  });

  it("refuses a malformed Last-Event-ID with 400", async () => {
    const { admin } = await makeOrgWithInbox(t.db);
    const stream = await open("/api/v1/events", { ...bearer(admin.token), "Last-Event-ID": "abc" });
    expect(stream.response.status).toBe(400);
  });
});

describe("stream tickets", () => {
  it("opens the org stream from the query string, for 60 seconds", async () => {
    const { org, admin } = await makeOrgWithInbox(t.db);
    const issued = await ticketFor(admin.token);
    expect(issued.status).toBe(200);
    expect(issued.body).toMatchObject({
      thread: null,
      expiresAt: new Date(now.getTime() + 60_000).toISOString(),
    });

    const stream = await open(`/api/v1/events?ticket=${encodeURIComponent(issued.body.ticket)}`);
    expect(stream.response.status).toBe(200);
    const id = await publishIn(t.db, { orgId: org.id, threadId: null, type: "presence" });
    expect((await stream.nextEvent()).id).toBe(id);
    await stream.close();
  });

  it("refuses an expired ticket with 401", async () => {
    const { admin } = await makeOrgWithInbox(t.db);
    const issued = await ticketFor(admin.token);
    now = new Date(now.getTime() + 61_000);
    const stream = await open(`/api/v1/events?ticket=${encodeURIComponent(issued.body.ticket)}`);
    expect(stream.response.status).toBe(401);
    expect(await errorOf(stream.response)).toBe("unauthorized");
  });

  it("refuses forged, altered and garbled tickets with 401", async () => {
    const ours = await makeOrgWithInbox(t.db);
    const theirs = await makeOrgWithInbox(t.db);
    const issued = (await ticketFor(ours.admin.token)).body.ticket;
    const [claims, signature] = issued.split(".") as [string, string];
    const altered = JSON.parse(Buffer.from(claims, "base64url").toString()) as Record<string, unknown>;
    altered.o = theirs.org.id;
    const expiresAt = new Date(now.getTime() + 60_000);
    const forged = [
      `${Buffer.from(JSON.stringify(altered)).toString("base64url")}.${signature}`,
      signStreamTicket("y".repeat(32), {
        memberId: ours.admin.id,
        orgId: ours.org.id,
        threadId: null,
        expiresAt,
      }),
      `${claims}.`,
      "not-a-ticket",
    ];
    for (const ticket of forged) {
      const stream = await open(`/api/v1/events?ticket=${encodeURIComponent(ticket)}`);
      expect(stream.response.status).toBe(401);
    }
  });

  it("limits a thread ticket to that thread's stream", async () => {
    const { org, inbox, admin } = await makeOrgWithInbox(t.db);
    const thread = await makeThread(t.db, org, inbox);
    const otherThread = await makeThread(t.db, org, inbox);
    const issued = await ticketFor(admin.token, { thread: `THD-${thread.number}` });
    expect(issued.body.thread).toBe(`THD-${thread.number}`);
    const query = `?ticket=${encodeURIComponent(issued.body.ticket)}`;

    expect((await open(`/api/v1/events${query}`)).response.status).toBe(401);
    expect((await open(`/api/v1/threads/THD-${otherThread.number}/events${query}`)).response.status).toBe(
      401,
    );
    const stream = await open(`/api/v1/threads/THD-${thread.number}/events${query}`);
    expect(stream.response.status).toBe(200);
    await stream.close();
  });

  it("gives no ticket for another org's thread and none to the operator", async () => {
    const ours = await makeOrgWithInbox(t.db);
    const theirs = await makeOrgWithInbox(t.db);
    const theirThread = await makeThread(t.db, theirs.org, theirs.inbox);
    expect((await ticketFor(ours.admin.token, { thread: `THD-${theirThread.number}` })).status).toBe(404);
    expect((await ticketFor(OPERATOR_TOKEN)).status).toBe(403);
  });

  it("stops working when its member is removed", async () => {
    const { org } = await makeOrgWithInbox(t.db);
    const agent = await makeMember(t.db, org);
    const issued = await ticketFor(agent.token);
    await t.db.delete(members).where(eq(members.id, agent.id));
    const stream = await open(`/api/v1/events?ticket=${encodeURIComponent(issued.body.ticket)}`);
    expect(stream.response.status).toBe(401);
  });
});
