import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatRef } from "../../../shared/src/subject-tag";
import { testDrivers } from "../../helpers/databases";
import { makeInbox, makeMember, makeOrg, makeThread } from "../../helpers/factories";
import { type StaffWorld, staffWorld } from "../presence/staff-world";

// What the add-on cards show of a thread beyond its summary, from the same one context call:
// notes and drafts counted, the open thread's tickets, and for a draft the saved replies and drafts.

type Person = { email: string; name: string };
type CardThread = {
  ref: string;
  priority: string;
  tags: string[];
  sla: { firstResponseDueAt: string | null; breached: boolean };
  noteCount?: number;
  draftCount?: number;
  tickets?: { id: string; repo: string | null; url: string | null; linkedAt: string; linkedBy: Person }[];
  drafts?: { id: string; body: string; html: string; author: Person; client: string; createdAt: string }[];
};
type CardContext = {
  thread: CardThread | null;
  candidates: CardThread[];
  savedReplies?: { id: string; name: string }[];
};

describe.each(testDrivers)("what a card shows from POST /context on %s", (driver) => {
  let w: StaffWorld;
  beforeAll(async () => {
    w = await staffWorld(driver);
  });
  afterAll(() => w?.close());

  const context = (token: string, body: Record<string, unknown>) =>
    w.call<CardContext>("POST", "/context", token, { client: "gmail", activity: "viewing", ...body });
  const expectOk = async (reply: Promise<{ status: number; body: unknown }>, status = 201) => {
    const { status: got, body } = await reply;
    expect(got, JSON.stringify(body)).toBe(status);
  };
  const clientAddress = () => `client-${randomUUID().slice(0, 8)}@client.example`;

  it("counts the open thread's notes and drafts and lists its tickets, oldest link first", async () => {
    const thread = await w.thread({ subject: "Invoice twice" });
    const ref = formatRef(thread.number);
    const bob = await w.member("Bob Builder");
    const carol = await w.member("Carol Chen");
    await expectOk(w.call("POST", `/threads/${ref}/notes`, bob.token, { body: "Billing bug again" }));
    await expectOk(w.call("POST", `/threads/${ref}/notes`, carol.token, { body: "Yes, TKT-7" }));
    await expectOk(w.call("POST", `/threads/${ref}/drafts`, carol.token, { body: "Dear Cleo, …" }));
    await expectOk(
      w.call("PUT", `/threads/${ref}/tickets/TKT-7`, bob.token, {
        repo: "acme/.tickets",
        url: "https://github.com/acme/.tickets/blob/main/TKT-7.md",
      }),
    );
    await expectOk(w.call("PUT", `/threads/${ref}/tickets/OPS-2`, carol.token, {}));

    const seen = await context(bob.token, { subject: `Re: [${ref}] Invoice twice` });
    expect(seen.status).toBe(200);
    expect(seen.body.thread).toMatchObject({
      ref,
      priority: "normal",
      tags: [],
      noteCount: 2,
      draftCount: 1,
      tickets: [
        {
          id: "TKT-7",
          repo: "acme/.tickets",
          url: "https://github.com/acme/.tickets/blob/main/TKT-7.md",
          linkedBy: { email: bob.email, name: "Bob Builder" },
        },
        { id: "OPS-2", repo: null, url: null, linkedBy: { email: carol.email, name: "Carol Chen" } },
      ],
    });
    // exactly as the thread detail lists them, times included
    const detail = await w.call<{ thread: { tickets: unknown[] } }>("GET", `/threads/${ref}`, bob.token);
    expect(seen.body.thread?.tickets).toEqual(detail.body.thread.tickets);
    // viewing: nothing of a draft's
    expect(seen.body).not.toHaveProperty("savedReplies");
    expect(seen.body).not.toHaveProperty("drafts");
  });

  it("counts nothing on a thread with no notes, drafts or tickets", async () => {
    const thread = await w.thread();
    const bob = await w.member("Bob");
    const seen = await context(bob.token, { subject: `[${formatRef(thread.number)}]` });
    expect(seen.body.thread).toMatchObject({ noteCount: 0, draftCount: 0, tickets: [] });
  });

  it("gives a draft the org's saved replies by name, and its thread's newest drafts with their authors", async () => {
    const admin = await makeMember(w.db, w.org, { name: "Ada Admin", role: "admin" });
    const bob = await w.member("Bob Builder");
    for (const name of ["refund issued", "Apology", "Welcome"]) {
      await expectOk(
        w.call("POST", "/saved-replies", admin.token, { name, body: `Hi {{client.name}}: ${name}` }),
      );
    }
    const dora = clientAddress();
    const thread = await w.thread({ clientEmail: dora });
    const ref = formatRef(thread.number);
    for (let n = 1; n <= 12; n += 1) {
      const body = n === 12 ? 'Hi <b>Dora</b> & "co",\nfixed.' : `Draft ${n}`;
      await expectOk(w.call("POST", `/threads/${ref}/drafts`, n === 12 ? admin.token : bob.token, { body }));
      w.clock.advance(1);
    }
    const drafting = await context(bob.token, { activity: "composing", subject: `[${ref}] Hi`, to: [dora] });
    expect(drafting.status).toBe(200);
    expect(drafting.body.savedReplies?.map((reply) => reply.name)).toEqual([
      "Apology",
      "refund issued",
      "Welcome",
    ]);
    expect(drafting.body.savedReplies?.[0]).toEqual({ id: expect.any(String), name: "Apology" });
    // the newest ten, newest first, each also escaped for a rich draft
    const drafts = drafting.body.thread?.drafts ?? [];
    expect(drafts.slice(1).map((d) => d.body)).toEqual(
      [11, 10, 9, 8, 7, 6, 5, 4, 3].map((n) => `Draft ${n}`),
    );
    expect(drafts[0]).toEqual({
      id: expect.any(String),
      body: 'Hi <b>Dora</b> & "co",\nfixed.',
      html: "Hi &lt;b&gt;Dora&lt;/b&gt; &amp; &quot;co&quot;,<br>\nfixed.",
      author: { email: admin.email, name: "Ada Admin" },
      client: "api",
      createdAt: expect.any(String),
    });
    expect(drafting.body.thread).toMatchObject({ ref, draftCount: 12 });
    // the same thread as a candidate carries its counts, but tickets and drafts only the matched thread
    expect(drafting.body.candidates).toEqual([
      expect.objectContaining({ ref, draftCount: 12, noteCount: 0 }),
    ]);
    expect(drafting.body.candidates[0]).not.toHaveProperty("tickets");
    expect(drafting.body.candidates[0]).not.toHaveProperty("drafts");
    const viewing = await context(bob.token, { subject: `[${ref}] Hi` });
    expect(viewing.body.thread).not.toHaveProperty("drafts");
  });

  it("counts each candidate's drafts when the draft has no thread yet, and offers no drafts then", async () => {
    const eve = clientAddress();
    const bob = await w.member("Bob");
    const quiet = await w.thread({ clientEmail: eve, subject: "Quiet" });
    const busy = await w.thread({ clientEmail: eve, subject: "Busy" });
    await expectOk(
      w.call("POST", `/threads/${formatRef(busy.number)}/drafts`, bob.token, { body: "Try this" }),
    );
    const drafting = await context(bob.token, { activity: "composing", to: [eve] });
    expect(drafting.body.thread).toBeNull();
    const counts = Object.fromEntries(drafting.body.candidates.map((c) => [c.ref, c.draftCount]));
    expect(counts).toEqual({ [formatRef(quiet.number)]: 0, [formatRef(busy.number)]: 1 });
    expect(drafting.body.candidates.map((c) => c.drafts)).toEqual([undefined, undefined]);
  });

  it("never gives another org's saved replies, drafts, notes or tickets", async () => {
    const other = await makeOrg(w.db);
    const otherInbox = await makeInbox(w.db, other);
    const stranger = await makeMember(w.db, other, { name: "Sam", role: "admin" });
    await expectOk(
      w.call("POST", "/saved-replies", stranger.token, { name: "Their secret reply", body: "x" }),
    );
    const fay = clientAddress();
    const ours = await w.thread({ clientEmail: fay });
    const ref = formatRef(ours.number);
    const bob = await w.member("Bob");
    await expectOk(w.call("POST", `/threads/${ref}/drafts`, bob.token, { body: "Our draft" }));
    await expectOk(w.call("POST", `/threads/${ref}/notes`, bob.token, { body: "Our note" }));
    await expectOk(w.call("PUT", `/threads/${ref}/tickets/TKT-1`, bob.token, {}));

    const mine = await context(bob.token, { activity: "composing", to: [fay] });
    expect(mine.body.savedReplies?.map((r) => r.name)).not.toContain("Their secret reply");
    const theirs = await context(stranger.token, { activity: "composing", subject: `[${ref}]`, to: [fay] });
    expect(theirs.body).toMatchObject({ thread: null, candidates: [] });
    expect(theirs.body.savedReplies?.map((r) => r.name)).toEqual(["Their secret reply"]);
    expect(JSON.stringify(theirs.body)).not.toContain("Our draft");
    const theirThread = await makeThread(w.db, other, otherInbox, { clientEmail: fay });
    const theirView = await context(stranger.token, { subject: `[${formatRef(theirThread.number)}]` });
    expect(theirView.body.thread).toMatchObject({ noteCount: 0, draftCount: 0, tickets: [] });
  });
});

describe("the card's extras in the OpenAPI document", () => {
  it("describes them as optional, so an add-on that ignores them keeps working", async () => {
    const w = await staffWorld();
    try {
      const doc = (await (await w.app.request("/api/v1/openapi.json")).json()) as {
        components: {
          schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }>;
        };
        paths: Record<string, Record<string, unknown>>;
      };
      const { ContextThread, Context, DraftForReply } = doc.components.schemas;
      expect(Object.keys(ContextThread?.properties ?? {})).toEqual(
        expect.arrayContaining(["ref", "priority", "sla", "noteCount", "draftCount", "tickets", "drafts"]),
      );
      expect(ContextThread?.required).not.toEqual(expect.arrayContaining(["noteCount"]));
      expect(Context?.properties).toHaveProperty("savedReplies");
      expect(Context?.required).not.toContain("savedReplies");
      expect(DraftForReply?.properties).toHaveProperty("html");
      expect(doc.paths["/api/v1/threads/{ref}/drafts/{id}"]).toHaveProperty("get");
    } finally {
      await w.close();
    }
  });
});
