import type { Context } from "hono";

type NodeBindings = { incoming?: { socket?: { remoteAddress?: string } } };

/**
 * The address of the client's connection, as @hono/node-server hands it over (`c.env.incoming`).
 * Forwarded-for headers are not believed: anyone can send them. Behind a proxy every client
 * shares the proxy's address. The cast is safe: every read is optional.
 */
export function clientIp(c: Context): string {
  const bindings = c.env as NodeBindings | undefined;
  return bindings?.incoming?.socket?.remoteAddress ?? "unknown";
}
