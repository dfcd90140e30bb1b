import type { Config } from "./config";
import type { Database, Db } from "./db/client";
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

/** Everything the app reaches for: passed in, so tests hand in their own. */
export type Deps = {
  db: Db;
  database: Database;
  config: Config;
  mailer: Mailer;
  clock: Clock;
  log: Logger;
  /** Asks the outbox worker to look for due mail now instead of at its next poll. */
  wakeOutbox(): void;
};
