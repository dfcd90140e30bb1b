import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { AjvJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/ajv";
import { draftReplyTool } from "./draft-tools";
import { createInboxTool, getInboxTool, listInboxesTool } from "./inbox-tools";
import { getThreadTool, listThreadsTool, updateThreadStatusTool } from "./thread-tools";
import { getTicketForThreadTool, linkThreadToTicketTool } from "./ticket-tools";
import { type AnyTool, registerTool, type ToolContext } from "./tool";

export const TOOLS: AnyTool[] = [
  listInboxesTool,
  getInboxTool,
  createInboxTool,
  listThreadsTool,
  getThreadTool,
  updateThreadStatusTool,
  linkThreadToTicketTool,
  getTicketForThreadTool,
  draftReplyTool,
];

const INSTRUCTIONS = `Tisket Threads is a client service desk: clients email an inbox, each conversation is a thread (THD-42).
You act as the member whose token you use; everything you change is recorded as done by them through MCP.
You can read inboxes and threads, change a thread's status, link threads to engineering tickets (TKT-42), and draft replies.
You cannot email anyone: draft_reply keeps a suggestion that staff review and send themselves.`;

// the SDK makes an Ajv instance per server unless given one (~0.12 ms a request, measured); no tool
// of ours asks the client for input (elicitation), the one thing the server validates with it
const jsonSchemaValidator = new AjvJsonSchemaValidator();

/** A server for one request (the transport is stateless), acting as the calling member. */
export function createMcpServer(context: ToolContext): McpServer {
  const server = new McpServer(
    { name: "tisket-threads", title: "Tisket Threads", version: "1.0.0" },
    { capabilities: { tools: { listChanged: false } }, instructions: INSTRUCTIONS, jsonSchemaValidator },
  );
  for (const tool of TOOLS) registerTool(server, context, tool);
  return server;
}
