import { OpenAPIHono } from "@hono/zod-openapi";
import { adminRoutes } from "./admin/admin.routes";
import { analyticsRoutes } from "./analytics/analytics.routes";
import { auditRoutes } from "./audit/audit.routes";
import { contextRoutes } from "./context/context.routes";
import { checkDatabase } from "./db/health";
import type { Deps } from "./deps";
import { draftRoutes } from "./drafts/drafts.routes";
import { errorBody } from "./errors";
import { eventRoutes } from "./events/events.routes";
import { renderApiReference } from "./http/api-reference";
import type { AppEnv } from "./http/env";
import { renderError, validationHook } from "./http/errors";
import { storableInput } from "./http/storable-input";
import { inboundRoutes } from "./inbound/inbound.routes";
import { mcpRoutes } from "./mcp/mcp.routes";
import { noteRoutes } from "./notes/notes.routes";
import { outlookRoutes } from "./outlook/outlook.routes";
import { presenceRoutes } from "./presence/presence.routes";
import { savedReplyRoutes } from "./saved-replies/saved-replies.routes";
import { staffThreadRoutes } from "./threads/staff-threads.routes";
import { threadRoutes } from "./threads/threads.routes";
import { ticketRoutes } from "./tickets/tickets.routes";
import { webRoutes } from "./web/web.routes";

/** The composition root: the whole HTTP surface, built on the dependencies handed in. */
export function createApp(deps: Deps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.use("*", async (c, next) => {
    c.set("deps", deps);
    await next();
  });
  app.onError(renderError);
  app.notFound((c) => c.json(errorBody("not_found", `No route for ${c.req.method} ${c.req.path}`), 404));

  app.get("/healthz", async (c) => {
    await checkDatabase(deps.db, deps.config.HEALTHZ_TIMEOUT_MS);
    return c.json({ status: "ok", database: deps.database.driver });
  });
  app.use("/api/v1/*", storableInput);
  app.route("/webhooks/postmark", inboundRoutes());
  app.route("/api/v1", adminRoutes());
  app.route("/api/v1", threadRoutes());
  app.route("/api/v1", eventRoutes());
  app.route("/api/v1", staffThreadRoutes());
  app.route("/api/v1", contextRoutes());
  app.route("/api/v1", presenceRoutes());
  app.route("/api/v1", ticketRoutes());
  app.route("/api/v1", draftRoutes());
  app.route("/", mcpRoutes());
  app.route("/api/v1", noteRoutes());
  app.route("/api/v1", savedReplyRoutes());
  app.route("/api/v1", analyticsRoutes());
  app.route("/api/v1", auditRoutes());
  app.route("/", outlookRoutes());
  app.route("/admin", webRoutes());
  // a browser that opens the bare address lands on the web pages; API clients get the 404 as before
  app.get("/", (c, next) =>
    c.req.header("accept")?.includes("text/html") ? c.redirect("/admin", 302) : next(),
  );
  const document = { openapi: "3.1.0", info: { title: "Tisket Threads API", version: "1" } };
  app.doc31("/api/v1/openapi.json", document);
  let reference: string | undefined;
  app.get("/api/v1/docs", (c) => {
    reference ??= renderApiReference(app.getOpenAPI31Document(document));
    return c.html(reference);
  });
  return app;
}

export type App = ReturnType<typeof createApp>;
