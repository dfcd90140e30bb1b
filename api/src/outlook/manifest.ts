import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const TEMPLATE_PATH = fileURLToPath(new URL("../../../outlook-addin/manifest.template.xml", import.meta.url));
/** Raised when the manifest changes in a way admins must deploy again. */
export const ADDIN_VERSION = "1.0.0.0";

let template: string | undefined;

function escapeXml(value: string): string {
  return value.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A stable add-in id per deployment: a name-based (version 5) UUID of the public URL, so two
 * deployments are two add-ins and a restart keeps the id admins deployed.
 */
export function addinId(publicUrl: string): string {
  const bytes = createHash("sha1").update(`tisket-outlook-addin:${publicUrl}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The XML add-in-only manifest with every URL on this deployment. */
export function renderManifest(publicUrl: string): string {
  template ??= readFileSync(TEMPLATE_PATH, "utf8");
  const values: Record<string, string> = {
    PUBLIC_URL: publicUrl,
    ADDIN_ID: addinId(publicUrl),
    VERSION: ADDIN_VERSION,
  };
  return template.replace(/\{\{([A-Z_]+)\}\}/g, (_, name: string) => escapeXml(values[name] ?? ""));
}
