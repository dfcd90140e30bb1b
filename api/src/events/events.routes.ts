import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import { authenticate, requireMember } from "../auth/middleware";
import { unauthorized } from "../auth/resolve-caller";
import { badRequest } from "../errors";
import type { AppEnv } from "../http/env";
import { validationHook } from "../http/errors";
import { bearerScheme, errorResponses } from "../http/openapi";
import { ThreadRefParamsSchema } from "../threads/schemas";
import { requireThreadByRef } from "../threads/thread-lookup";
import { pipeLiveEvents } from "./event-stream";
import { issueStreamTicket } from "./issue-ticket";
import { createKeepAlive } from "./keep-alive";
import type { StreamScope } from "./live-events";
import { LIVE_EVENT_TYPES, liveEventSchemas } from "./payloads";
import {
  EVENT_ID_PATTERN,
  EventStreamQuerySchema,
  eventComponentName,
  eventStreamResponse,
  streamSecurity,
  streamTicketScheme,
  TicketRequestSchema,
  TicketSchema,
} from "./schemas";
import { authenticateStream, streamTicketOf } from "./stream-auth";

export type EventRoutesOptions = {
  /** How often an idle stream gets a `: keep-alive` comment, so proxies keep it open. */
  keepAliveMs?: number;
  /** The reconnection delay suggested to EventSource clients. */
  retryMs?: number;
};

const streamRoute = { middleware: [authenticateStream], security: streamSecurity, tags: ["events"] };

const orgEventsRoute = createRoute({
  ...streamRoute,
  method: "get",
  path: "/events",
  summary: "Live events of the caller's org",
  request: { query: EventStreamQuerySchema },
  responses: { 200: eventStreamResponse, ...errorResponses },
});

const threadEventsRoute = createRoute({
  ...streamRoute,
  method: "get",
  path: "/threads/{ref}/events",
  summary: "Live events of one thread",
  request: { params: ThreadRefParamsSchema, query: EventStreamQuerySchema },
  responses: { 200: eventStreamResponse, ...errorResponses },
});

const ticketRoute = createRoute({
  middleware: [authenticate],
  security: [{ bearer: [] }],
  tags: ["events"],
  method: "post",
  path: "/events/tickets",
  summary: "A short-lived ticket that opens an event stream without an Authorization header",
  request: { body: { required: false, content: { "application/json": { schema: TicketRequestSchema } } } },
  responses: {
    200: {
      description: "The ticket, good for 60 seconds",
      content: { "application/json": { schema: TicketSchema } },
    },
    ...errorResponses,
  },
});

// an EventSource reconnecting on its own sends the header; the query names where a new one resumes
function lastEventId(c: Context<AppEnv>, fromQuery: string | undefined): number | null {
  const value = c.req.header("last-event-id")?.trim() || fromQuery;
  if (value === undefined) return null;
  if (!EVENT_ID_PATTERN.test(value)) throw badRequest("Last-Event-ID: expected an event id");
  return Number(value);
}

export function eventRoutes(options: EventRoutesOptions = {}) {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  router.openAPIRegistry.registerComponent("securitySchemes", "bearer", bearerScheme);
  router.openAPIRegistry.registerComponent("securitySchemes", "streamTicket", streamTicketScheme);
  for (const type of LIVE_EVENT_TYPES) {
    router.openAPIRegistry.register(eventComponentName(type), liveEventSchemas[type]);
  }
  const keepAlive = createKeepAlive(options.keepAliveMs ?? 15_000);
  const retryMs = options.retryMs ?? 3_000;

  async function openStream(c: Context<AppEnv>, scope: StreamScope, resumeAfter: number | null) {
    const deps = c.get("deps");
    const hub = deps.eventHub;
    // a database that cannot LISTEN is answered with an error, not an empty stream
    await hub.ready();
    c.header("X-Accel-Buffering", "no");
    return streamSSE(c, (stream) =>
      pipeLiveEvents(stream, {
        db: deps.db,
        log: deps.log,
        hub,
        keepAlive,
        scope,
        lastEventId: resumeAfter,
        retryMs,
      }),
    );
  }

  router.openapi(orgEventsRoute, async (c) => {
    const { org } = requireMember(c.get("caller"));
    if (streamTicketOf(c.req.raw)?.threadId) throw unauthorized();
    const resumeAfter = lastEventId(c, c.req.valid("query").lastEventId);
    return openStream(c, { orgId: org.id, threadId: null }, resumeAfter);
  });

  router.openapi(threadEventsRoute, async (c) => {
    const { org } = requireMember(c.get("caller"));
    const thread = await requireThreadByRef(c.get("deps").db, org.id, c.req.valid("param").ref);
    const ticketThread = streamTicketOf(c.req.raw)?.threadId;
    if (ticketThread && ticketThread !== thread.id) throw unauthorized();
    const resumeAfter = lastEventId(c, c.req.valid("query").lastEventId);
    return openStream(c, { orgId: org.id, threadId: thread.id }, resumeAfter);
  });

  router.openapi(ticketRoute, async (c) => {
    const caller = requireMember(c.get("caller"));
    const body = c.req.header("content-type")?.includes("json") ? c.req.valid("json") : {};
    return c.json(await issueStreamTicket(c.get("deps"), caller, body.thread), 200);
  });

  return router;
}
