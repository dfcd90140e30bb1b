import { build } from "esbuild";
import { ENTRY_POINTS } from "../src/entry-points";
import { buildManifest, linkPrefixesOf } from "../src/manifest";

export type BundleOptions = {
  publicUrl: string;
  logoUrl?: string | undefined;
  /** Ticket hosts cards may link to besides the API; GitHub unless told otherwise. */
  linkPrefixes?: readonly string[] | undefined;
};

/** Ticket links open on GitHub by default: the `.tickets` repositories live there. */
export const DEFAULT_LINK_PREFIXES = ["https://github.com/"];
export type Bundle = { code: string; manifest: ReturnType<typeof buildManifest>; exposed: string[] };

const ENTRY = new URL("../src/index.ts", import.meta.url).pathname;
const GLOBAL_NAME = "TisketThreads";

/** An https URL without trailing slash; Apps Script's allowlist takes https prefixes only. */
export function checkPublicUrl(value: string | undefined): string {
  if (!value)
    throw new Error("PUBLIC_URL is required: the API's https address, e.g. https://api.example.com");
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`PUBLIC_URL: "${value}" is not a URL`);
  }
  if (url.protocol !== "https:")
    throw new Error("PUBLIC_URL: must start with https:// (Apps Script fetches and links https only)");
  return `${url.origin}${url.pathname}`.replace(/\/+$/, "");
}

/**
 * `GMAIL_ADDON_LINK_PREFIXES`: comma-separated https prefixes with a path, each checked as the
 * manifest requires; an empty value leaves only the API.
 */
export function checkLinkPrefixes(value: string | undefined): string[] {
  if (value === undefined) return DEFAULT_LINK_PREFIXES;
  const prefixes = value
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);
  for (const prefix of prefixes) {
    if (!isLinkPrefix(prefix)) {
      throw new Error(
        `GMAIL_ADDON_LINK_PREFIXES: "${prefix}" must be an https URL with a path, e.g. https://github.com/acme/`,
      );
    }
  }
  return prefixes;
}

// what the manifest accepts in openLinkUrlPrefixes: https, a full domain, a non-empty path
function isLinkPrefix(prefix: string): boolean {
  if (!URL.canParse(prefix)) return false;
  const url = new URL(prefix);
  return url.protocol === "https:" && prefix.slice(url.origin.length).startsWith("/");
}

/**
 * One script Apps Script's V8 runs as it is: the modules in an IIFE, then a real top-level
 * function for each entry point (Apps Script finds callbacks only among top-level functions).
 */
export async function bundleAddon(options: BundleOptions): Promise<Bundle> {
  const publicUrl = checkPublicUrl(options.publicUrl);
  const manifestOptions = {
    publicUrl,
    logoUrl: options.logoUrl,
    linkPrefixes: options.linkPrefixes ?? DEFAULT_LINK_PREFIXES,
  };
  const shared = {
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    target: "es2019",
    platform: "neutral" as const,
    charset: "utf8" as const,
    legalComments: "none" as const,
    define: {
      TISKET_PUBLIC_URL: JSON.stringify(publicUrl),
      TISKET_LINK_PREFIXES: JSON.stringify(linkPrefixesOf(manifestOptions)),
    },
  };
  const exposed = await exportsOfEntry(shared);
  const missing = ENTRY_POINTS.filter((name) => !exposed.includes(name));
  const extra = exposed.filter((name) => !ENTRY_POINTS.includes(name));
  if (missing.length || extra.length) {
    throw new Error(
      `src/index.ts must export exactly the entry points: missing ${missing.join(", ") || "none"}, extra ${extra.join(", ") || "none"}`,
    );
  }
  const result = await build({ ...shared, format: "iife", globalName: GLOBAL_NAME });
  const body = result.outputFiles?.[0]?.text ?? "";
  const code = [
    "// Tisket Threads for Gmail, built from gmail-addon/src by `npm run gmail:build`. Do not edit here.",
    body.trimEnd(),
    "",
    ...exposed.map((name) => `function ${name}(event) {\n  return ${GLOBAL_NAME}.${name}(event);\n}`),
    "",
  ].join("\n");
  return { code, manifest: buildManifest(manifestOptions), exposed };
}

// the names index.ts exports, as esbuild sees them in an ES module build of the same entry
async function exportsOfEntry(shared: Parameters<typeof build>[0]): Promise<string[]> {
  const probe = await build({ ...shared, format: "esm", metafile: true });
  const output = Object.values(probe.metafile?.outputs ?? {})[0];
  return [...(output?.exports ?? [])].sort();
}
