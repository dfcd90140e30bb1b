import { createMiddleware } from "hono/factory";
import type { WebEnv } from "../web-env";

/**
 * Every page's policy: scripts only from our own files (no inline script at all), nothing framed
 * but our own message bodies, and no page framed by anyone.
 */
const PAGE_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join("; ");

/**
 * The headers of the web pages, set once the route answered (a route may set its own policy, as
 * the message-body documents do). Pages are private: never cached.
 */
export const pageHeaders = createMiddleware<WebEnv>(async (c, next) => {
  await next();
  const headers = c.res.headers;
  if (!headers.has("Content-Security-Policy")) {
    headers.set("Content-Security-Policy", PAGE_POLICY);
    headers.set("X-Frame-Options", "DENY");
  }
  headers.set("X-Content-Type-Options", "nosniff");
  headers.set("Referrer-Policy", "same-origin");
  if (!headers.has("Cache-Control")) headers.set("Cache-Control", "private, no-store");
});

/**
 * The headers of one message's body document: a sandbox of its own (opaque origin, no scripts),
 * framed only by our pages, images from the message's own parts (and, once allowed, from anywhere),
 * inline styles as mail needs, nothing else.
 */
export function bodyDocumentHeaders(origins: string, remoteImages: boolean): Record<string, string> {
  const images = remoteImages ? `${origins} data: https: http:` : `${origins} data:`;
  const policy = [
    "default-src 'none'",
    `img-src ${images}`,
    "style-src 'unsafe-inline'",
    "form-action 'none'",
    "base-uri 'none'",
    "frame-ancestors 'self'",
    "sandbox allow-popups allow-popups-to-escape-sandbox",
  ].join("; ");
  return {
    "Content-Type": "text/html; charset=utf-8",
    "Content-Security-Policy": policy,
    "X-Frame-Options": "SAMEORIGIN",
    "Cache-Control": "private, max-age=300",
  };
}
