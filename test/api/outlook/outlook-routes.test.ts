import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../../helpers/app";
import { type AddinWorld, addinWorld } from "../../outlook-addin/addin-world";

describe("the Outlook add-in's files", () => {
  let w: AddinWorld;
  beforeAll(async () => {
    w = await addinWorld({ config: { MICROSOFT_CLIENT_ID: "11111111-2222-3333-4444-555555555555" } });
  });
  afterAll(() => w?.close());

  it("serves the pane framable by Outlook, with Office.js allowed and the deployment's settings", async () => {
    const response = await fetch(`${w.url}/outlook/taskpane.html`);
    expect(response.status).toBe(200);
    const policy = response.headers.get("content-security-policy") ?? "";
    expect(policy).toContain("script-src 'self' https://appsforoffice.microsoft.com");
    expect(policy).toMatch(/frame-ancestors [^;]*https:\/\/outlook\.office\.com/);
    expect(policy).toMatch(/frame-ancestors [^;]*https:\/\/\*\.cloud\.microsoft/);
    expect(policy).not.toContain("frame-ancestors 'none'");
    expect(response.headers.get("x-frame-options")).toBeNull();
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    const html = await response.text();
    const config = /<meta name="tisket-config" content="([^"]*)"/.exec(html)?.[1] ?? "";
    expect(JSON.parse(config.replace(/&#34;/g, '"'))).toEqual({
      apiUrl: w.url,
      clientId: "11111111-2222-3333-4444-555555555555",
      inboundDomain: "tisket.test",
    });
    expect(html).toContain('src="https://appsforoffice.microsoft.com/lib/1/hosted/office.js"');
  });

  it("serves the event file with the API's address in front of it", async () => {
    const response = await fetch(`${w.url}/outlook/launchevent.js`);
    expect(response.headers.get("content-type")).toContain("text/javascript");
    const script = await response.text();
    expect(script.split("\n")[0]).toBe(
      `var TISKET_ADDIN = {"apiUrl":"${w.url}","clientId":"11111111-2222-3333-4444-555555555555","inboundDomain":"tisket.test"};`,
    );
    const commands = await fetch(`${w.url}/outlook/commands.html`);
    expect(await commands.text()).toContain('<script src="launchevent.js"></script>');
  });

  it("lists the event file for classic Outlook's runtime at the well-known address", async () => {
    const response = await fetch(`${w.url}/.well-known/microsoft-officeaddins-allowed.json`);
    expect(await response.json()).toEqual({ allowed: [`${w.url}/outlook/launchevent.js`] });
  });

  it("serves icons and scripts with their types, and nothing outside the build", async () => {
    const icon = await fetch(`${w.url}/outlook/assets/icon-80.png`);
    expect(icon.headers.get("content-type")).toBe("image/png");
    expect(
      Buffer.from(await icon.arrayBuffer())
        .subarray(1, 4)
        .toString(),
    ).toBe("PNG");
    for (const path of [
      "/outlook/..%2F..%2Fpackage.json",
      "/outlook/%2e%2e/build.ts",
      "/outlook/nothing.js",
    ]) {
      expect((await fetch(`${w.url}${path}`)).status, path).toBe(404);
    }
  });
});

describe("the Outlook add-in on a server where it was never built", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp({ config: { OUTLOOK_ADDIN_DIR: "/nonexistent/outlook-addin-dist" } });
  });
  afterAll(() => t?.close());

  it("says how to build it, and still serves the manifest", async () => {
    const pane = await t.app.request("/outlook/taskpane.html");
    expect(pane.status).toBe(503);
    expect(await pane.json()).toEqual({
      error: { code: "unavailable", message: expect.stringContaining("npm run outlook:build") },
    });
    expect((await t.app.request("/outlook/manifest.xml")).status).toBe(200);
  });
});
