import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, BrowserContextOptions, Page } from "playwright-core";
import { expect } from "vitest";
import { type Config, testConfig } from "../../api/src/config";
import type { Db } from "../../api/src/db/client";
import { type Logger, silentLogger } from "../../api/src/deps";
import { type Service, startService } from "../../api/src/runtime";
import { createSignInLink } from "../../api/src/web/sign-in/sign-in-links";
import { WEBHOOK_AUTH } from "./app";
import { launchBrowser } from "./browser";

/** The real service on a free port with its embedded database on disk, and a headless Chromium. */
export type WebInBrowser = {
  service: Service;
  browser: Browser;
  /** `http://127.0.0.1:<port>`, the service's PUBLIC_URL */
  base: string;
  db(): Db;
  /** A tab signed in as `email` through a link, the way a person who got the email is. */
  signedInPage(
    email: string,
    options?: BrowserContextOptions,
  ): Promise<{ context: BrowserContext; page: Page }>;
  /** Posts a payload to the webhook as Postmark does; answers the first thread it was filed into. */
  postInbound(payload: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
};

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts the service (inbound domain `tisket.test`, webhook credentials of `WEBHOOK_AUTH`) and a
 * browser for one suite; `config` adds settings (a Postmark fake, say). Close it in `afterAll`.
 */
export async function startWebInBrowser(
  name: string,
  options: { config?: Partial<Record<keyof Config, string>>; logger?: Logger } = {},
): Promise<WebInBrowser> {
  const dataDir = mkdtempSync(join(tmpdir(), `tisket-${name}-`));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const config = testConfig({
    PORT: String(port),
    PUBLIC_URL: base,
    DATA_DIR: dataDir,
    INBOUND_DOMAIN: "tisket.test",
    WEBHOOK_USERNAME: "postmark",
    WEBHOOK_PASSWORD: "hook-secret",
    ...options.config,
  });
  const service = await startService(config, options.logger ?? silentLogger);
  const browser = await launchBrowser();
  return {
    service,
    browser,
    base,
    db: () => service.deps.db,
    async signedInPage(email, contextOptions = {}) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...contextOptions });
      const page = await context.newPage();
      await page.goto(await createSignInLink(service.deps.db, service.deps.config, email, new Date()));
      await page.getByRole("button", { name: "Continue" }).click();
      await page.waitForURL(`${base}/admin/threads`);
      return { context, page };
    },
    async postInbound(payload) {
      const res = await fetch(`${base}/webhooks/postmark/inbound`, {
        method: "POST",
        headers: { Authorization: WEBHOOK_AUTH, "Content-Type": "application/json" },
        body: JSON.stringify(payload),
      });
      expect(res.status).toBe(200);
      return ((await res.json()) as { threads: string[] }).threads[0]!;
    },
    async close() {
      await browser.close();
      await service.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
