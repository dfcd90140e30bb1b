import { createMiddleware } from "hono/factory";
import type { AppEnv } from "./env";

/**
 * For routes whose JSON body is optional: a request without any body is taken as sending none, even
 * when it says `Content-Type: application/json` (API clients often send that header on every call).
 */
export const emptyBodyIsNone = createMiddleware<AppEnv>(async (c, next) => {
  const request = c.req.raw;
  if (
    request.headers.has("content-type") &&
    (!request.body || request.headers.get("content-length") === "0")
  ) {
    const headers = new Headers(request.headers);
    headers.delete("content-type");
    c.req.raw = new Request(request.url, { method: request.method, headers, signal: request.signal });
  }
  await next();
});
