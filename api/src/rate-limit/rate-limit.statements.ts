import { lt, type Placeholder, type SQL, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { columnName } from "../db/column-name";
import { insertSelect } from "../db/insert-select";
import { rateLimits } from "../db/schema";

/** Counts one request for `key` in the window starting at `windowStart`; answers the window's count. */
export async function upsertRequestCount(db: Db, key: string, windowStart: Date): Promise<number> {
  const [row] = await db
    .insert(rateLimits)
    .values({ key, windowStart, count: 1 })
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
  const count = columnName(rateLimits.count);
  return sql`counted as (
      ${insertSelect(rateLimits, {
        key: sql`${p.key}::text || s."memberId"`,
        windowStart: sql`${p.window}::timestamptz`,
        count: sql`1`,
      })} from ${source} s
      on conflict (${columnName(rateLimits.key)}, ${columnName(rateLimits.windowStart)})
        do update set ${count} = ${rateLimits.count} + 1
      returning ${count})`;
}

/** Deletes every counter of a window that started before `before`. */
export async function deleteWindowsBefore(db: Db, before: Date): Promise<void> {
  await db.delete(rateLimits).where(lt(rateLimits.windowStart, before));
}
