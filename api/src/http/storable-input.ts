import { createMiddleware } from "hono/factory";
import { isStorableText } from "../db/storable-text";
import { errorBody } from "../errors";
import type { AppEnv } from "./env";

/**
 * Refuses, with a 400 naming the field, text that Postgres cannot hold or compare: NUL, and lone
 * UTF-16 surrogates (a JSON body may write `"\ud800"`). One guard in front of every staff route, so
 * a query parameter such as `q=%00` never reaches a statement, whichever route reads it.
 */
export const storableInput = createMiddleware<AppEnv>(async (c, next) => {
  const url = new URL(c.req.url);
  const problem =
    badText("path", safeDecode(url.pathname)) ??
    [...url.searchParams].map(([name, value]) => badText(name, name + value)).find(Boolean) ??
    (isJson(c.req.header("content-type")) ? badValue("body", await jsonBody(c.req)) : undefined);
  if (problem) return c.json(errorBody("bad_request", problem), 400);
  await next();
});

function badText(field: string, value: string): string | undefined {
  if (isStorableText(value)) return undefined;
  return value.includes("\u0000")
    ? `${field}: text may not contain NUL (U+0000)`
    : `${field}: text may not contain an unpaired UTF-16 surrogate`;
}

function badValue(field: string, value: unknown): string | undefined {
  if (typeof value === "string") return badText(field, value);
  if (Array.isArray(value)) {
    return value.map((item, index) => badValue(`${field}.${index}`, item)).find(Boolean);
  }
  if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const problem = badText(field, key) ?? badValue(field === "body" ? key : `${field}.${key}`, item);
      if (problem) return problem;
    }
  }
  return undefined;
}

const isJson = (type: string | undefined) => type !== undefined && /\bjson\b/i.test(type);

// malformed JSON is the route validator's to report; Hono keeps the parsed body for it
const jsonBody = (request: { json(): Promise<unknown> }) => request.json().catch(() => undefined);

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
