import { createHmac } from "node:crypto";
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { secretsEqual } from "../../auth/secrets";
import type { Config } from "../../config";
import { AppError } from "../../errors";
import type { WebEnv } from "../web-env";
import { readCookie } from "./cookies";

/**
 * CSRF tokens of the web pages: an HMAC of what the browser holds, so a token is good for that
 * browser only and nothing is stored. After sign-in it is bound to the session id; the sign-in
 * forms, which come before any session, are bound to the short pre-session cookie. Forms carry it
 * in the hidden field `_csrf`, scripts in the header `X-CSRF-Token`.
 */
export type CsrfBinding = "session" | "pre-session";

export const CSRF_FIELD = "_csrf";
export const CSRF_HEADER = "X-CSRF-Token";

/** The key of every HMAC the pages make; a server without SECRET_KEY cannot serve them. */
export function webSecret(config: Pick<Config, "SECRET_KEY">): string {
  if (!config.SECRET_KEY) throw new AppError("unavailable", "The web pages need SECRET_KEY to be set.");
  return config.SECRET_KEY;
}

export function csrfTokenFor(secretKey: string, binding: CsrfBinding, value: string): string {
  return createHmac("sha256", secretKey).update(`csrf:${binding}:${value}`).digest("base64url");
}

/** What the request's token must be bound to: the session id or the pre-session cookie. */
function boundValue(c: Context<WebEnv>, binding: CsrfBinding): string | undefined {
  return binding === "session" ? c.get("session")?.token : readCookie(c, "preSession");
}

/** This browser's token for a page's forms; null when there is nothing to bind it to yet. */
export function csrfTokenOf(c: Context<WebEnv>, binding: CsrfBinding, value = boundValue(c, binding)) {
  return value ? csrfTokenFor(webSecret(c.get("deps").config), binding, value) : null;
}

async function submittedToken(c: Context): Promise<string | undefined> {
  const header = c.req.header(CSRF_HEADER);
  if (header) return header;
  const type = c.req.header("content-type") ?? "";
  if (!type.includes("form")) return undefined;
  const field = (await c.req.parseBody())[CSRF_FIELD];
  return typeof field === "string" ? field : undefined;
}

/** Whether the request carries this browser's token. */
export async function hasValidCsrfToken(c: Context<WebEnv>, binding: CsrfBinding): Promise<boolean> {
  const expected = csrfTokenOf(c, binding);
  const given = await submittedToken(c);
  return expected !== null && given !== undefined && secretsEqual(given, expected);
}

export const csrfRefusal = () =>
  new AppError(
    "forbidden",
    "This form has expired or did not come from this site. Go back, reload the page and try again.",
  );

/** Refuses (403, nothing changed) a state-changing request without this browser's token. */
export const requireCsrf = (binding: CsrfBinding) =>
  createMiddleware<WebEnv>(async (c, next) => {
    if (!(await hasValidCsrfToken(c, binding))) throw csrfRefusal();
    await next();
  });
