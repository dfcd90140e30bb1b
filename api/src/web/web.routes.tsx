import { Hono } from "hono";
import { addonsPageRoutes } from "./addons/addons.routes";
import { serveAsset } from "./assets/assets";
import { auditPageRoutes } from "./audit/audit.routes";
import { domainPageRoutes } from "./domains/domains.routes";
import { refuseCrossSite } from "./http/same-origin";
import { pageHeaders } from "./http/security-headers";
import { notFoundPage, renderWebError } from "./http/web-errors";
import { inboundPageRoutes } from "./inbound/inbound.routes";
import { inboxPageRoutes } from "./inboxes/inboxes.routes";
import { memberPageRoutes } from "./members/members.routes";
import { metricsRoutes } from "./metrics/metrics.routes";
import { outboxPageRoutes } from "./outbox/outbox.routes";
import { savedReplyPageRoutes } from "./saved-replies/saved-replies.routes";
import { loadSession, requireMember } from "./session/session-middleware";
import { setupPageRoutes } from "./setup/setup.routes";
import { signInRoutes } from "./sign-in/sign-in.routes";
import { liveRoutes } from "./threads/live.routes";
import { messageFileRoutes } from "./threads/message-files.routes";
import { threadPageRoutes } from "./threads/thread-pages.routes";
import { threadWorkRoutes } from "./threads/thread-work.routes";
import { tokenPageRoutes } from "./tokens/tokens.routes";
import type { WebEnv } from "./web-env";

/**
 * The web pages under /admin: the thread viewer, the team's pages and the settings pages. Every request gets
 * the page headers (`http/security-headers`), its session (`c.get("session")`) and the cross-site
 * refusal of state-changing requests. A page of its own adds:
 * - `requireMember` (signed in, an org chosen: `c.get("caller")`), then `requireAdmin` for admins only;
 * - `requireCsrf("session")` on every POST, its forms carrying `<CsrfField token={viewer.csrf} />`;
 * - `renderPage(c, { title, active, children })` for the layout, its notice and the top bar;
 * - `readForm(c, schema)` to answer a mistake again with messages beside the fields (`Field`),
 *   and `flash(c, notice)` before redirecting (303) after a change;
 * - a line in `components/nav.ts` (`adminOnly` for settings).
 * Errors become pages (`http/web-errors`): an AppError's status with its message, 404 for the rest.
 */
export function webRoutes() {
  const web = new Hono<WebEnv>();
  web.onError(renderWebError);
  web.use("*", pageHeaders);
  web.get("/assets/:name", serveAsset);
  web.use("*", loadSession, refuseCrossSite);
  web.get("/", requireMember, (c) => c.redirect("/admin/threads", 302));
  web.route("/", signInRoutes());
  web.route("/", threadPageRoutes());
  web.route("/", threadWorkRoutes());
  web.route("/", savedReplyPageRoutes());
  web.route("/", metricsRoutes());
  // the settings pages, in the order of SETTINGS_ITEMS (components/nav.ts)
  web.route("/", inboxPageRoutes());
  web.route("/", memberPageRoutes());
  web.route("/", tokenPageRoutes());
  web.route("/", setupPageRoutes());
  web.route("/", addonsPageRoutes());
  web.route("/", domainPageRoutes());
  web.route("/", inboundPageRoutes());
  web.route("/", outboxPageRoutes());
  web.route("/", auditPageRoutes());
  web.route("/", messageFileRoutes());
  web.route("/", liveRoutes());
  web.all("*", notFoundPage);
  return web;
}
