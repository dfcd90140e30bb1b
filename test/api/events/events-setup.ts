import { OpenAPIHono } from "@hono/zod-openapi";
import type { Db } from "../../../api/src/db/client";
import type { Deps } from "../../../api/src/deps";
import { type EventRoutesOptions, eventRoutes } from "../../../api/src/events/events.routes";
import { insertLiveEvent, type LiveEventRow } from "../../../api/src/events/events.statements";
import type { AppEnv } from "../../../api/src/http/env";
import { renderError } from "../../../api/src/http/errors";

/**
 * Records an event as a producer does: inside a transaction, so subscribers hear of it on commit.
 * The stream carries whatever data it was given, so these tests need no real payloads.
 */
export function publishIn(db: Db, event: Omit<LiveEventRow, "data"> & { data?: Record<string, unknown> }) {
  return db.transaction((tx) => insertLiveEvent(tx, { data: {}, ...event }));
}

/** Just the event routes, built with options the full app does not pass (a short keep-alive). */
export function eventsOnlyApp(deps: Deps, options: EventRoutesOptions) {
  const app = new OpenAPIHono<AppEnv>();
  app.use("*", async (c, next) => {
    c.set("deps", deps);
    await next();
  });
  app.onError(renderError);
  app.route("/api/v1", eventRoutes(options));
  return app;
}
