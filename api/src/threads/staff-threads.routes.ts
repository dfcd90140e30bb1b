import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { authenticate, requireMember } from "../auth/middleware";
import type { AppEnv } from "../http/env";
import { validationHook } from "../http/errors";
import { bearerScheme, bearerSecurity, errorResponses } from "../http/openapi";
import { createStaffThread } from "./create-staff-thread";
import { StaffThreadRequestSchema, StaffThreadSchema } from "./staff-thread-schemas";

const createThreadRoute = createRoute({
  middleware: [authenticate],
  security: bearerSecurity,
  tags: ["threads"],
  method: "post",
  path: "/threads",
  summary: "Start a thread with a client before writing to them; answers the tagged subject",
  request: {
    body: { required: true, content: { "application/json": { schema: StaffThreadRequestSchema } } },
  },
  responses: {
    201: {
      description: "The new thread and the subject for the draft",
      content: { "application/json": { schema: StaffThreadSchema } },
    },
    ...errorResponses,
  },
});

export function staffThreadRoutes() {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  router.openAPIRegistry.registerComponent("securitySchemes", "bearer", bearerScheme);

  router.openapi(createThreadRoute, async (c) => {
    const caller = requireMember(c.get("caller"));
    const created = await createStaffThread({ deps: c.get("deps"), caller, input: c.req.valid("json") });
    return c.json(created, 201);
  });

  return router;
}
