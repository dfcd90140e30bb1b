import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, threadHistory, threadTickets } from "../../../api/src/db/schema";
import { testDrivers } from "../../helpers/databases";
import { type McpWorld, mcpWorld, type OtherOrg, structured, textOf } from "./mcp-world";

type Link = { id: string; repo: string | null; url: string | null; linkedAt: string; linkedBy: unknown };
type Linked = { thread: string; ticket: Link; tickets: Link[]; alreadyLinked: boolean };

describe.each(testDrivers)("MCP ticket tools on %s", (driver) => {
  let w: McpWorld;
  let theirs: OtherOrg;
  beforeAll(async () => {
    w = await mcpWorld(driver);
    theirs = await w.otherOrg();
  });
  afterAll(() => w?.close());

  it("links a thread to a ticket, idempotently, recorded as the member through mcp", async () => {
    const agent = await w.member({ name: "Al Agent" });
    const client = await w.connect(agent.token);
    const thread = await w.thread();
    const ref = `THD-${thread.number}`;
    const args = { thread: ref, ticket: "TKT-42", repo: "acme/.tickets", url: "https://git.example/TKT-42" };
    const first = await client.callTool({ name: "link_thread_to_ticket", arguments: args });
    const linked = structured<Linked>(first);
    expect(linked).toEqual({
      thread: ref,
      ticket: {
        id: "TKT-42",
        repo: "acme/.tickets",
        url: "https://git.example/TKT-42",
        linkedAt: expect.any(String),
        linkedBy: { email: agent.email, name: "Al Agent" },
      },
      tickets: [linked.ticket],
      alreadyLinked: false,
    });
    expect(textOf(first)).toContain(`${ref} is now linked to TKT-42`);
    const again = structured<Linked>(
      await client.callTool({ name: "link_thread_to_ticket", arguments: args }),
    );
    expect(again).toEqual({ ...linked, alreadyLinked: true });

    expect(await w.db.select().from(threadTickets).where(eq(threadTickets.threadId, thread.id))).toHaveLength(
      1,
    );
    const history = await w.db.select().from(threadHistory).where(eq(threadHistory.threadId, thread.id));
    expect(history).toMatchObject([
      { field: "ticket", toValue: "TKT-42", actor: agent.email, client: "mcp" },
    ]);
    const audit = await w.db.select().from(auditLog).where(eq(auditLog.orgId, w.org.id));
    expect(audit.filter((row) => row.kind.startsWith("ticket_"))).toMatchObject([
      { kind: "ticket_linked", client: "mcp", actor: agent.email },
    ]);

    const tickets = await client.callTool({ name: "get_ticket_for_thread", arguments: { thread: ref } });
    expect(structured(tickets)).toEqual({ thread: ref, tickets: [linked.ticket] });
    expect(textOf(tickets)).toContain(
      `${ref} is linked to:\n- TKT-42 (acme/.tickets https://git.example/TKT-42)`,
    );
    const found = structured<{ threads: { ref: string }[] }>(
      await client.callTool({ name: "list_threads", arguments: { ticket: "TKT-42" } }),
    );
    expect(found.threads.map((each) => each.ref)).toEqual([ref]);
  });

  it("says when a thread has no ticket", async () => {
    const client = await w.connect((await w.member()).token);
    const ref = `THD-${(await w.thread()).number}`;
    const result = await client.callTool({ name: "get_ticket_for_thread", arguments: { thread: ref } });
    expect(structured(result)).toEqual({ thread: ref, tickets: [] });
    expect(textOf(result)).toBe(`${ref} is linked to no ticket.`);
  });

  it("names a ticket id that is not like ABC-123, and a url that is not a web address", async () => {
    const client = await w.connect((await w.member()).token);
    const thread = await w.thread();
    for (const ticket of ["tkt-42", "TKT42", "42", "TKT-x"]) {
      const result = await client.callTool({
        name: "link_thread_to_ticket",
        arguments: { thread: `THD-${thread.number}`, ticket },
      });
      expect(result.isError, ticket).toBe(true);
      expect(textOf(result), ticket).toMatch(/ticket id like TKT-42.*ticket/s);
    }
    const url = await client.callTool({
      name: "link_thread_to_ticket",
      arguments: { thread: `THD-${thread.number}`, ticket: "TKT-1", url: "javascript:alert(1)" },
    });
    expect(url.isError).toBe(true);
    expect(textOf(url)).toMatch(/url/);
    expect(await w.db.select().from(threadTickets).where(eq(threadTickets.threadId, thread.id))).toEqual([]);
  });

  it("treats another org's thread as not found for both tools and links nothing", async () => {
    const client = await w.connect((await w.member()).token);
    const link = await client.callTool({
      name: "link_thread_to_ticket",
      arguments: { thread: theirs.ref, ticket: "TKT-1" },
    });
    expect(link.isError).toBe(true);
    expect(textOf(link)).toBe(`${theirs.ref} not found`);
    expect(await w.db.select().from(threadTickets).where(eq(threadTickets.orgId, theirs.org.id))).toEqual([]);
    const read = await client.callTool({ name: "get_ticket_for_thread", arguments: { thread: theirs.ref } });
    expect(read.isError).toBe(true);
    expect(textOf(read)).toBe(`${theirs.ref} not found`);
  });

  it("never lists another org's threads for a ticket both orgs use", async () => {
    const theirAdmin = await w.connect(theirs.admin.token);
    await theirAdmin.callTool({
      name: "link_thread_to_ticket",
      arguments: { thread: theirs.ref, ticket: "SHARED-1" },
    });
    const client = await w.connect((await w.member()).token);
    const found = structured<{ threads: unknown[] }>(
      await client.callTool({ name: "list_threads", arguments: { ticket: "SHARED-1" } }),
    );
    expect(found.threads).toEqual([]);
  });
});
