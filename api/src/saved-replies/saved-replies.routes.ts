import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { createMiddleware } from "hono/factory";
import { authenticate, requireMember } from "../auth/middleware";
import { AppError } from "../errors";
import type { AppEnv } from "../http/env";
import { validationHook } from "../http/errors";
import { bearerScheme, bearerSecurity, conflictResponse, errorResponses } from "../http/openapi";
import { renderSavedReply } from "./render-saved-reply";
import {
  createSavedReply,
  deleteSavedReply,
  listSavedReplies,
  requireSavedReply,
  toSavedReplyView,
  updateSavedReply,
} from "./saved-replies";
import {
  RenderedReplySchema,
  RenderRequestSchema,
  SavedReplyCreateSchema,
  SavedReplyParamsSchema,
  SavedReplySchema,
  SavedReplyUpdateSchema,
} from "./schemas";

// before the body is read, so an agent learns nothing about what an admin could save
const adminsOnly = createMiddleware<AppEnv>(async (c, next) => {
  if (requireMember(c.get("caller")).member.role !== "admin") {
    throw new AppError("forbidden", "Only an admin of this organization may manage saved replies.");
  }
  await next();
});

const staffRoute = { middleware: [authenticate], security: bearerSecurity, tags: ["saved replies"] };
const adminRoute = { ...staffRoute, middleware: [authenticate, adminsOnly] };
const json = <S extends z.ZodType>(schema: S) => ({
  required: true,
  content: { "application/json": { schema } },
});
const replyResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: z.object({ savedReply: SavedReplySchema }) } },
});

const listRoute = createRoute({
  ...staffRoute,
  method: "get",
  path: "/saved-replies",
  summary: "The organization's saved replies, by name",
  responses: {
    200: {
      description: "The saved replies",
      content: { "application/json": { schema: z.object({ savedReplies: z.array(SavedReplySchema) }) } },
    },
    ...errorResponses,
  },
});

const getRoute = createRoute({
  ...staffRoute,
  method: "get",
  path: "/saved-replies/{id}",
  summary: "One saved reply",
  request: { params: SavedReplyParamsSchema },
  responses: { 200: replyResponse("The saved reply"), ...errorResponses },
});

const createReplyRoute = createRoute({
  ...adminRoute,
  method: "post",
  path: "/saved-replies",
  summary: "Save a reply (admins)",
  request: { body: json(SavedReplyCreateSchema) },
  responses: { 201: replyResponse("Saved"), ...errorResponses, ...conflictResponse },
});

const updateRoute = createRoute({
  ...adminRoute,
  method: "patch",
  path: "/saved-replies/{id}",
  summary: "Change a saved reply's name or body (admins)",
  request: { params: SavedReplyParamsSchema, body: json(SavedReplyUpdateSchema) },
  responses: { 200: replyResponse("The saved reply as it is now"), ...errorResponses, ...conflictResponse },
});

const deleteRoute = createRoute({
  ...adminRoute,
  method: "delete",
  path: "/saved-replies/{id}",
  summary: "Delete a saved reply (admins)",
  request: { params: SavedReplyParamsSchema },
  responses: { 204: { description: "Deleted" }, ...errorResponses },
});

const renderRoute = createRoute({
  ...staffRoute,
  method: "post",
  path: "/saved-replies/{id}/render",
  summary: "A saved reply filled in for a thread, to insert into a draft",
  request: { params: SavedReplyParamsSchema, body: json(RenderRequestSchema) },
  responses: {
    200: {
      description: "The filled-in reply",
      content: { "application/json": { schema: RenderedReplySchema } },
    },
    ...errorResponses,
  },
});

export function savedReplyRoutes() {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  router.openAPIRegistry.registerComponent("securitySchemes", "bearer", bearerScheme);

  router.openapi(listRoute, async (c) => {
    const { org } = requireMember(c.get("caller"));
    return c.json({ savedReplies: await listSavedReplies(c.get("deps").db, org.id) }, 200);
  });

  router.openapi(getRoute, async (c) => {
    const { org } = requireMember(c.get("caller"));
    const row = await requireSavedReply(c.get("deps").db, org.id, c.req.valid("param").id);
    return c.json({ savedReply: toSavedReplyView(row) }, 200);
  });

  router.openapi(createReplyRoute, async (c) => {
    const caller = requireMember(c.get("caller"));
    return c.json({ savedReply: await createSavedReply(c.get("deps").db, caller, c.req.valid("json")) }, 201);
  });

  router.openapi(updateRoute, async (c) => {
    const { db, clock } = c.get("deps");
    const caller = requireMember(c.get("caller"));
    const savedReply = await updateSavedReply(
      db,
      caller,
      c.req.valid("param").id,
      c.req.valid("json"),
      clock.now(),
    );
    return c.json({ savedReply }, 200);
  });

  router.openapi(deleteRoute, async (c) => {
    const caller = requireMember(c.get("caller"));
    await deleteSavedReply(c.get("deps").db, caller, c.req.valid("param").id);
    return c.body(null, 204);
  });

  router.openapi(renderRoute, async (c) => {
    const caller = requireMember(c.get("caller"));
    const input = { id: c.req.valid("param").id, thread: c.req.valid("json").thread };
    return c.json(await renderSavedReply(c.get("deps").db, caller, input), 200);
  });

  return router;
}
