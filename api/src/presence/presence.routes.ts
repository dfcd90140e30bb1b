import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { authenticate, requireMember } from "../auth/middleware";
import type { AppEnv } from "../http/env";
import { validationHook } from "../http/errors";
import { bearerScheme, bearerSecurity, errorResponses } from "../http/openapi";
import { leavePresence, recordPresence } from "./record-presence";
import { HeartbeatSchema, LeaveSchema, OthersPresentSchema } from "./schemas";

const presenceRoute = {
  middleware: [authenticate],
  security: bearerSecurity,
  tags: ["presence"],
  path: "/presence",
};
const othersResponse = {
  description: "The other members present in the thread now",
  content: { "application/json": { schema: OthersPresentSchema } },
};

const heartbeatRoute = createRoute({
  ...presenceRoute,
  method: "put",
  summary: "Heartbeat: the caller is viewing or composing in a thread",
  request: { body: { required: true, content: { "application/json": { schema: HeartbeatSchema } } } },
  responses: { 200: othersResponse, ...errorResponses },
});

const leaveRoute = createRoute({
  ...presenceRoute,
  method: "delete",
  summary: "The caller leaves a thread on one client",
  request: { body: { required: true, content: { "application/json": { schema: LeaveSchema } } } },
  responses: { 200: othersResponse, ...errorResponses },
});

export function presenceRoutes() {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  router.openAPIRegistry.registerComponent("securitySchemes", "bearer", bearerScheme);

  router.openapi(heartbeatRoute, async (c) => {
    const caller = requireMember(c.get("caller"));
    const presence = await recordPresence(c.get("deps"), caller, c.req.valid("json"));
    return c.json({ presence }, 200);
  });

  router.openapi(leaveRoute, async (c) => {
    const caller = requireMember(c.get("caller"));
    const presence = await leavePresence(c.get("deps"), caller, c.req.valid("json"));
    return c.json({ presence }, 200);
  });

  return router;
}
