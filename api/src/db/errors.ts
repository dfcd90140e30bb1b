import { wellFormed } from "./storable-text";

/** Postgres error codes arrive on the error or, through drizzle, on its cause. */
export function pgErrorCode(error: unknown): string | undefined {
  for (let current = error; current instanceof Error; current = current.cause) {
    const code = (current as Error & { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

export const isUniqueViolation = (error: unknown) => pgErrorCode(error) === "23505";

// a connection failure (08), a canceled or timed-out statement, the server shutting down (57P0x),
// out of resources (53), a lock or idle-in-transaction timeout, a system error (58)
const UNAVAILABLE_CODES = /^(08|57014|57P0|53|55P03|25P03|58)/;
const UNAVAILABLE_MESSAGES =
  /Connection terminated|connection is closed|PGlite is closed|All attempts to open a WebSocket|Query read timeout|timeout exceeded when trying to connect|^timeout expired$|not queryable|the database is not answering/i;

/**
 * The database is down, unreachable or not answering in time: the caller should answer 503 and the
 * client retry. Timeouts count: a stalled database looks like one that is down.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const code = pgErrorCode(error);
  if (code && UNAVAILABLE_CODES.test(code)) return true;
  for (let current = error; current instanceof Error; current = current.cause) {
    const sysCode = (current as Error & { code?: unknown }).code;
    if (
      typeof sysCode === "string" &&
      ["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE"].includes(sysCode)
    ) {
      return true;
    }
    if (UNAVAILABLE_MESSAGES.test(current.message)) return true;
  }
  return false;
}

/**
 * A value the database refused to hold or use: a data exception (class 22: bad encoding, invalid
 * JSON text, a value out of range) or a program limit (class 54: an index entry too large).
 */
export function isUnstorableValue(error: unknown): boolean {
  const code = pgErrorCode(error);
  return code !== undefined && (code.startsWith("22") || code.startsWith("54"));
}

/** The database's own words for an error, as text that can itself be stored and shown. */
export function databaseProblem(error: unknown): string {
  let message = error instanceof Error ? error.message : String(error);
  for (let current = error; current instanceof Error; current = current.cause) {
    if ((current as Error & { code?: unknown }).code !== undefined) message = current.message;
  }
  return wellFormed(message.replaceAll("\u0000", "\\u0000")).slice(0, 500);
}
