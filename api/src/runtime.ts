import { type ServerType, serve } from "@hono/node-server";
import { createApp } from "./app";
import { createAppState } from "./app-state";
import type { Config } from "./config";
import { openDatabase } from "./db/client";
import { lockDataDir } from "./db/data-dir-lock";
import { startDatabaseMaintenance } from "./db/maintenance";
import { timeoutsFrom } from "./db/timeouts";
import { type Deps, type Logger, systemClock } from "./deps";
import { loadDevSecrets, newDevSecrets, saveDevSecrets, withDevSecrets } from "./dev/dev-secrets";
import { demoSignInLink, seedDemoIfEmpty, seedDemoThreadIfNone } from "./dev/seed-demo";
import { startLiveEventSweep } from "./events/prune-live-events";
import { startInboundSweep } from "./inbound/inbound-sweep";
import { createMailer } from "./outbox/create-mailer";
import { startOutboxWorker } from "./outbox/worker";
import { startPresenceSweep } from "./presence/sweep-presence";

export type Service = {
  deps: Deps;
  port: number;
  /** Set on a development instance's first start: the demo admin's API token. */
  firstRunToken: string | null;
  /** A development instance (embedded database, mail sink): a fresh sign-in link for the demo admin. */
  demoSignInLink: string | null;
  embedded: boolean;
  close(): Promise<void>;
};

const isEmbedded = (config: Config) => !config.DATABASE_URL || config.DATABASE_URL.startsWith("memory://");

/** Opens the database, applies migrations, seeds a first run, starts the outbox and the HTTP server. */
export async function startService(baseConfig: Config, log: Logger): Promise<Service> {
  const embedded = isEmbedded(baseConfig);
  const persistent = embedded && !baseConfig.DATABASE_URL;
  const lock = persistent ? lockDataDir(baseConfig.DATA_DIR) : null;
  try {
    const secrets = persistent ? loadDevSecrets(baseConfig.DATA_DIR) : embedded ? newDevSecrets() : null;
    const config = secrets ? withDevSecrets(baseConfig, secrets) : baseConfig;
    const database = await openDatabase({
      url: config.DATABASE_URL,
      driver: config.DATABASE_DRIVER,
      dataDir: `${config.DATA_DIR}/pglite`,
      neonWsProxy: config.NEON_WS_PROXY,
      pipelines: config.DATABASE_PIPELINES,
      timeouts: timeoutsFrom(config),
    });
    const seeded = await seedDemoIfEmpty(database.db);
    if (seeded && secrets && persistent)
      saveDevSecrets(config.DATA_DIR, { ...secrets, demoToken: seeded.token });
    const base = {
      db: database.db,
      database,
      config,
      clock: systemClock,
      log,
      ...createAppState({ database, config, log }),
    };
    const mailer = createMailer(config, database.db, log);
    const worker = startOutboxWorker({ ...base, mailer });
    const deps: Deps = { ...base, mailer, wakeOutbox: () => worker.wake() };
    const development = secrets !== null && !config.POSTMARK_SERVER_TOKEN;
    // a demo thread is acknowledged by mail: never through a real Postmark
    if (development) await seedDemoThreadIfNone(deps);
    const sweeps = [
      startLiveEventSweep(deps),
      startPresenceSweep(deps),
      startDatabaseMaintenance(database, log),
      startInboundSweep(deps),
    ];
    const server = await listen(createApp(deps).fetch, config);
    const port = (server.address() as { port: number }).port;
    // made once the port is known: PORT=0 picks one
    const signInLink = development
      ? await demoSignInLink({ ...deps, config: { ...config, PORT: port } })
      : null;
    return {
      deps,
      port,
      firstRunToken: seeded?.token ?? secrets?.demoToken ?? null,
      demoSignInLink: signInLink,
      embedded,
      async close() {
        // open event streams would keep the server waiting, and the LISTEN connection the pool
        await deps.eventHub.stop();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await Promise.all(sweeps.map((sweep) => sweep.stop()));
        await worker.stop();
        await database.close();
        lock?.release();
      },
    };
  } catch (error) {
    lock?.release();
    throw error;
  }
}

/**
 * The HTTP server. A client must send its headers within HTTP_HEADERS_TIMEOUT_MS and its whole
 * request within HTTP_REQUEST_TIMEOUT_MS (a 50 MB email over a slow link fits), so connections
 * trickling bytes (slowloris) are closed; a response streamed afterwards, such as live events, is not
 * bounded by them.
 */
function listen(
  fetch: (request: Request) => Response | Promise<Response>,
  config: Pick<Config, "PORT" | "HTTP_HEADERS_TIMEOUT_MS" | "HTTP_REQUEST_TIMEOUT_MS">,
): Promise<ServerType> {
  const serverOptions = {
    headersTimeout: config.HTTP_HEADERS_TIMEOUT_MS,
    requestTimeout: config.HTTP_REQUEST_TIMEOUT_MS,
    // how often Node looks for requests past those limits (30 s by default)
    connectionsCheckingInterval: Math.min(1000, config.HTTP_HEADERS_TIMEOUT_MS),
  };
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port: config.PORT, hostname: "0.0.0.0", serverOptions }, () =>
      resolve(server),
    );
    server.once("error", reject);
  });
}
