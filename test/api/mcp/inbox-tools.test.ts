import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, inboxes, threads } from "../../../api/src/db/schema";
import { testDrivers } from "../../helpers/databases";
import { makeInbox, makeThread } from "../../helpers/factories";
import { type McpWorld, mcpWorld, type OtherOrg, structured, textOf } from "./mcp-world";

type Inbox = {
  name: string;
  address: string;
  customAddress: string | null;
  autoAck: boolean;
  openThreads: number;
  inProgressThreads: number;
};

describe.each(testDrivers)("MCP inbox tools on %s", (driver) => {
  let w: McpWorld;
  let theirs: OtherOrg;
  beforeAll(async () => {
    w = await mcpWorld(driver);
    theirs = await w.otherOrg();
    await makeInbox(w.db, theirs.org, { name: "their-secret" });
    for (let i = 0; i < 3; i += 1) await makeThread(w.db, theirs.org, theirs.inbox);
  });
  afterAll(() => w?.close());

  it("list_inboxes: every inbox of the org with its address and open threads, none of another org's", async () => {
    const billing = await makeInbox(w.db, w.org, {
      name: "billing",
      autoAck: false,
      customAddress: "billing@acme.example",
    });
    await w.thread();
    await w.thread({ status: "in_progress" });
    await w.thread({ status: "resolved" });
    await makeThread(w.db, w.org, billing);
    const client = await w.connect((await w.member()).token);
    const result = await client.callTool({ name: "list_inboxes", arguments: {} });
    const { inboxes: listed } = structured<{ inboxes: Inbox[] }>(result);
    expect(listed).toEqual([
      expect.objectContaining({
        name: "billing",
        address: `billing.${w.org.slug}@tisket.test`,
        customAddress: "billing@acme.example",
        autoAck: false,
        openThreads: 1,
        inProgressThreads: 0,
      }),
      expect.objectContaining({ name: "support", autoAck: true, openThreads: 1, inProgressThreads: 1 }),
    ]);
    expect(textOf(result)).toContain(`billing: billing.${w.org.slug}@tisket.test, also billing@acme.example`);
    expect(JSON.stringify(result)).not.toContain("their-secret");
  });

  it("get_inbox: one inbox by name; another org's is not found", async () => {
    const client = await w.connect((await w.member()).token);
    const one = structured<{ inbox: Inbox }>(
      await client.callTool({ name: "get_inbox", arguments: { inbox: "support" } }),
    );
    expect(one.inbox).toMatchObject({ name: "support", address: `support.${w.org.slug}@tisket.test` });
    const theirsResult = await client.callTool({ name: "get_inbox", arguments: { inbox: "their-secret" } });
    expect(theirsResult.isError).toBe(true);
    expect(textOf(theirsResult)).toBe('inbox "their-secret" not found');
    const bad = await client.callTool({ name: "get_inbox", arguments: { inbox: "Not A Name" } });
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toMatch(/inbox/);
  });

  it("create_inbox: an admin provisions an address in their own org, audited through mcp", async () => {
    const admin = await w.member({ role: "admin", name: "Ada Admin" });
    const client = await w.connect(admin.token);
    const result = await client.callTool({
      name: "create_inbox",
      arguments: { name: "sales", autoAckMessage: "Thanks, we are on it." },
    });
    expect(structured(result)).toMatchObject({
      inbox: {
        name: "sales",
        address: `sales.${w.org.slug}@tisket.test`,
        autoAck: true,
        autoAckMessage: "Thanks, we are on it.",
      },
    });
    expect(textOf(result)).toBe(`Created inbox sales: clients write to sales.${w.org.slug}@tisket.test.`);
    const audit = await w.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, w.org.id), eq(auditLog.kind, "inbox_created")));
    expect(audit).toMatchObject([{ actor: admin.email, client: "mcp", target: "sales" }]);
    expect(
      await w.db
        .select()
        .from(inboxes)
        .where(and(eq(inboxes.orgId, theirs.org.id), eq(inboxes.name, "sales"))),
    ).toEqual([]);
    const again = await client.callTool({ name: "create_inbox", arguments: { name: "sales" } });
    expect(again.isError).toBe(true);
    expect(textOf(again)).toBe('name: an inbox "sales" already exists');
  });

  it("create_inbox: an agent gets a tool error and nothing is created", async () => {
    const client = await w.connect((await w.member({ role: "agent" })).token);
    const result = await client.callTool({ name: "create_inbox", arguments: { name: "sneaky" } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe("Only an admin of this organization may do this.");
    expect(await w.db.select().from(inboxes).where(eq(inboxes.name, "sneaky"))).toEqual([]);
  });

  it("create_inbox names a bad argument", async () => {
    const client = await w.connect((await w.member({ role: "admin" })).token);
    const result = await client.callTool({
      name: "create_inbox",
      arguments: { name: "Has Spaces", autoAck: "yes" },
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/name/);
    expect(textOf(result)).toMatch(/autoAck/);
    expect(await w.db.select().from(threads).where(eq(threads.orgId, theirs.org.id))).toHaveLength(4);
  });
});
