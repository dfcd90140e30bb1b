import { sha256Hex } from "../auth/secrets";
import type { Db } from "../db/client";
import { databaseProblem, isDatabaseUnavailable, isUnstorableValue, pgErrorCode } from "../db/errors";
import { isUuid } from "../db/ids";
import { cutText, storableText } from "../db/storable-text";
import type { Deps } from "../deps";
import { type FilingContext, type FilingResult, fileEmail } from "./file-email";
import {
  type KeptEmail,
  keepAndLookUp,
  lookUpRecipientInboxes,
  type RecipientInbox,
  type RecipientQuery,
} from "./look-up-recipients";
import { type InboundEmail, parsePostmarkPayload } from "./payload";
import { letGo, parsableText, type RawBody } from "./raw-body";
import { orgNamedByRecipients } from "./recipient-addresses";
import {
  findKept,
  findKeptBody,
  keepRejectedBody,
  markNotFiled,
  markUnrouted,
} from "./statements/inbound-log";
import { takeOverFiling } from "./statements/lease";

export type IngestResult =
  | { status: "filed" | "duplicate"; inboundId: string; threads: string[]; acknowledged: number }
  | { status: "unrouted"; inboundId: string }
  | { status: "rejected"; inboundId: string; problem: string }
  | { status: "failed"; inboundId: string; problem: string }
  /** another delivery, or the inbound sweep, is filing this email now: ask the sender to retry */
  | { status: "in_flight"; inboundId: string };

/** What filing a kept email again did: all a first delivery can answer but `in_flight`. */
export type RefileResult = Exclude<IngestResult, { status: "in_flight" }>;

type IngestDeps = Pick<Deps, "db" | "config" | "clock" | "log">;
type Fileable = FilingContext["fileable"];

// concurrent deliveries of one email collide on unique keys; the retry then sees the winner's work
const RETRYABLE = new Set(["23505", "40001", "40P01"]);
const MAX_TRIES = 4;
const FIRST_DELIVERY: Fileable = ["received", "failed"];
const ACK_WINDOW_MS = 60 * 60 * 1000;

/**
 * The webhook's work: keep the raw body first, then file it. It takes the body over: once kept,
 * its text is let go (see `letGo`). Throws only when the database is unavailable, so the caller
 * can answer 5xx and Postmark retries; a kept email whose filing broke off is filed by a
 * redelivery or the inbound sweep once its lease runs out.
 */
export async function ingestInbound(deps: IngestDeps, body: RawBody): Promise<IngestResult> {
  const parsed = parseBody(parsableText(body));
  if (!parsed.ok) {
    const rejected = await keepRejected(deps.db, body, parsed.problem);
    letGo(body);
    return rejected;
  }
  const { email } = parsed;
  const query = routeQuery(deps, email);
  const found = await keepUnlessUnstorable(deps.db, { email, query, rawBody: body });
  letGo(body);
  if ("rejected" in found) return found.rejected;
  const inbound = found.kept ?? (await findRedelivered(deps.db, email.postmarkMessageId));
  const filing = { inboundId: inbound.id, email, query, fileable: FIRST_DELIVERY };
  if (inbound.keptNow) return fileKept(deps, filing, found.recipients);
  return fileRedelivery(deps, inbound, filing, found.recipients);
}

/**
 * A redelivery adds nothing to an email that was filed, and answers as the first delivery did to
 * one that was rejected. One still being filed is left to that filing (the sender retries); one
 * whose filing died or failed is filed now.
 */
async function fileRedelivery(
  deps: IngestDeps,
  inbound: KeptEmail,
  filing: Filing,
  recipients: RecipientInbox[],
) {
  const inboundId = inbound.id;
  switch (inbound.status) {
    case "rejected":
      return { status: "rejected" as const, inboundId, problem: inbound.error ?? "the body was rejected" };
    case "failed":
      return fileKept(deps, filing, recipients);
    case "received":
      if (inbound.inFlight || !(await takeOverFiling(deps.db, inboundId))) {
        return { status: "in_flight" as const, inboundId };
      }
      return fileKept(deps, { ...filing, fileable: ["received"] }, recipients);
    default:
      return { status: "duplicate" as const, inboundId, threads: [], acknowledged: 0 };
  }
}

/**
 * Files a kept email again: one whose filing failed or died, or one no inbox took before its inbox
 * existed. Null when the log has no such email (in that org, when one is given).
 */
export async function refileInbound(
  deps: IngestDeps,
  inboundId: string,
  orgId: string | null,
  fileable: Fileable = ["received", "failed", "unrouted"],
): Promise<RefileResult | null> {
  if (!isUuid(inboundId)) return null;
  const row = await findKeptBody(deps.db, inboundId);
  if (!row || (orgId !== null && row.orgId !== orgId)) return null;
  const parsed = parseBody(parsableText(row));
  if (!parsed.ok) return { status: "rejected", inboundId, problem: parsed.problem };
  const { email } = parsed;
  return fileKept(deps, { inboundId, email, query: routeQuery(deps, email), fileable });
}

function parseBody(text: string) {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false as const, problem: `the body is not JSON (${(error as Error).message})` };
  }
  return parsePostmarkPayload(json);
}

// a problem may quote the input it is about
const storableProblem = (problem: string) => cutText(storableText(problem), 2000);

/** A body that is no Postmark payload is kept too, so nothing that reached the webhook is lost. */
async function keepRejected(db: Db, body: RawBody, problem: string) {
  const error = storableProblem(problem);
  return { status: "rejected" as const, inboundId: await keepRejectedBody(db, body, error), problem: error };
}

/**
 * Keeps the email and looks up its recipients; should the database refuse a value derived from it
 * (no email should, after `payload.ts`), the raw body is kept alone, rejected, naming the problem.
 */
async function keepUnlessUnstorable(db: Db, input: Parameters<typeof keepAndLookUp>[1]) {
  try {
    return await keepAndLookUp(db, input);
  } catch (error) {
    if (!isUnstorableValue(error)) throw error;
    const problem = `the database cannot store this email: ${databaseProblem(error)}`;
    return { rejected: await keepRejected(db, input.rawBody, problem) };
  }
}

/** A redelivery's row, kept by an earlier (or concurrent, now committed) delivery. */
async function findRedelivered(db: Db, postmarkMessageId: string): Promise<KeptEmail> {
  const kept = await findKept(db, postmarkMessageId);
  if (!kept) throw new Error(`inbound email ${postmarkMessageId} was neither kept nor found`);
  return kept;
}

function routeQuery(deps: IngestDeps, email: InboundEmail): RecipientQuery {
  const { messageId } = email;
  return {
    inboundDomain: deps.config.INBOUND_DOMAIN,
    // a redelivery repeats Message-ID, sender and subject; two emails that reuse one Message-ID do not
    dedupeKey: messageId ? sha256Hex(`${messageId}\n${email.from.email}\n${email.subject}`) : null,
    ackWindowStart: new Date(deps.clock.now().getTime() - ACK_WINDOW_MS),
  };
}

/** One kept email to file: its log row, its payload and the facts its recipients are looked up by. */
type Filing = { inboundId: string; email: InboundEmail; query: RecipientQuery; fileable: Fileable };

/**
 * Files a kept email. A value the database refuses leaves it `rejected`, naming the problem; any
 * other failure that is not the database's leaves it `failed` (see the inbound log).
 */
async function fileKept(deps: IngestDeps, filing: Filing, recipientsFound?: RecipientInbox[]) {
  const { inboundId } = filing;
  try {
    // a retry looks the recipients up again: the race it lost may have made this email a redelivery
    return await withRetries((attempt) =>
      fileInbound(deps, filing, attempt === 1 ? recipientsFound : undefined),
    );
  } catch (error) {
    if (isDatabaseUnavailable(error)) throw error;
    const unstorable = isUnstorableValue(error);
    const problem = storableProblem(
      unstorable
        ? `the database cannot store this email: ${databaseProblem(error)}`
        : error instanceof Error
          ? error.message
          : String(error),
    );
    const status = unstorable ? ("rejected" as const) : ("failed" as const);
    deps.log.error(`inbound email could not be filed; kept in the inbound log as ${status}`, {
      inboundId,
      problem,
    });
    await markNotFiled(deps.db, inboundId, { status, error: problem, at: deps.clock.now() });
    return { status, inboundId, problem };
  }
}

async function withRetries<T>(work: (attempt: number) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work(attempt);
    } catch (error) {
      const code = pgErrorCode(error);
      if (attempt >= MAX_TRIES || !code || !RETRYABLE.has(code)) throw error;
    }
  }
}

async function fileInbound(
  deps: IngestDeps,
  filing: Filing,
  recipientsFound?: RecipientInbox[],
): Promise<RefileResult> {
  const { inboundId, email, query, fileable } = filing;
  const now = deps.clock.now();
  const recipients = firstRecipientPerOrg(
    recipientsFound ?? (await lookUpRecipientInboxes(deps.db, email, query)),
  );
  if (recipients.length === 0) return fileUnrouted(deps, inboundId, email, fileable, now);
  const ctx = { config: deps.config, now, inboundId, fileable, dedupeKey: query.dedupeKey };
  // one org: a single statement is atomic on its own; several: one transaction around them all
  const results =
    recipients.length === 1
      ? [await fileEmail(deps.db, recipients[0]!, email, ctx)]
      : await deps.db.transaction(async (tx) => fileInEvery(tx, recipients, email, ctx));
  const filed = results.filter((result) => result.kind === "filed");
  for (const result of filed) {
    if (result.ackSkipped) deps.log.info("no acknowledgement", { inboundId, reason: result.ackSkipped });
  }
  return {
    status: filed.length ? "filed" : "duplicate",
    inboundId,
    threads: filed.map((result) => result.ref),
    acknowledged: filed.filter((result) => result.acknowledged).length,
  };
}

/** The log row is claimed by the first org's filing; the others file under the same claim. */
async function fileInEvery(db: Db, recipients: RecipientInbox[], email: InboundEmail, ctx: FilingContext) {
  const results: FilingResult[] = [];
  for (const [index, recipient] of recipients.entries()) {
    // in this transaction only the first filing's claim can have marked the row filed
    const fileable: Fileable = index === 0 ? ctx.fileable : [...ctx.fileable, "filed"];
    results.push(await fileEmail(db, recipient, email, { ...ctx, fileable }));
  }
  return results;
}

async function fileUnrouted(
  deps: IngestDeps,
  inboundId: string,
  email: InboundEmail,
  fileable: Fileable,
  now: Date,
) {
  const orgId = await orgNamedByRecipients(deps.db, email, deps.config.INBOUND_DOMAIN);
  await markUnrouted(deps.db, inboundId, { orgId, fileable, at: now });
  return { status: "unrouted" as const, inboundId };
}

function firstRecipientPerOrg<T extends { org: { id: string } }>(recipients: T[]): T[] {
  const seen = new Set<string>();
  return recipients.filter((recipient) => !seen.has(recipient.org.id) && seen.add(recipient.org.id));
}
