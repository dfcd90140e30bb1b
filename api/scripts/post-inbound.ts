// Posts Postmark inbound payloads (JSON files, or every .json in a folder) to a running instance's
// webhook and tells what came back: `npm run post-inbound -- ../shared/fixtures/corpus`.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { loadConfig } from "../src/config";
import { loadDevSecrets } from "../src/dev/dev-secrets";

const config = loadConfig();
const secrets = existsSync(join(config.DATA_DIR, "dev-secrets.json"))
  ? loadDevSecrets(config.DATA_DIR)
  : null;
const user = config.WEBHOOK_USERNAME ?? secrets?.WEBHOOK_USERNAME ?? "";
const password = config.WEBHOOK_PASSWORD ?? secrets?.WEBHOOK_PASSWORD ?? "";
const url = `${config.PUBLIC_URL ?? `http://localhost:${config.PORT}`}/webhooks/postmark/inbound`;

const files = process.argv.slice(2).flatMap((path) =>
  statSync(path).isDirectory()
    ? readdirSync(path)
        .filter((name) => name.endsWith(".json") && name !== "manifest.json")
        .sort()
        .map((name) => join(path, name))
    : [path],
);
if (files.length === 0) {
  console.error("usage: npm run post-inbound -- <file.json | folder> ...");
  process.exit(2);
}

const tally = new Map<string, number>();
let serverErrors = 0;
for (const [index, file] of files.entries()) {
  const response = await fetch(url, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`,
    },
    body: readFileSync(file),
  });
  const answer = (await response.json().catch(() => ({}))) as { status?: string; threads?: string[] };
  const outcome = `${response.status} ${answer.status ?? "error"}`;
  tally.set(outcome, (tally.get(outcome) ?? 0) + 1);
  if (response.status >= 500) serverErrors++;
  console.log(`[${index + 1}/${files.length}] ${outcome} ${answer.threads?.join(",") ?? ""} ${file}`);
}
console.log("\nsummary:", Object.fromEntries(tally));
process.exit(serverErrors > 0 ? 1 : 0);
