import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";
import { describe } from "vitest";

/** Debian's Chromium, which `.ci/run` installs; a test tool's own browser download fails here. */
export const CHROMIUM_PATH = "/usr/bin/chromium";

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * `describe` for suites that drive a real browser. Without Chromium (a fresh machine that ran only
 * `npm install`) they are skipped with a warning; under CI, which installs it, they always run.
 */
const browserPresent = existsSync(CHROMIUM_PATH) || Boolean(process.env.CI);
if (!browserPresent) {
  console.warn(`Browser suites skipped: no Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium)`);
}
export const describeInBrowser = describe.skipIf(!browserPresent);

/** A headless Chromium; close it in `afterAll`. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}
