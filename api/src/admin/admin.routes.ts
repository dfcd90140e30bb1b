import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../http/env";
import { validationHook } from "../http/errors";

export function adminRoutes() {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  return router;
}
