import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, threadHistory, threadTickets } from "../../../api/src/db/schema";
import { makeTestApp, type TestApp } from "../../helpers/app";
import { testDrivers } from "../../helpers/databases";
import { makeMember, makeOrgWithInbox, makeThread } from "../../helpers/factories";
import { type ErrorReply, send } from "../admin/send";

type Link = { id: string; repo: string | null; url: string | null; linkedAt: string; linkedBy: unknown };
type Linked = { ticket: Link; tickets: Link[] } & ErrorReply;
type Detail = {
  thread: { tickets: Link[]; history: { field: string; from: string | null; to: string | null }[] };
};
type Page = { threads: { ref: string }[]; nextCursor: string | null } & ErrorReply;

describe.each(testDrivers)("ticket links on %s", (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp({ driver });
  });
  afterAll(() => t?.close());

  const world = async () => {
    const { org, inbox, admin } = await makeOrgWithInbox(t.db);
    const agent = await makeMember(t.db, org, { name: "Al Agent" });
    const thread = await makeThread(t.db, org, inbox);
    return { org, inbox, admin, agent, thread, ref: `THD-${thread.number}` };
  };
  const link = async (ref: string, ticket: string, token: string, body?: unknown) => {
    const res = await send(t, "PUT", `/threads/${ref}/tickets/${ticket}`, token, body);
    return { status: res.status, body: (await res.json()) as Linked };
  };

  it("links a thread to a ticket, shown in the thread detail with who linked it", async () => {
    const { agent, ref } = await world();
    const res = await link(ref, "TKT-42", agent.token, {
      repo: "acme/.tickets",
      url: "https://git.example/TKT-42",
    });
    expect(res.status).toBe(201);
    const expected = {
      id: "TKT-42",
      repo: "acme/.tickets",
      url: "https://git.example/TKT-42",
      linkedAt: expect.any(String),
      linkedBy: { email: agent.email, name: "Al Agent" },
    };
    expect(res.body.ticket).toEqual(expected);
    expect(res.body.tickets).toEqual([expected]);
    const detail = (await (await send(t, "GET", `/threads/${ref}`, agent.token)).json()) as Detail;
    expect(detail.thread.tickets).toEqual([expected]);
    expect(detail.thread.history).toEqual([
      expect.objectContaining({ field: "ticket", from: null, to: "TKT-42", client: "api" }),
    ]);
  });

  it("is idempotent: the same PUT again answers 200 and records nothing more", async () => {
    const { org, agent, thread, ref } = await world();
    const first = await link(ref, "TKT-7", agent.token, { repo: "acme/.tickets" });
    const again = await link(ref, "TKT-7", agent.token, { repo: "acme/.tickets" });
    const bare = await link(ref, "TKT-7", agent.token);
    expect([first.status, again.status, bare.status]).toEqual([201, 200, 200]);
    expect(bare.body.ticket).toEqual(first.body.ticket);
    const rows = await t.db.select().from(threadTickets).where(eq(threadTickets.threadId, thread.id));
    expect(rows).toHaveLength(1);
    const history = await t.db.select().from(threadHistory).where(eq(threadHistory.threadId, thread.id));
    expect(history).toHaveLength(1);
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.orgId, org.id));
    expect(audit.map((row) => row.kind)).toEqual(["ticket_linked"]);
  });

  it("changes only the repo and url given, clears them with null, and keeps who linked it first", async () => {
    const { admin, agent, ref } = await world();
    await link(ref, "TKT-8", agent.token, { repo: "acme/.tickets", url: "https://git.example/8" });
    const moved = await link(ref, "TKT-8", admin.token, { url: "https://tickets.example/8" });
    expect(moved.body.ticket).toMatchObject({
      repo: "acme/.tickets",
      url: "https://tickets.example/8",
      linkedBy: { email: agent.email },
    });
    const cleared = await link(ref, "TKT-8", admin.token, { repo: null });
    expect(cleared.body.ticket).toMatchObject({ repo: null, url: "https://tickets.example/8" });
  });

  it("links the same ticket to several threads under one unique key per thread and ticket", async () => {
    const { org, inbox, agent, ref } = await world();
    const other = await makeThread(t.db, org, inbox);
    await link(ref, "BUG-1", agent.token);
    await link(`THD-${other.number}`, "BUG-1", agent.token);
    await link(ref, "BUG-2", agent.token);
    const res = await send(t, "GET", "/tickets/BUG-1/threads", agent.token);
    expect(res.status).toBe(200);
    const page = (await res.json()) as Page;
    expect(page.threads.map((each) => each.ref).sort()).toEqual([ref, `THD-${other.number}`].sort());
    const insert = t.db.insert(threadTickets).values({
      orgId: org.id,
      threadId: other.id,
      ticket: "BUG-1",
      linkedBy: agent.email,
    });
    await expect(insert).rejects.toThrow();
  });

  it("lists a ticket's threads page by page, and none for a ticket nobody linked", async () => {
    const { org, inbox, agent } = await world();
    for (let i = 0; i < 3; i += 1) {
      const thread = await makeThread(t.db, org, inbox, {
        lastMessageAt: new Date(Date.UTC(2026, 0, 1 + i)),
      });
      await link(`THD-${thread.number}`, "PAGE-1", agent.token);
    }
    const first = (await (
      await send(t, "GET", "/tickets/PAGE-1/threads?limit=2", agent.token)
    ).json()) as Page;
    expect(first.threads).toHaveLength(2);
    const rest = await send(
      t,
      "GET",
      `/tickets/PAGE-1/threads?limit=2&cursor=${first.nextCursor}`,
      agent.token,
    );
    expect(((await rest.json()) as Page).threads).toHaveLength(1);
    const none = (await (await send(t, "GET", "/tickets/NONE-1/threads", agent.token)).json()) as Page;
    expect(none).toEqual({ threads: [], nextCursor: null });
  });

  it("unlinks with DELETE, recorded in the history; unlinking again is a 404", async () => {
    const { agent, thread, ref } = await world();
    await link(ref, "TKT-9", agent.token);
    const removed = await send(t, "DELETE", `/threads/${ref}/tickets/TKT-9`, agent.token);
    expect(removed.status).toBe(204);
    const again = await send(t, "DELETE", `/threads/${ref}/tickets/TKT-9`, agent.token);
    expect(again.status).toBe(404);
    expect(((await again.json()) as ErrorReply).error.message).toBe(`TKT-9 is not linked to ${ref}`);
    const history = await t.db
      .select()
      .from(threadHistory)
      .where(and(eq(threadHistory.threadId, thread.id), eq(threadHistory.field, "ticket")))
      .orderBy(asc(threadHistory.id));
    expect(history.map((row) => [row.fromValue, row.toValue])).toEqual([
      [null, "TKT-9"],
      ["TKT-9", null],
    ]);
  });

  it.each(["tkt-42", "TKT42", "TKT-", "-42", "42", "TKT-4a", "T_K-1", `${"A".repeat(70)}-1`])(
    "refuses the ticket id %s with a 400 naming it",
    async (ticket) => {
      const { agent, ref } = await world();
      const res = await link(ref, encodeURIComponent(ticket), agent.token);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/^ticket: /);
      const listed = await send(t, "GET", `/tickets/${encodeURIComponent(ticket)}/threads`, agent.token);
      expect(listed.status).toBe(400);
    },
  );

  it.each([
    [{ url: "javascript:alert(1)" }, /^url: /],
    [{ url: "not a url" }, /^url: /],
    [{ repo: "" }, /^repo: /],
    [{ repo: 42 }, /^repo: /],
    [{ ticket: "TKT-1" }, /ticket/],
  ])("refuses the body %j with a 400 naming the field", async (body, message) => {
    const { agent, thread, ref } = await world();
    const res = await link(ref, "TKT-42", agent.token, body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
    expect(await t.db.select().from(threadTickets).where(eq(threadTickets.threadId, thread.id))).toEqual([]);
  });

  it("treats another org's thread as not found (404, never 403) and links nothing", async () => {
    const mine = await world();
    const theirs = await world();
    // refs are numbered per org: give theirs a number that mine does not have
    const later = await makeThread(t.db, theirs.org, theirs.inbox);
    Object.assign(theirs, { thread: later, ref: `THD-${later.number}` });
    const res = await link(theirs.ref, "TKT-1", mine.agent.token);
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe(`${theirs.ref} not found`);
    expect(
      await t.db.select().from(threadTickets).where(eq(threadTickets.threadId, theirs.thread.id)),
    ).toEqual([]);
    await link(theirs.ref, "SHARED-1", theirs.agent.token);
    const unlink = await send(t, "DELETE", `/threads/${theirs.ref}/tickets/SHARED-1`, mine.agent.token);
    expect(unlink.status).toBe(404);
    const listed = (await (
      await send(t, "GET", "/tickets/SHARED-1/threads", mine.agent.token)
    ).json()) as Page;
    expect(listed.threads).toEqual([]);
  });

  it("answers 401 without a token", async () => {
    const { ref } = await world();
    expect((await send(t, "PUT", `/threads/${ref}/tickets/TKT-1`, null)).status).toBe(401);
    expect((await send(t, "GET", "/tickets/TKT-1/threads", null)).status).toBe(401);
  });

  it("filters GET /threads by a linked ticket", async () => {
    const { org, inbox, agent, ref } = await world();
    await makeThread(t.db, org, inbox);
    await link(ref, "FILTER-1", agent.token);
    const page = (await (await send(t, "GET", "/threads?ticket=FILTER-1", agent.token)).json()) as Page;
    expect(page.threads.map((each) => each.ref)).toEqual([ref]);
  });

  it("keeps one link when the same ticket is linked twice at once", async () => {
    const { agent, thread, ref } = await world();
    const results = await Promise.all([link(ref, "RACE-1", agent.token), link(ref, "RACE-1", agent.token)]);
    expect(results.map((res) => res.status).sort()).toEqual([200, 201]);
    expect(await t.db.select().from(threadTickets).where(eq(threadTickets.threadId, thread.id))).toHaveLength(
      1,
    );
    const history = await t.db.select().from(threadHistory).where(eq(threadHistory.threadId, thread.id));
    expect(history).toHaveLength(1);
  });
});

describe("the OpenAPI document", () => {
  it("documents the ticket and draft routes and the thread detail's tickets and drafts", async () => {
    const t = await makeTestApp();
    try {
      const doc = (await (await t.app.request("/api/v1/openapi.json")).json()) as {
        paths: Record<string, Record<string, unknown>>;
        components: {
          schemas: Record<string, { properties: Record<string, unknown>; allOf?: { properties?: object }[] }>;
        };
      };
      expect(Object.keys(doc.paths["/api/v1/threads/{ref}/tickets/{ticket}"] ?? {}).sort()).toEqual([
        "delete",
        "put",
      ]);
      expect(doc.paths["/api/v1/tickets/{ticket}/threads"]).toHaveProperty("get");
      expect(doc.paths["/api/v1/threads/{ref}/drafts"]).toHaveProperty("post");
      expect(doc.paths["/api/v1/threads/{ref}/drafts/{id}"]).toHaveProperty("delete");
      // ThreadDetail is ThreadSummary plus its own properties
      const detail = doc.components.schemas.ThreadDetail!.allOf?.[1]?.properties;
      expect(detail).toHaveProperty("tickets");
      expect(detail).toHaveProperty("drafts");
      expect(Object.keys(doc.components.schemas.TicketLink!.properties).sort()).toEqual([
        "id",
        "linkedAt",
        "linkedBy",
        "repo",
        "url",
      ]);
      expect(Object.keys(doc.components.schemas.Draft!.properties).sort()).toEqual([
        "author",
        "body",
        "client",
        "createdAt",
        "id",
      ]);
    } finally {
      await t.close();
    }
  });
});
