import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { queryRows } from "../../db/query-rows";

/**
 * Filing a kept email holds a lease on its log row: 30 s from keeping it (the schema's default),
 * then, for each filing that takes over a row whose lease ran out, twice as long as the last, up to
 * 15 minutes. The lease is both what keeps two filings apart and the backoff between attempts.
 */
const nextLease = sql.raw(
  "now() + least(interval '30 seconds' * power(2, least(attempts, 10)), interval '15 minutes')",
);

/** Takes over the filing of one kept email whose lease ran out; false when someone else holds it. */
export async function takeOverFiling(db: Db, inboundId: string): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`update inbound_emails set attempts = attempts + 1, lease_until = ${nextLease}
        where id = ${inboundId} and status = 'received' and lease_until <= now()
        returning id`,
  );
  return rows.length > 0;
}

/**
 * Leases up to `limit` kept emails whose filing died, oldest lease first, skipping rows another
 * instance is leasing at the same moment. Rows past `maxAttempts` are not taken: see `giveUpOn`.
 */
export async function leaseAbandoned(db: Db, limit: number, maxAttempts: number): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`with due as (
          select id from inbound_emails
          where status = 'received' and lease_until <= now() and attempts < ${maxAttempts}
          order by lease_until
          limit ${limit}
          for update skip locked)
        update inbound_emails i set attempts = i.attempts + 1, lease_until = ${nextLease}
        from due where i.id = due.id
        returning i.id`,
  );
  return rows.map((row) => row.id);
}

export type GivenUp = { id: string; orgId: string | null; error: string };

/** Marks `failed`, saying why, the kept emails that ran out of attempts and of their last lease. */
export async function giveUpOn(db: Db, maxAttempts: number): Promise<GivenUp[]> {
  return queryRows<GivenUp>(
    db,
    sql`update inbound_emails set status = 'failed', processed_at = now(),
          error = 'not filed after ' || attempts || ' attempts' || coalesce(': ' || error, '')
        where status = 'received' and lease_until <= now() and attempts >= ${maxAttempts}
        returning id, org_id as "orgId", error`,
  );
}

/** Notes on a kept email why its last filing attempt broke off, for the inbound log. */
export async function noteAttemptFailed(db: Db, inboundId: string, problem: string): Promise<void> {
  await queryRows(
    db,
    sql`update inbound_emails set error = ${problem} where id = ${inboundId} and status = 'received'`,
  );
}
