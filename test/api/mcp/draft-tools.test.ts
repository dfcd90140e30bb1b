import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, drafts, liveEvents, mailSink, outbox } from "../../../api/src/db/schema";
import { bearer } from "../../helpers/app";
import { testDrivers } from "../../helpers/databases";
import { inboundPayload, postInbound } from "../../helpers/postmark-payloads";
import { openEventStream, viaHttp } from "../events/sse-reader";
import { type McpWorld, mcpWorld, type OtherOrg, structured, textOf } from "./mcp-world";

type Draft = {
  id: string;
  body: string;
  author: { email: string; name: string };
  client: string;
  createdAt: string;
};

describe.each(testDrivers)("MCP draft_reply on %s", (driver) => {
  let w: McpWorld;
  let theirs: OtherOrg;
  beforeAll(async () => {
    w = await mcpWorld(driver);
    theirs = await w.otherOrg();
  });
  afterAll(() => w?.close());

  /** A thread filed through the webhook, its acknowledgement sent through the fake Postmark. */
  const clientThread = async () => {
    const before = w.postmark.received.length;
    const filed = await postInbound(
      w.app,
      inboundPayload({ to: [`support.${w.org.slug}@tisket.test`], from: "Cleo <cleo@client.example>" }),
    );
    await expect.poll(() => w.postmark.received.length, { timeout: 10_000 }).toBe(before + 1);
    return (filed.body.threads as string[])[0]!;
  };

  it("keeps the draft on the thread for staff, announced live, and no mail leaves", async () => {
    const ref = await clientThread();
    const sentBefore = w.postmark.received.length;
    const requestsBefore = w.postmark.requestCount;
    const agent = await w.member({ name: "Al Agent" });
    const client = await w.connect(agent.token);
    const staff = await w.member({ name: "Bob Builder" });
    const stream = await openEventStream(
      viaHttp(w.url),
      `/api/v1/threads/${ref}/events`,
      bearer(staff.token),
    );
    const body = "Hi Cleo,\n\nthe printer is fixed.\n\nAl";
    const result = await client.callTool({ name: "draft_reply", arguments: { thread: ref, body } });
    const { draft } = structured<{ thread: string; draft: Draft }>(result);
    // a thread page open in the viewer hears of it at once
    expect(await stream.nextEvent()).toMatchObject({
      event: "draft",
      data: { thread: ref, action: "created", draft: draft.id, by: agent.email },
    });
    await stream.close();
    expect(draft).toEqual({
      id: expect.any(String),
      body,
      author: { email: agent.email, name: "Al Agent" },
      client: "mcp",
      createdAt: expect.any(String),
    });
    expect(textOf(result)).toContain("nothing was sent to the client");

    const detail = (await (
      await w.app.request(`/api/v1/threads/${ref}`, { headers: { Authorization: `Bearer ${agent.token}` } })
    ).json()) as { thread: { drafts: Draft[]; id?: string } };
    expect(detail.thread.drafts).toEqual([draft]);

    // whatever is due in the outbox goes out now; the draft must not be among it
    await w.deliverMail();
    expect(w.postmark.received.length).toBe(sentBefore);
    expect(w.postmark.requestCount).toBe(requestsBefore);
    const queued = await w.db.select().from(outbox).where(eq(outbox.orgId, w.org.id));
    expect(queued.map((row) => row.kind)).toEqual(["acknowledgement"]);
    expect(await w.db.select().from(mailSink)).toEqual([]);
    const [row] = await w.db.select().from(drafts).where(eq(drafts.id, draft.id));
    const events = await w.db.select().from(liveEvents).where(eq(liveEvents.threadId, row!.threadId));
    expect(events.filter((event) => event.type === "draft").map((event) => event.data)).toEqual([
      { ref, action: "created", draft: draft.id, by: agent.email },
    ]);
    const audit = await w.db.select().from(auditLog).where(eq(auditLog.orgId, w.org.id));
    expect(audit.filter((entry) => entry.kind === "draft_created")).toMatchObject([
      { actor: agent.email, client: "mcp", target: ref, detail: { draft: draft.id } },
    ]);
  });

  it("names the body when it is over 100 KB or empty, and keeps nothing", async () => {
    const thread = await w.thread();
    const ref = `THD-${thread.number}`;
    const client = await w.connect((await w.member()).token);
    for (const body of ["x".repeat(100 * 1024 + 1), "€".repeat(40_000), "  "]) {
      const result = await client.callTool({ name: "draft_reply", arguments: { thread: ref, body } });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/body/);
    }
    expect(
      textOf(
        await client.callTool({ name: "draft_reply", arguments: { thread: ref, body: "€".repeat(40_000) } }),
      ),
    ).toMatch(/at most 100 KB/);
    expect(await w.db.select().from(drafts).where(eq(drafts.threadId, thread.id))).toEqual([]);
  });

  it("refuses another org's thread and keeps nothing there", async () => {
    const client = await w.connect((await w.member()).token);
    const result = await client.callTool({
      name: "draft_reply",
      arguments: { thread: theirs.ref, body: "Hello" },
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(`${theirs.ref} not found`);
    expect(await w.db.select().from(drafts).where(eq(drafts.orgId, theirs.org.id))).toEqual([]);
  });
});
