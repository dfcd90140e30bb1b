import { sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "../../db/client";
import { inboundEmails as log } from "../../db/schema";
import { setColumns } from "../../db/set-columns";
import { defineStatement, runStatement } from "../../db/statement";

/**
 * Filing a kept email holds a lease on its log row: 30 s from keeping it (the schema's default),
 * then, for each filing that takes over a row whose lease ran out, twice as long as the last, up to
 * 15 minutes. The lease is both what keeps two filings apart and the backoff between attempts.
 */
const nextLease = sql`now() + least(interval '30 seconds' * power(2, least(${log.attempts}, 10)), interval '15 minutes')`;

const leaseAgain = setColumns(log, { attempts: sql`${log.attempts} + 1`, leaseUntil: nextLease });

const takeOverStatement = defineStatement<{ id: string }, { id: string }>(
  (p) => sql`update ${log} set ${leaseAgain}
    where ${log.id} = ${p.id} and ${log.status} = 'received' and ${log.leaseUntil} <= now()
    returning ${log.id}`,
);

/** Takes over the filing of one kept email whose lease ran out; false when someone else holds it. */
export async function takeOverFiling(db: Db, inboundId: string): Promise<boolean> {
  const rows = await runStatement(db, takeOverStatement, { id: inboundId });
  return rows.length > 0;
}

const due = alias(log, "due");

const leaseAbandonedStatement = defineStatement<{ limit: number; maxAttempts: number }, { id: string }>(
  (p) => sql`with ${due} as (
      select ${log.id} from ${log}
      where ${log.status} = 'received' and ${log.leaseUntil} <= now() and ${log.attempts} < ${p.maxAttempts}
      order by ${log.leaseUntil}
      limit ${p.limit}
      for update skip locked)
    update ${log} set ${leaseAgain}
    from ${due} where ${log.id} = ${due.id}
    returning ${log.id}`,
);

/**
 * Leases up to `limit` kept emails whose filing died, oldest lease first, skipping rows another
 * instance is leasing at the same moment. Rows past `maxAttempts` are not taken: see `giveUpOn`.
 */
export async function leaseAbandoned(db: Db, limit: number, maxAttempts: number): Promise<string[]> {
  const rows = await runStatement(db, leaseAbandonedStatement, { limit, maxAttempts });
  return rows.map((row) => row.id);
}

export type GivenUp = { id: string; orgId: string | null; error: string };

const giveUpStatement = defineStatement<{ maxAttempts: number }, GivenUp>(
  (p) => sql`update ${log} set ${setColumns(log, {
    status: sql`'failed'`,
    processedAt: sql`now()`,
    error: sql`'not filed after ' || ${log.attempts} || ' attempts' || coalesce(': ' || ${log.error}, '')`,
  })}
    where ${log.status} = 'received' and ${log.leaseUntil} <= now() and ${log.attempts} >= ${p.maxAttempts}
    returning ${log.id}, ${log.orgId} as "orgId", ${log.error}`,
);

/** Marks `failed`, saying why, the kept emails that ran out of attempts and of their last lease. */
export async function giveUpOn(db: Db, maxAttempts: number): Promise<GivenUp[]> {
  return runStatement(db, giveUpStatement, { maxAttempts });
}

const noteFailedStatement = defineStatement<{ id: string; problem: string }, never>(
  (p) => sql`update ${log} set ${setColumns(log, { error: p.problem })}
    where ${log.id} = ${p.id} and ${log.status} = 'received'`,
);

/** Notes on a kept email why its last filing attempt broke off, for the inbound log. */
export async function noteAttemptFailed(db: Db, inboundId: string, problem: string): Promise<void> {
  await runStatement(db, noteFailedStatement, { id: inboundId, problem });
}
