import { type ServerType, serve } from "@hono/node-server";
import { createApp } from "./app";
import type { Config } from "./config";
import { openDatabase } from "./db/client";
import { lockDataDir } from "./db/data-dir-lock";
import { startEmbeddedMaintenance } from "./db/embedded-maintenance";
import { type Deps, type Logger, systemClock } from "./deps";
import { loadDevSecrets, saveDevSecrets, withDevSecrets } from "./dev/dev-secrets";
import { demoSignInLink, seedDemoIfEmpty, seedDemoThreadIfNone } from "./dev/seed-demo";
import { stopEventHub } from "./events/hub-registry";
import { startLiveEventSweep } from "./events/prune-live-events";
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
    const secrets = embedded ? loadDevSecrets(baseConfig.DATA_DIR) : null;
    const config = secrets ? withDevSecrets(baseConfig, secrets) : baseConfig;
    const database = await openDatabase({
      url: config.DATABASE_URL,
      driver: config.DATABASE_DRIVER,
      dataDir: `${config.DATA_DIR}/pglite`,
      neonWsProxy: config.NEON_WS_PROXY,
    });
    const seeded = await seedDemoIfEmpty(database.db);
    if (seeded && secrets) saveDevSecrets(config.DATA_DIR, { ...secrets, demoToken: seeded.token });
    const base = { db: database.db, database, config, clock: systemClock, log };
    const mailer = createMailer(config, database.db, log);
    const worker = startOutboxWorker({ ...base, mailer });
    const deps: Deps = { ...base, mailer, wakeOutbox: () => worker.wake() };
    const development = secrets !== null && !config.POSTMARK_SERVER_TOKEN;
    if (seeded || development) await seedDemoThreadIfNone(deps);
    const sweeps = [
      startLiveEventSweep(deps),
      startPresenceSweep(deps),
      startEmbeddedMaintenance(database, log),
    ];
    const server = await listen(createApp(deps).fetch, config.PORT);
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
        await stopEventHub(deps);
        await new Promise<void>((resolve) => server.close(() => resolve()));
        for (const sweep of sweeps) sweep.stop();
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

function listen(
  fetch: (request: Request) => Response | Promise<Response>,
  port: number,
): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port, hostname: "0.0.0.0" }, () => resolve(server));
    server.once("error", reject);
  });
}
