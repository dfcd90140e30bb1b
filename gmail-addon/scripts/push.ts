import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const ADDON_DIR = fileURLToPath(new URL("..", import.meta.url));
const CLASP_JSON = `${ADDON_DIR}.clasp.json`;
const CLASP = fileURLToPath(new URL("../../node_modules/.bin/clasp", import.meta.url));

/** The project's `.clasp.json`: kept, or written from GMAIL_SCRIPT_ID; the script id is the user's. */
function claspProject(): boolean {
  const scriptId = process.env.GMAIL_SCRIPT_ID?.trim();
  if (scriptId) {
    writeFileSync(CLASP_JSON, `${JSON.stringify({ scriptId, rootDir: "dist" }, null, 2)}\n`);
    return true;
  }
  if (existsSync(CLASP_JSON)) {
    const project = JSON.parse(readFileSync(CLASP_JSON, "utf8")) as { scriptId?: string };
    if (project.scriptId) return true;
  }
  console.error(
    [
      "No Apps Script project to push to. Either:",
      "  GMAIL_SCRIPT_ID=<your script id> npm run gmail:push   (Apps Script editor → Project Settings → IDs)",
      "  or copy gmail-addon/.clasp.json.example to gmail-addon/.clasp.json and fill in scriptId.",
      "Sign in once with: npx clasp login",
    ].join("\n"),
  );
  return false;
}

function main() {
  if (!existsSync(`${ADDON_DIR}dist/Code.js`)) {
    console.error("Nothing built yet: PUBLIC_URL=https://api.example.com npm run gmail:build");
    process.exit(1);
  }
  if (!claspProject()) process.exit(1);
  // --force: the manifest changes with every build, and clasp would otherwise ask
  const pushed = spawnSync(CLASP, ["push", "--force"], { cwd: ADDON_DIR, stdio: "inherit" });
  process.exit(pushed.status ?? 1);
}

main();
