import { lt, type Placeholder, type SQL, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { rateLimits } from "../db/schema";
import type { Deps } from "../deps";
import { AppError } from "../errors";

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
export async function countRequest(db: Db, key: string, now: Date): Promise<number> {
  const [row] = await db
    .insert(rateLimits)
    .values({ key, windowStart: windowStartOf(now), count: 1 })
    .onConflictDoUpdate({
      target: [rateLimits.key, rateLimits.windowStart],
      set: { count: sql`${rateLimits.count} + 1` },
    })
    .returning({ count: rateLimits.count });
  return row!.count;
}

/**
 * A CTE `counted` that counts one request for the member whose `"memberId"` the CTE `source` holds
 * (none when it holds no row): a lookup that finds the caller counts them in the same statement.
 */
export function countedRequestCte(source: SQL, p: { key: Placeholder; window: Placeholder }): SQL {
  return sql`counted as (
      insert into rate_limits (key, window_start, count)
      select ${p.key}::text || s."memberId", ${p.window}::timestamptz, 1 from ${source} s
      on conflict (key, window_start) do update set count = rate_limits.count + 1
      returning count)`;
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
  await db.delete(rateLimits).where(lt(rateLimits.windowStart, new Date(now.getTime() - KEEP_WINDOWS_MS)));
}
