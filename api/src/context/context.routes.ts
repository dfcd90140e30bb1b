import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { authenticate, requireMember } from "../auth/middleware";
import type { AppEnv } from "../http/env";
import { validationHook } from "../http/errors";
import { bearerScheme, bearerSecurity, errorResponses } from "../http/openapi";
import { loadContext } from "./load-context";
import { ContextRequestSchema, ContextResponseSchema } from "./schemas";

const contextRoute = createRoute({
  middleware: [authenticate],
  security: bearerSecurity,
  tags: ["context"],
  method: "post",
  path: "/context",
  summary: "What an add-on card needs for the open message or draft, recording the caller's presence",
  request: { body: { required: true, content: { "application/json": { schema: ContextRequestSchema } } } },
  responses: {
    200: {
      description: "The thread (or null), others present, and for a draft its candidate threads",
      content: { "application/json": { schema: ContextResponseSchema } },
    },
    ...errorResponses,
  },
});

export function contextRoutes() {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  router.openAPIRegistry.registerComponent("securitySchemes", "bearer", bearerScheme);

  router.openapi(contextRoute, async (c) => {
    const caller = requireMember(c.get("caller"));
    const context = await loadContext({ deps: c.get("deps"), caller, input: c.req.valid("json") });
    return c.json(context, 200);
  });

  return router;
}
