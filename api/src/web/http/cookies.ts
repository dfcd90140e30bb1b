import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { CookieOptions } from "hono/utils/cookie";
import type { Config } from "../../config";

/** The cookies of the web pages. None is readable by scripts; none is sent cross-site on a POST. */
export const COOKIES = {
  /** the signed-in browser's random session id (the database keeps its hash) */
  session: { name: "tisket_session", path: "/", maxAgeSeconds: 30 * 24 * 3600 },
  /** binds the sign-in forms' CSRF token before there is a session */
  preSession: { name: "tisket_pre", path: "/admin/login", maxAgeSeconds: 2 * 3600 },
  /** a notice for the next page, after a redirect */
  flash: { name: "tisket_flash", path: "/admin", maxAgeSeconds: 60 },
  /** where to go after signing in */
  next: { name: "tisket_next", path: "/admin", maxAgeSeconds: 3600 },
} as const;

export type CookieName = keyof typeof COOKIES;

// Secure only where the browser reaches us over https: a cookie marked Secure is never sent over http
function optionsOf(name: CookieName, config: Pick<Config, "PUBLIC_URL">): CookieOptions {
  const cookie = COOKIES[name];
  return {
    path: cookie.path,
    httpOnly: true,
    sameSite: "Lax",
    secure: config.PUBLIC_URL?.startsWith("https:") ?? false,
    maxAge: cookie.maxAgeSeconds,
  };
}

export function readCookie(c: Context, name: CookieName): string | undefined {
  return getCookie(c, COOKIES[name].name) || undefined;
}

export function writeCookie(c: Context, name: CookieName, value: string, config: Pick<Config, "PUBLIC_URL">) {
  setCookie(c, COOKIES[name].name, value, optionsOf(name, config));
}

export function clearCookie(c: Context, name: CookieName, config: Pick<Config, "PUBLIC_URL">) {
  const { path, secure } = optionsOf(name, config);
  deleteCookie(c, COOKIES[name].name, { path, secure });
}
