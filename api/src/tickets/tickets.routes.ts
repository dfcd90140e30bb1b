import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { authenticate, requireMember } from "../auth/middleware";
import { emptyBodyIsNone } from "../http/empty-body";
import type { AppEnv } from "../http/env";
import { validationHook } from "../http/errors";
import { bearerScheme, bearerSecurity, errorResponses } from "../http/openapi";
import { listThreads } from "../threads/list-threads";
import { ThreadListQuerySchema, ThreadListSchema, TicketLinkSchema } from "../threads/schemas";
import { linkTicket, unlinkTicket } from "./link-ticket";
import { ThreadTicketParamsSchema, TicketLinkBodySchema, TicketParamsSchema } from "./schemas";

const staffRoute = { middleware: [authenticate], security: bearerSecurity, tags: ["tickets"] };

const LinkedSchema = z
  .object({ ticket: TicketLinkSchema, tickets: z.array(TicketLinkSchema) })
  .openapi("TicketLinked");
const linkedResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: LinkedSchema } },
});

const linkRoute = createRoute({
  ...staffRoute,
  middleware: [authenticate, emptyBodyIsNone],
  method: "put",
  path: "/threads/{ref}/tickets/{ticket}",
  summary: "Link a thread to an engineering ticket (again: changes only the repo and url given)",
  request: {
    params: ThreadTicketParamsSchema,
    body: { required: false, content: { "application/json": { schema: TicketLinkBodySchema } } },
  },
  responses: {
    200: linkedResponse("It was linked already; the link as it is now and all of the thread's"),
    201: linkedResponse("Linked now; the link and all of the thread's"),
    ...errorResponses,
  },
});

const unlinkRoute = createRoute({
  ...staffRoute,
  method: "delete",
  path: "/threads/{ref}/tickets/{ticket}",
  summary: "Remove a thread's link to a ticket",
  request: { params: ThreadTicketParamsSchema },
  responses: { 204: { description: "Unlinked" }, ...errorResponses },
});

const ticketThreadsRoute = createRoute({
  ...staffRoute,
  method: "get",
  path: "/tickets/{ticket}/threads",
  summary: "The caller's org's threads linked to a ticket, newest activity first",
  request: { params: TicketParamsSchema, query: ThreadListQuerySchema.pick({ cursor: true, limit: true }) },
  responses: {
    200: { description: "One page", content: { "application/json": { schema: ThreadListSchema } } },
    ...errorResponses,
  },
});

export function ticketRoutes() {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  router.openAPIRegistry.registerComponent("securitySchemes", "bearer", bearerScheme);

  router.openapi(linkRoute, async (c) => {
    const caller = requireMember(c.get("caller"));
    const input = { ...c.req.valid("param"), ...c.req.valid("json") };
    const { link, tickets, created } = await linkTicket({ db: c.get("deps").db, caller, input });
    return c.json({ ticket: link, tickets }, created ? 201 : 200);
  });

  router.openapi(unlinkRoute, async (c) => {
    const caller = requireMember(c.get("caller"));
    await unlinkTicket({ db: c.get("deps").db, caller, input: c.req.valid("param") });
    return c.body(null, 204);
  });

  router.openapi(ticketThreadsRoute, async (c) => {
    const { db, config } = c.get("deps");
    const { org } = requireMember(c.get("caller"));
    const query = { ...c.req.valid("query"), ticket: c.req.valid("param").ticket };
    return c.json(await listThreads(db, { org, inboundDomain: config.INBOUND_DOMAIN }, query), 200);
  });

  return router;
}
