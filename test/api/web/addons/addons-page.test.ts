import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../../../helpers/app";
import { opsDesk } from "../ops-desk";

describe("the add-ons page", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp({
      config: {
        GOOGLE_CLIENT_IDS: "1234-abc.apps.googleusercontent.com",
        PUBLIC_URL: "https://desk.example.com",
      },
    });
  });
  afterAll(() => t?.close());

  it("says what to deploy for Gmail and Outlook, with Download manifest and this instance's settings", async () => {
    const { ada } = await opsDesk(t);
    const page = await ada.get("/admin/addons");
    expect(page.status).toBe(200);
    expect(page.html).toContain('href="/admin/addons" aria-current="page">Add-ons</a>');
    expect(page.html).toContain("PUBLIC_URL=https://desk.example.com npm run gmail:build");
    expect(page.html).toContain("npm run gmail:push");
    expect(page.html).toContain(
      "GOOGLE_CLIENT_IDS is set on this instance: <code>1234-abc.apps.googleusercontent.com</code>",
    );
    expect(page.html).toContain("MICROSOFT_CLIENT_ID is not set on this instance.");
    expect(page.html).toMatch(
      /<a class="button-link button-primary" href="\/outlook\/manifest.xml"[^>]*>Download manifest<\/a>/,
    );
    expect(page.html).toContain("https://desk.example.com/outlook/manifest.xml");
    expect(page.html).toContain("aka.ms/olksideload");
    expect(page.html).toContain("Microsoft 365 admin center → Settings → Integrated apps");
    expect(page.html).not.toContain("Outlook loads add-ins over https only");
  });

  it("refuses an agent with 403", async () => {
    const { al } = await opsDesk(t);
    const page = await al.get("/admin/addons");
    expect(page.status).toBe(403);
    expect(page.html).not.toContain("Download manifest");
  });
});

describe("the add-ons page on an instance without https", () => {
  it("shows the Entra app id when set and warns that Outlook needs https", async () => {
    const t = await makeTestApp({ config: { MICROSOFT_CLIENT_ID: "6f1c0d8e-entra-app" } });
    try {
      const { ada } = await opsDesk(t);
      const page = await ada.get("/admin/addons");
      expect(page.html).toContain(
        "MICROSOFT_CLIENT_ID is set on this instance: <code>6f1c0d8e-entra-app</code>",
      );
      expect(page.html).toContain("GOOGLE_CLIENT_IDS is not set on this instance.");
      expect(page.html).toContain("Outlook loads add-ins over https only");
    } finally {
      await t.close();
    }
  });
});
