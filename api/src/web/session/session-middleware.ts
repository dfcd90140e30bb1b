import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { AppError } from "../../errors";
import { clearCookie, readCookie, writeCookie } from "../http/cookies";
import { flash } from "../http/flash";
import type { WebEnv } from "../web-env";
import { endSession } from "./session.statements";
import { findSession } from "./sessions";

/** Loads the browser's session, if it has a live one, for every page (`c.get("session")`). */
export const loadSession = createMiddleware<WebEnv>(async (c, next) => {
  const token = readCookie(c, "session");
  const deps = c.get("deps");
  const session = token ? await findSession(deps.db, token, deps.clock.now()) : null;
  if (token && !session) clearCookie(c, "session", deps.config);
  c.set("session", session);
  await next();
});

const wantsJson = (c: Context) => c.req.path.startsWith("/admin/live/");

/**
 * Lets in a signed-in member, through client `web` (`c.get("caller")`). Otherwise a page is sent
 * to sign in (and comes back after), a person in several orgs to choose one, and a session whose
 * membership was removed, with no other org to turn to, ends here.
 */
export const requireMember = createMiddleware<WebEnv>(async (c, next) => {
  const session = c.get("session");
  const deps = c.get("deps");
  if (session?.membership) {
    const { member, org } = session.membership;
    c.set("caller", { kind: "member", member, org, client: "web" });
    return next();
  }
  const orphaned = session !== null && session.memberships === 0;
  if (orphaned) {
    await endSession(deps.db, session.id);
    clearCookie(c, "session", deps.config);
  }
  if (wantsJson(c) || c.req.method !== "GET") {
    throw new AppError("unauthorized", "Your session has ended: sign in again.");
  }
  if (session && !orphaned) return c.redirect("/admin/orgs", 302);
  if (orphaned) {
    flash(c, {
      kind: "info",
      text: "You are no longer a member of any organization, so you were signed out.",
    });
  } else {
    writeCookie(c, "next", c.req.path, deps.config);
  }
  return c.redirect("/admin/login", 302);
});

/** After `requireMember`: only the org's admins; an agent gets a 403 page that says why. */
export const requireAdmin = createMiddleware<WebEnv>(async (c, next) => {
  const { member, org } = c.get("caller");
  if (member.role !== "admin") {
    throw new AppError("forbidden", `Only the admins of ${org.name} can open this page.`);
  }
  await next();
});
