import { OpenAPIHono } from "@hono/zod-openapi";
import { sql } from "drizzle-orm";
import { adminRoutes } from "./admin/admin.routes";
import { contextRoutes } from "./context/context.routes";
import type { Deps } from "./deps";
import { errorBody } from "./errors";
import { eventRoutes } from "./events/events.routes";
import { renderApiReference } from "./http/api-reference";
import type { AppEnv } from "./http/env";
import { renderError, validationHook } from "./http/errors";
import { inboundRoutes } from "./inbound/inbound.routes";
import { presenceRoutes } from "./presence/presence.routes";
import { staffThreadRoutes } from "./staff-threads/staff-threads.routes";
import { threadRoutes } from "./threads/threads.routes";
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
    await deps.db.execute(sql`select 1`);
    return c.json({ status: "ok", database: deps.database.driver });
  });
  app.route("/webhooks/postmark", inboundRoutes());
  app.route("/api/v1", adminRoutes());
  app.route("/api/v1", threadRoutes());
  app.route("/api/v1", eventRoutes());
  app.route("/api/v1", staffThreadRoutes());
  app.route("/api/v1", contextRoutes());
  app.route("/api/v1", presenceRoutes());
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
