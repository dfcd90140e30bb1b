import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { authenticate, requireMember } from "../auth/middleware";
import type { AppEnv } from "../http/env";
import { validationHook } from "../http/errors";
import { bearerScheme, bearerSecurity, errorResponses } from "../http/openapi";
import { ThreadRefParamsSchema } from "../threads/schemas";
import { requireThreadByRef } from "../threads/thread-lookup";
import { addNote } from "./add-note";
import { loadNotes } from "./load-notes";
import { NoteCreateSchema, NoteSchema } from "./schemas";

const staffRoute = { middleware: [authenticate], security: bearerSecurity, tags: ["notes"] };

const addRoute = createRoute({
  ...staffRoute,
  method: "post",
  path: "/threads/{ref}/notes",
  summary: "Leave an internal note on a thread; mentioned members are emailed",
  request: {
    params: ThreadRefParamsSchema,
    body: { required: true, content: { "application/json": { schema: NoteCreateSchema } } },
  },
  responses: {
    201: {
      description: "The note",
      content: { "application/json": { schema: z.object({ note: NoteSchema }) } },
    },
    ...errorResponses,
  },
});

const listRoute = createRoute({
  ...staffRoute,
  method: "get",
  path: "/threads/{ref}/notes",
  summary: "A thread's internal notes, oldest first",
  request: { params: ThreadRefParamsSchema },
  responses: {
    200: {
      description: "The notes",
      content: { "application/json": { schema: z.object({ notes: z.array(NoteSchema) }) } },
    },
    ...errorResponses,
  },
});

export function noteRoutes() {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  router.openAPIRegistry.registerComponent("securitySchemes", "bearer", bearerScheme);

  router.openapi(addRoute, async (c) => {
    const caller = requireMember(c.get("caller"));
    const input = { ref: c.req.valid("param").ref, body: c.req.valid("json").body };
    return c.json({ note: await addNote({ deps: c.get("deps"), caller, input }) }, 201);
  });

  router.openapi(listRoute, async (c) => {
    const { db } = c.get("deps");
    const { org } = requireMember(c.get("caller"));
    const thread = await requireThreadByRef(db, org.id, c.req.valid("param").ref);
    return c.json({ notes: await loadNotes(db, thread.id) }, 200);
  });

  return router;
}
