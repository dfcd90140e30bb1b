import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { AppError } from "../../errors";
import type { WebEnv } from "../web-env";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
// `none` is a request the person made themselves (typed, bookmarked); same-site is still another site
const ALLOWED_FETCH_SITES = new Set(["same-origin", "none"]);

/** Our own origins: the one the request came to, and PUBLIC_URL's when it is set. */
export function ownOrigins(c: Context<WebEnv>): string[] {
  const origins = [new URL(c.req.url).origin];
  const publicUrl = c.get("deps").config.PUBLIC_URL;
  if (publicUrl) origins.push(new URL(publicUrl).origin);
  return origins;
}

/**
 * Refuses a state-changing request that the browser says comes from another site (`Sec-Fetch-Site`,
 * else `Origin`) before anything runs: 403, nothing changed. Without either header (old browsers,
 * scripts) the CSRF token alone decides.
 */
export const refuseCrossSite = createMiddleware<WebEnv>(async (c, next) => {
  if (!SAFE_METHODS.has(c.req.method)) {
    const site = c.req.header("sec-fetch-site");
    const origin = c.req.header("origin");
    const crossSite =
      (site !== undefined && !ALLOWED_FETCH_SITES.has(site)) ||
      (origin !== undefined && !ownOrigins(c).includes(origin));
    if (crossSite) {
      throw new AppError("forbidden", "This request came from another site, so it was refused.");
    }
  }
  await next();
});
