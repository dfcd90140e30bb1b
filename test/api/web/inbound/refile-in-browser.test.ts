import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createInbox } from "../../../../api/src/admin/inboxes";
import { SYSTEM_ACTOR } from "../../../../api/src/audit/record-audit";
import { testConfig } from "../../../../api/src/config";
import { silentLogger } from "../../../../api/src/deps";
import { type Service, startService } from "../../../../api/src/runtime";
import { createSignInLink } from "../../../../api/src/web/sign-in/sign-in-links";
import { WEBHOOK_AUTH } from "../../../helpers/app";
import { describeInBrowser, launchBrowser } from "../../../helpers/browser";
import { makeInbox, makeMember, makeOrg } from "../../../helpers/factories";
import { inboundPayload } from "../../../helpers/postmark-payloads";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describeInBrowser("refiling unrouted mail, in a real browser", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "tisket-refile-"));
  let service: Service;
  let browser: Browser;
  let base = "";

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const config = testConfig({
      PORT: String(port),
      PUBLIC_URL: base,
      DATA_DIR: dataDir,
      INBOUND_DOMAIN: "tisket.test",
      WEBHOOK_USERNAME: "postmark",
      WEBHOOK_PASSWORD: "hook-secret",
    });
    service = await startService(config, silentLogger);
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await service?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function signedInPage(email: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(await createSignInLink(service.deps.db, service.deps.config, email, new Date()));
    await page.getByRole("button", { name: "Continue" }).click();
    await page.waitForURL(`${base}/admin/threads`);
    return page;
  }

  it("shows mail to a missing inbox as unrouted, and Refile files it once the inbox exists", async () => {
    const db = service.deps.db;
    const org = await makeOrg(db, { slug: "refile", name: "Refile Inc" });
    await makeInbox(db, org, { name: "support" });
    const ada = await makeMember(db, org, { email: "ada@refile.test", name: "Ada Admin", role: "admin" });
    const posted = await fetch(`${base}/webhooks/postmark/inbound`, {
      method: "POST",
      headers: { Authorization: WEBHOOK_AUTH, "Content-Type": "application/json" },
      body: JSON.stringify(
        inboundPayload({
          to: ["billing.refile@tisket.test"],
          subject: "Invoice <b>missing</b>",
          text: "Where is it?",
        }),
      ),
    });
    expect(await posted.json()).toMatchObject({ status: "unrouted" });

    const page = await signedInPage(ada.email);
    // the top bar's Settings leads to /admin/inboxes, another engineer's page: start from ours
    await page.goto(`${base}/admin/setup`);
    await page
      .getByRole("navigation", { name: "Settings" })
      .getByRole("link", { name: "Inbound mail" })
      .click();
    const attention = page.getByRole("region", { name: "Needs attention" });
    const row = attention.getByRole("row", { name: /Invoice <b>missing<\/b>/ });
    await expect.poll(() => row.textContent()).toContain("Unrouted");
    expect(await row.textContent()).toContain("billing.refile@tisket.test");

    // another engineer's /admin/inboxes page makes inboxes; the domain function does the same
    await createInbox(db, org, { name: "billing" }, SYSTEM_ACTOR);
    await row.getByRole("button", { name: "Refile" }).click();
    await page.getByText("Filed: its thread is linked below.").waitFor();
    const threadLink = page.getByRole("link", { name: /^THD-\d+$/ });
    const ref = await threadLink.textContent();
    await threadLink.click();
    await page.waitForURL(`${base}/admin/threads/${ref}`);
    await page.getByRole("heading", { name: "Invoice <b>missing</b>" }).waitFor();

    await page.goto(`${base}/admin/inbound`);
    expect(await page.getByRole("region", { name: "Needs attention" }).textContent()).toContain(
      "Nothing is unrouted or failed.",
    );
    await page.context().close();
  }, 90_000);
});
