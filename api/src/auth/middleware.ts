import { createMiddleware } from "hono/factory";
import { AppError } from "../errors";
import type { AppEnv } from "../http/env";
import { findMemberByApiToken } from "./api-tokens";
import type { Caller, MemberCaller } from "./caller";
import { secretsEqual } from "./secrets";

const unauthorized = () =>
  new AppError("unauthorized", "Missing or invalid credentials.", {
    "WWW-Authenticate": 'Bearer realm="tisket"',
  });

function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return match?.[1] ?? null;
}

/** Resolves `Authorization: Bearer …` to a caller, or throws 401. */
export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  const token = bearerToken(c.req.header("authorization"));
  if (!token) throw unauthorized();
  const { db, config } = c.get("deps");
  let caller: Caller | null = null;
  if (config.TISKET_ADMIN_TOKEN && secretsEqual(token, config.TISKET_ADMIN_TOKEN)) {
    caller = { kind: "operator" };
  } else {
    const found = await findMemberByApiToken(db, token);
    if (found) caller = { kind: "member", ...found };
  }
  if (!caller) throw unauthorized();
  c.set("caller", caller);
  await next();
});

/** The calling member; the operator has no org of its own on staff routes. */
export function requireMember(caller: Caller): MemberCaller {
  if (caller.kind !== "member") {
    throw new AppError("forbidden", "This route needs a member's token, not the operator token.");
  }
  return caller;
}
