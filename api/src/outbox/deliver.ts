import type { OutboundEmail } from "../db/schema";
import type { Deps } from "../deps";
import { MailError, type Mailer, type SendOutcome } from "./mailer";
import { type ClaimedEntry, claimDueMail, markFailed, markForRetry, markSent } from "./outbox.statements";

/** After this many tries a transient failure counts as final. */
export const MAX_ATTEMPTS = 10;
// a claimed row is due again after the lease, so a crashed sender's mail is not lost
const LEASE_MS = 5 * 60_000;
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 60 * 60_000;
const DEFAULT_BATCH = 20;

export type DeliveryDeps = Pick<Deps, "db" | "mailer" | "clock" | "log">;
export type DeliveryResult = { sent: number; retried: number; failed: number };

/**
 * Sends the outbox mail that is due. Rows are claimed with a lease in one statement and sent with
 * no transaction open, so a slow Postmark never holds a connection (PGlite has only one) and two
 * instances running this at once never claim the same row.
 */
export async function deliverDueMail(
  deps: DeliveryDeps,
  options: { limit?: number } = {},
): Promise<DeliveryResult> {
  const claimedAt = deps.clock.now();
  const leaseUntil = new Date(claimedAt.getTime() + LEASE_MS);
  const entries = await claimDueMail(deps.db, claimedAt, leaseUntil, options.limit ?? DEFAULT_BATCH);
  // one request for the batch, so it ends well within its lease
  const outcomes = await sendEntries(deps.mailer, entries);
  const now = deps.clock.now();
  const sent = outcomes.flatMap(({ entry, outcome }) =>
    outcome.ok ? [{ entry, postmarkMessageId: outcome.postmarkMessageId }] : [],
  );
  await recordSent(deps, sent, now);
  const result: DeliveryResult = { sent: sent.length, retried: 0, failed: 0 };
  for (const { entry, outcome } of outcomes) {
    if (!outcome.ok) result[await recordTrouble(deps, entry, outcome.error, now)] += 1;
  }
  return result;
}

/** The wait before the next try: doubling from 30 s, at most an hour, a little earlier at random. */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(FIRST_RETRY_MS * 2 ** Math.max(attempts - 1, 0), MAX_RETRY_MS);
  // jitter spreads out the retries of mail that failed together in one outage
  return Math.round(base * (1 - 0.1 * random()));
}

async function sendEntries(mailer: Mailer, entries: ClaimedEntry[]) {
  // a sender that crashed mid-send leaves its lease to expire; do not let that loop forever
  const gaveUp: SendOutcome = {
    ok: false,
    error: new MailError(`gave up after ${MAX_ATTEMPTS} attempts`, true),
  };
  const due = entries.filter((entry) => entry.attempts <= MAX_ATTEMPTS);
  const tried = await attemptSend(
    mailer,
    due.map((entry) => entry.email),
  );
  const outcomes = new Map(due.map((entry, index) => [entry, tried[index]!]));
  return entries.map((entry) => ({ entry, outcome: outcomes.get(entry) ?? gaveUp }));
}

/** A send that did not go through: retried later with backoff, or failed for good. */
async function recordTrouble(
  deps: DeliveryDeps,
  entry: ClaimedEntry,
  error: MailError,
  now: Date,
): Promise<"retried" | "failed"> {
  const context = {
    outboxId: entry.id,
    orgId: entry.orgId,
    recipient: entry.recipient,
    attempts: entry.attempts,
  };
  if (error.permanent || entry.attempts >= MAX_ATTEMPTS) {
    deps.log.error("Outbox mail failed for good", { ...context, error: error.message });
    await markFailed(deps.db, entry.id, error.message, now);
    return "failed";
  }
  const nextAttemptAt = new Date(now.getTime() + retryDelayMs(entry.attempts));
  deps.log.warn("Outbox mail not sent, will retry", { ...context, error: error.message, nextAttemptAt });
  await markForRetry(deps.db, entry.id, nextAttemptAt, error.message);
  return "retried";
}

async function attemptSend(mailer: Mailer, emails: OutboundEmail[]): Promise<SendOutcome[]> {
  if (emails.length === 0) return [];
  try {
    const outcomes = await mailer.send(emails);
    if (outcomes.length !== emails.length)
      throw new Error("the mailer answered for a different number of emails");
    return outcomes;
  } catch (error) {
    // a mailer answers failures as outcomes; one that throws is treated as passing trouble
    const failure = error instanceof MailError ? error : new MailError(describe(error), false);
    return emails.map(() => ({ ok: false as const, error: failure }));
  }
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Records a batch's sent mail; a failure is logged with the mail it leaves unrecorded. */
async function recordSent(
  deps: DeliveryDeps,
  sent: { entry: ClaimedEntry; postmarkMessageId: string }[],
  now: Date,
) {
  try {
    await markSent(
      deps.db,
      sent.map(({ entry, postmarkMessageId }) => ({ id: entry.id, postmarkMessageId })),
      now,
    );
  } catch (error) {
    deps.log.error("Mail was sent but not recorded; it will be sent again when its lease ends", {
      outboxIds: sent.map(({ entry }) => entry.id),
      error: error instanceof Error ? error.message : String(error),
    });
    throw error;
  }
}
