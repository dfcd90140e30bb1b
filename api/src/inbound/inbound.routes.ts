import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import { secretsEqual } from "../auth/secrets";
import { AppError, errorBody } from "../errors";
import type { AppEnv } from "../http/env";
import { type BodyBudget, bodyBudget } from "./body-budget";
import { ingestInbound } from "./ingest";
import { rawBodyOf, readBody } from "./raw-body";

export const MAX_WEBHOOK_BYTES = 60 * 1024 * 1024;

/** HTTP Basic auth with the configured webhook credentials, compared in constant time. */
const webhookAuth = createMiddleware<AppEnv>(async (c, next) => {
  const { WEBHOOK_USERNAME, WEBHOOK_PASSWORD } = c.get("deps").config;
  const match = /^Basic\s+(\S+)$/i.exec(c.req.header("authorization") ?? "");
  const [user, ...rest] = Buffer.from(match?.[1] ?? "", "base64")
    .toString("utf8")
    .split(":");
  const password = rest.join(":");
  const ok =
    Boolean(WEBHOOK_USERNAME && WEBHOOK_PASSWORD && match) &&
    secretsEqual(user ?? "", WEBHOOK_USERNAME ?? "") &&
    secretsEqual(password, WEBHOOK_PASSWORD ?? "");
  if (!ok) {
    throw new AppError("unauthorized", "Webhook credentials are missing or wrong.", {
      "WWW-Authenticate": 'Basic realm="tisket-webhook"',
    });
  }
  await next();
});

const tooLarge = (c: Context<AppEnv>) =>
  c.json(errorBody("payload_too_large", "The body is over the 60 MB limit."), 413);
const streamedBodyLimit = bodyLimit({ maxSize: MAX_WEBHOOK_BYTES, onError: tooLarge });

/**
 * The 60 MB limit. A body whose length is declared is judged by its header (Node's HTTP parser
 * reads no more than it declares), which leaves the server's fast path for reading it: Hono's
 * `bodyLimit` builds a web `Request` around every body first, ~0.1 ms of CPU a delivery
 * (measured). A chunked body is counted as it streams.
 */
const webhookBodyLimit = createMiddleware<AppEnv>(async (c, next) => {
  const declared = c.req.header("content-length");
  if (declared === undefined || c.req.header("transfer-encoding") !== undefined) {
    return streamedBodyLimit(c, next);
  }
  if (Number(declared) > MAX_WEBHOOK_BYTES) return tooLarge(c);
  await next();
});

// Postmark retries any answer but 200, the first time a minute later
const stillBeingFiled = () =>
  new AppError("unavailable", "This email is being filed by another delivery right now; try again shortly.", {
    "Retry-After": "60",
  });

const noRoomForBody = () =>
  new AppError("unavailable", "Too much large mail is being received at once; try again shortly.", {
    "Retry-After": "60",
  });

// the client went away while sending: no one is left to answer, and nothing was kept
const brokenOff = (error: unknown): never => {
  throw new AppError(
    "bad_request",
    `The body could not be read: ${error instanceof Error ? error.message : error}`,
  );
};

// below this a body skips the budget: small mail never waits behind large mail
const SMALL_BODY_BYTES = 1024 * 1024;
const BUDGET_WAIT_MS = 20_000;

/**
 * The bytes a body will take: as declared, or the limit for a chunked one. Bodies of webhooks
 * being handled at once share a budget (WEBHOOK_BODY_BUDGET_MB); one that finds no room within
 * 20 s is answered 503 without being read, and Postmark retries it.
 */
const reserveBody = (c: Context<AppEnv>, budget: BodyBudget) => {
  const declared = Number(c.req.header("content-length") ?? MAX_WEBHOOK_BYTES);
  const bytes = Number.isFinite(declared) ? declared : MAX_WEBHOOK_BYTES;
  // a body over the limit is answered 413 unread, right after
  const exempt = bytes < SMALL_BODY_BYTES || bytes > MAX_WEBHOOK_BYTES;
  return exempt ? Promise.resolve(() => {}) : budget.reserve(bytes, BUDGET_WAIT_MS);
};

/** Holds a webhook until its body fits the budget, before anything reads the body. */
function bodyAdmission() {
  let budget: BodyBudget | undefined;
  return createMiddleware<AppEnv>(async (c, next) => {
    budget ??= bodyBudget(c.get("deps").config.WEBHOOK_BODY_BUDGET_MB * 1024 * 1024);
    const release = await reserveBody(c, budget);
    if (!release) throw noRoomForBody();
    try {
      await next();
    } finally {
      release();
    }
  });
}

export function inboundRoutes() {
  const router = new Hono<AppEnv>();
  router.post("/inbound", webhookAuth, bodyAdmission(), webhookBodyLimit, async (c) => {
    const deps = c.get("deps");
    const result = await ingestInbound(deps, rawBodyOf(await readBody(c.req.raw).catch(brokenOff)));
    if (result.status === "rejected") return c.json(errorBody("bad_request", result.problem), 400);
    if (result.status === "in_flight") throw stillBeingFiled();
    if (result.status === "filed" && result.acknowledged > 0) deps.wakeOutbox();
    return c.json(result, 200);
  });
  return router;
}
