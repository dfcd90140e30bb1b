import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { eq } from "drizzle-orm";
import type { Config } from "../../../api/src/config";
import type { Db, DriverName } from "../../../api/src/db/client";
import { orgs } from "../../../api/src/db/schema";
import type { Clock } from "../../../api/src/deps";
import { deliverDueMail } from "../../../api/src/outbox/deliver";
import { createPostmarkMailer } from "../../../api/src/outbox/postmark-mailer";
import { type OutboxWorker, startOutboxWorker } from "../../../api/src/outbox/worker";
import { makeTestApp } from "../../helpers/app";
import { makeInbox, makeMember, makeOrg, makeThread } from "../../helpers/factories";
import { startFakePostmark } from "../../helpers/fake-postmark";

/**
 * The real app served on a free port, mail going out through the real Postmark client to the local
 * fake Postmark (with the outbox worker running, as in production), and an org with one inbox.
 */
export async function mcpWorld(
  driver: DriverName = "pglite",
  options: { config?: Partial<Record<keyof Config, string>>; clock?: Clock } = {},
) {
  const postmark = await startFakePostmark();
  let worker: OutboxWorker | undefined;
  const t = await makeTestApp({
    driver,
    config: { POSTMARK_SERVER_TOKEN: postmark.token, POSTMARK_API_URL: postmark.url, ...options.config },
    mailer: (deps) => createPostmarkMailer({ ...deps.config, POSTMARK_SERVER_TOKEN: postmark.token }),
    deps: { wakeOutbox: () => worker?.wake(), ...(options.clock ? { clock: options.clock } : {}) },
  });
  worker = startOutboxWorker(t.deps, { intervalMs: 200, gatherMs: 10 });
  const server = await listen(t.app.fetch);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clients: Client[] = [];

  const org = await makeOrg(t.db);
  const inbox = await makeInbox(t.db, org, { name: "support" });

  /** The SDK's own client, connected to /mcp with the member's bearer token. */
  const connect = async (token: string, headers: Record<string, string> = {}) => {
    const transport = new StreamableHTTPClientTransport(new URL(`${url}/mcp`), {
      requestInit: { headers: { Authorization: `Bearer ${token}`, ...headers } },
    });
    const client = new Client({ name: "tisket-tests", version: "1.0.0" });
    await client.connect(transport);
    // with the tools' output schemas known, the client checks every structured result against them
    await client.listTools();
    clients.push(client);
    return client;
  };

  return {
    ...t,
    url,
    postmark,
    org,
    inbox,
    connect,
    /** One delivery pass of the outbox, as the worker runs it: whatever was queued goes out now. */
    deliverMail: () => deliverDueMail(t.deps, { limit: 50 }),
    member: (values: Parameters<typeof makeMember>[2] = {}) => makeMember(t.db, org, values),
    otherOrg: () => otherOrg(t.db),
    thread: (values: Parameters<typeof makeThread>[3] = {}) => makeThread(t.db, org, inbox, values),
    async close() {
      for (const client of clients) await client.close();
      // open event streams would keep the server from closing: they end with the hub
      await t.deps.eventHub.stop();
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      await worker?.stop();
      await t.close();
      await postmark.close();
    },
  };
}

export type McpWorld = Awaited<ReturnType<typeof mcpWorld>>;

/**
 * Another tenant: an org with an inbox named like ours, an admin, and a thread numbered far past
 * ours (refs are numbered per org), with a subject that must never reach our members.
 */
async function otherOrg(db: Db) {
  const org = await makeOrg(db);
  await db.update(orgs).set({ threadSeq: 100_000 }).where(eq(orgs.id, org.id));
  const inbox = await makeInbox(db, org, { name: "support" });
  const admin = await makeMember(db, org, { name: "Mallory", role: "admin" });
  const thread = await makeThread(db, org, inbox, { subject: "Their secret" });
  return { org, inbox, admin, thread, ref: `THD-${thread.number}` };
}

export type OtherOrg = Awaited<ReturnType<typeof otherOrg>>;

// without createServer options, @hono/node-server serves HTTP/1.1 through node:http
function listen(fetch: (request: Request) => Response | Promise<Response>): Promise<Server> {
  return new Promise((resolve) => {
    const server = serve({ fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(server as Server));
  });
}

/** The text a tool answered with (its first content block). */
export function textOf(result: CallToolResult | Awaited<ReturnType<Client["callTool"]>>): string {
  const [first] = (result as CallToolResult).content;
  return first?.type === "text" ? first.text : "";
}

/** A tool's structured result, typed as the test expects it. */
export function structured<T>(result: Awaited<ReturnType<Client["callTool"]>>): T {
  if (result.isError) throw new Error(`tool error: ${textOf(result)}`);
  return result.structuredContent as T;
}
