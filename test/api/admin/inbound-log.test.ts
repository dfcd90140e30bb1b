import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inboundEmails, type Org } from "../../../api/src/db/schema";
import { makeTestApp, OPERATOR_TOKEN, type TestApp } from "../../helpers/app";
import { makeMember, makeOrgWithInbox } from "../../helpers/factories";
import { type ErrorReply, send } from "./send";

type Entry = { id: string; org: string | null; status: string; subject: string | null; recipients: string[] };

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t?.close());

// each entry a second after the one before: entries kept within one clock tick would tie
let lastReceivedAt = Date.now();

async function received(org: Org | null, status: "filed" | "unrouted" | "failed", subject: string) {
  lastReceivedAt += 1000;
  const [row] = await t.db
    .insert(inboundEmails)
    .values({
      rawBody: JSON.stringify({ Subject: subject, secret: "raw-body-marker" }),
      status,
      fromEmail: "client@client.example",
      subject,
      recipients: ["support.acme@tisket.test"],
      orgId: org?.id ?? null,
      error: status === "failed" ? "boom" : null,
      receivedAt: new Date(lastReceivedAt),
    })
    .returning();
  return row!;
}

describe("GET /orgs/:slug/inbound-log", () => {
  it("shows an admin its org's mail, newest first, without raw bodies", async () => {
    const { org, admin } = await makeOrgWithInbox(t.db);
    const other = await makeOrgWithInbox(t.db);
    const first = await received(org, "filed", "First");
    const second = await received(org, "failed", "Second");
    await received(other.org, "filed", "Theirs");
    await received(null, "unrouted", "Nobody's");

    const res = await send(t, "GET", `/orgs/${org.slug}/inbound-log`, admin.token);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain("raw-body-marker");
    const { emails } = JSON.parse(text) as { emails: Entry[] };
    expect(emails.map((entry) => entry.id)).toEqual([second.id, first.id]);
    expect(emails[0]).toMatchObject({ org: org.slug, status: "failed", error: "boom", subject: "Second" });

    const failed = await send(t, "GET", `/orgs/${org.slug}/inbound-log?status=failed`, admin.token);
    expect(((await failed.json()) as { emails: Entry[] }).emails.map((entry) => entry.id)).toEqual([
      second.id,
    ]);
  });

  it("pages through the log with nextCursor, each entry once, newest first", async () => {
    const { org, admin } = await makeOrgWithInbox(t.db);
    const kept = [];
    for (const subject of ["One", "Two", "Three", "Four", "Five"])
      kept.push(await received(org, "filed", subject));
    await received(null, "unrouted", "Not theirs");

    const seen: string[] = [];
    const cursors: (string | null)[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : "";
      const res = await send(t, "GET", `/orgs/${org.slug}/inbound-log?limit=2${query}`, admin.token);
      expect(res.status).toBe(200);
      const page = (await res.json()) as { emails: Entry[]; nextCursor: string | null };
      seen.push(...page.emails.map((entry) => entry.id));
      cursor = page.nextCursor;
      cursors.push(cursor);
    } while (cursor);

    expect(seen).toEqual(kept.map((entry) => entry.id).reverse());
    expect(cursors.map((next) => next !== null)).toEqual([true, true, false]);
  });

  it("refuses a cursor it did not hand out", async () => {
    const { org, admin } = await makeOrgWithInbox(t.db);
    for (const cursor of [
      "nonsense",
      Buffer.from('["2030-13-45T00:00:00.000000Z","x"]').toString("base64url"),
    ]) {
      const res = await send(t, "GET", `/orgs/${org.slug}/inbound-log?cursor=${cursor}`, admin.token);
      expect(res.status).toBe(400);
      expect(((await res.json()) as ErrorReply).error.message).toMatch(/^cursor:/);
    }
  });

  it("refuses an unknown status naming it", async () => {
    const { org, admin } = await makeOrgWithInbox(t.db);
    const res = await send(t, "GET", `/orgs/${org.slug}/inbound-log?status=lost`, admin.token);
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorReply).error.message).toMatch(/^status:/);
  });

  it("refuses an agent with 403 and another org's admin with 404", async () => {
    const { org } = await makeOrgWithInbox(t.db);
    const agent = await makeMember(t.db, org, { role: "agent" });
    const { admin: stranger } = await makeOrgWithInbox(t.db);
    expect((await send(t, "GET", `/orgs/${org.slug}/inbound-log`, agent.token)).status).toBe(403);
    expect((await send(t, "GET", `/orgs/${org.slug}/inbound-log`, stranger.token)).status).toBe(404);
  });
});

describe("GET /inbound-log", () => {
  it("shows the operator the mail no inbox took", async () => {
    const { org } = await makeOrgWithInbox(t.db);
    await received(org, "filed", "Routed");
    const lost = await received(null, "unrouted", "Lost");
    const res = await send(t, "GET", "/inbound-log?status=unrouted", OPERATOR_TOKEN);
    expect(res.status).toBe(200);
    const { emails } = (await res.json()) as { emails: Entry[] };
    expect(emails.map((entry) => entry.id)).toContain(lost.id);
    expect(emails.every((entry) => entry.status === "unrouted" && entry.org === null)).toBe(true);
  });

  it("is the operator's alone", async () => {
    const { admin } = await makeOrgWithInbox(t.db);
    expect((await send(t, "GET", "/inbound-log?status=unrouted", admin.token)).status).toBe(403);
  });
});
