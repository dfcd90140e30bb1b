import type { TokenVerifiers } from "./auth/token-verifiers";
import type { Config } from "./config";
import type { Database, Db } from "./db/client";
import type { EventHub } from "./events/event-hub";
import type { Mailer } from "./outbox/mailer";

export type Clock = { now(): Date };
export const systemClock: Clock = { now: () => new Date() };

export type Logger = {
  info(message: string, context?: Record<string, unknown>): void;
  warn(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
};

export const consoleLogger: Logger = {
  info: (message, context) => console.log(message, context ?? ""),
  warn: (message, context) => console.warn(message, context ?? ""),
  error: (message, context) => console.error(message, context ?? ""),
};

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/**
 * When the sweeps that requests run now and then last ran (ms since the epoch): old rate-limit
 * windows, expired presence. One per running app, so its requests share them.
 */
export type LastSweptAt = { rateLimits: number | undefined; presence: number | undefined };

/** Everything the app reaches for: passed in, so tests hand in their own. */
export type Deps = {
  db: Db;
  database: Database;
  config: Config;
  mailer: Mailer;
  clock: Clock;
  log: Logger;
  /** Fans committed live events out to the app's open event streams; stopped on shutdown. */
  eventHub: EventHub;
  /** The Google and Microsoft identity-token verifiers; their JWKS caches last as long as the app. */
  tokenVerifiers: TokenVerifiers;
  lastSweptAt: LastSweptAt;
  /** Asks the outbox worker to look for due mail now instead of at its next poll. */
  wakeOutbox(): void;
};
