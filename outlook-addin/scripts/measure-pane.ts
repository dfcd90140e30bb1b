/**
 * Measures the pane as an agent feels it, in a real browser against the real API on this machine:
 *   - how long a teammate's presence change takes to show in an open pane (p50/p99 over N changes);
 *   - how many requests an idle open pane makes per minute (heartbeats, tickets, streams).
 * npm run outlook:measure -- [--changes 50] [--idle-seconds 60] [--screenshots DIR]
 */
import { mkdtemp } from "node:fs/promises";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { serve } from "@hono/node-server";
import { build } from "esbuild";
import { chromium, type Page } from "playwright-core";
import { createApp } from "../../api/src/app";
import { createAppState } from "../../api/src/app-state";
import { loadConfig } from "../../api/src/config";
import { openDatabase } from "../../api/src/db/client";
import { silentLogger, systemClock } from "../../api/src/deps";
import { createSinkMailer } from "../../api/src/outbox/sink-mailer";
import type { StandInSetup } from "../../test/outlook-addin/office-stand-in";
import { buildOutlookAddin } from "../build";

const { values: args } = parseArgs({
  options: {
    changes: { type: "string", default: "50" },
    "idle-seconds": { type: "string", default: "60" },
    screenshots: { type: "string" },
  },
});
const OPERATOR = "measure-operator-token";

async function startApi() {
  const dir = await mkdtemp(join(tmpdir(), "tisket-measure-"));
  await buildOutlookAddin(dir);
  let fetchApp: ((request: Request) => Response | Promise<Response>) | null = null;
  const server = serve({
    fetch: (request) => (fetchApp ? fetchApp(request) : new Response("starting", { status: 503 })),
    port: 0,
    hostname: "127.0.0.1",
  }) as Server;
  await new Promise((resolve) => server.once("listening", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = loadConfig({
    DATABASE_URL: "memory://",
    SECRET_KEY: "m".repeat(32),
    PUBLIC_URL: url,
    OUTLOOK_ADDIN_DIR: dir,
    TISKET_ADMIN_TOKEN: OPERATOR,
    INBOUND_DOMAIN: "tisket.test",
    RATE_LIMIT_PER_MINUTE: "100000",
  });
  const database = await openDatabase({ url: "memory://" });
  const base = { db: database.db, database, config, clock: systemClock, log: silentLogger, wakeOutbox() {} };
  const deps = {
    ...base,
    mailer: createSinkMailer(database.db, silentLogger),
    ...createAppState({ database, config, log: silentLogger }),
  };
  fetchApp = createApp(deps).fetch;
  return {
    url,
    async close() {
      await deps.eventHub.stop();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await database.close();
    },
  };
}

async function call<T>(url: string, token: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${url}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function seed(url: string) {
  await call(url, OPERATOR, "POST", "/orgs", { slug: "acme", name: "Acme" });
  await call(url, OPERATOR, "POST", "/orgs/acme/inboxes", { name: "support" });
  const tokens: string[] = [];
  for (const [email, name] of [
    ["ada@acme.example", "Ada Agent"],
    ["bob@acme.example", "Bob Builder"],
  ]) {
    await call(url, OPERATOR, "POST", "/orgs/acme/members", { email, name, role: "agent" });
    tokens.push((await call<{ token: string }>(url, OPERATOR, "POST", "/orgs/acme/tokens", { email })).token);
  }
  const started = await call<{ thread: { ref: string } }>(url, tokens[0]!, "POST", "/threads", {
    inbox: "support",
    clientEmail: "cleo@client.example",
    clientName: "Cleo Client",
    subject: "Printer on fire",
  });
  return { ada: tokens[0]!, bob: tokens[1]!, ref: started.thread.ref };
}

async function openPane(url: string, setup: StandInSetup): Promise<{ page: Page; requests: string[] }> {
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
  const page = await (await browser.newContext({ viewport: { width: 360, height: 640 } })).newPage();
  await page.route("https://appsforoffice.microsoft.com/**", (route) =>
    route.fulfill({ status: 200, contentType: "text/javascript", body: "" }),
  );
  // tsx keeps function names with a helper the page lacks: bundle the stand-in for the page instead
  const standIn = await build({
    entryPoints: [fileURLToPath(new URL("../../test/outlook-addin/office-stand-in.ts", import.meta.url))],
    bundle: true,
    format: "iife",
    globalName: "TisketStandIn",
    write: false,
  });
  await page.addInitScript({
    content: `${standIn.outputFiles[0]!.text}\nTisketStandIn.installOfficeStandIn(${JSON.stringify(setup)});`,
  });
  page.on("pageerror", (error) => console.error("pane error:", error.message));
  const requests: string[] = [];
  page.on("request", (request) => {
    const path = new URL(request.url()).pathname;
    if (path.startsWith("/api/")) requests.push(`${request.method()} ${path.replace(/THD-\d+/, "THD-n")}`);
  });
  page.on("close", () => void browser.close());
  await page.goto(`${url}/outlook/taskpane.html`);
  return { page, requests };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function measurePresence(url: string, page: Page, bob: string, ref: string, changes: number) {
  const latencies: number[] = [];
  await page.getByText("Nobody else is here.").waitFor();
  for (let i = 0; i < changes; i += 1) {
    const activity = i % 2 === 0 ? "composing" : "viewing";
    const expected =
      activity === "composing" ? "Bob Builder is composing a reply" : "Bob Builder is viewing this thread";
    // the page notes the moment the list first reads as expected, to the millisecond; the watch is
    // in place before the change is sent (a string: tsx would wrap a function in a naming helper
    // the page does not have)
    await page.evaluate(`(globalThis.__seen = new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        if (document.querySelector("#presence")?.textContent !== ${JSON.stringify(expected)}) return;
        observer.disconnect();
        resolve(Date.now());
      });
      observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    })), true`);
    const sentAt = Date.now();
    await call(url, bob, "PUT", "/presence", { thread: ref, activity, client: "web" });
    const seen = page.evaluate("globalThis.__seen") as Promise<number>;
    latencies.push((await seen) - sentAt);
  }
  return latencies.sort((a, b) => a - b);
}

// the compose pane for a draft to the thread's client with the inbox in Cc, as an agent sees it
async function composeScreenshot(url: string, token: string, dir: string) {
  const people = (email: string, name: string) => ({ emailAddress: email, displayName: name });
  const { page } = await openPane(url, {
    items: [
      {
        mode: "compose",
        subject: "Your printer",
        to: [people("cleo@client.example", "Cleo Client")],
        cc: [people("support.acme@tisket.test", "Acme support")],
      },
    ],
    roaming: { tisketToken: token },
    requirements: { Mailbox: "1.15" },
  });
  await page.getByRole("button", { name: "Start a new thread" }).waitFor();
  await page.screenshot({ path: join(dir, "compose-pane.png"), fullPage: true });
  await page.close();
}

async function main() {
  const api = await startApi();
  try {
    const { ada, bob, ref } = await seed(api.url);
    const item = {
      mode: "read" as const,
      subject: `[${ref}] Printer on fire`,
      dateTimeCreated: new Date().toISOString(),
    };
    const { page, requests } = await openPane(api.url, {
      items: [item],
      roaming: { tisketToken: ada },
      requirements: { Mailbox: "1.15" },
    });
    const latencies = await measurePresence(api.url, page, bob, ref, Number(args.changes));
    console.log(
      `presence change -> shown in another open pane, ${latencies.length} changes: p50 ${percentile(latencies, 50)} ms, p99 ${percentile(latencies, 99)} ms, max ${latencies.at(-1)} ms`,
    );
    if (args.screenshots)
      await page.screenshot({ path: join(args.screenshots, "read-pane.png"), fullPage: true });
    await fetch(`${api.url}/api/v1/presence`, {
      method: "DELETE",
      headers: { Authorization: `Bearer ${bob}`, "Content-Type": "application/json" },
      body: JSON.stringify({ thread: ref, client: "web" }),
    });
    await page.getByText("Nobody else is here.").waitFor();
    const seconds = Number(args["idle-seconds"]);
    const before = requests.length;
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    const idle = requests.slice(before);
    const byKind = new Map<string, number>();
    for (const request of idle) byKind.set(request, (byKind.get(request) ?? 0) + 1);
    const perMinute = (idle.length * 60) / seconds;
    console.log(
      `idle pane over ${seconds} s: ${perMinute.toFixed(1)} requests/min`,
      Object.fromEntries(byKind),
    );
    await page.close();
    if (args.screenshots) await composeScreenshot(api.url, ada, args.screenshots);
  } finally {
    await api.close();
  }
}

await main();
