import { mkdirSync, writeFileSync } from "node:fs";
import { bundleAddon, checkLinkPrefixes } from "./bundle";

const DIST = new URL("../dist/", import.meta.url);

/** `PUBLIC_URL=https://api.example.com npm run gmail:build` → dist/Code.js and dist/appsscript.json. */
async function main() {
  const bundle = await bundleAddon({
    publicUrl: process.env.PUBLIC_URL ?? "",
    logoUrl: process.env.GMAIL_ADDON_LOGO_URL || undefined,
    linkPrefixes: checkLinkPrefixes(process.env.GMAIL_ADDON_LINK_PREFIXES),
  });
  mkdirSync(DIST, { recursive: true });
  writeFileSync(new URL("Code.js", DIST), bundle.code);
  writeFileSync(new URL("appsscript.json", DIST), `${JSON.stringify(bundle.manifest, null, 2)}\n`);
  console.log(
    `gmail-addon/dist: Code.js (${Math.round(bundle.code.length / 1024)} KB, ${bundle.exposed.length} entry points) and appsscript.json for ${bundle.manifest.urlFetchWhitelist[0]}`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
