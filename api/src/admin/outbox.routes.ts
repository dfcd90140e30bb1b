import { createRoute, z } from "@hono/zod-openapi";
import { auditActorOf } from "../audit/record-audit";
import type { AppRouter } from "../http/env";
import { errorResponses, jsonResponse } from "../http/openapi";
import { listOutbox } from "../outbox/outbox-log";
import { retryFailedMail } from "../outbox/retry-mail";
import { authorizeOrgAdmin } from "./access";
import { adminRoute } from "./openapi";
import { dateTime, EntryParamsSchema, SlugParamsSchema } from "./schemas";

const OutboxEntrySchema = z
  .object({
    id: z.string(),
    kind: z.string(),
    recipient: z.string(),
    subject: z.string(),
    status: z.enum(["pending", "sent", "failed"]),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    nextAttemptAt: dateTime(),
    createdAt: dateTime(),
    sentAt: dateTime().nullable(),
  })
  .openapi("OutgoingMail");

const listRoute = createRoute({
  ...adminRoute,
  method: "get",
  path: "/orgs/{slug}/outbox",
  summary: "Mail the service sends for the organization (acknowledgements), newest first",
  request: {
    params: SlugParamsSchema,
    query: z.object({
      status: z.enum(["pending", "sent", "failed"]).optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
    }),
  },
  responses: {
    200: jsonResponse("The outgoing mail", z.object({ mail: z.array(OutboxEntrySchema) })),
    ...errorResponses,
  },
});

const retryRoute = createRoute({
  ...adminRoute,
  method: "post",
  path: "/orgs/{slug}/outbox/{id}/retry",
  summary: "Queue a mail that could not be sent for delivery again",
  request: { params: EntryParamsSchema },
  responses: {
    200: jsonResponse("The mail, queued again", z.object({ mail: OutboxEntrySchema })),
    ...errorResponses,
  },
});

const view = (entry: Awaited<ReturnType<typeof listOutbox>>[number]) => ({
  ...entry,
  nextAttemptAt: entry.nextAttemptAt.toISOString(),
  createdAt: entry.createdAt.toISOString(),
  sentAt: entry.sentAt?.toISOString() ?? null,
});

export function registerOutboxRoutes(router: AppRouter) {
  router.openapi(listRoute, async (c) => {
    const { db } = c.get("deps");
    const org = await authorizeOrgAdmin(db, c.get("caller"), c.req.valid("param").slug);
    return c.json({ mail: (await listOutbox(db, org.id, c.req.valid("query"))).map(view) }, 200);
  });

  router.openapi(retryRoute, async (c) => {
    const deps = c.get("deps");
    const { slug, id } = c.req.valid("param");
    const org = await authorizeOrgAdmin(deps.db, c.get("caller"), slug);
    const { mail } = await retryFailedMail(deps, org.id, id, auditActorOf(c.get("caller")));
    return c.json({ mail: view(mail) }, 200);
  });
}
