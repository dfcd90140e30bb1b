import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { announceReady, serveCommands } from "./child-ipc";

/** Baseline: the HTTP stack alone. Same server, same payloads, the JSON parsed and nothing else. */
const app = new Hono();
app.post("/noop", async (c) => {
  JSON.parse(await c.req.text());
  return c.json({ status: "ok" });
});

const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) => {
  announceReady(info.port, `noop, pid ${process.pid}`);
});

serveCommands({}, () => new Promise<void>((resolve) => server.close(() => resolve())));
