import { OpenAPIHono } from "@hono/zod-openapi";
import { desc, eq } from "drizzle-orm";
import { rateLimit } from "../../../api/src/auth/limit-caller";
import { authenticate, requireMember } from "../../../api/src/auth/middleware";
import type { Config } from "../../../api/src/config";
import type { DriverName } from "../../../api/src/db/client";
import { auditLog } from "../../../api/src/db/schema";
import type { Clock } from "../../../api/src/deps";
import type { AppEnv } from "../../../api/src/http/env";
import { renderError } from "../../../api/src/http/errors";
import { makeTestApp } from "../../helpers/app";

/**
 * The real `authenticate` on a throwaway router over the test app's dependencies, so these tests
 * do not lean on other route files: `GET /whoami` answers with the resolved caller.
 */
export async function makeAuthTestApp(
  options: { config?: Partial<Record<keyof Config, string>>; clock?: Clock; driver?: DriverName } = {},
) {
  const testApp = await makeTestApp({
    config: options.config ?? {},
    deps: options.clock ? { clock: options.clock } : {},
    ...(options.driver ? { driver: options.driver } : {}),
  });
  const router = new OpenAPIHono<AppEnv>();
  router.use("*", async (c, next) => {
    c.set("deps", testApp.deps);
    await next();
  });
  router.onError(renderError);
  router.get("/whoami", authenticate, (c) => c.json(describeCaller(c.get("caller"))));
  router.get("/member-only", authenticate, (c) =>
    c.json({ memberId: requireMember(c.get("caller")).member.id }),
  );
  router.get("/stacked", authenticate, rateLimit, (c) => c.json(describeCaller(c.get("caller"))));

  const request = (headers: Record<string, string>, path = "/whoami") => router.request(path, { headers });
  const latestRejection = async () => {
    const [row] = await testApp.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.kind, "token_rejected"))
      .orderBy(desc(auditLog.id))
      .limit(1);
    return row;
  };
  return { ...testApp, router, request, latestRejection };
}

function describeCaller(caller: AppEnv["Variables"]["caller"]) {
  if (caller.kind === "operator") return { kind: "operator" as const };
  return {
    kind: "member" as const,
    memberId: caller.member.id,
    email: caller.member.email,
    org: caller.org.slug,
    client: caller.client,
  };
}

export function bearerHeaders(token: string, orgSlug?: string): Record<string, string> {
  return { Authorization: `Bearer ${token}`, ...(orgSlug ? { "X-Tisket-Org": orgSlug } : {}) };
}

export const GENERIC_401 = {
  error: { code: "unauthorized", message: "Missing or invalid credentials." },
};
