import { createMiddleware } from "hono/factory";
import { AppError } from "../errors";
import type { AppEnv } from "../http/env";
import type { Caller, MemberCaller } from "./caller";
import { limitCaller } from "./limit-caller";
import { resolveCaller, unauthorized } from "./resolve-caller";

function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return match?.[1] ?? null;
}

function orgHeader(header: string | undefined): string | undefined {
  return header?.trim() || undefined;
}

/**
 * Resolves `Authorization: Bearer …` (operator token, API token, Google ID token or Microsoft
 * access token) to a caller, or throws 401; then applies the per-member rate limit.
 */
export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  const token = bearerToken(c.req.header("authorization"));
  if (!token) throw unauthorized();
  const deps = c.get("deps");
  const caller = await resolveCaller(deps, {
    token,
    orgSlug: orgHeader(c.req.header("x-tisket-org")),
    client: c.req.header("x-tisket-client"),
  });
  c.set("caller", caller);
  await limitCaller(deps, c.req.raw, caller);
  await next();
});

/** The calling member; the operator has no org of its own on staff routes. */
export function requireMember(caller: Caller): MemberCaller {
  if (caller.kind !== "member") {
    throw new AppError("forbidden", "This route needs a member's token, not the operator token.");
  }
  return caller;
}
