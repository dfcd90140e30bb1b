import type { PlannedCall } from "./call-load";
import { randomFrom } from "./email-traffic";
import type { StaffDataShape } from "./staff-data";
import type { StaffAnswer, StaffCall } from "./staff-http";
import type { StaffMember } from "./staff-members";

/**
 * What an AI agent reads, through MCP and, beside it, through REST doing the same work: a page of
 * 25 threads (every other one filtered by status), and one thread with its messages. Kinds take
 * turns, so each sees the same load.
 */
export const AGENT_MIX = [
  { kind: "rest-list", what: "GET /api/v1/threads?limit=25 (every other one &status=open)" },
  { kind: "mcp-list_threads", what: "POST /mcp tools/call list_threads { limit: 25, status? }" },
  { kind: "rest-thread", what: "GET /api/v1/threads/THD-n (all messages, HTML as stored)" },
  {
    kind: "mcp-get_thread",
    what: "POST /mcp tools/call get_thread { thread } (messages as text, newest page)",
  },
] as const;

// a client after initialize: each tool call is one stateless POST
const MCP_HEADERS = { accept: "application/json, text/event-stream", "mcp-protocol-version": "2025-06-18" };

type Judge = PlannedCall["judge"];
type Verdict = ReturnType<Judge>;

const failed = (answer: StaffAnswer): Verdict => ({
  ok: false,
  problem: `HTTP ${answer.status}: ${answer.text.slice(0, 160)}`,
});

const restList: Judge = (answer) => {
  if (answer.status !== 200) return failed(answer);
  const threads = (answer.json as { threads: unknown[] }).threads;
  return threads.length > 0 ? { ok: true, outcome: "page" } : { ok: false, problem: "an empty page" };
};

const restThread =
  (ref: string): Judge =>
  (answer) => {
    if (answer.status !== 200) return failed(answer);
    const found = (answer.json as { thread: { ref: string } }).thread.ref;
    return found === ref ? { ok: true, outcome: "thread" } : { ok: false, problem: `got ${found}` };
  };

type ToolAnswer = {
  result?: { isError?: boolean; structuredContent?: Record<string, unknown> };
  error?: unknown;
};

const toolResult =
  (check: (content: Record<string, unknown>) => string | null): Judge =>
  (answer) => {
    if (answer.status !== 200) return failed(answer);
    const reply = answer.json as ToolAnswer;
    if (!reply.result || reply.result.isError || !reply.result.structuredContent) {
      return { ok: false, problem: `tool error: ${JSON.stringify(reply).slice(0, 160)}` };
    }
    const problem = check(reply.result.structuredContent);
    return problem === null ? { ok: true, outcome: "result" } : { ok: false, problem };
  };

let rpcId = 0;
function toolCall(token: string, name: string, args: Record<string, unknown>): StaffCall {
  rpcId += 1;
  const body = { jsonrpc: "2.0", id: rpcId, method: "tools/call", params: { name, arguments: args } };
  return { method: "POST", path: "/mcp", token, body, headers: MCP_HEADERS };
}

export function agentTraffic(shape: StaffDataShape, staff: StaffMember[], seed: number) {
  const random = randomFrom(seed);
  let count = 0;
  return {
    next(): PlannedCall {
      const member = staff[Math.floor(random() * staff.length)]!;
      const kind = AGENT_MIX[count % AGENT_MIX.length]!.kind;
      const filtered = Math.floor(count / AGENT_MIX.length) % 2 === 1;
      count += 1;
      const ref = `THD-${1 + Math.floor(random() * shape.threads)}`;
      switch (kind) {
        case "rest-list": {
          const path = `/api/v1/threads?limit=25${filtered ? "&status=open" : ""}`;
          return {
            kind,
            call: { method: "GET", path, token: member.token, body: undefined },
            judge: restList,
          };
        }
        case "mcp-list_threads": {
          const args = filtered ? { limit: 25, status: "open" } : { limit: 25 };
          const judge = toolResult((content) =>
            (content.threads as unknown[]).length > 0 ? null : "an empty page",
          );
          return { kind, call: toolCall(member.token, "list_threads", args), judge };
        }
        case "rest-thread": {
          const call: StaffCall = {
            method: "GET",
            path: `/api/v1/threads/${ref}`,
            token: member.token,
            body: undefined,
          };
          return { kind, call, judge: restThread(ref) };
        }
        default: {
          const judge = toolResult((content) => {
            const found = (content.thread as { ref: string }).ref;
            return found === ref ? null : `got ${found}`;
          });
          return { kind, call: toolCall(member.token, "get_thread", { thread: ref }), judge };
        }
      }
    },
  };
}
