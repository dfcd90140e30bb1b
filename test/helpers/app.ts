import { createApp } from "../../api/src/app";
import { createAppState } from "../../api/src/app-state";
import { type Config, testConfig } from "../../api/src/config";
import type { DriverName } from "../../api/src/db/client";
import { type Deps, silentLogger, systemClock } from "../../api/src/deps";
import type { Mailer } from "../../api/src/outbox/mailer";
import { createSinkMailer } from "../../api/src/outbox/sink-mailer";
import { openTestDatabase } from "./databases";

export const WEBHOOK_AUTH = `Basic ${Buffer.from("postmark:hook-secret").toString("base64")}`;
export const OPERATOR_TOKEN = "operator-token-for-tests";

export type TestApp = Awaited<ReturnType<typeof makeTestApp>>;

/** The real app on a fresh database of its own; `close` stops its event hub and releases the database. */
export async function makeTestApp(
  options: {
    driver?: DriverName;
    config?: Partial<Record<keyof Config, string>>;
    mailer?: (deps: Omit<Deps, "mailer">) => Mailer;
    deps?: Partial<Deps>;
  } = {},
) {
  const database = await openTestDatabase(options.driver ?? "pglite");
  const config = testConfig({
    WEBHOOK_USERNAME: "postmark",
    WEBHOOK_PASSWORD: "hook-secret",
    TISKET_ADMIN_TOKEN: OPERATOR_TOKEN,
    INBOUND_DOMAIN: "tisket.test",
    PUBLIC_URL: "http://tisket.test",
    ...options.config,
  });
  const chosen = {
    db: database.db,
    database,
    config,
    clock: systemClock,
    log: silentLogger,
    wakeOutbox: () => {},
    ...options.deps,
  };
  const base = { ...createAppState(chosen), ...chosen };
  const deps: Deps = {
    ...base,
    mailer: options.mailer?.(base) ?? createSinkMailer(database.db, silentLogger),
  };
  const app = createApp(deps);
  async function close() {
    // its LISTEN connection, when a stream opened one, would keep the database from closing
    await deps.eventHub.stop();
    await database.close();
  }
  return { app, deps, db: database.db, close };
}

export function bearer(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}`, "Content-Type": "application/json" };
}
