import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { MemberCaller } from "../auth/caller";
import { authenticate, requireMember } from "../auth/middleware";
import type { Db } from "../db/client";
import type { Deps } from "../deps";
import { badRequest } from "../errors";
import type { AppEnv } from "../http/env";
import { validationHook } from "../http/errors";
import { bearerScheme, bearerSecurity, errorResponses } from "../http/openapi";
import { analyticsByAgent } from "./agents";
import { findInboxId } from "./analytics.statements";
import { analyticsByDay } from "./daily";
import { AgentFiguresSchema, AnalyticsQuerySchema, DayFiguresSchema, FiguresSchema } from "./schemas";
import { analyticsSummary, type FigureScope } from "./summary";
import { analyticsWindow } from "./window";

const staffRoute = { middleware: [authenticate], security: bearerSecurity, tags: ["analytics"] };
const json = <S extends z.ZodType>(description: string, schema: S) => ({
  description,
  content: { "application/json": { schema } },
});

const summaryRoute = createRoute({
  ...staffRoute,
  method: "get",
  path: "/analytics/summary",
  summary: "How the team did in a window: threads, first response and resolution times, targets met",
  request: { query: AnalyticsQuerySchema },
  responses: { 200: json("The figures", FiguresSchema), ...errorResponses },
});

const agentsRoute = createRoute({
  ...staffRoute,
  method: "get",
  path: "/analytics/agents",
  summary: "The same figures for each member of the organization",
  request: { query: AnalyticsQuerySchema },
  responses: {
    200: json("Each member's figures", z.object({ agents: z.array(AgentFiguresSchema) })),
    ...errorResponses,
  },
});

const dailyRoute = createRoute({
  ...staffRoute,
  method: "get",
  path: "/analytics/daily",
  summary: "The window day by day (UTC): what the metrics charts draw",
  request: { query: AnalyticsQuerySchema },
  responses: {
    200: json("Every day of the window", z.object({ days: z.array(DayFiguresSchema) })),
    ...errorResponses,
  },
});

type Query = z.infer<typeof AnalyticsQuerySchema>;

/** The window and inbox a request asks about, checked: an inbox the org does not have is a 400. */
export async function figureScope(deps: Pick<Deps, "db" | "clock">, caller: MemberCaller, query: Query) {
  const now = deps.clock.now();
  const window = analyticsWindow(query, now);
  const inboxId = query.inbox ? await requireInboxId(deps.db, caller.org.id, query.inbox) : null;
  return { orgId: caller.org.id, inboxId, window, now } satisfies FigureScope;
}

async function requireInboxId(db: Db, orgId: string, name: string): Promise<string> {
  const inboxId = await findInboxId(db, orgId, name.trim().toLowerCase());
  if (!inboxId) throw badRequest(`inbox: this organization has no inbox named "${name}"`);
  return inboxId;
}

export function analyticsRoutes() {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  router.openAPIRegistry.registerComponent("securitySchemes", "bearer", bearerScheme);

  router.openapi(summaryRoute, async (c) => {
    const deps = c.get("deps");
    const scope = await figureScope(deps, requireMember(c.get("caller")), c.req.valid("query"));
    return c.json(await analyticsSummary(deps.db, scope), 200);
  });

  router.openapi(agentsRoute, async (c) => {
    const deps = c.get("deps");
    const scope = await figureScope(deps, requireMember(c.get("caller")), c.req.valid("query"));
    return c.json({ agents: await analyticsByAgent(deps.db, scope) }, 200);
  });

  router.openapi(dailyRoute, async (c) => {
    const deps = c.get("deps");
    const scope = await figureScope(deps, requireMember(c.get("caller")), c.req.valid("query"));
    return c.json({ days: await analyticsByDay(deps.db, scope) }, 200);
  });

  return router;
}
