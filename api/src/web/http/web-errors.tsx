import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { isDatabaseUnavailable } from "../../db/errors";
import { AppError, type ErrorCode, errorBody } from "../../errors";
import type { WebEnv } from "../web-env";
import { sentence } from "./forms";
import { renderPage } from "./render";

const TITLES: Record<ErrorCode, string> = {
  bad_request: "That did not work",
  unauthorized: "Signed out",
  forbidden: "Not allowed",
  not_found: "Not found",
  conflict: "Already there",
  payload_too_large: "Too large",
  rate_limited: "Too many requests",
  internal: "Something went wrong",
  unavailable: "Try again shortly",
};

/** The page for an error: what happened in plain words, and a way on. */
export function errorPage(c: Context<WebEnv>, error: AppError): Response | Promise<Response> {
  for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
  if (c.req.path.startsWith("/admin/live/"))
    return c.json(errorBody(error.code, error.message), error.status);
  const signedIn = Boolean(c.get("session")?.membership);
  return renderPage(
    c,
    {
      title: TITLES[error.code],
      children: (
        <section class="panel panel-narrow error-page">
          <h1>{TITLES[error.code]}</h1>
          <p>{sentence(error.message)}</p>
          <p>
            {signedIn ? <a href="/admin/threads">Go to the threads</a> : <a href="/admin/login">Sign in</a>}
          </p>
        </section>
      ),
    },
    error.status,
  );
}

/** The web pages' one place where an error becomes a response (the JSON API has its own). */
export function renderWebError(error: Error, c: Context<WebEnv>): Response | Promise<Response> {
  if (error instanceof AppError) return errorPage(c, error);
  if (error instanceof HTTPException && error.status < 500) {
    return errorPage(c, new AppError("bad_request", error.message || "The request could not be read."));
  }
  const deps = c.get("deps");
  if (isDatabaseUnavailable(error)) {
    deps.log.error("database unavailable", { path: c.req.path, error: error.message });
    return errorPage(
      c,
      new AppError("unavailable", "The database is not answering; try again in a moment.", {
        "Retry-After": "30",
      }),
    );
  }
  deps.log.error("unhandled error", { path: c.req.path, error: error.stack ?? error.message });
  return errorPage(c, new AppError("internal", "Something went wrong on our side. Try again in a moment."));
}

/** The 404 page of any /admin address that is not one. */
export function notFoundPage(c: Context<WebEnv>): Response | Promise<Response> {
  return errorPage(c, new AppError("not_found", "There is no page at this address."));
}
