import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { threads } from "../../../api/src/db/schema";
import { makeTestApp, OPERATOR_TOKEN, type TestApp } from "../../helpers/app";
import { makeInbox, makeMember, makeMessage, makeOrgWithInbox, makeThread } from "../../helpers/factories";
import { type ErrorReply, send } from "../admin/send";

type Summary = { ref: string; status: string; subject: string; client: { email: string } };
type Page = { threads: Summary[]; nextCursor: string | null };

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t?.close());

async function page(token: string, query = ""): Promise<Page> {
  const res = await send(t, "GET", `/threads${query}`, token);
  expect(res.status).toBe(200);
  return (await res.json()) as Page;
}

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 9, minute));

describe("GET /threads", () => {
  it("answers summaries newest activity first, in the documented shape", async () => {
    const { org, inbox, admin } = await makeOrgWithInbox(t.db);
    const agent = await makeMember(t.db, org, { role: "agent", name: "Al Agent" });
    const older = await makeThread(t.db, org, inbox, { subject: "Older", assigneeId: agent.id });
    await makeMessage(t.db, older, { createdAt: at(1) });
    const newer = await makeThread(t.db, org, inbox, {
      subject: "Newer",
      clientEmail: "cleo@client.example",
    });
    await makeMessage(t.db, newer, { createdAt: at(2) });
    await makeMessage(t.db, newer, { direction: "outbound", fromEmail: agent.email, createdAt: at(3) });

    const { threads: found, nextCursor } = await page(admin.token);
    expect(nextCursor).toBeNull();
    expect(found.map((thread) => thread.subject)).toEqual(["Newer", "Older"]);
    expect(found[0]).toEqual({
      ref: `THD-${newer.number}`,
      status: "open",
      subject: "Newer",
      inbox: { name: "support", address: `support.${org.slug}@tisket.test` },
      client: { email: "cleo@client.example", name: "Cleo Client" },
      assignee: null,
      messageCount: 2,
      lastMessageAt: at(3).toISOString(),
      lastMessage: { direction: "outbound", from: agent.email, at: at(3).toISOString() },
      priority: "normal",
      tags: [],
      sla: { firstResponseDueAt: null, resolutionDueAt: null, breached: false },
      firstResponseAt: null,
      resolvedAt: null,
      reopenCount: 0,
    });
    expect(found[1]).toMatchObject({ assignee: { email: agent.email, name: "Al Agent" }, messageCount: 1 });
  });

  it("shows a thread with no message yet with lastMessage null", async () => {
    const { org, inbox, admin } = await makeOrgWithInbox(t.db);
    await makeThread(t.db, org, inbox);
    const [summary] = (await page(admin.token)).threads as (Summary & { lastMessage: unknown })[];
    expect(summary?.lastMessage).toBeNull();
  });

  it("filters by status, inbox and full text in the subject or the client's address", async () => {
    const { org, inbox, admin } = await makeOrgWithInbox(t.db);
    const billing = await makeInbox(t.db, org, { name: "billing" });
    await makeThread(t.db, org, inbox, { subject: "Invoice missing", clientEmail: "ann@client.example" });
    await makeThread(t.db, org, billing, {
      subject: "Refund",
      clientEmail: "bob@Client.example",
      status: "resolved",
    });
    await makeThread(t.db, org, inbox, { subject: "100% off_sale", clientEmail: "cat@client.example" });

    const subjects = async (query: string) =>
      (await page(admin.token, query)).threads.map((x) => x.subject).sort();
    expect(await subjects("?status=resolved")).toEqual(["Refund"]);
    expect(await subjects("?inbox=billing")).toEqual(["Refund"]);
    expect(await subjects("?inbox=nowhere")).toEqual([]);
    expect(await subjects("?q=INVOICE")).toEqual(["Invoice missing"]);
    expect(await subjects("?q=BOB%40client.example")).toEqual(["Refund"]);
    expect(await subjects("?q=off_sale")).toEqual(["100% off_sale"]);
    expect(await subjects("?q=invoice&status=resolved")).toEqual([]);
    expect(await subjects("?q=&status=open")).toEqual(["100% off_sale", "Invoice missing"]);
  });

  it("filters by assignee: a member's address, me, or none", async () => {
    const { org, inbox, admin } = await makeOrgWithInbox(t.db);
    const agent = await makeMember(t.db, org, { email: "al@staff.example" });
    await makeThread(t.db, org, inbox, { subject: "Mine", assigneeId: admin.id });
    await makeThread(t.db, org, inbox, { subject: "Al's", assigneeId: agent.id });
    await makeThread(t.db, org, inbox, { subject: "Nobody's" });
    const other = await makeOrgWithInbox(t.db);
    const stranger = await makeMember(t.db, other.org, { email: "al@staff.example" });
    await makeThread(t.db, other.org, other.inbox, { subject: "Elsewhere", assigneeId: stranger.id });

    const subjects = async (query: string) =>
      (await page(admin.token, query)).threads.map((x) => x.subject).sort();
    expect(await subjects("?assignee=me")).toEqual(["Mine"]);
    expect(await subjects("?assignee=AL%40staff.example")).toEqual(["Al's"]);
    expect(await subjects("?assignee=none")).toEqual(["Nobody's"]);
    expect(await subjects("?assignee=nobody%40staff.example")).toEqual([]);
    expect((await page(agent.token, "?assignee=me")).threads.map((x) => x.subject)).toEqual(["Al's"]);
  });

  it("pages through every thread once with the cursor, ties in activity included", async () => {
    const { org, inbox, admin } = await makeOrgWithInbox(t.db);
    const made: string[] = [];
    for (let i = 0; i < 8; i++) {
      const thread = await makeThread(t.db, org, inbox, { subject: `T${i}` });
      // three pairs share an instant, so the order must fall back on the id
      await t.db
        .update(threads)
        .set({ lastMessageAt: at(Math.floor(i / 2)) })
        .where(eq(threads.id, thread.id));
      made.push(`THD-${thread.number}`);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `?limit=3${cursor ? `&cursor=${cursor}` : ""}`;
      const result: Page = await page(admin.token, query);
      seen.push(...result.threads.map((thread) => thread.ref));
      cursor = result.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(8);
    expect([...seen].sort()).toEqual([...made].sort());
    const all = (await page(admin.token, "?limit=100")).threads.map((thread) => thread.ref);
    expect(seen).toEqual(all);
  });

  it.each([
    ["?status=pending", "status"],
    ["?limit=0", "limit"],
    ["?limit=101", "limit"],
    ["?limit=ten", "limit"],
    ["?assignee=someone", "assignee"],
    ["?cursor=bm90LWEtY3Vyc29y", "cursor"],
    ["?cursor=%%%", "cursor"],
  ])("refuses %s naming %s", async (query, field) => {
    const { admin } = await makeOrgWithInbox(t.db);
    const res = await send(t, "GET", `/threads${query}`, admin.token);
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorReply).error.message).toMatch(new RegExp(`^${field}:`));
  });

  it("never shows another org's threads", async () => {
    const mine = await makeOrgWithInbox(t.db);
    const theirs = await makeOrgWithInbox(t.db);
    await makeThread(t.db, theirs.org, theirs.inbox, { subject: "Secret" });
    expect((await page(mine.admin.token)).threads).toEqual([]);
    expect((await page(mine.admin.token, "?q=Secret")).threads).toEqual([]);
  });

  it("needs a member: 401 without a token, 403 for the operator", async () => {
    expect((await send(t, "GET", "/threads", null)).status).toBe(401);
    expect((await send(t, "GET", "/threads", OPERATOR_TOKEN)).status).toBe(403);
  });
});
