/** JSON-RPC error codes: the body is not JSON, or not a request. */
export const PARSE_ERROR = -32700;
export const INVALID_REQUEST = -32600;
const SERVER_ERROR = -32000;

/** An HTTP answer an MCP client reads as a JSON-RPC error (no request id: it was never read). */
export function jsonRpcError(
  status: number,
  code: number,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify({ jsonrpc: "2.0", error: { code, message }, id: null }), {
    status,
    headers: { "Content-Type": "application/json", ...headers },
  });
}

export const methodNotAllowed = () =>
  jsonRpcError(
    405,
    SERVER_ERROR,
    "Method not allowed: this server is stateless and streams nothing; POST JSON-RPC",
    {
      Allow: "POST",
    },
  );

export const bodyTooLarge = (maxBytes: number) =>
  jsonRpcError(413, INVALID_REQUEST, `Request body too large: at most ${maxBytes / 1024} KB`);

/**
 * The POST body as JSON, or the JSON-RPC error to answer: not JSON, or an empty batch (which the
 * SDK would take for a batch of notifications). The SDK checks the messages' shape itself.
 */
export async function readJsonRpcBody(request: Request): Promise<{ body: unknown } | { error: Response }> {
  let body: unknown;
  try {
    body = JSON.parse(await request.text());
  } catch {
    return { error: jsonRpcError(400, PARSE_ERROR, "Parse error: the body is not JSON") };
  }
  if (Array.isArray(body) && body.length === 0) {
    return { error: jsonRpcError(400, INVALID_REQUEST, "Invalid Request: an empty batch") };
  }
  return { body };
}
