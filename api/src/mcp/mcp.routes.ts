import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { Caller, MemberCaller } from "../auth/caller";
import { authenticate } from "../auth/middleware";
import { AppError } from "../errors";
import type { AppEnv } from "../http/env";
import { bodyTooLarge, methodNotAllowed, readJsonRpcBody } from "./json-rpc";
import { createMcpServer } from "./mcp-server";

// a draft, the largest argument, is at most 100 KB
const MAX_BODY_BYTES = 1024 * 1024;

/** Whatever the token says about the client, what a tool does is recorded as done through `mcp`. */
function throughMcp(caller: Caller): MemberCaller {
  if (caller.kind !== "member") {
    throw new AppError(
      "forbidden",
      "MCP acts as one member: use a member's API token, not the operator token.",
    );
  }
  return { ...caller, client: "mcp" };
}

/**
 * `/mcp`: the Model Context Protocol over Streamable HTTP, stateless. Each POST gets its own server
 * and transport, answering with plain JSON; there are no sessions and no server-sent stream to GET.
 */
export function mcpRoutes() {
  const router = new Hono<AppEnv>();
  router.on(["GET", "DELETE", "PUT", "PATCH"], "/mcp", () => methodNotAllowed());
  // no Origin check against DNS rebinding: a browser never adds the bearer token by itself, and
  // without CORS headers no other site can read an answer
  const limit = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: () => bodyTooLarge(MAX_BODY_BYTES) });
  router.post("/mcp", authenticate, limit, async (c) => {
    const caller = throughMcp(c.get("caller"));
    const read = await readJsonRpcBody(c.req.raw);
    if ("error" in read) return read.error;
    const deps = c.get("deps");
    const server = createMcpServer({
      deps,
      caller,
      scope: { org: caller.org, inboundDomain: deps.config.INBOUND_DOMAIN },
    });
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    await server.connect(transport);
    try {
      return await transport.handleRequest(c.req.raw, { parsedBody: read.body });
    } finally {
      await server.close();
    }
  });
  return router;
}
