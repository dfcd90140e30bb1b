import { Hono } from "hono";
import type { Config } from "../config";
import type { AppEnv } from "../http/env";
import { type AddinFiles, addinFiles } from "./addin-files";
import { renderManifest } from "./manifest";
import { assetHeaders, paneHeaders } from "./pane-headers";

const CONTENT_TYPES: Record<string, string> = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  png: "image/png",
};

/** Where the add-in is reached: the deployment's public URL, without a trailing slash. */
export function publicUrlOf(config: Config): string {
  return (config.PUBLIC_URL ?? `http://localhost:${config.PORT}`).replace(/\/+$/, "");
}

/** What the pages and the event file need to know of this deployment. */
function addinConfig(config: Config) {
  return {
    apiUrl: publicUrlOf(config),
    clientId: config.MICROSOFT_CLIENT_ID ?? "",
    inboundDomain: config.INBOUND_DOMAIN,
  };
}

// the scripts, styles and icons of a build (its pages have routes of their own)
const ASSET_NAME = /^(?:assets\/)?[A-Za-z0-9_.-]+\.(?:js|css|png)$/;

const escapeAttribute = (value: string) => value.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The Outlook add-in, served from the API's own origin so the pane calls the API without CORS:
 * its manifest, pages, scripts and icons, and the allow-list classic Outlook's event runtime reads.
 */
export function outlookRoutes() {
  const router = new Hono<AppEnv>();
  let files: AddinFiles | null = null;
  const built = (config: Config) => {
    files ??= addinFiles(config.OUTLOOK_ADDIN_DIR);
    return files;
  };

  router.get("/outlook/manifest.xml", (c) => {
    const { config } = c.get("deps");
    return c.body(renderManifest(publicUrlOf(config)), 200, {
      "Content-Type": "application/xml; charset=utf-8",
      "Content-Disposition": 'attachment; filename="tisket-outlook-manifest.xml"',
      "Cache-Control": "no-cache",
    });
  });

  router.get("/.well-known/microsoft-officeaddins-allowed.json", (c) => {
    const { config } = c.get("deps");
    return c.json({ allowed: [`${publicUrlOf(config)}/outlook/launchevent.js`] }, 200, {
      "Cache-Control": "no-cache",
    });
  });

  for (const page of ["taskpane.html", "commands.html"]) {
    router.get(`/outlook/${page}`, async (c) => {
      const { config } = c.get("deps");
      const html = (await built(config).read(page)).toString("utf8");
      const filled = html.replace("{{CONFIG}}", escapeAttribute(JSON.stringify(addinConfig(config))));
      return c.body(filled, 200, { ...paneHeaders(), "Content-Type": CONTENT_TYPES.html! });
    });
  }

  // the event file learns the API's address from a line in front of it: the JavaScript-only
  // runtime has no page to read it from, and fetch there needs absolute URLs
  router.get("/outlook/launchevent.js", async (c) => {
    const { config } = c.get("deps");
    const script = (await built(config).read("launchevent.js")).toString("utf8");
    const preamble = `var TISKET_ADDIN = ${JSON.stringify(addinConfig(config))};\n`;
    return c.body(preamble + script, 200, assetHeaders(CONTENT_TYPES.js!));
  });

  // one wildcard route that checks the name itself: Hono's RegExpRouter takes no parameter pattern
  // beside the static routes above, and a single route it cannot take puts every request of the
  // API on the slower TrieRouter (1.1-1.7 µs to match the webhook's path against 0.03 µs, measured)
  router.get("/outlook/*", async (c, next) => {
    const name = c.req.path.slice("/outlook/".length);
    if (!ASSET_NAME.test(name)) return next();
    const extension = name.slice(name.lastIndexOf(".") + 1);
    const body = await built(c.get("deps").config).read(name);
    return c.body(new Uint8Array(body), 200, assetHeaders(CONTENT_TYPES[extension]!));
  });

  return router;
}
