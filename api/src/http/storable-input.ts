import { createMiddleware } from "hono/factory";
import { isStorableText } from "../db/storable-text";
import { errorBody } from "../errors";
import type { AppEnv } from "./env";

/**
 * Refuses, with a 400 naming the field, text that Postgres cannot hold or compare: NUL, and lone
 * UTF-16 surrogates. In front of every staff route for the path and the query string, so that a
 * query parameter such as `q=%00` never reaches a statement, whichever route reads it; JSON bodies
 * are checked once validated (see `validationHook`), after authentication.
 */
export const storableInput = createMiddleware<AppEnv>(async (c, next) => {
  const url = new URL(c.req.url);
  const problem =
    badText("path", safeDecode(url.pathname)) ??
    [...url.searchParams].map(([name, value]) => badText(name, name + value)).find(Boolean);
  if (problem) return c.json(errorBody("bad_request", problem), 400);
  await next();
});

/** What is wrong with the first string in `value` that Postgres cannot hold, naming its field. */
export function unstorableTextIn(value: unknown, field = ""): string | undefined {
  if (typeof value === "string") return badText(field || "body", value);
  if (Array.isArray(value)) {
    return value
      .map((item, index) => unstorableTextIn(item, field ? `${field}.${index}` : `${index}`))
      .find(Boolean);
  }
  if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const problem =
        badText(field || "body", key) ?? unstorableTextIn(item, field ? `${field}.${key}` : key);
      if (problem) return problem;
    }
  }
  return undefined;
}

function badText(field: string, value: string): string | undefined {
  if (isStorableText(value)) return undefined;
  return value.includes("\u0000")
    ? `${field}: text may not contain NUL (U+0000)`
    : `${field}: text may not contain an unpaired UTF-16 surrogate`;
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
