import { createRoute, z } from "@hono/zod-openapi";
import { auditActorOf } from "../audit/record-audit";
import type { AppRouter } from "../http/env";
import { errorResponses, jsonBody, jsonResponse } from "../http/openapi";
import { authorizeOrgAdmin } from "./access";
import { adminRoute } from "./openapi";
import {
  IssuedTokenSchema,
  SlugParamsSchema,
  TokenCreateSchema,
  TokenParamsSchema,
  TokenSchema,
} from "./schemas";
import { issueToken, listTokens, revokeToken } from "./tokens";

const issueTokenRoute = createRoute({
  ...adminRoute,
  method: "post",
  path: "/orgs/{slug}/tokens",
  summary: "Make an API token for a member; the token is shown once",
  request: { params: SlugParamsSchema, body: jsonBody(TokenCreateSchema) },
  responses: { 201: jsonResponse("Created", IssuedTokenSchema), ...errorResponses },
});

const listTokensRoute = createRoute({
  ...adminRoute,
  method: "get",
  path: "/orgs/{slug}/tokens",
  summary: "The organization's API tokens, without their secrets",
  request: { params: SlugParamsSchema },
  responses: {
    200: jsonResponse("The tokens", z.object({ tokens: z.array(TokenSchema) })),
    ...errorResponses,
  },
});

const revokeTokenRoute = createRoute({
  ...adminRoute,
  method: "delete",
  path: "/orgs/{slug}/tokens/{id}",
  summary: "Revoke an API token",
  request: { params: TokenParamsSchema },
  responses: { 200: jsonResponse("The revoked token", z.object({ token: TokenSchema })), ...errorResponses },
});

export function registerTokenRoutes(router: AppRouter) {
  router.openapi(issueTokenRoute, async (c) => {
    const { db } = c.get("deps");
    const caller = c.get("caller");
    const org = await authorizeOrgAdmin(db, caller, c.req.valid("param").slug);
    const issued = await issueToken(db, org, { ...c.req.valid("json"), by: auditActorOf(caller) });
    return c.json(issued, 201);
  });

  router.openapi(listTokensRoute, async (c) => {
    const { db } = c.get("deps");
    const org = await authorizeOrgAdmin(db, c.get("caller"), c.req.valid("param").slug);
    return c.json({ tokens: await listTokens(db, org) }, 200);
  });

  router.openapi(revokeTokenRoute, async (c) => {
    const { db, clock } = c.get("deps");
    const caller = c.get("caller");
    const { slug, id } = c.req.valid("param");
    const org = await authorizeOrgAdmin(db, caller, slug);
    const token = await revokeToken(db, org, { id, by: auditActorOf(caller), now: clock.now() });
    return c.json({ token }, 200);
  });
}
