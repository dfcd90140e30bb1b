import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { threads } from "../../../api/src/db/schema";
import { makeTestApp, type TestApp } from "../../helpers/app";
import { deliverInbound, loadCorpusEmail } from "../../helpers/corpus";
import { testDrivers } from "../../helpers/databases";
import {
  makeInbox,
  makeMember,
  makeMessage,
  makeOrg,
  makeOrgWithInbox,
  makeThread,
} from "../../helpers/factories";
import { inboundPayload } from "../../helpers/postmark-payloads";
import { type ErrorReply, send } from "../admin/send";

type Found = { ref: string; subject: string; snippet?: string };
type Page = { threads: Found[]; nextCursor: string | null };

describe.each(testDrivers)("full-text search on %s", (driver) => {
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

  /** An org whose threads each hold one message with the given text. */
  async function orgWith(texts: Record<string, string>) {
    const world = await makeOrgWithInbox(t.db);
    for (const [subject, text] of Object.entries(texts)) {
      const thread = await makeThread(t.db, world.org, world.inbox, { subject });
      await makeMessage(t.db, thread, { text, html: "" });
    }
    return world;
  }

  it("answers found threads with their response targets, as the list does", async () => {
    const { org, inbox, admin } = await makeOrgWithInbox(t.db);
    const due = new Date(Date.now() - 60_000);
    const thread = await makeThread(t.db, org, inbox, {
      subject: "Overdue",
      firstResponseDueAt: due,
      resolvedAt: new Date(Date.now() - 1000),
    });
    await makeMessage(t.db, thread, { text: "the kumquat press is stuck", html: "" });
    const res = await send(t, "GET", "/threads?q=kumquat", admin.token);
    expect(res.status, await res.clone().text()).toBe(200);
    const [found] = ((await res.json()) as { threads: (Found & { sla: unknown; resolvedAt: string })[] })
      .threads;
    expect(found?.sla).toEqual({
      firstResponseDueAt: due.toISOString(),
      resolutionDueAt: null,
      breached: true,
    });
    expect(found?.resolvedAt).toEqual(expect.any(String));
  });

  it("finds words in messages, phrases in order, leaves out -words and takes or", async () => {
    const { admin } = await orgWith({
      Jam: "The printer jammed again this morning",
      Fire: "Our printer is on fire, please help",
      Refund: "The printer works but we want a refund",
      Other: "Nothing about office machines here",
    });
    expect(await subjects(admin.token, "printer")).toEqual(["Fire", "Jam", "Refund"]);
    expect(await subjects(admin.token, "PRINTER jammed")).toEqual(["Jam"]);
    expect(await subjects(admin.token, '"printer is on fire"')).toEqual(["Fire"]);
    expect(await subjects(admin.token, '"fire printer"')).toEqual([]);
    expect(await subjects(admin.token, "printer -refund")).toEqual(["Fire", "Jam"]);
    expect(await subjects(admin.token, "jammed or refund")).toEqual(["Jam", "Refund"]);
    expect(await subjects(admin.token, "machines")).toEqual(["Other"]);
  });

  it("matches an email address and THD-n exactly, and a client's domain", async () => {
    const { org, inbox, admin } = await makeOrgWithInbox(t.db);
    await makeThread(t.db, org, inbox, { subject: "Ada's", clientEmail: "ada@acme.com" });
    await makeThread(t.db, org, inbox, { subject: "Bada's", clientEmail: "bada@acme.com" });
    const other = await makeThread(t.db, org, inbox, {
      subject: "Elsewhere",
      clientEmail: "cy@else.example",
    });
    const numbered = await makeThread(t.db, org, inbox, { subject: "Forty-two" });
    await t.db.update(threads).set({ number: 42 }).where(eq(threads.id, numbered.id));
    const bigger = await makeThread(t.db, org, inbox, { subject: "Four hundred twenty" });
    await t.db.update(threads).set({ number: 420 }).where(eq(threads.id, bigger.id));
    await makeMessage(t.db, other, { text: "As discussed in [THD-42] with ada@acme.com", html: "" });

    expect(await subjects(admin.token, "ada@acme.com")).toEqual(["Ada's", "Elsewhere"]);
    expect(await subjects(admin.token, "ADA@ACME.COM -elsewhere")).toEqual(["Ada's"]);
    expect(await subjects(admin.token, "acme.com")).toEqual(["Ada's", "Bada's"]);
    expect(await subjects(admin.token, "THD-42")).toEqual(["Elsewhere", "Forty-two"]);
    expect(await subjects(admin.token, "thd-420")).toEqual(["Four hundred twenty"]);
  });

  it("finds the sender and recipients of a message by name and address", async () => {
    const { org, inbox, admin } = await makeOrgWithInbox(t.db);
    const thread = await makeThread(t.db, org, inbox, { subject: "Copied" });
    await makeMessage(t.db, thread, {
      text: "hello",
      cc: [{ email: "boss@client.example", name: "Bertha Boss" }],
    });
    expect(await subjects(admin.token, "boss@client.example")).toEqual(["Copied"]);
    expect(await subjects(admin.token, "bertha")).toEqual(["Copied"]);
  });

  it("finds HTML-only mail by its text, entities decoded, never by its markup", async () => {
    const { org, inbox, admin } = await makeOrgWithInbox(t.db);
    const thread = await makeThread(t.db, org, inbox, { subject: "Html only" });
    await makeMessage(t.db, thread, {
      text: "",
      html: '<html><head><style>.kumquat { color: red }</style></head><body><p class="x">Gr&uuml;&szlig;e f&uuml;r Sie &amp; Ihr <b>Team</b>&nbsp;heute</p></body></html>',
    });
    expect(await subjects(admin.token, "grüße für")).toEqual(["Html only"]);
    expect(await subjects(admin.token, "team heute")).toEqual(["Html only"]);
    expect(await subjects(admin.token, "kumquat")).toEqual([]);
    expect(await subjects(admin.token, "class")).toEqual([]);
  });

  it("answers a highlighted snippet with the mail's text escaped", async () => {
    const { admin } = await orgWith({
      Hostile: 'Hello <script>alert("x")</script> the printer & <img src=x onerror=alert(1)> burns',
    });
    const [found] = (await search(admin.token, "q=printer")).threads;
    expect(found?.snippet).toContain("<mark>printer</mark>");
    // angle brackets are blanks to the index and its snippets; the rest is text, escaped
    expect(found?.snippet).toBe(
      "Hello script alert(&quot;x&quot;) /script the <mark>printer</mark> &amp; img src=x onerror=alert(1) burns",
    );
    expect(found?.snippet?.replace(/<\/?mark>/g, "")).not.toMatch(/[<>]/);
  });

  it("takes the snippet from the newest matching message, else the subject", async () => {
    const { org, inbox, admin } = await makeOrgWithInbox(t.db);
    const thread = await makeThread(t.db, org, inbox, { subject: "Quarterly figures" });
    await makeMessage(t.db, thread, { text: "first mention of the invoice", createdAt: new Date(1000) });
    await makeMessage(t.db, thread, { text: "second invoice reminder", createdAt: new Date(2000) });
    await makeMessage(t.db, thread, { text: "unrelated", createdAt: new Date(3000) });
    const [byMessage] = (await search(admin.token, "q=invoice")).threads;
    expect(byMessage?.snippet).toBe("second <mark>invoice</mark> reminder");
    const [bySubject] = (await search(admin.token, "q=quarterly")).threads;
    expect(bySubject?.snippet).toContain("<mark>Quarterly</mark> figures");
    const plain = await send(t, "GET", "/threads", admin.token);
    expect(((await plain.json()) as Page).threads[0]).not.toHaveProperty("snippet");
  });

  it("never answers another org's threads", async () => {
    const mine = await orgWith({ Mine: "the blue widget" });
    await orgWith({ Theirs: "the blue widget" });
    expect(await subjects(mine.admin.token, "widget")).toEqual(["Mine"]);
  });

  it("applies the other filters together with the search", async () => {
    const { org, inbox, admin } = await makeOrgWithInbox(t.db);
    const agent = await makeMember(t.db, org);
    await makeMessage(t.db, await makeThread(t.db, org, inbox, { subject: "Open one" }), { text: "widget" });
    await makeMessage(
      t.db,
      await makeThread(t.db, org, inbox, { subject: "Closed one", status: "closed", assigneeId: agent.id }),
      { text: "widget" },
    );
    const page = async (query: string) =>
      (await search(admin.token, `q=widget&${query}`)).threads.map((found) => found.subject);
    expect(await page("status=closed")).toEqual(["Closed one"]);
    expect(await page(`assignee=${encodeURIComponent(agent.email)}`)).toEqual(["Closed one"]);
    expect(await page("assignee=none")).toEqual(["Open one"]);
  });

  it("finds rare words in old threads beyond the newest hundred, newest first, page by page", async () => {
    const { org, inbox, admin } = await makeOrgWithInbox(t.db);
    // 250 threads, one message each, a minute apart; every hundredth says the rare word
    await t.db.execute(sql`
      with made as (
        insert into threads (org_id, inbox_id, number, subject, client_email, started_by, message_count, last_message_at)
        select ${org.id}::uuid, ${inbox.id}::uuid, n, 'Thread ' || n, 'c' || n || '@client.example', 'client', 1,
          timestamptz '2026-01-01' + n * interval '1 minute'
        from generate_series(0, 249) n
        returning id, number, last_message_at)
      insert into messages (org_id, inbox_id, thread_id, direction, from_email, subject, text, created_at)
      select ${org.id}::uuid, ${inbox.id}::uuid, id, 'inbound', 'c@client.example', 'Hello',
        case when number % 100 = 0 then 'a zanzibar message' else 'an ordinary message' end, last_message_at
      from made`);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const next: Page = await search(
        admin.token,
        `q=zanzibar&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      );
      seen.push(...next.threads.map((found) => found.subject));
      cursor = next.nextCursor;
    } while (cursor);
    expect(seen).toEqual(["Thread 200", "Thread 100", "Thread 0"]);
    const common = await search(admin.token, "q=ordinary&limit=3");
    expect(common.threads.map((found) => found.subject)).toEqual(["Thread 249", "Thread 248", "Thread 247"]);
  });

  it("orders by relevance on request: a match in the subject first, paging by rank", async () => {
    const { org, inbox, admin } = await makeOrgWithInbox(t.db);
    const inSubject = await makeThread(t.db, org, inbox, { subject: "Broken scanner" });
    await makeMessage(t.db, inSubject, { text: "see subject", createdAt: new Date(1000) });
    for (let i = 0; i < 3; i++) {
      const inBody = await makeThread(t.db, org, inbox, { subject: `Body ${i}` });
      await makeMessage(t.db, inBody, { text: "the scanner", createdAt: new Date(2000 + i) });
    }
    const first: Page = await search(admin.token, "q=scanner&sort=relevance&limit=2");
    expect(first.threads[0]?.subject).toBe("Broken scanner");
    const rest: Page = await search(
      admin.token,
      `q=scanner&sort=relevance&limit=2&cursor=${encodeURIComponent(first.nextCursor!)}`,
    );
    const all = [...first.threads, ...rest.threads].map((found) => found.subject);
    expect(all.sort()).toEqual(["Body 0", "Body 1", "Body 2", "Broken scanner"]);
    expect(rest.nextCursor).toBeNull();
    const byActivity = await search(admin.token, "q=scanner");
    expect(byActivity.threads.map((found) => found.subject)).toEqual([
      "Body 2",
      "Body 1",
      "Body 0",
      "Broken scanner",
    ]);
  });

  it("answers 400 with a clear message for text it cannot search, never a 500", async () => {
    const { admin } = await orgWith({ Any: "words" });
    const problem = async (query: string) => {
      const res = await send(t, "GET", `/threads?${query}`, admin.token);
      expect(res.status).toBe(400);
      return ((await res.json()) as ErrorReply).error.message;
    };
    for (const q of ["-", '""', "- - | & ! ( ) :* <->", "***"]) {
      expect(await problem(`q=${encodeURIComponent(q)}`)).toMatch(/^q: no word to search for/);
    }
    expect(await problem("q=-words")).toMatch(/^q: only words to leave out/);
    expect(await problem(`q=${"a".repeat(1000)}`)).toBe("q: at most 256 characters");
    expect(await problem("sort=relevance")).toMatch(/^sort: /);
    const byActivity = await search(admin.token, "q=words");
    expect(await problem(`q=words&sort=relevance&cursor=${byActivity.nextCursor ?? "x"}`)).toMatch(
      /^cursor: /,
    );
    // quotes, backslashes and SQL in the text are only text
    expect(await subjects(admin.token, `'); drop table threads; -- \\ "words`)).toEqual([]);
    expect(await subjects(admin.token, `words \\'`)).toEqual(["Any"]);
  });

  it("indexes a 5 MB email without error, its first 100,000 characters", async () => {
    const { org, inbox, admin } = await makeOrgWithInbox(t.db);
    const thread = await makeThread(t.db, org, inbox, { subject: "Huge" });
    const words = Array.from({ length: 700_000 }, (_, i) => `w${i.toString(36)}`).join(" ");
    await makeMessage(t.db, thread, { text: `beginning ${words} farend`, html: `<p>${words}</p>` });
    expect(await subjects(admin.token, "beginning")).toEqual(["Huge"]);
    expect(await subjects(admin.token, "farend")).toEqual([]);
  });

  it("keeps the document current as mail lands, with no reindex", async () => {
    const { org, inbox, admin } = await makeOrgWithInbox(t.db);
    const thread = await makeThread(t.db, org, inbox, { subject: "Ongoing" });
    expect(await subjects(admin.token, "latecomer")).toEqual([]);
    await makeMessage(t.db, thread, { text: "a latecomer word" });
    expect(await subjects(admin.token, "latecomer")).toEqual(["Ongoing"]);
    await t.db.update(threads).set({ subject: "Renamed topic" }).where(eq(threads.id, thread.id));
    expect(await subjects(admin.token, "renamed")).toEqual(["Renamed topic"]);
  });

  it("finds real mail filed through the webhook: HTML-only, 8-bit charsets, Japanese", async () => {
    const org = await makeOrg(t.db, { slug: "acme" });
    await makeInbox(t.db, org, { name: "support", autoAck: false });
    const admin = await makeMember(t.db, org, { role: "admin" });
    const refs = new Map<string, string>();
    for (const name of [
      "015-gmx-aw-re-re-re-html-only.json",
      "018-thunderbird-windows1252-8bit.json",
      "043-apple-mail-long-japanese-subject-filename.json",
    ]) {
      const [ref] = await deliverInbound(t.app, loadCorpusEmail(name));
      refs.set(name, ref!);
    }
    const refsOf = async (q: string) =>
      (await search(admin.token, `q=${encodeURIComponent(q)}`)).threads.map((found) => found.ref);
    expect(await refsOf("yippeeeeee multi-line")).toEqual([refs.get("015-gmx-aw-re-re-re-html-only.json")]);
    expect(await refsOf("alice@gmx.de")).toEqual([refs.get("015-gmx-aw-re-re-re-html-only.json")]);
    expect(await refsOf("ä ö ü ß")).toEqual([refs.get("018-thunderbird-windows1252-8bit.json")]);
    expect(
      await refsOf(
        "まみむめもまみむめもまみむめもまみむめもまみむめもまみむめもまみむめもまみむめもまみむめもまみむめも",
      ),
    ).toEqual([refs.get("043-apple-mail-long-japanese-subject-filename.json")]);
  });

  it("leaves the acknowledgements the service sent out of the search", async () => {
    const org = await makeOrg(t.db);
    await makeInbox(t.db, org, { name: "support", autoAck: true });
    const admin = await makeMember(t.db, org, { role: "admin" });
    const to = `support.${org.slug}@tisket.test`;
    await deliverInbound(
      t.app,
      inboundPayload({ to: [to], subject: "Broken kettle", text: "The kettle leaks." }),
    );
    const [thread] = (await search(admin.token, "q=kettle")).threads;
    // the client's message and our acknowledgement
    expect(thread).toMatchObject({ subject: "Broken kettle", messageCount: 2 });
    // the acknowledgement says "received", "respond" and "shortly" in every thread
    expect(await subjects(admin.token, "received respond shortly")).toEqual([]);
  });
});
