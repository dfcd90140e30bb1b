// Posts a sample client email to a running instance's webhook, as Postmark would.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { loadConfig } from "../src/config";
import { demoEmailPayload } from "../src/dev/demo-email";
import { loadDevSecrets } from "../src/dev/dev-secrets";
import { DEMO } from "../src/dev/seed-demo";

const config = loadConfig();
const secrets = existsSync(join(config.DATA_DIR, "dev-secrets.json"))
  ? loadDevSecrets(config.DATA_DIR)
  : null;
const user = config.WEBHOOK_USERNAME ?? secrets?.WEBHOOK_USERNAME;
const password = config.WEBHOOK_PASSWORD ?? secrets?.WEBHOOK_PASSWORD;
if (!user || !password) {
  console.error(
    "No webhook credentials: set WEBHOOK_USERNAME and WEBHOOK_PASSWORD, or run `npm start` first.",
  );
  process.exit(1);
}
const base = config.PUBLIC_URL ?? `http://localhost:${config.PORT}`;
const payload = demoEmailPayload(config);
const response = await fetch(`${base}/webhooks/postmark/inbound`, {
  method: "POST",
  headers: {
    "Content-Type": "application/json",
    Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`,
  },
  body: JSON.stringify(payload),
}).catch((error: Error) => {
  console.error(`Could not reach ${base}: ${error.message}. Is \`npm start\` running?`);
  process.exit(1);
});
const answer = (await response.json()) as { threads?: string[]; error?: { message: string } };
if (!response.ok) {
  console.error(`The webhook answered ${response.status}: ${answer.error?.message ?? "no detail"}`);
  process.exit(1);
}
console.log(`Filed as ${answer.threads?.join(", ") ?? "nothing"} in org "${DEMO.slug}".`);
if (secrets?.demoToken) {
  console.log(`See it: curl -H "Authorization: Bearer ${secrets.demoToken}" ${base}/api/v1/threads`);
}
