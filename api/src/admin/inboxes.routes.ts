import { createRoute, z } from "@hono/zod-openapi";
import { auditActorOf } from "../audit/record-audit";
import type { AppRouter } from "../http/env";
import { conflictResponse, errorResponses, jsonBody, jsonResponse } from "../http/openapi";
import { authorizeOrgAdmin } from "./access";
import { createInbox, toInboxView, updateInbox } from "./inboxes";
import { adminRoute } from "./openapi";
import {
  InboxCreateSchema,
  InboxParamsSchema,
  InboxSchema,
  InboxUpdateSchema,
  SlugParamsSchema,
} from "./schemas";
import { listInboxes } from "./statements/inboxes";

const InboxResponse = z.object({ inbox: InboxSchema });

const createInboxRoute = createRoute({
  ...adminRoute,
  method: "post",
  path: "/orgs/{slug}/inboxes",
  summary: "Create an inbox; its address is <name>.<slug>@<INBOUND_DOMAIN>",
  request: { params: SlugParamsSchema, body: jsonBody(InboxCreateSchema) },
  responses: { 201: jsonResponse("Created", InboxResponse), ...errorResponses, ...conflictResponse },
});

const listInboxesRoute = createRoute({
  ...adminRoute,
  method: "get",
  path: "/orgs/{slug}/inboxes",
  summary: "The organization's inboxes",
  request: { params: SlugParamsSchema },
  responses: {
    200: jsonResponse("The inboxes", z.object({ inboxes: z.array(InboxSchema) })),
    ...errorResponses,
  },
});

const updateInboxRoute = createRoute({
  ...adminRoute,
  method: "patch",
  path: "/orgs/{slug}/inboxes/{name}",
  summary: "Change an inbox's acknowledgement, custom address or response targets",
  request: { params: InboxParamsSchema, body: jsonBody(InboxUpdateSchema) },
  responses: { 200: jsonResponse("The inbox", InboxResponse), ...errorResponses, ...conflictResponse },
});

export function registerInboxRoutes(router: AppRouter) {
  router.openapi(createInboxRoute, async (c) => {
    const { db, config } = c.get("deps");
    const caller = c.get("caller");
    const org = await authorizeOrgAdmin(db, caller, c.req.valid("param").slug);
    const inbox = await createInbox(db, org, c.req.valid("json"), auditActorOf(caller));
    return c.json({ inbox: toInboxView(inbox, org, config.INBOUND_DOMAIN) }, 201);
  });

  router.openapi(listInboxesRoute, async (c) => {
    const { db, config } = c.get("deps");
    const org = await authorizeOrgAdmin(db, c.get("caller"), c.req.valid("param").slug);
    const found = await listInboxes(db, org);
    return c.json({ inboxes: found.map((inbox) => toInboxView(inbox, org, config.INBOUND_DOMAIN)) }, 200);
  });

  router.openapi(updateInboxRoute, async (c) => {
    const { db, config } = c.get("deps");
    const { slug, name } = c.req.valid("param");
    const caller = c.get("caller");
    const org = await authorizeOrgAdmin(db, caller, slug);
    const context = { inboundDomain: config.INBOUND_DOMAIN, by: auditActorOf(caller) };
    const inbox = await updateInbox(db, org, name, c.req.valid("json"), context);
    return c.json({ inbox: toInboxView(inbox, org, config.INBOUND_DOMAIN) }, 200);
  });
}
