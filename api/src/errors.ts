import type { ContentfulStatusCode } from "hono/utils/http-status";

const statusByCode = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ErrorCode = keyof typeof statusByCode;

/** The one application error: a closed set of codes, each with its HTTP status. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  get status(): ContentfulStatusCode {
    return statusByCode[this.code];
  }
}

export const notFound = (what: string) => new AppError("not_found", `${what} not found`);
export const badRequest = (message: string) => new AppError("bad_request", message);

export type ErrorBody = { error: { code: ErrorCode; message: string } };

export function errorBody(code: ErrorCode, message: string): ErrorBody {
  return { error: { code, message } };
}

/** Postgres error codes arrive on the error or, through drizzle, on its cause. */
export function pgErrorCode(error: unknown): string | undefined {
  for (let current = error; current instanceof Error; current = current.cause) {
    const code = (current as Error & { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

export const isUniqueViolation = (error: unknown) => pgErrorCode(error) === "23505";

/** Connection-level failures: the database is down or unreachable, so the caller should retry. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const code = pgErrorCode(error);
  if (code?.startsWith("08") || code === "57P01" || code === "57P03" || code === "53300") return true;
  for (let current = error; current instanceof Error; current = current.cause) {
    const sysCode = (current as Error & { code?: unknown }).code;
    if (
      typeof sysCode === "string" &&
      ["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE"].includes(sysCode)
    ) {
      return true;
    }
    if (
      /Connection terminated|connection is closed|PGlite is closed|All attempts to open a WebSocket/i.test(
        current.message,
      )
    ) {
      return true;
    }
  }
  return false;
}
