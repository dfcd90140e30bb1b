import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import {
  type Bundle,
  bundleAddon,
  checkLinkPrefixes,
  checkPublicUrl,
} from "../../gmail-addon/scripts/bundle";
import { ACTIONS, ENTRY_POINTS } from "../../gmail-addon/src/entry-points";
import { appsScriptWorld } from "./support/apps-script";
import { type LoadedBundle, loadBundle } from "./support/bundle-runner";
import { viewCard } from "./support/card-view";

let bundle: Bundle;
let loaded: LoadedBundle;
beforeAll(async () => {
  bundle = await bundleAddon({ publicUrl: "https://api.example.com" });
  loaded = loadBundle(bundle.code, appsScriptWorld({ transport: () => ({ status: 503, body: "" }) }));
});

/** Every function name the manifest gives Gmail to call. */
function namedFunctions(manifest: Bundle["manifest"]): string[] {
  const { common, gmail } = manifest.addOns;
  return [
    common.homepageTrigger.runFunction,
    ...common.universalActions.map((action) => action.runFunction),
    ...gmail.contextualTriggers.map((trigger) => trigger.onTriggerFunction),
    ...gmail.composeTrigger.selectActions.map((action) => action.runFunction),
  ];
}

describe("appsscript.json", () => {
  it("names only functions the bundle defines at its top level", () => {
    const named = namedFunctions(bundle.manifest);
    expect(named).toEqual([
      "onHomepage",
      "onUniversalRefresh",
      "onUniversalSettings",
      "onGmailMessageOpen",
      "onGmailCompose",
    ]);
    for (const name of named) expect(typeof loaded.entryPoints[name]).toBe("function");
  });

  it("asks for the least scopes that work: no mailbox-wide Gmail scope", () => {
    expect([...bundle.manifest.oauthScopes].sort()).toEqual([
      "https://www.googleapis.com/auth/gmail.addons.current.action.compose",
      "https://www.googleapis.com/auth/gmail.addons.current.message.metadata",
      "https://www.googleapis.com/auth/gmail.addons.execute",
      "https://www.googleapis.com/auth/script.external_request",
      "https://www.googleapis.com/auth/script.storage",
      "https://www.googleapis.com/auth/userinfo.email",
      "openid",
    ]);
  });

  it("reaches only the API, links the API and GitHub's tickets, runs on V8 and has a PNG logo", () => {
    const { manifest } = bundle;
    expect(manifest.urlFetchWhitelist).toEqual(["https://api.example.com/"]);
    expect(manifest.addOns.common.openLinkUrlPrefixes).toEqual([
      "https://api.example.com/",
      "https://github.com/",
    ]);
    expect(manifest.runtimeVersion).toBe("V8");
    expect(manifest.addOns.common.logoUrl).toMatch(/^https:\/\/.+\.png$/);
    expect(manifest.addOns.gmail.contextualTriggers).toEqual([
      { unconditional: {}, onTriggerFunction: "onGmailMessageOpen" },
    ]);
    expect(manifest.addOns.gmail.composeTrigger.draftAccess).toBe("METADATA");
    expect(manifest.addOns.common.universalActions.map((action) => action.label)).toEqual([
      "Refresh",
      "Settings",
    ]);
  });

  it("keeps a path of PUBLIC_URL in the allowlist prefix, and refuses a URL Apps Script cannot use", async () => {
    const behindPath = await bundleAddon({ publicUrl: "https://tools.example.com/tisket/" });
    expect(behindPath.manifest.urlFetchWhitelist).toEqual(["https://tools.example.com/tisket/"]);
    expect(() => checkPublicUrl(undefined)).toThrow(/PUBLIC_URL is required/);
    expect(() => checkPublicUrl("http://api.example.com")).toThrow(/must start with https:\/\//);
    expect(() => checkPublicUrl("api.example.com")).toThrow(/is not a URL/);
  });

  it("links the ticket hosts named instead of GitHub, each an https prefix with a path", async () => {
    const prefixes = checkLinkPrefixes(" https://tickets.acme.example/, https://github.com/acme/ ");
    expect(prefixes).toEqual(["https://tickets.acme.example/", "https://github.com/acme/"]);
    const built = await bundleAddon({ publicUrl: "https://api.example.com", linkPrefixes: prefixes });
    expect(built.manifest.addOns.common.openLinkUrlPrefixes).toEqual([
      "https://api.example.com/",
      ...prefixes,
    ]);
    expect(checkLinkPrefixes("")).toEqual([]);
    expect(checkLinkPrefixes(undefined)).toEqual(["https://github.com/"]);
    for (const bad of ["http://github.com/", "https://github.com", "github.com/acme/"]) {
      expect(() => checkLinkPrefixes(bad)).toThrow(
        /GMAIL_ADDON_LINK_PREFIXES: .* must be an https URL with a path/,
      );
    }
  });
});

describe("Code.js", () => {
  it("is one script without modules, defining exactly the entry points and its own namespace", () => {
    expect(bundle.code).not.toMatch(/^\s*(import|export)\b/m);
    expect(loaded.definedGlobals.sort()).toEqual([...ENTRY_POINTS, "TisketThreads"].sort());
    for (const name of Object.values(ACTIONS)) expect(typeof loaded.entryPoints[name]).toBe("function");
  });

  it("talks to the URL baked in, unless the script property TISKET_API_URL says otherwise", () => {
    const requests = (apiUrl?: string) => {
      const world = appsScriptWorld({
        transport: () => ({ status: 503, body: "" }),
        identityToken: "id",
        apiUrl,
      });
      const { entryPoints } = loadBundle(bundle.code, world);
      const event = world.openMessage({
        subject: "[THD-1] x",
        from: "a@b.example",
        date: new Date(),
        headers: {},
      });
      expect(viewCard(entryPoints.onGmailMessageOpen!(event)).subtitle).toBe("Tisket is having trouble");
      return world.sent.map((request) => request.url);
    };
    expect(requests()).toEqual(["https://api.example.com/api/v1/context"]);
    expect(requests("https://staging.example.com/")).toEqual(["https://staging.example.com/api/v1/context"]);
  });
});

describe("npm run gmail:build", () => {
  it("writes dist/Code.js and dist/appsscript.json for PUBLIC_URL, and says what is missing without it", () => {
    const run = (env: Record<string, string>) =>
      spawnSync(process.execPath, ["--import", "tsx", "gmail-addon/scripts/build.ts"], {
        env: { PATH: process.env.PATH ?? "", ...env },
        encoding: "utf8",
      });
    const built = run({ PUBLIC_URL: "https://api.example.com" });
    expect(built.status).toBe(0);
    expect(built.stdout).toContain("appsscript.json for https://api.example.com/");
    const manifest = JSON.parse(readFileSync("gmail-addon/dist/appsscript.json", "utf8"));
    expect(manifest.urlFetchWhitelist).toEqual(["https://api.example.com/"]);
    expect(readFileSync("gmail-addon/dist/Code.js", "utf8")).toContain(
      "function onGmailMessageOpen(event) {",
    );
    const missing = run({});
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain("PUBLIC_URL is required");
    const badLinks = run({
      PUBLIC_URL: "https://api.example.com",
      GMAIL_ADDON_LINK_PREFIXES: "http://x.example/",
    });
    expect(badLinks.status).toBe(1);
    expect(badLinks.stderr).toContain("GMAIL_ADDON_LINK_PREFIXES");
  });
});
