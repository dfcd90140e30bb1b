import { copyFile, mkdir, rm } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
export const DEFAULT_OUT_DIR = join(here, "dist");

/** Files the API serves from the build, besides the bundles. */
const COPIED = ["src/taskpane/taskpane.html", "src/taskpane/taskpane.css", "src/events/commands.html"];
export const ICON_SIZES = [16, 32, 64, 80, 128] as const;

/**
 * Builds the add-in into `outDir`: the pane as browser modules (MSAL split off, loaded only where
 * nested app authentication can work), and the event file as ONE plain ES2016 script, which is
 * what classic Outlook on Windows runs. The API fills in each deployment's URLs when serving.
 */
export async function buildOutlookAddin(outDir = DEFAULT_OUT_DIR): Promise<void> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(join(outDir, "assets"), { recursive: true });
  await build({
    entryPoints: {
      taskpane: join(here, "src/taskpane/main.ts"),
      "event-identity": join(here, "src/taskpane/event-identity.ts"),
    },
    outdir: outDir,
    bundle: true,
    splitting: true,
    format: "esm",
    target: ["chrome100", "edge100", "safari15"],
    minify: true,
    sourcemap: false,
    logLevel: "warning",
  });
  await build({
    entryPoints: [join(here, "src/events/launchevent.ts")],
    outfile: join(outDir, "launchevent.js"),
    bundle: true,
    format: "iife",
    platform: "neutral",
    target: "es2016",
    // minifying would turn if/else into the conditional operator the ES2016 runtime refuses
    minify: false,
    charset: "utf8",
    legalComments: "none",
    logLevel: "warning",
  });
  for (const file of COPIED) await copyFile(join(here, file), join(outDir, file.split("/").pop()!));
  for (const size of ICON_SIZES) {
    await copyFile(join(here, `assets/icon-${size}.png`), join(outDir, `assets/icon-${size}.png`));
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const outDir = process.argv[2] ? resolve(process.argv[2]) : DEFAULT_OUT_DIR;
  await buildOutlookAddin(outDir);
  console.log(`Outlook add-in built into ${outDir}`);
}
