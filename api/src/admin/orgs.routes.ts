import { createRoute, z } from "@hono/zod-openapi";
import { auditActorOf } from "../audit/record-audit";
import type { AppRouter } from "../http/env";
import { conflictResponse, errorResponses, jsonBody, jsonResponse } from "../http/openapi";
import { authorizeOrgAdmin, requireOperator } from "./access";
import { adminRoute } from "./openapi";
import { createOrg, toOrgView } from "./orgs";
import { OrgCreateSchema, OrgSchema, SlugParamsSchema } from "./schemas";

const OrgResponse = z.object({ org: OrgSchema });

const createOrgRoute = createRoute({
  ...adminRoute,
  method: "post",
  path: "/orgs",
  summary: "Create an organization (operator only)",
  request: { body: jsonBody(OrgCreateSchema) },
  responses: { 201: jsonResponse("Created", OrgResponse), ...errorResponses, ...conflictResponse },
});

const getOrgRoute = createRoute({
  ...adminRoute,
  method: "get",
  path: "/orgs/{slug}",
  summary: "An organization",
  request: { params: SlugParamsSchema },
  responses: { 200: jsonResponse("The organization", OrgResponse), ...errorResponses },
});

export function registerOrgRoutes(router: AppRouter) {
  router.openapi(createOrgRoute, async (c) => {
    const caller = c.get("caller");
    requireOperator(caller);
    const org = await createOrg(c.get("deps").db, c.req.valid("json"), auditActorOf(caller));
    return c.json({ org: toOrgView(org) }, 201);
  });

  router.openapi(getOrgRoute, async (c) => {
    const org = await authorizeOrgAdmin(c.get("deps").db, c.get("caller"), c.req.valid("param").slug);
    return c.json({ org: toOrgView(org) }, 200);
  });
}
