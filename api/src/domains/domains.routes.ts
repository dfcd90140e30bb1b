import { createRoute, z } from "@hono/zod-openapi";
import { authorizeOrgAdmin } from "../admin/access";
import { adminRoute } from "../admin/openapi";
import { SlugParamsSchema } from "../admin/schemas";
import type { AppRouter } from "../http/env";
import { conflictResponse, errorResponses, jsonBody, jsonResponse } from "../http/openapi";
import {
  createCustomDomain,
  removeCustomDomain,
  toCustomDomainView,
  verifyCustomDomain,
} from "./custom-domains";
import { domainContextOf } from "./domain-context";
import { listCustomDomains } from "./domains.statements";
import {
  CustomDomainResponse,
  CustomDomainSchema,
  DomainCreateSchema,
  DomainParamsSchema,
  postmarkResponses,
} from "./schemas";

const listDomainsRoute = createRoute({
  ...adminRoute,
  method: "get",
  path: "/orgs/{slug}/domains",
  summary: "The organization's custom domains with the DNS records to publish and their state",
  request: { params: SlugParamsSchema },
  responses: {
    200: jsonResponse("The domains", z.object({ domains: z.array(CustomDomainSchema) })),
    ...errorResponses,
  },
});

const createDomainRoute = createRoute({
  ...adminRoute,
  method: "post",
  path: "/orgs/{slug}/domains",
  summary: "Add a custom domain: registered in Postmark, which answers the DKIM and Return-Path records",
  request: { params: SlugParamsSchema, body: jsonBody(DomainCreateSchema) },
  responses: {
    201: jsonResponse("Created", CustomDomainResponse),
    ...errorResponses,
    ...conflictResponse,
    ...postmarkResponses,
  },
});

const verifyDomainRoute = createRoute({
  ...adminRoute,
  method: "post",
  path: "/orgs/{slug}/domains/{domain}/verify",
  summary: "Ask Postmark to verify the domain's DKIM and Return-Path records",
  request: { params: DomainParamsSchema },
  responses: {
    200: jsonResponse("The domain as Postmark found it", CustomDomainResponse),
    ...errorResponses,
    ...postmarkResponses,
  },
});

const removeDomainRoute = createRoute({
  ...adminRoute,
  method: "delete",
  path: "/orgs/{slug}/domains/{domain}",
  summary: "Remove a custom domain, from Postmark too",
  request: { params: DomainParamsSchema },
  responses: {
    200: jsonResponse("The removed domain", CustomDomainResponse),
    ...errorResponses,
    ...postmarkResponses,
  },
});

export function registerDomainRoutes(router: AppRouter) {
  router.openapi(listDomainsRoute, async (c) => {
    const { db } = c.get("deps");
    const org = await authorizeOrgAdmin(db, c.get("caller"), c.req.valid("param").slug);
    const domains = await listCustomDomains(db, org);
    return c.json({ domains: domains.map(toCustomDomainView) }, 200);
  });

  router.openapi(createDomainRoute, async (c) => {
    const deps = c.get("deps");
    const org = await authorizeOrgAdmin(deps.db, c.get("caller"), c.req.valid("param").slug);
    const ctx = domainContextOf(deps, c.get("caller"));
    const domain = await createCustomDomain(ctx, org, c.req.valid("json").domain);
    return c.json({ domain: toCustomDomainView(domain) }, 201);
  });

  router.openapi(verifyDomainRoute, async (c) => {
    const deps = c.get("deps");
    const { slug, domain: name } = c.req.valid("param");
    const org = await authorizeOrgAdmin(deps.db, c.get("caller"), slug);
    const domain = await verifyCustomDomain(domainContextOf(deps, c.get("caller")), org, name);
    return c.json({ domain: toCustomDomainView(domain) }, 200);
  });

  router.openapi(removeDomainRoute, async (c) => {
    const deps = c.get("deps");
    const { slug, domain: name } = c.req.valid("param");
    const org = await authorizeOrgAdmin(deps.db, c.get("caller"), slug);
    const domain = await removeCustomDomain(domainContextOf(deps, c.get("caller")), org, name);
    return c.json({ domain: toCustomDomainView(domain) }, 200);
  });
}
