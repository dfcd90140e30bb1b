import { type SQL, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { defineStatement, type Placeholders, runStatement } from "../db/statement";
import type { Presence } from "./presence-types";

const iso = (column: string) =>
  sql.raw(`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

/** The JSON list of `presence` rows (joined with their member `m`) as `Presence[]`, longest-present first. */
const presenceListSql = sql`coalesce(jsonb_agg(jsonb_build_object(
    'member', jsonb_build_object('email', m.email, 'name', m.name),
    'activity', presence.activity, 'client', presence.client,
    'since', ${iso("presence.since")}, 'expiresAt', ${iso("presence.expires_at")})
  order by presence.since, m.email, presence.client), '[]'::jsonb)`;

/**
 * A CTE `others`: in its one row, `presence` lists who else is in the thread of the CTE `found`
 * now (unexpired presence of every member but `member`), longest-present first.
 */
export function othersSql(p: Placeholders<{ member: string; now: string }>): SQL {
  return sql`
    others as (
      select ${presenceListSql} as presence
      from found
      join presence on presence.thread_id = found.id
      join members m on m.id = presence.member_id
      where presence.member_id <> ${p.member} and presence.expires_at > ${p.now}::timestamptz)`;
}

const othersStatement = defineStatement<
  { thread: string; member: string; now: string },
  { presence: Presence[] }
>(
  (p) => sql`
    with found as (select ${p.thread}::uuid as id),
    ${othersSql(p)}
    select presence from others`,
);

/** Who else is in the thread now: unexpired presence of every member but `memberId`, longest-present first. */
export async function othersPresent(
  db: Db,
  threadId: string,
  memberId: string,
  now: Date,
): Promise<Presence[]> {
  const [row] = await runStatement(db, othersStatement, {
    thread: threadId,
    member: memberId,
    now: now.toISOString(),
  });
  return row?.presence ?? [];
}

const byThreadStatement = defineStatement<
  { org: string; numbers: string; member: string; now: string },
  { number: number; presence: Presence[] }
>(
  (p) => sql`
    select t.number, ${presenceListSql} as presence
    from threads t
    join presence on presence.thread_id = t.id
    join members m on m.id = presence.member_id
    where t.org_id = ${p.org} and t.number in (select jsonb_array_elements_text(${p.numbers}::jsonb)::int)
      and presence.member_id <> ${p.member} and presence.expires_at > ${p.now}::timestamptz
    group by t.number`,
);

/** Who else is in each of the org's threads numbered `numbers` now, by thread number (a list page's worth). */
export async function othersPresentByThread(
  db: Db,
  orgId: string,
  numbers: readonly number[],
  memberId: string,
  now: Date,
): Promise<Map<number, Presence[]>> {
  if (numbers.length === 0) return new Map();
  const rows = await runStatement(db, byThreadStatement, {
    org: orgId,
    numbers: JSON.stringify(numbers),
    member: memberId,
    now: now.toISOString(),
  });
  return new Map(rows.map((row) => [row.number, row.presence]));
}
