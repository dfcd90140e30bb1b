import { afterAll, beforeAll, expect, it } from "vitest";
import { WEBHOOK_AUTH } from "../../../helpers/app";
import { describeInBrowser } from "../../../helpers/browser";
import { makeInbox, makeMember, makeOrg } from "../../../helpers/factories";
import { inboundPayload } from "../../../helpers/postmark-payloads";
import { startWebInBrowser, type WebInBrowser } from "../../../helpers/web-in-browser";

describeInBrowser("refiling unrouted mail, in a real browser", () => {
  let web: WebInBrowser;
  beforeAll(async () => {
    web = await startWebInBrowser("refile");
  }, 120_000);
  afterAll(() => web?.close());

  it("shows mail to a missing inbox as unrouted, and Refile files it once the inbox exists", async () => {
    const db = web.db();
    const org = await makeOrg(db, { slug: "refile", name: "Refile Inc" });
    await makeInbox(db, org, { name: "support" });
    const ada = await makeMember(db, org, { email: "ada@refile.test", name: "Ada Admin", role: "admin" });
    const posted = await fetch(`${web.base}/webhooks/postmark/inbound`, {
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

    const { page } = await web.signedInPage(ada.email);
    await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Settings" }).click();
    await page
      .getByRole("navigation", { name: "Settings" })
      .getByRole("link", { name: "Inbound mail" })
      .click();
    const attention = page.getByRole("region", { name: "Needs attention" });
    const row = attention.getByRole("row", { name: /Invoice <b>missing<\/b>/ });
    await expect.poll(() => row.textContent()).toContain("Unrouted");
    expect(await row.textContent()).toContain("billing.refile@tisket.test");

    // the admin creates the inbox the mail was for, then refiles it
    await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Inboxes" }).click();
    await page.getByLabel("Name", { exact: true }).fill("billing");
    await page.getByRole("button", { name: "Create inbox" }).click();
    await page.getByText("billing.refile@tisket.test").first().waitFor();
    await page
      .getByRole("navigation", { name: "Settings" })
      .getByRole("link", { name: "Inbound mail" })
      .click();
    await row.getByRole("button", { name: "Refile" }).click();
    await page.getByText("Filed: its thread is linked below.").waitFor();
    const threadLink = page.getByRole("link", { name: /^THD-\d+$/ });
    const ref = await threadLink.textContent();
    await threadLink.click();
    await page.waitForURL(`${web.base}/admin/threads/${ref}`);
    await page.getByRole("heading", { name: "Invoice <b>missing</b>" }).waitFor();

    await page.goto(`${web.base}/admin/inbound`);
    expect(await page.getByRole("region", { name: "Needs attention" }).textContent()).toContain(
      "Nothing is unrouted or failed.",
    );
    await page.context().close();
  }, 90_000);
});
