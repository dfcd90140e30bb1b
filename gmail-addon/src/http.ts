import { type Credentials, credentialHeaders, currentCredentials } from "./identity";
import { type Answer, answered, failed, type Problem } from "./problems";
import { apiUrl } from "./settings";

export type ApiRequest = {
  method: "get" | "post" | "patch" | "put" | "delete";
  path: string;
  body?: unknown;
};

/** A check that a 2xx body is what the caller reads, so a wrong answer is a card, not a crash. */
export type Shape<T> = (json: unknown) => json is T;

const MAX_MESSAGE = 300;

/**
 * One request to the Tisket API, answered as a value: Apps Script's `UrlFetchApp` blocks until
 * the answer (it has no timeout of its own to set), so each card makes one call and never retries.
 */
export function callApi<T>(
  request: ApiRequest,
  shape: Shape<T>,
  credentials: Credentials | null = currentCredentials(),
): Answer<T> {
  const base = apiUrl();
  if (!base) return failed({ kind: "not_configured" });
  if (!credentials) return failed({ kind: "no_identity" });
  let response: GoogleAppsScript.URL_Fetch.HTTPResponse;
  try {
    response = UrlFetchApp.fetch(`${base}${request.path}`, fetchOptions(request, credentials));
  } catch (error) {
    // DNS, refused connections and timeouts throw even with muteHttpExceptions
    const reason = error instanceof Error ? error.message : String(error);
    console.warn("Tisket unreachable", { path: request.path, reason });
    return failed({ kind: "unreachable", timedOut: /time(d)? ?out/i.test(reason) });
  }
  return interpret(response, credentials, shape);
}

function fetchOptions(
  request: ApiRequest,
  credentials: Credentials,
): GoogleAppsScript.URL_Fetch.URLFetchRequestOptions {
  const options: GoogleAppsScript.URL_Fetch.URLFetchRequestOptions = {
    method: request.method,
    headers: { ...credentialHeaders(credentials), Accept: "application/json" },
    muteHttpExceptions: true,
    followRedirects: false,
  };
  if (request.body !== undefined) {
    options.contentType = "application/json";
    options.payload = JSON.stringify(request.body);
  }
  return options;
}

function interpret<T>(
  response: GoogleAppsScript.URL_Fetch.HTTPResponse,
  credentials: Credentials,
  shape: Shape<T>,
): Answer<T> {
  const status = response.getResponseCode();
  const json = parseJson(response.getContentText());
  if (status >= 200 && status < 300) {
    return shape(json) ? answered(json) : failed({ kind: "unexpected", status });
  }
  if (status === 401) return failed({ kind: "unauthorized", via: credentials.via });
  if (status === 429) return failed({ kind: "rate_limited", retryAfterSeconds: retryAfter(response) });
  if (status >= 500) return failed({ kind: "server", status });
  return failed(refusal(status, errorMessage(json)));
}

function refusal(status: number, message: string): Problem {
  if (status === 404) return { kind: "not_found", message };
  const orgs = severalOrgs(message);
  if (status === 400 && orgs) return { kind: "several_orgs", orgs };
  return { kind: "refused", status, message };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The API's `{ error: { message } }`, kept short: it is shown to the user as it is. */
function errorMessage(json: unknown): string {
  const error = isRecord(json) ? json.error : undefined;
  const message = isRecord(error) ? error.message : undefined;
  return typeof message === "string" ? message.slice(0, MAX_MESSAGE) : "";
}

// the API names the orgs of a person in several in this sentence; the card offers Settings instead
function severalOrgs(message: string): string[] | null {
  const match = /member of several orgs.*one of: (.+?)\.?$/.exec(message);
  return match?.[1] ? match[1].split(/,\s*/).filter(Boolean) : null;
}

function retryAfter(response: GoogleAppsScript.URL_Fetch.HTTPResponse): number | null {
  const headers = response.getHeaders() as Record<string, unknown>;
  const name = Object.keys(headers).find((key) => key.toLowerCase() === "retry-after");
  const seconds = name ? Number(headers[name]) : Number.NaN;
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : null;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
