import { readFileSync } from "node:fs";
import type { Context } from "hono";
import { sha256Hex } from "../../auth/secrets";

/**
 * The pages' static files: one stylesheet and small scripts of ours, served as they are (no build
 * step). Each URL carries a hash of its content, so browsers may keep a file for a year and still
 * fetch the new one after a deploy.
 */
const TYPES = { css: "text/css; charset=utf-8", js: "text/javascript; charset=utf-8" } as const;
const FILES = ["app.css", "local-time.js", "copy-button.js", "thread-live.js", "ack-preview.js"] as const;

export type AssetName = (typeof FILES)[number];

type Asset = { body: string; type: string; hash: string };

const assets = new Map<string, Asset>(
  FILES.map((name) => {
    const body = readFileSync(new URL(`./${name}`, import.meta.url), "utf8");
    const type = TYPES[name.endsWith(".css") ? "css" : "js"];
    return [name, { body, type, hash: sha256Hex(body).slice(0, 12) }];
  }),
);

/** The URL of one of the files, with its content hash. */
export function assetUrl(name: AssetName): string {
  return `/admin/assets/${name}?v=${assets.get(name)!.hash}`;
}

/** Serves `/admin/assets/:name`: cached for a year when asked for by the current hash. */
export function serveAsset(c: Context): Response {
  const asset = assets.get(c.req.param("name") ?? "");
  if (!asset) return c.text("Not found", 404);
  const current = c.req.query("v") === asset.hash;
  return c.body(asset.body, 200, {
    "Content-Type": asset.type,
    "Cache-Control": current ? "public, max-age=31536000, immutable" : "no-cache",
    "X-Content-Type-Options": "nosniff",
  });
}
