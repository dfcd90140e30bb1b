import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import type { App } from "../../api/src/app";
import { WEBHOOK_AUTH } from "./app";

/**
 * A real-world email from test/fixtures/corpus (copied from the shared corpus: Postmark payloads
 * addressed to support.acme@tisket.test), with a fresh Postmark MessageID.
 */
export function loadCorpusEmail(name: string): Record<string, unknown> {
  const url = new URL(`../fixtures/corpus/${name}`, import.meta.url);
  return { ...(JSON.parse(readFileSync(url, "utf8")) as Record<string, unknown>), MessageID: randomUUID() };
}

/** Posts a payload to the webhook as Postmark would; answers the refs of the threads it was filed in. */
export async function deliverInbound(app: App, payload: Record<string, unknown>): Promise<string[]> {
  const res = await app.request("/webhooks/postmark/inbound", {
    method: "POST",
    headers: { Authorization: WEBHOOK_AUTH, "Content-Type": "application/json" },
    body: JSON.stringify(payload),
  });
  if (res.status !== 200) throw new Error(`webhook answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { threads?: string[] }).threads ?? [];
}
