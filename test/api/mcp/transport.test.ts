import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OPERATOR_TOKEN } from "../../helpers/app";
import { testDrivers } from "../../helpers/databases";
import { type McpWorld, mcpWorld } from "./mcp-world";

const EXPECTED_TOOLS = [
  "create_inbox",
  "draft_reply",
  "get_inbox",
  "get_thread",
  "get_ticket_for_thread",
  "link_thread_to_ticket",
  "list_inboxes",
  "list_threads",
  "update_thread_status",
];

const initialize = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "curl", version: "1" } },
};

describe.each(testDrivers)("/mcp over Streamable HTTP on %s", (driver) => {
  let w: McpWorld;
  beforeAll(async () => {
    w = await mcpWorld(driver);
  });
  afterAll(() => w?.close());

  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${w.url}/mcp`, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json, text/event-stream",
        ...headers,
      },
      body,
    });

  it("lists the nine tools with input and output schemas and truthful annotations", async () => {
    const agent = await w.member();
    const client = await w.connect(agent.token);
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(EXPECTED_TOOLS);
    for (const tool of tools) {
      expect(tool.inputSchema.type, tool.name).toBe("object");
      expect(tool.outputSchema?.type, tool.name).toBe("object");
      expect(tool.description, tool.name).toBeTruthy();
      expect(typeof tool.annotations?.readOnlyHint, tool.name).toBe("boolean");
    }
    const byName = Object.fromEntries(tools.map((tool) => [tool.name, tool]));
    const readOnly = ["list_inboxes", "get_inbox", "list_threads", "get_thread", "get_ticket_for_thread"];
    for (const name of readOnly) expect(byName[name]?.annotations?.readOnlyHint, name).toBe(true);
    for (const name of ["create_inbox", "update_thread_status", "link_thread_to_ticket", "draft_reply"]) {
      expect(byName[name]?.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: false });
    }
    expect(byName.link_thread_to_ticket?.annotations?.idempotentHint).toBe(true);
    expect(byName.draft_reply?.annotations?.idempotentHint).toBe(false);
    expect(byName.create_inbox?.annotations?.idempotentHint).toBe(false);
  });

  it("describes arguments with the REST API's own schemas", async () => {
    const client = await w.connect((await w.member()).token);
    const { tools } = await client.listTools();
    const byName = Object.fromEntries(tools.map((tool) => [tool.name, tool]));
    const listInput = byName.list_threads!.inputSchema as {
      properties: Record<string, { description?: string }>;
    };
    expect(Object.keys(listInput.properties)).toEqual(
      expect.arrayContaining(["status", "inbox", "assignee", "q", "ticket", "cursor", "limit"]),
    );
    expect(listInput.properties.assignee?.description).toMatch(/me.*none/);
    const status = (
      byName.update_thread_status!.inputSchema as unknown as { properties: { status: { enum: string[] } } }
    ).properties.status;
    expect(status.enum).toEqual(["open", "in_progress", "resolved", "closed"]);
    const ticket = (
      byName.link_thread_to_ticket!.inputSchema as unknown as { properties: { ticket: { pattern: string } } }
    ).properties.ticket;
    expect(ticket.pattern).toBe("^[A-Z][A-Z0-9]*-[0-9]+$");
    expect(JSON.stringify(byName.get_thread!.outputSchema)).not.toContain('"html"');
  });

  it("answers 401 with WWW-Authenticate: Bearer without a valid token, and the SDK client fails", async () => {
    const none = await post(JSON.stringify(initialize));
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toMatch(/^Bearer\b/);
    const wrong = await post(JSON.stringify(initialize), { Authorization: "Bearer tsk_not-a-token" });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("www-authenticate")).toMatch(/^Bearer\b/);

    const client = new Client({ name: "tisket-tests", version: "1.0.0" });
    const transport = new StreamableHTTPClientTransport(new URL(`${w.url}/mcp`), {
      requestInit: { headers: { Authorization: "Bearer tsk_revoked-or-made-up" } },
    });
    await expect(client.connect(transport)).rejects.toThrow();
  });

  it("refuses the operator token: tools act as one member of one org", async () => {
    const res = await post(JSON.stringify(initialize), { Authorization: `Bearer ${OPERATOR_TOKEN}` });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
      /member's API token/,
    );
  });

  it("answers GET (and other methods) with 405: no server-initiated stream is offered", async () => {
    const agent = await w.member();
    for (const method of ["GET", "DELETE", "PUT"]) {
      const res = await fetch(`${w.url}/mcp`, {
        method,
        headers: { Authorization: `Bearer ${agent.token}`, Accept: "text/event-stream" },
      });
      expect(res.status, method).toBe(405);
      expect(res.headers.get("allow")).toBe("POST");
      expect(((await res.json()) as { jsonrpc: string }).jsonrpc).toBe("2.0");
    }
  });

  it("answers a malformed JSON-RPC body with a JSON-RPC error, never a 500", async () => {
    const auth = { Authorization: `Bearer ${(await w.member()).token}` };
    const cases = ["{not json", '{"hello":"world"}', "[]", '{"jsonrpc":"2.0","id":1}', "null", "42"];
    for (const body of cases) {
      const res = await post(body, auth);
      expect(res.status, body).toBeGreaterThanOrEqual(400);
      expect(res.status, body).toBeLessThan(500);
      const reply = (await res.json()) as { jsonrpc: string; error: { code: number; message: string } };
      expect(reply.jsonrpc, body).toBe("2.0");
      expect(reply.error.code, body).toBeLessThan(0);
    }
  });

  it("answers an unknown method and an unknown tool with JSON-RPC errors", async () => {
    const client = await w.connect((await w.member()).token);
    await expect(client.request({ method: "resources/list" } as never, {} as never)).rejects.toThrow();
    const unknown = await client.callTool({ name: "send_email", arguments: {} });
    expect(unknown.isError).toBe(true);
  });

  it("serves initialize and a tool call as plain JSON on one stateless POST each", async () => {
    const agent = await w.member();
    const headers = { Authorization: `Bearer ${agent.token}` };
    const init = await post(JSON.stringify(initialize), headers);
    expect(init.status).toBe(200);
    expect(init.headers.get("content-type")).toMatch(/application\/json/);
    expect(init.headers.get("mcp-session-id")).toBeNull();
    const body = (await init.json()) as { result: { serverInfo: { name: string }; instructions: string } };
    expect(body.result.serverInfo.name).toBe("tisket-threads");
    expect(body.result.instructions).toMatch(/cannot email/);
    const call = await post(
      JSON.stringify({
        jsonrpc: "2.0",
        id: 2,
        method: "tools/call",
        params: { name: "list_inboxes", arguments: {} },
      }),
      { ...headers, "MCP-Protocol-Version": "2025-06-18" },
    );
    expect(call.status).toBe(200);
    const result = (await call.json()) as { result: { structuredContent: { inboxes: { name: string }[] } } };
    expect(result.result.structuredContent.inboxes.map((inbox) => inbox.name)).toEqual(["support"]);
  });
  // last: the server closes the connection it did not read a body from, which fetch may have pooled
  it("answers a body over 1 MB with 413 before reading it", async () => {
    const auth = { Authorization: `Bearer ${(await w.member()).token}` };
    const res = await post(JSON.stringify({ ...initialize, padding: "x".repeat(1024 * 1024) }), auth);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { jsonrpc: string }).jsonrpc).toBe("2.0");
  });
});
