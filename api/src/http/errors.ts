import type { Hook } from "@hono/zod-openapi";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { z } from "zod";
import { databaseProblem, isDatabaseUnavailable, isUnstorableValue } from "../db/errors";
import { AppError, errorBody } from "../errors";
import type { AppEnv } from "./env";
import { unstorableTextIn } from "./storable-input";

/** The one place an error becomes a response. */
export function renderError(error: Error, c: Context<AppEnv>): Response {
  if (error instanceof AppError) {
    return c.json(errorBody(error.code, error.message), error.status, error.headers);
  }
  if (error instanceof HTTPException) {
    const code =
      error.status === 413 ? "payload_too_large" : error.status === 401 ? "unauthorized" : "bad_request";
    return c.json(
      errorBody(code, error.message || "bad request"),
      error.status === 413 ? 413 : error.status === 401 ? 401 : 400,
    );
  }
  if (isUnstorableValue(error)) {
    // the database refused a value the request carried: bad input, which validation did not catch
    c.get("deps")?.log.warn("a request value the database refused", {
      path: c.req.path,
      error: databaseProblem(error),
    });
    return c.json(
      errorBody("bad_request", `A value in the request cannot be used: ${databaseProblem(error)}`),
      400,
    );
  }
  if (isDatabaseUnavailable(error)) {
    c.get("deps")?.log.error("database unavailable", { path: c.req.path, error: error.message });
    return c.json(errorBody("unavailable", "The database is not answering; try again shortly."), 503, {
      "Retry-After": "30",
    });
  }
  c.get("deps")?.log.error("unhandled error", { path: c.req.path, error: error.stack ?? error.message });
  return c.json(errorBody("internal", "Something went wrong on our side."), 500);
}

/** Names the first field that failed validation: `subject: expected string`. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join(".") : "body"}: ${issue.message}`)
    .join("; ");
}

export const validationHook: Hook<unknown, AppEnv, string, unknown> = (result, c) => {
  if (!result.success) {
    return c.json(errorBody("bad_request", describeIssues(result.error.issues)), 400);
  }
  // validated text must also be storable: NUL or a lone surrogate would fail the statement
  const unstorable = unstorableTextIn(result.data);
  if (unstorable) return c.json(errorBody("bad_request", unstorable), 400);
};
