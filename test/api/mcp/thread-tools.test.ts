import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, threadHistory, threads } from "../../../api/src/db/schema";
import { testDrivers } from "../../helpers/databases";
import { makeMessage } from "../../helpers/factories";
import { inboundPayload, postInbound } from "../../helpers/postmark-payloads";
import { type McpWorld, mcpWorld, type OtherOrg, structured, textOf } from "./mcp-world";

type Summary = { ref: string; status: string; subject: string; assignee: { email: string } | null };
type Page = { threads: Summary[]; nextCursor: string | null };
type MessageText = {
  id: string;
  direction: string;
  text: string;
  quotedHistoryTrimmed: boolean;
  attachments: unknown[];
};
type AgentThread = Summary & {
  messages: MessageText[];
  earlierMessages: { count: number; before: string | null };
  history: { field: string; from: string | null; to: string | null; actor: unknown; client: string | null }[];
  tickets: unknown[];
  drafts: unknown[];
};

const HOSTILE_HTML = `<html><head><style>p{color:red}</style></head><body>
<div dir="ltr">Hello, my <b>printer</b> is on fire!<script>alert("x")</script>
<img src="https://tracker.example/p.gif" onerror="alert(1)"></div>
<div class="gmail_quote"><div class="gmail_attr">On Mon, Jan 5, 2026 at 9:00 AM Support &lt;support@acme.example&gt; wrote:</div>
<blockquote class="gmail_quote">Did you try turning it off and on?</blockquote></div></body></html>`;

describe.each(testDrivers)("MCP thread tools on %s", (driver) => {
  let w: McpWorld;
  let theirs: OtherOrg;
  beforeAll(async () => {
    w = await mcpWorld(driver);
    theirs = await w.otherOrg();
  });
  afterAll(() => w?.close());

  it("list_threads: the org's threads, newest first, filtered and paged like the REST list", async () => {
    const agent = await w.member({ name: "Al Agent" });
    const client = await w.connect(agent.token);
    const a = await w.thread({ subject: "Invoice wrong", lastMessageAt: new Date("2026-01-01T10:00:00Z") });
    const b = await w.thread({ subject: "Login broken", lastMessageAt: new Date("2026-01-02T10:00:00Z") });
    await w.db.update(threads).set({ status: "resolved", assigneeId: agent.id }).where(eq(threads.id, a.id));

    const page = structured<Page>(
      await client.callTool({ name: "list_threads", arguments: { q: "invoice wrong" } }),
    );
    expect(page.threads.map((thread) => thread.ref)).toEqual([`THD-${a.number}`]);
    const mine = structured<Page>(
      await client.callTool({ name: "list_threads", arguments: { assignee: "me" } }),
    );
    expect(mine.threads.map((thread) => thread.ref)).toEqual([`THD-${a.number}`]);
    const resolved = structured<Page>(
      await client.callTool({ name: "list_threads", arguments: { status: "resolved", inbox: "support" } }),
    );
    expect(resolved.threads.map((thread) => thread.ref)).toEqual([`THD-${a.number}`]);

    const first = await client.callTool({
      name: "list_threads",
      arguments: { limit: 1, q: "invoice or login" },
    });
    const firstPage = structured<Page>(first);
    expect(firstPage.threads.map((thread) => thread.ref)).toEqual([`THD-${b.number}`]);
    expect(textOf(first)).toContain(`THD-${b.number} [open] Login broken`);
    expect(textOf(first)).toContain(`cursor "${firstPage.nextCursor}"`);
    const next = structured<Page>(
      await client.callTool({
        name: "list_threads",
        arguments: { limit: 1, q: "invoice or login", cursor: firstPage.nextCursor },
      }),
    );
    expect(next.threads.map((thread) => thread.ref)).toEqual([`THD-${a.number}`]);
  });

  it("list_threads never shows another org's threads", async () => {
    const client = await w.connect((await w.member()).token);
    const page = structured<Page>(
      await client.callTool({ name: "list_threads", arguments: { q: "Their secret", limit: 100 } }),
    );
    expect(page.threads).toEqual([]);
  });

  it("list_threads names a bad argument", async () => {
    const client = await w.connect((await w.member()).token);
    const bad = await client.callTool({ name: "list_threads", arguments: { status: "pending", limit: 500 } });
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toMatch(/status/);
    expect(textOf(bad)).toMatch(/limit/);
    const cursor = await client.callTool({ name: "list_threads", arguments: { cursor: "made-up" } });
    expect(cursor.isError).toBe(true);
    expect(textOf(cursor)).toBe("cursor: not a cursor this API handed out");
  });

  it("get_thread: messages as text only, no HTML anywhere, quoted history of replies cut, with history", async () => {
    const address = `support.${w.org.slug}@tisket.test`;
    const filed = await postInbound(
      w.app,
      inboundPayload({
        to: [address],
        subject: "Printer on fire",
        html: "<p>First <i>mail</i></p>",
        text: "",
      }),
    );
    expect(filed.status).toBe(200);
    const [ref] = filed.body.threads as string[];
    await postInbound(
      w.app,
      inboundPayload({
        to: [address],
        subject: `Re: [${ref}] Printer on fire`,
        html: HOSTILE_HTML,
        text: "",
      }),
    );
    const agent = await w.member({ name: "Al Agent" });
    const client = await w.connect(agent.token);
    await client.callTool({
      name: "update_thread_status",
      arguments: { thread: ref, status: "in_progress" },
    });

    const result = await client.callTool({ name: "get_thread", arguments: { thread: ref } });
    const got = structured<{ thread: AgentThread }>(result).thread;
    expect(got.ref).toBe(ref);
    // the client's mail, our acknowledgement, the client's reply
    expect(got.messages.map((message) => message.direction)).toEqual(["inbound", "outbound", "inbound"]);
    expect(got.messages[0]!.text).toBe("First mail");
    const last = got.messages[2]!;
    expect(last.text).toBe("Hello, my printer is on fire!");
    expect(last.quotedHistoryTrimmed).toBe(true);
    const everything = JSON.stringify(result);
    expect(everything).not.toMatch(/<\/?(p|i|b|div|img|script|style|blockquote)\b/i);
    expect(everything).not.toMatch(/"html"|alert|onerror|tracker\.example|color:red/);
    expect(got.history).toEqual([
      expect.objectContaining({ field: "status", from: "open", to: "in_progress", client: "mcp" }),
    ]);
    expect(got.earlierMessages).toEqual({ count: 0, before: null });
    expect(textOf(result)).toContain("Hello, my printer is on fire!");
    expect(textOf(result)).toContain("[quoted earlier mail left out]");
    expect(textOf(result)).toContain("status: open → in_progress by Al Agent");
  });

  it("get_thread pages a long thread from its newest messages", async () => {
    const thread = await w.thread({ subject: "Long one" });
    const start = Date.parse("2026-02-01T00:00:00Z");
    for (let i = 1; i <= 7; i += 1) {
      await makeMessage(w.db, thread, {
        text: `Message number ${i}`,
        html: "",
        createdAt: new Date(start + i * 60_000),
      });
    }
    const client = await w.connect((await w.member()).token);
    const ref = `THD-${thread.number}`;
    const read = async (before?: string) =>
      structured<{ thread: AgentThread }>(
        await client.callTool({
          name: "get_thread",
          arguments: { thread: ref, limit: 3, ...(before ? { before } : {}) },
        }),
      ).thread;
    const newest = await read();
    expect(newest.messages.map((message) => message.text)).toEqual([
      "Message number 5",
      "Message number 6",
      "Message number 7",
    ]);
    expect(newest.earlierMessages.count).toBe(4);
    const middle = await read(newest.earlierMessages.before!);
    expect(middle.messages.map((message) => message.text)).toEqual([
      "Message number 2",
      "Message number 3",
      "Message number 4",
    ]);
    const oldest = await read(middle.earlierMessages.before!);
    expect(oldest.messages.map((message) => message.text)).toEqual(["Message number 1"]);
    expect(oldest.earlierMessages).toEqual({ count: 0, before: null });
    const bad = await client.callTool({ name: "get_thread", arguments: { thread: ref, before: "nonsense" } });
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toMatch(/^before: /);
  });

  it("get_thread keeps a page to about 50,000 characters, always at least one message", async () => {
    const thread = await w.thread({ subject: "Big ones" });
    const start = Date.parse("2026-03-01T00:00:00Z");
    for (let i = 1; i <= 4; i += 1) {
      await makeMessage(w.db, thread, {
        text: `${i} ${"x".repeat(19_000)}`,
        html: "",
        createdAt: new Date(start + i * 1000),
      });
    }
    const client = await w.connect((await w.member()).token);
    const page = structured<{ thread: AgentThread }>(
      await client.callTool({ name: "get_thread", arguments: { thread: `THD-${thread.number}` } }),
    ).thread;
    expect(page.messages.map((message) => message.text.slice(0, 1))).toEqual(["3", "4"]);
    expect(page.earlierMessages.count).toBe(2);
  });

  it("get_thread: an unknown or another org's thread is a tool error naming it, with none of its data", async () => {
    const client = await w.connect((await w.member()).token);
    for (const ref of [theirs.ref, "THD-999999"]) {
      const result = await client.callTool({ name: "get_thread", arguments: { thread: ref } });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toBe(`${ref} not found`);
      expect(result.structuredContent).toBeUndefined();
      expect(JSON.stringify(result)).not.toContain("Their secret");
    }
    const odd = await client.callTool({ name: "get_thread", arguments: { thread: "nonsense" } });
    expect(textOf(odd)).toBe('thread "nonsense" not found');
    const missing = await client.callTool({ name: "get_thread", arguments: {} });
    expect(missing.isError).toBe(true);
    expect(textOf(missing)).toMatch(/thread/);
  });

  it("update_thread_status: changes it, recorded as the member through mcp; the same status again records nothing", async () => {
    const agent = await w.member({ name: "Al Agent" });
    const client = await w.connect(agent.token, { "X-Tisket-Client": "gmail" });
    const thread = await w.thread();
    const ref = `THD-${thread.number}`;
    const result = await client.callTool({
      name: "update_thread_status",
      arguments: { thread: ref, status: "resolved" },
    });
    expect(structured(result)).toMatchObject({
      thread: { ref, status: "resolved" },
      previousStatus: "open",
      changed: true,
    });
    expect(textOf(result)).toContain(`${ref} is now resolved (was open)`);
    const again = await client.callTool({
      name: "update_thread_status",
      arguments: { thread: ref, status: "resolved" },
    });
    expect(structured(again)).toMatchObject({ previousStatus: "resolved", changed: false });
    const history = await w.db.select().from(threadHistory).where(eq(threadHistory.threadId, thread.id));
    expect(history).toMatchObject([
      {
        field: "status",
        fromValue: "open",
        toValue: "resolved",
        actorId: agent.id,
        actor: agent.email,
        client: "mcp",
      },
    ]);
  });

  it("update_thread_status: a status not in the set is an error naming the argument; nothing changes", async () => {
    const client = await w.connect((await w.member()).token);
    const thread = await w.thread();
    const result = await client.callTool({
      name: "update_thread_status",
      arguments: { thread: `THD-${thread.number}`, status: "done" },
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/status/);
    const [row] = await w.db.select().from(threads).where(eq(threads.id, thread.id));
    expect(row!.status).toBe("open");
  });

  it("update_thread_status: another org's thread is not found and keeps its status", async () => {
    const client = await w.connect((await w.member()).token);
    const result = await client.callTool({
      name: "update_thread_status",
      arguments: { thread: theirs.ref, status: "closed" },
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(`${theirs.ref} not found`);
    const [row] = await w.db.select().from(threads).where(eq(threads.id, theirs.thread.id));
    expect(row!.status).toBe("open");
    const history = await w.db
      .select()
      .from(threadHistory)
      .where(and(eq(threadHistory.threadId, theirs.thread.id)));
    expect(history).toEqual([]);
    expect(await w.db.select().from(auditLog).where(eq(auditLog.orgId, theirs.org.id))).toEqual([]);
  });
});
