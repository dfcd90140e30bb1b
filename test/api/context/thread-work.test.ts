import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONTEXT_DRAFT_LIMIT } from "../../../api/src/context/thread-work";
import type { ContextThread } from "../../../shared/src/api-types";
import { formatRef } from "../../../shared/src/subject-tag";
import { testDrivers } from "../../helpers/databases";
import { makeInbox, makeMember, makeOrg, makeThread } from "../../helpers/factories";
import { type StaffWorld, staffWorld } from "../presence/staff-world";

type Reply = { thread: ContextThread | null };
type Schema = { properties?: Record<string, unknown>; required?: string[]; allOf?: Schema[]; $ref?: string };

describe.each(testDrivers)("the thread's work in POST /context on %s", (driver) => {
  let w: StaffWorld;
  beforeAll(async () => {
    w = await staffWorld(driver);
  });
  afterAll(() => w?.close());

  const context = (token: string, ref: string, activity = "viewing") =>
    w.call<Reply>("POST", "/context", token, { client: "outlook", activity, subject: `[${ref}] hello` });

  it("answers the linked tickets, the note count and the newest suggested replies, escaped for a rich draft", async () => {
    const ada = await w.member("Ada Agent");
    const ref = formatRef((await w.thread()).number);
    const other = formatRef((await w.thread()).number);
    await w.call("PUT", `/threads/${ref}/tickets/TKT-7`, ada.token, { url: "https://git.example/t/7" });
    await w.call("PUT", `/threads/${ref}/tickets/OPS-2`, ada.token, {});
    for (const body of ["check the invoice", "done", "thanks"]) {
      expect((await w.call("POST", `/threads/${ref}/notes`, ada.token, { body })).status).toBe(201);
    }
    await w.call("POST", `/threads/${other}/notes`, ada.token, { body: "another thread's" });
    const bodies = Array.from({ length: CONTEXT_DRAFT_LIMIT + 2 }, (_, n) => `Draft ${n}`);
    bodies.push('Hi <b>Cleo</b> & "co",\nfixed.');
    for (const body of bodies) {
      expect((await w.call("POST", `/threads/${ref}/drafts`, ada.token, { body })).status).toBe(201);
    }

    const reply = await context(ada.token, ref);
    expect(reply.status).toBe(200);
    const thread = reply.body.thread!;
    expect(thread.tickets?.map((ticket) => [ticket.id, ticket.url, ticket.linkedBy.email])).toEqual([
      ["TKT-7", "https://git.example/t/7", ada.email],
      ["OPS-2", null, ada.email],
    ]);
    expect(thread.noteCount).toBe(3);
    expect(thread.draftCount).toBe(bodies.length);
    expect(thread.drafts?.map((draft) => draft.body)).toEqual(bodies.slice(-CONTEXT_DRAFT_LIMIT).reverse());
    expect(thread.drafts?.[0]).toEqual({
      id: expect.any(String),
      body: 'Hi <b>Cleo</b> & "co",\nfixed.',
      html: "Hi &lt;b&gt;Cleo&lt;/b&gt; &amp; &quot;co&quot;,<br>\nfixed.",
      author: { email: ada.email, name: "Ada Agent" },
      client: "api",
      createdAt: expect.any(String),
    });
  });

  it("answers an empty list and zero counts for a thread nobody worked on, composing as well", async () => {
    const ada = await w.member("Ada Agent");
    const ref = formatRef((await w.thread()).number);
    for (const activity of ["viewing", "composing"]) {
      const { thread } = (await context(ada.token, ref, activity)).body;
      expect(thread).toMatchObject({ ref, tickets: [], noteCount: 0, draftCount: 0, drafts: [] });
    }
  });

  it("never shows another org's work, even to a member who names its thread", async () => {
    const globex = await makeOrg(w.db, { slug: "globex", name: "Globex" });
    const theirs = await makeThread(w.db, globex, await makeInbox(w.db, globex, { name: "help" }));
    const ref = formatRef(theirs.number);
    const greta = await makeMember(w.db, globex, { name: "Greta" });
    await w.call("POST", `/threads/${ref}/drafts`, greta.token, { body: "Globex secret" });
    await w.call("POST", `/threads/${ref}/notes`, greta.token, { body: "Globex note" });
    const ada = await w.member("Ada Agent");
    const seen = await context(ada.token, ref);
    expect(JSON.stringify(seen.body)).not.toContain("Globex");
    const ours = (await context(greta.token, ref)).body.thread;
    expect(ours).toMatchObject({ noteCount: 1, draftCount: 1 });
  });
});

describe("the thread's work in the OpenAPI document", () => {
  it("describes tickets, counts and drafts on the context's thread as optional fields", async () => {
    const w = await staffWorld();
    try {
      const doc = (await (await w.app.request("/api/v1/openapi.json")).json()) as {
        components: { schemas: Record<string, Schema> };
      };
      // the summary's own fields by reference, the work beside them
      const [summary, work] = doc.components.schemas.ContextThread!.allOf!;
      expect(summary).toEqual({ $ref: "#/components/schemas/ThreadSummary" });
      for (const field of ["tickets", "noteCount", "draftCount", "drafts"]) {
        expect(work?.properties).toHaveProperty(field);
        expect(work?.required ?? []).not.toContain(field);
      }
      expect(JSON.stringify(doc.components.schemas.Context)).toContain("#/components/schemas/ContextThread");
    } finally {
      await w.close();
    }
  });
});
