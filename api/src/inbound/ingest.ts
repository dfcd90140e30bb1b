import { eq } from "drizzle-orm";
import { formatRef } from "../../../shared/src/subject-tag";
import type { Db } from "../db/client";
import { isUuid } from "../db/ids";
import { inboundEmails } from "../db/schema";
import type { Deps } from "../deps";
import { isDatabaseUnavailable, pgErrorCode } from "../errors";
import { type FilingResult, fileEmail } from "./file-email";
import { type InboundEmail, parsePostmarkPayload } from "./payload";
import { orgNamedByRecipients, routeToInboxes } from "./route-inbox";

export type IngestResult =
  | { status: "filed" | "duplicate"; inboundId: string; threads: string[]; acknowledged: number }
  | { status: "unrouted"; inboundId: string }
  | { status: "rejected"; inboundId: string; problem: string }
  | { status: "failed"; inboundId: string; problem: string };

type IngestDeps = Pick<Deps, "db" | "config" | "clock" | "log">;

// concurrent deliveries of one email collide on unique keys; the retry then sees the winner's work
const RETRYABLE = new Set(["23505", "40001", "40P01"]);
const MAX_TRIES = 4;

/**
 * The webhook's work: keep the raw body first, then file it. Throws only when the database is
 * unavailable, so the caller can answer 5xx and Postmark retries.
 */
export async function ingestInbound(deps: IngestDeps, rawBody: string): Promise<IngestResult> {
  const parsed = parseBody(rawBody);
  if (!parsed.ok) {
    const inboundId = await keepRaw(deps.db, rawBody, null, { status: "rejected", error: parsed.problem });
    return { status: "rejected", inboundId, problem: parsed.problem };
  }
  const email = parsed.email;
  const inboundId = await keepRaw(deps.db, rawBody, email, { status: "received", error: null });
  try {
    return await withRetries(() => fileInbound(deps, inboundId, email));
  } catch (error) {
    if (isDatabaseUnavailable(error)) throw error;
    const problem = error instanceof Error ? error.message : String(error);
    deps.log.error("inbound email could not be filed; kept in the inbound log as failed", {
      inboundId,
      problem,
    });
    await deps.db
      .update(inboundEmails)
      .set({ status: "failed", error: problem.slice(0, 2000), processedAt: deps.clock.now() })
      .where(eq(inboundEmails.id, inboundId));
    return { status: "failed", inboundId, problem };
  }
}

function parseBody(rawBody: string) {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch (error) {
    return { ok: false as const, problem: `the body is not JSON (${(error as Error).message})` };
  }
  return parsePostmarkPayload(json);
}

/** Keep first: the body as posted, before anything else. A redelivery finds the row it left. */
async function keepRaw(
  db: Db,
  rawBody: string,
  email: InboundEmail | null,
  state: { status: "received" | "rejected"; error: string | null },
): Promise<string> {
  const values = {
    rawBody: rawBody.replaceAll("\u0000", "\\u0000"),
    postmarkMessageId: email?.postmarkMessageId ?? null,
    fromEmail: email?.from.email ?? null,
    subject: email?.subject.slice(0, 1000) ?? null,
    recipients: email ? [...email.to, ...email.cc, ...email.bcc].map((r) => r.email).slice(0, 100) : [],
    ...state,
  };
  const [inserted] = await db
    .insert(inboundEmails)
    .values(values)
    .onConflictDoNothing({ target: inboundEmails.postmarkMessageId })
    .returning({ id: inboundEmails.id });
  if (inserted) return inserted.id;
  const [existing] = await db
    .select({ id: inboundEmails.id })
    .from(inboundEmails)
    .where(eq(inboundEmails.postmarkMessageId, email!.postmarkMessageId));
  return existing!.id;
}

async function withRetries<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const code = pgErrorCode(error);
      if (attempt >= MAX_TRIES || !code || !RETRYABLE.has(code)) throw error;
    }
  }
}

/**
 * Files a kept email again: one whose filing failed, or one no inbox took before its inbox
 * existed. Null when the log has no such email (in that org, when one is given).
 */
export async function refileInbound(
  deps: IngestDeps,
  inboundId: string,
  orgId: string | null,
): Promise<IngestResult | null> {
  if (!isUuid(inboundId)) return null;
  const [row] = await deps.db
    .select({ rawBody: inboundEmails.rawBody, orgId: inboundEmails.orgId })
    .from(inboundEmails)
    .where(eq(inboundEmails.id, inboundId));
  if (!row || (orgId !== null && row.orgId !== orgId)) return null;
  const parsed = parseBody(row.rawBody);
  if (!parsed.ok) return { status: "rejected", inboundId, problem: parsed.problem };
  return withRetries(() => fileInbound(deps, inboundId, parsed.email, ["received", "failed", "unrouted"]));
}

type LogStatus = (typeof inboundEmails.$inferSelect)["status"];

async function fileInbound(
  deps: IngestDeps,
  inboundId: string,
  email: InboundEmail,
  fileable: LogStatus[] = ["received", "failed"],
): Promise<IngestResult> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .select({ status: inboundEmails.status })
      .from(inboundEmails)
      .where(eq(inboundEmails.id, inboundId))
      .for("update");
    if (row && !fileable.includes(row.status)) {
      return { status: "duplicate", inboundId, threads: [], acknowledged: 0 };
    }
    const domain = deps.config.INBOUND_DOMAIN;
    const routes = firstRoutePerOrg(await routeToInboxes(tx, email, domain));
    if (routes.length === 0) {
      const orgId = await orgNamedByRecipients(tx, email, domain);
      await tx
        .update(inboundEmails)
        .set({ status: "unrouted", orgId, processedAt: now })
        .where(eq(inboundEmails.id, inboundId));
      return { status: "unrouted", inboundId };
    }
    const results: FilingResult[] = [];
    for (const route of routes) {
      results.push(await fileEmail(tx, route, email, { config: deps.config, now, inboundId }));
    }
    const filed = results.filter((result) => result.kind === "filed");
    for (const result of filed) {
      if (result.ackSkipped) deps.log.info("no acknowledgement", { inboundId, reason: result.ackSkipped });
    }
    await tx
      .update(inboundEmails)
      .set({
        status: filed.length ? "filed" : "duplicate",
        orgId: routes[0]!.org.id,
        processedAt: now,
        error: null,
      })
      .where(eq(inboundEmails.id, inboundId));
    return {
      status: filed.length ? "filed" : "duplicate",
      inboundId,
      threads: filed.map((result) => formatRef(result.thread.number)),
      acknowledged: filed.filter((result) => result.acknowledged).length,
    };
  });
}

function firstRoutePerOrg<T extends { org: { id: string } }>(routes: T[]): T[] {
  const seen = new Set<string>();
  return routes.filter((route) => !seen.has(route.org.id) && seen.add(route.org.id));
}
