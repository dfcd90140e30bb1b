import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { threadNotes } from "../../../api/src/db/schema";
import { makeTestApp, type TestApp } from "../../helpers/app";
import { testDrivers } from "../../helpers/databases";
import { makeMember, makeMessage, makeOrgWithInbox, makeThread } from "../../helpers/factories";
import { send } from "../admin/send";

type Found = { ref: string; subject: string; snippet?: string };
type Page = { threads: Found[]; nextCursor: string | null };

describe.each(testDrivers)("searching the text of internal notes on %s", (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp({ driver });
  });
  afterAll(() => t?.close());

  async function search(token: string, query: string): Promise<Page> {
    const res = await send(t, "GET", `/threads?${query}`, token);
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as Page;
  }
  const subjects = async (token: string, q: string) =>
    (await search(token, `q=${encodeURIComponent(q)}`)).threads.map((found) => found.subject).sort();

  async function note(token: string, ref: string, body: string) {
    const res = await send(t, "POST", `/threads/${ref}/notes`, token, { body });
    expect(res.status, await res.clone().text()).toBe(201);
  }

  /** An org with two threads whose messages never say the words the notes say. */
  async function desk() {
    const world = await makeOrgWithInbox(t.db);
    const printer = await makeThread(t.db, world.org, world.inbox, { subject: "Printer" });
    await makeMessage(t.db, printer, { text: "The printer is broken", html: "" });
    const invoice = await makeThread(t.db, world.org, world.inbox, { subject: "Invoice" });
    await makeMessage(t.db, invoice, { text: "Where is my invoice", html: "" });
    return { ...world, printer: `THD-${printer.number}`, invoice: `THD-${invoice.number}` };
  }

  it("finds a thread by the words of a note added to it, as soon as it is added", async () => {
    const { admin, printer, invoice } = await desk();
    expect(await subjects(admin.token, "toner")).toEqual([]);
    await note(admin.token, printer, "Ordered new toner cartridges from the supplier");
    await note(admin.token, invoice, "Refund approved by finance");
    expect(await subjects(admin.token, "toner")).toEqual(["Printer"]);
    expect(await subjects(admin.token, '"toner cartridges"')).toEqual(["Printer"]);
    expect(await subjects(admin.token, '"cartridges toner"')).toEqual([]);
    expect(await subjects(admin.token, "toner or refund")).toEqual(["Invoice", "Printer"]);
    // each text is judged alone, as a message is: the note says supplier, the message says printer
    expect(await subjects(admin.token, "toner -supplier")).toEqual([]);
    expect(await subjects(admin.token, "printer -toner")).toEqual(["Printer"]);
    expect(await subjects(admin.token, "SUPPLIER")).toEqual(["Printer"]);
  });

  it("answers a snippet cut from the note, the note's text escaped", async () => {
    const { admin, printer } = await desk();
    await note(admin.token, printer, 'Checked <img src=x onerror="alert(1)"> the fuser & the drum');
    const [found] = (await search(admin.token, "q=fuser")).threads;
    expect(found?.snippet).toContain("onerror=&quot;alert(1)&quot; the <mark>fuser</mark> &amp; the drum");
    expect(found?.snippet?.replace(/<\/?mark>/g, "")).not.toMatch(/[<>]/);
  });

  it("takes the snippet from the newest matching text, a note or a message", async () => {
    const { org, inbox, admin } = await makeOrgWithInbox(t.db);
    const thread = await makeThread(t.db, org, inbox, { subject: "Quarterly" });
    await makeMessage(t.db, thread, { text: "the old ledger", html: "", createdAt: new Date(1000) });
    await note(admin.token, `THD-${thread.number}`, "ledger reconciled today");
    const [found] = (await search(admin.token, "q=ledger")).threads;
    expect(found?.snippet).toBe("<mark>ledger</mark> reconciled today");
  });

  it("ranks a thread by its notes too when ordering by relevance", async () => {
    const { admin, printer, invoice } = await desk();
    await note(admin.token, invoice, "escalate escalate escalate to the vendor");
    await note(admin.token, printer, "maybe escalate later");
    const page = await search(admin.token, "q=escalate&sort=relevance");
    expect(page.threads.map((found) => found.subject)).toEqual(["Invoice", "Printer"]);
  });

  it("never finds another org's threads by their notes", async () => {
    const mine = await desk();
    const theirs = await desk();
    await note(theirs.admin.token, theirs.printer, "secret zeppelin plan");
    expect(await subjects(mine.admin.token, "zeppelin")).toEqual([]);
    expect(await subjects(theirs.admin.token, "zeppelin")).toEqual(["Printer"]);
  });

  it("applies the list's other filters together with a match in a note", async () => {
    const { org, admin, printer, invoice } = await desk();
    const agent = await makeMember(t.db, org);
    await note(admin.token, printer, "waiting on the courier");
    await note(admin.token, invoice, "the courier lost it");
    const patched = await send(t, "PATCH", `/threads/${invoice}`, admin.token, {
      assignee: agent.email,
      tags: ["shipping"],
    });
    expect(patched.status).toBe(200);
    const filtered = await search(admin.token, "q=courier&tag=shipping");
    expect(filtered.threads.map((found) => found.subject)).toEqual(["Invoice"]);
    const unassigned = await search(admin.token, "q=courier&assignee=none");
    expect(unassigned.threads.map((found) => found.subject)).toEqual(["Printer"]);
  });

  it("keeps the note's document in the database, never in what the API answers", async () => {
    const { admin, printer } = await desk();
    await note(admin.token, printer, "a document of its own");
    const [row] = await t.db
      .select({ search: sql<string>`${threadNotes.search}::text` })
      .from(threadNotes)
      .where(eq(threadNotes.body, "a document of its own"));
    expect(row?.search).toBe("'a':1 'document':2 'its':4 'of':3 'own':5");
    const detail = await send(t, "GET", `/threads/${printer}`, admin.token);
    const { thread } = (await detail.json()) as { thread: { notes: Record<string, unknown>[] } };
    expect(Object.keys(thread.notes[0]!).sort()).toEqual(["author", "body", "createdAt", "id", "mentions"]);
  });
});
