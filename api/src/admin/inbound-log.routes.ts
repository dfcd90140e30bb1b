import { createRoute, z } from "@hono/zod-openapi";
import type { AppRouter } from "../http/env";
import { authorizeOrgAdmin, requireOperator } from "./access";
import { listInboundLog } from "./inbound-log";
import { adminRoute, errorResponses, jsonResponse } from "./openapi";
import { InboundLogEntrySchema, InboundLogQuerySchema, SlugParamsSchema } from "./schemas";

const InboundLogResponse = z.object({ emails: z.array(InboundLogEntrySchema) });

const orgLogRoute = createRoute({
  ...adminRoute,
  method: "get",
  path: "/orgs/{slug}/inbound-log",
  summary: "Mail received for the organization, newest first",
  request: { params: SlugParamsSchema, query: InboundLogQuerySchema },
  responses: { 200: jsonResponse("The log", InboundLogResponse), ...errorResponses },
});

const operatorLogRoute = createRoute({
  ...adminRoute,
  method: "get",
  path: "/inbound-log",
  summary: "All received mail, including mail no inbox took (operator only)",
  request: { query: InboundLogQuerySchema },
  responses: { 200: jsonResponse("The log", InboundLogResponse), ...errorResponses },
});

export function registerInboundLogRoutes(router: AppRouter) {
  router.openapi(orgLogRoute, async (c) => {
    const { db } = c.get("deps");
    const org = await authorizeOrgAdmin(db, c.get("caller"), c.req.valid("param").slug);
    return c.json({ emails: await listInboundLog(db, { orgId: org.id, ...c.req.valid("query") }) }, 200);
  });

  router.openapi(operatorLogRoute, async (c) => {
    requireOperator(c.get("caller"));
    return c.json(
      { emails: await listInboundLog(c.get("deps").db, { orgId: null, ...c.req.valid("query") }) },
      200,
    );
  });
}
