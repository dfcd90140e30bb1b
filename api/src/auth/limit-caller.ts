import { createMiddleware } from "hono/factory";
import type { Deps } from "../deps";
import type { AppEnv } from "../http/env";
import { limitMember } from "../rate-limit/rate-limit";
import type { Caller } from "./caller";

// a route that stacks `rateLimit` on `authenticate` must still count each request once
const counted = new WeakSet<Request>();

/** Counts a member's request against the per-minute limit (once per request); the operator is free. */
export async function limitCaller(
  deps: Pick<Deps, "db" | "clock" | "config" | "lastSweptAt">,
  request: Request,
  caller: Caller | undefined,
): Promise<void> {
  if (caller?.kind !== "member" || counted.has(request)) return;
  counted.add(request);
  await limitMember(deps, caller.member.id, caller.requests);
}

/**
 * The per-member limit as a middleware placed after `authenticate`. `authenticate` already applies
 * it, so routes that authenticate need nothing more.
 */
export const rateLimit = createMiddleware<AppEnv>(async (c, next) => {
  await limitCaller(c.get("deps"), c.req.raw, c.get("caller"));
  await next();
});
