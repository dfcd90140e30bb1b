import { mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Service } from "../../../../api/src/runtime";
import { describeInBrowser } from "../../../helpers/browser";
import { makeMember, makeOrg } from "../../../helpers/factories";
import { type FakePostmarkAccount, startFakePostmarkAccount } from "../../../helpers/fake-postmark-account";
import { startWebInBrowser, type WebInBrowser } from "../../../helpers/web-in-browser";

/** Where the screenshots of the page go, to be looked at after a run. */
const SCREENSHOT_DIR = join(tmpdir(), "shots-domains");

describeInBrowser("custom domains in a real browser", () => {
  let postmark: FakePostmarkAccount;
  let web: WebInBrowser;
  let service: Service;
  let base = "";

  beforeAll(async () => {
    postmark = await startFakePostmarkAccount();
    web = await startWebInBrowser("domains", {
      config: { POSTMARK_ACCOUNT_TOKEN: postmark.token, POSTMARK_API_URL: postmark.url },
    });
    ({ service, base } = web);
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await web?.close();
    await postmark?.close();
  });

  it("adds a domain, copies its DKIM record, and verifies it once the DNS records are there", async () => {
    const db = service.deps.db;
    const org = await makeOrg(db, { slug: "shop", name: "Shop Inc" });
    const ada = await makeMember(db, org, { email: "ada@shop.test", name: "Ada Admin", role: "admin" });
    const { context, page } = await web.signedInPage(ada.email, {
      permissions: ["clipboard-read", "clipboard-write"],
    });

    await page.goto(`${base}/admin/domains`);
    await page.getByLabel("Domain", { exact: true }).fill("https://shop.example/");
    await page.getByRole("button", { name: "Add domain" }).click();
    await page.getByText("Give the domain name only, such as acme.com").waitFor();
    expect(await page.getByLabel("Domain", { exact: true }).inputValue()).toBe("https://shop.example/");
    await page.screenshot({ path: join(SCREENSHOT_DIR, "domains-invalid.png"), fullPage: true });

    await page.getByLabel("Domain", { exact: true }).fill("shop.example");
    await page.getByRole("button", { name: "Add domain" }).click();
    await page.getByText("shop.example added: publish its two DNS records, then press Verify.").waitFor();
    const domain = page.getByRole("region", { name: "shop.example" });
    const key = [...postmark.domains.values()].find((d) => d.Name === "shop.example")!.key;
    await domain.getByRole("button", { name: "Copy DKIM value of shop.example" }).click();
    await domain
      .getByRole("button", { name: "Copy DKIM value of shop.example" })
      .getByText("Copied")
      .waitFor();
    expect(await page.evaluate<string>("navigator.clipboard.readText()")).toBe(key);
    expect(await domain.getByText("pm.mtasv.net").count()).toBe(1);
    expect(await domain.getByText("Not verified", { exact: true }).count()).toBe(2);
    await page.screenshot({ path: join(SCREENSHOT_DIR, "domains-added.png"), fullPage: true });

    await domain.getByRole("button", { name: "Verify" }).click();
    await page.getByText("Postmark did not find the DKIM record or the Return-Path record").waitFor();
    postmark.dns = { dkim: true, returnPath: true };
    await page.getByRole("region", { name: "shop.example" }).getByRole("button", { name: "Verify" }).click();
    await page.getByText("shop.example is verified").waitFor();
    const verified = page.getByRole("region", { name: "shop.example" });
    expect(await verified.getByText("Verified", { exact: true }).count()).toBe(2);
    expect(await verified.getByText("Not verified", { exact: true }).count()).toBe(0);
    await page.screenshot({ path: join(SCREENSHOT_DIR, "domains-verified.png"), fullPage: true });
    await context.close();
  }, 90_000);
});
