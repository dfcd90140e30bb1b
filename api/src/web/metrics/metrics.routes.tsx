import { type Context, Hono } from "hono";
import { z } from "zod";
import { listInboxes } from "../../admin/statements/inboxes";
import { analyticsByAgent } from "../../analytics/agents";
import { figureScope } from "../../analytics/analytics.routes";
import { firstResponseChart, resolutionChart, threadsPerDayChart } from "../../analytics/charts";
import { analyticsByDay } from "../../analytics/daily";
import { analyticsSummary, type FigureScope } from "../../analytics/summary";
import type { Db } from "../../db/client";
import type { Inbox } from "../../db/schema";
import { domainFieldErrors } from "../http/domain-errors";
import type { FieldErrors } from "../http/forms";
import { renderPage } from "../http/render";
import { requireMember } from "../session/session-middleware";
import type { WebEnv } from "../web-env";
import { MetricsPage, type MetricsReport, PERIOD_DAYS } from "./metrics-page";

const DAY_MS = 24 * 60 * 60 * 1000;

const MetricsQuerySchema = z.object({
  period: z.enum(PERIOD_DAYS, { error: "Choose a period from the list." }).default("30"),
  inbox: z.string().trim().max(100, "Choose an inbox from the list.").default(""),
});

/** The analytics the API answers, for the window the page asks about: the same domain functions. */
async function buildReport(db: Db, scope: FigureScope, inboxes: Inbox[]): Promise<MetricsReport> {
  const shown = scope.inboxId ? inboxes.filter((inbox) => inbox.id === scope.inboxId) : inboxes;
  const [summary, agents, days, perInbox] = await Promise.all([
    analyticsSummary(db, scope),
    analyticsByAgent(db, scope),
    analyticsByDay(db, scope),
    Promise.all(shown.map((inbox) => analyticsSummary(db, { ...scope, inboxId: inbox.id }))),
  ]);
  return {
    from: scope.window.from,
    to: scope.window.to,
    summary,
    agents,
    inboxes: shown.map((inbox, index) => ({ name: inbox.name, figures: perInbox[index]! })),
    charts: [threadsPerDayChart, firstResponseChart, resolutionChart].map((draw, index) => ({
      wide: draw(days),
      // a phone gets a chart drawn for its width, so its words stay a readable size
      narrow: draw(days, { width: 360, height: 240, id: `chart-${index}-narrow` }),
    })),
  };
}

async function metricsPage(c: Context<WebEnv>) {
  const deps = c.get("deps");
  const caller = c.get("caller");
  const inboxes = await listInboxes(deps.db, caller.org);
  const parsed = MetricsQuerySchema.safeParse(c.req.query());
  const asked = { period: c.req.query("period") ?? "30", inbox: c.req.query("inbox") ?? "" };
  let errors: FieldErrors = {};
  let report: MetricsReport | null = null;
  if (!parsed.success) {
    for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
  } else {
    const from = new Date(deps.clock.now().getTime() - Number(parsed.data.period) * DAY_MS).toISOString();
    try {
      const scope = await figureScope(deps, caller, { from, inbox: parsed.data.inbox || undefined });
      report = await buildReport(deps.db, scope, inboxes);
    } catch (error) {
      const mistake = domainFieldErrors(error, { inbox: "inbox", from: "period" });
      if (!mistake) throw error;
      errors = mistake;
    }
  }
  const props = {
    ...asked,
    inboxes: inboxes.map((inbox) => ({ value: inbox.name, label: inbox.name })),
    errors,
    report,
  };
  const status = Object.keys(errors).length > 0 ? 400 : 200;
  return renderPage(
    c,
    { title: "Metrics", active: "/admin/metrics", wide: true, children: <MetricsPage {...props} /> },
    status,
  );
}

/** `/admin/metrics`, for every member: the team's figures with charts, per inbox and per member. */
export function metricsRoutes() {
  const router = new Hono<WebEnv>();
  router.get("/metrics", requireMember, metricsPage);
  return router;
}
