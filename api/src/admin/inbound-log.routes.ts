import { createRoute, z } from "@hono/zod-openapi";
import { auditActorOf } from "../audit/record-audit";
import type { AppRouter } from "../http/env";
import { errorResponses, jsonResponse } from "../http/openapi";
import { authorizeOrgAdmin, requireOperator } from "./access";
import { listInboundLog } from "./inbound-log";
import { adminRoute } from "./openapi";
import { refileKeptEmail } from "./refile";
import { EntryParamsSchema, InboundLogEntrySchema, InboundLogQuerySchema, SlugParamsSchema } from "./schemas";

const InboundLogResponse = z.object({
  emails: z.array(InboundLogEntrySchema),
  nextCursor: z
    .string()
    .nullable()
    .openapi({ description: "pass as `cursor` for the next page; null on the last" }),
});

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

const RefileResult = z.object({
  status: z.enum(["filed", "duplicate", "unrouted", "rejected", "failed"]),
  threads: z.array(z.string()).optional(),
});

const orgRefileRoute = createRoute({
  ...adminRoute,
  method: "post",
  path: "/orgs/{slug}/inbound-log/{id}/refile",
  summary: "File a kept email again: one that failed, or that arrived before its inbox existed",
  request: { params: EntryParamsSchema },
  responses: { 200: jsonResponse("What filing it did", RefileResult), ...errorResponses },
});

const operatorRefileRoute = createRoute({
  ...adminRoute,
  method: "post",
  path: "/inbound-log/{id}/refile",
  summary: "File any kept email again (operator only)",
  request: { params: z.object({ id: z.string() }) },
  responses: { 200: jsonResponse("What filing it did", RefileResult), ...errorResponses },
});

export function registerInboundLogRoutes(router: AppRouter) {
  router.openapi(orgRefileRoute, async (c) => {
    const deps = c.get("deps");
    const { slug, id } = c.req.valid("param");
    const caller = c.get("caller");
    const org = await authorizeOrgAdmin(deps.db, caller, slug);
    return c.json(await refileKeptEmail(deps, id, org.id, auditActorOf(caller)), 200);
  });

  router.openapi(operatorRefileRoute, async (c) => {
    const caller = c.get("caller");
    requireOperator(caller);
    return c.json(
      await refileKeptEmail(c.get("deps"), c.req.valid("param").id, null, auditActorOf(caller)),
      200,
    );
  });

  router.openapi(orgLogRoute, async (c) => {
    const { db } = c.get("deps");
    const org = await authorizeOrgAdmin(db, c.get("caller"), c.req.valid("param").slug);
    return c.json(await listInboundLog(db, { orgId: org.id, ...c.req.valid("query") }), 200);
  });

  router.openapi(operatorLogRoute, async (c) => {
    requireOperator(c.get("caller"));
    return c.json(await listInboundLog(c.get("deps").db, { orgId: null, ...c.req.valid("query") }), 200);
  });
}
