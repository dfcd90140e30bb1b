import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { authenticate, requireMember } from "../auth/middleware";
import { notFound } from "../errors";
import type { AppEnv } from "../http/env";
import { validationHook } from "../http/errors";
import { bearerScheme, bearerSecurity, errorResponses } from "../http/openapi";
import { contentDisposition, downloadContentType, findAttachmentFile } from "./attachments";
import { listThreads, resolveAssignee } from "./list-threads";
import {
  AttachmentParamsSchema,
  ThreadDetailSchema,
  ThreadListQuerySchema,
  ThreadListSchema,
  ThreadRefParamsSchema,
  ThreadUpdateSchema,
} from "./schemas";
import { loadThreadDetail } from "./thread-detail";
import { updateThread } from "./update-thread";

const staffRoute = { middleware: [authenticate], security: bearerSecurity, tags: ["threads"] };
const threadResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: z.object({ thread: ThreadDetailSchema }) } },
});

const listRoute = createRoute({
  ...staffRoute,
  method: "get",
  path: "/threads",
  summary: "The caller's org's threads, newest activity first",
  request: { query: ThreadListQuerySchema },
  responses: {
    200: { description: "One page", content: { "application/json": { schema: ThreadListSchema } } },
    ...errorResponses,
  },
});

const detailRoute = createRoute({
  ...staffRoute,
  method: "get",
  path: "/threads/{ref}",
  summary: "A thread with its messages and history",
  request: { params: ThreadRefParamsSchema },
  responses: { 200: threadResponse("The thread"), ...errorResponses },
});

const updateRoute = createRoute({
  ...staffRoute,
  method: "patch",
  path: "/threads/{ref}",
  summary: "Change a thread's status, assignee, priority or tags",
  request: {
    params: ThreadRefParamsSchema,
    body: { required: true, content: { "application/json": { schema: ThreadUpdateSchema } } },
  },
  responses: { 200: threadResponse("The thread as it is now"), ...errorResponses },
});

const attachmentRoute = createRoute({
  ...staffRoute,
  method: "get",
  path: "/threads/{ref}/attachments/{id}",
  summary: "Download an attachment",
  request: { params: AttachmentParamsSchema },
  responses: { 200: { description: "The file, as an attachment" }, ...errorResponses },
});

export function threadRoutes() {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  router.openAPIRegistry.registerComponent("securitySchemes", "bearer", bearerScheme);

  router.openapi(listRoute, async (c) => {
    const { db, config, clock } = c.get("deps");
    const { org, member } = requireMember(c.get("caller"));
    const query = resolveAssignee(c.req.valid("query"), member);
    const scope = { org, inboundDomain: config.INBOUND_DOMAIN, now: clock.now() };
    const page = await listThreads(db, scope, query);
    return c.json(page, 200);
  });

  router.openapi(detailRoute, async (c) => {
    const { db, config, clock } = c.get("deps");
    const { org } = requireMember(c.get("caller"));
    const scope = { org, inboundDomain: config.INBOUND_DOMAIN, now: clock.now() };
    return c.json({ thread: await loadThreadDetail(db, scope, c.req.valid("param").ref) }, 200);
  });

  router.openapi(updateRoute, async (c) => {
    const caller = requireMember(c.get("caller"));
    const input = { ...resolveAssignee(c.req.valid("json"), caller.member), ref: c.req.valid("param").ref };
    const { thread } = await updateThread({ deps: c.get("deps"), caller, input });
    return c.json({ thread }, 200);
  });

  router.openapi(attachmentRoute, async (c) => {
    const { org } = requireMember(c.get("caller"));
    const { ref, id } = c.req.valid("param");
    const file = await findAttachmentFile(c.get("deps").db, org.id, ref, id);
    if (!file) throw notFound("attachment");
    return c.body(new Uint8Array(file.content), 200, {
      "Content-Type": downloadContentType(file.contentType),
      "Content-Length": String(file.content.byteLength),
      "Content-Disposition": contentDisposition(file.filename),
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "sandbox",
      "Cache-Control": "private, no-store",
    });
  });

  return router;
}
