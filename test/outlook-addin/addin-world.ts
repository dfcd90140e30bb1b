import { mkdtemp } from "node:fs/promises";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ServerType, serve } from "@hono/node-server";
import type { DriverName } from "../../api/src/db/client";
import { buildOutlookAddin } from "../../outlook-addin/build";
import { makeTestApp, type TestApp } from "../helpers/app";
import { makeInbox, makeMember, makeOrg, makeThread } from "../helpers/factories";

let built: Promise<string> | null = null;

/** The add-in built once per test file, into a folder of its own: files run in parallel. */
export function builtAddin(): Promise<string> {
  built ??= mkdtemp(join(tmpdir(), "tisket-outlook-")).then(async (dir) => {
    await buildOutlookAddin(dir);
    return dir;
  });
  return built;
}

/**
 * The real API on a free port serving the built add-in, with org `acme` and its inbox
 * support.acme@tisket.test. PUBLIC_URL is the server's own address, as in a deployment.
 */
export async function addinWorld(options: { driver?: DriverName; config?: Record<string, string> } = {}) {
  const dir = await builtAddin();
  let app: TestApp | null = null;
  const server: ServerType = serve({
    fetch: (request) => (app ? app.app.fetch(request) : new Response("starting", { status: 503 })),
    port: 0,
    hostname: "127.0.0.1",
  });
  await new Promise((resolve) => server.once("listening", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const testApp = await makeTestApp({
    driver: options.driver ?? "pglite",
    config: { PUBLIC_URL: url, OUTLOOK_ADDIN_DIR: dir, RATE_LIMIT_PER_MINUTE: "100000", ...options.config },
  });
  app = testApp;
  const { db } = testApp;
  const org = await makeOrg(db, { slug: "acme", name: "Acme" });
  const inbox = await makeInbox(db, org, { name: "support" });
  return {
    ...testApp,
    url,
    org,
    inbox,
    member: (name: string, email?: string) => makeMember(db, org, { name, ...(email ? { email } : {}) }),
    thread: (values: Parameters<typeof makeThread>[3] = {}) => makeThread(db, org, inbox, values),
    async close() {
      await testApp.deps.eventHub.stop();
      // open event streams hold the server; closeAllConnections ends them
      (server as Server).closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await testApp.close();
    },
  };
}

export type AddinWorld = Awaited<ReturnType<typeof addinWorld>>;
