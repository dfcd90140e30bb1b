import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { authenticate, requireMember } from "../auth/middleware";
import type { AppEnv } from "../http/env";
import { validationHook } from "../http/errors";
import { bearerScheme, bearerSecurity, errorResponses } from "../http/openapi";
import { DraftSchema, ThreadRefParamsSchema } from "../threads/schemas";
import { createDraft, discardDraft, loadDraftForReply } from "./drafts";
import { DraftCreateSchema, DraftForReplySchema, DraftParamsSchema } from "./schemas";

const staffRoute = { middleware: [authenticate], security: bearerSecurity, tags: ["drafts"] };

const createDraftRoute = createRoute({
  ...staffRoute,
  method: "post",
  path: "/threads/{ref}/drafts",
  summary: "Keep a suggested reply on the thread for staff to send from their mail program; never mailed",
  request: {
    params: ThreadRefParamsSchema,
    body: { required: true, content: { "application/json": { schema: DraftCreateSchema } } },
  },
  responses: {
    201: {
      description: "The draft, now in the thread detail's drafts",
      content: { "application/json": { schema: z.object({ draft: DraftSchema }) } },
    },
    ...errorResponses,
  },
});

const draftForReplyRoute = createRoute({
  ...staffRoute,
  method: "get",
  path: "/threads/{ref}/drafts/{id}",
  summary: "One draft, as text and as escaped HTML, for staff to put into their reply",
  request: { params: DraftParamsSchema },
  responses: {
    200: {
      description: "The draft",
      content: { "application/json": { schema: DraftForReplySchema } },
    },
    ...errorResponses,
  },
});

const discardDraftRoute = createRoute({
  ...staffRoute,
  method: "delete",
  path: "/threads/{ref}/drafts/{id}",
  summary: "Discard a draft",
  request: { params: DraftParamsSchema },
  responses: { 204: { description: "Discarded" }, ...errorResponses },
});

export function draftRoutes() {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  router.openAPIRegistry.registerComponent("securitySchemes", "bearer", bearerScheme);

  router.openapi(createDraftRoute, async (c) => {
    const caller = requireMember(c.get("caller"));
    const input = { ref: c.req.valid("param").ref, body: c.req.valid("json").body };
    const { draft } = await createDraft({ db: c.get("deps").db, caller, input });
    return c.json({ draft }, 201);
  });

  router.openapi(draftForReplyRoute, async (c) => {
    const caller = requireMember(c.get("caller"));
    const found = await loadDraftForReply({ db: c.get("deps").db, caller, input: c.req.valid("param") });
    return c.json(found, 200);
  });

  router.openapi(discardDraftRoute, async (c) => {
    const caller = requireMember(c.get("caller"));
    await discardDraft({ db: c.get("deps").db, caller, input: c.req.valid("param") });
    return c.body(null, 204);
  });

  return router;
}
