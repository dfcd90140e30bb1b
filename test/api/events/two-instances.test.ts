import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../../api/src/app";
import { createAppState } from "../../../api/src/app-state";
import { testConfig } from "../../../api/src/config";
import { type Database, openDatabase } from "../../../api/src/db/client";
import { type Deps, silentLogger, systemClock } from "../../../api/src/deps";
import { createSinkMailer } from "../../../api/src/outbox/sink-mailer";
import { bearer, WEBHOOK_AUTH } from "../../helpers/app";
import { openTestDatabase, type TestDatabase, testDrivers } from "../../helpers/databases";
import { makeOrgWithInbox } from "../../helpers/factories";
import { inboundPayload, postInbound } from "../../helpers/postmark-payloads";
import { openEventStream, viaApp, viaHttp } from "./sse-reader";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const serverEntry = "api/src/server.ts";
const secrets = {
  SECRET_KEY: "k".repeat(32),
  WEBHOOK_USERNAME: "postmark",
  WEBHOOK_PASSWORD: "hook-secret",
  INBOUND_DOMAIN: "tisket.test",
};

// LISTEN/NOTIFY crosses processes only on a real server; PGlite serves one process
describe.skipIf(!testDrivers.includes("pg"))("two API instances on one Postgres database", () => {
  let shared: TestDatabase;
  beforeAll(async () => {
    shared = await openTestDatabase("pg");
  });
  afterAll(() => shared?.close());

  it("delivers to a stream on instance A what was filed through instance B (two pools, one process)", async () => {
    const a = await instanceOn(await openDatabase({ url: shared.url, driver: "pg", poolSize: 3 }));
    const b = await instanceOn(await openDatabase({ url: shared.url, driver: "pg", poolSize: 3 }));
    try {
      const { org, admin } = await makeOrgWithInbox(shared.db);
      const stream = await openEventStream(viaApp(a.app), "/api/v1/events", bearer(admin.token));
      const filed = await postInbound(b.app, inboundPayload({ to: [`support.${org.slug}@tisket.test`] }));
      expect(filed.status).toBe(200);
      expect(await stream.nextEvent(20_000)).toMatchObject({ event: "message", data: { thread: "THD-1" } });
      await stream.close();
    } finally {
      await a.close();
      await b.close();
    }
  });

  it.skipIf(!existsSync(`${repoRoot}${serverEntry}`))(
    "delivers across two server processes started with tsx",
    async () => {
      const { org, admin } = await makeOrgWithInbox(shared.db);
      const [a, b] = await Promise.all([startServer(shared.url!), startServer(shared.url!)]);
      try {
        const stream = await openEventStream(viaHttp(a.base), "/api/v1/events", bearer(admin.token));
        const filed = await fetch(`${b.base}/webhooks/postmark/inbound`, {
          method: "POST",
          headers: { Authorization: WEBHOOK_AUTH, "Content-Type": "application/json" },
          body: JSON.stringify(inboundPayload({ to: [`support.${org.slug}@tisket.test`] })),
        });
        expect(filed.status).toBe(200);
        expect(await stream.nextEvent(20_000)).toMatchObject({
          event: "message",
          data: { from: "cleo@client.example" },
        });
        await stream.close();
      } finally {
        await Promise.all([a.stop(), b.stop()]);
      }
    },
    90_000,
  );
});

async function instanceOn(database: Database) {
  const config = testConfig(secrets);
  const deps: Deps = {
    db: database.db,
    database,
    config,
    clock: systemClock,
    log: silentLogger,
    wakeOutbox: () => {},
    mailer: createSinkMailer(database.db, silentLogger),
    ...createAppState({ database, config, log: silentLogger }),
  };
  return {
    app: createApp(deps),
    async close() {
      await deps.eventHub.stop();
      await database.close();
    },
  };
}

type ServerProcess = { base: string; stop(): Promise<void> };

/** The real server as its own process, on a free port; its banner names the URL it listens on. */
function startServer(databaseUrl: string): Promise<ServerProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", serverEntry], {
    cwd: repoRoot,
    env: { ...secrets, DATABASE_URL: databaseUrl, PORT: "0", PATH: process.env.PATH ?? "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`server did not start:\n${output}`)), 60_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /API on (http:\/\/\S+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      resolve({ base: match[1]!.replace("localhost", "127.0.0.1"), stop: () => stopProcess(child) });
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once("exit", (code) => fail(new Error(`server exited with ${code}:\n${output}`)));
  });
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  // the test has what it needs by now; a slow shutdown must not hold the suite up
  const forced = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(forced);
}
