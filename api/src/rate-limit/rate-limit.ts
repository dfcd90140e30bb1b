import type { Db } from "../db/client";
import type { Deps } from "../deps";
import { AppError } from "../errors";
import { deleteWindowsBefore, upsertRequestCount } from "./rate-limit.statements";

const WINDOW_MS = 60_000;
/** A member's counter is `member:<id>`. */
export const MEMBER_KEY_PREFIX = "member:";
const SWEEP_EVERY_MS = 60_000;
const KEEP_WINDOWS_MS = 5 * WINDOW_MS;

export type RateLimitVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** The fixed one-minute window `now` falls in. */
export function windowStartOf(now: Date): Date {
  return new Date(Math.floor(now.getTime() / WINDOW_MS) * WINDOW_MS);
}

/** Counts one request for `key` in the current window, shared by every API instance through Postgres. */
export function countRequest(db: Db, key: string, now: Date): Promise<number> {
  return upsertRequestCount(db, key, windowStartOf(now));
}

/** Whether the `count`th request of `now`'s window is within `limit` requests a minute. */
function verdictOf(count: number, limit: number, now: Date): RateLimitVerdict {
  if (count <= limit) return { allowed: true };
  const windowEnd = windowStartOf(now).getTime() + WINDOW_MS;
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((windowEnd - now.getTime()) / 1000)) };
}

/**
 * Throws 429 with `Retry-After` once a member has used up this minute's requests. `counted` is
 * this minute's count including this request when the caller's lookup already counted it.
 */
export async function limitMember(
  deps: Pick<Deps, "db" | "clock" | "config" | "lastSweptAt">,
  memberId: string,
  counted?: number,
): Promise<void> {
  const now = deps.clock.now();
  await sweepOccasionally(deps, now);
  const count = counted ?? (await countRequest(deps.db, `${MEMBER_KEY_PREFIX}${memberId}`, now));
  const verdict = verdictOf(count, deps.config.RATE_LIMIT_PER_MINUTE, now);
  if (verdict.allowed) return;
  throw new AppError("rate_limited", "Too many requests; wait a moment and try again.", {
    "Retry-After": String(verdict.retryAfterSeconds),
  });
}

// old windows are deleted about once a minute, not on every request
async function sweepOccasionally(deps: Pick<Deps, "db" | "lastSweptAt">, now: Date): Promise<void> {
  const last = deps.lastSweptAt.rateLimits;
  if (last !== undefined && now.getTime() - last < SWEEP_EVERY_MS) return;
  deps.lastSweptAt.rateLimits = now.getTime();
  await deleteOldWindows(deps.db, now);
}

export async function deleteOldWindows(db: Db, now: Date): Promise<void> {
  await deleteWindowsBefore(db, new Date(now.getTime() - KEEP_WINDOWS_MS));
}
