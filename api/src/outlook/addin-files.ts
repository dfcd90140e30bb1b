import { readFile } from "node:fs/promises";
import { join, normalize, sep } from "node:path";
import { AppError } from "../errors";

/** The built add-in (`npm run outlook:build`), read once per file and kept in memory. */
export type AddinFiles = { read(name: string): Promise<Buffer> };

// what every build has: without them the build was never run
const ENTRY_FILES = new Set([
  "taskpane.html",
  "taskpane.js",
  "taskpane.css",
  "commands.html",
  "launchevent.js",
]);

// built names are letters, digits, dots, dashes and underscores, optionally under assets/
const FILE_NAME = /^(?:assets\/)?[A-Za-z0-9_.-]+\.(?:html|js|css|png)$/;

export function addinFiles(directory: string): AddinFiles {
  const cache = new Map<string, Promise<Buffer>>();
  return {
    read(name) {
      if (!FILE_NAME.test(name) || name.includes("..")) return Promise.reject(notBuilt(name, false));
      const path = normalize(join(directory, name));
      if (!path.startsWith(normalize(directory) + sep)) return Promise.reject(notBuilt(name, false));
      let file = cache.get(name);
      if (!file) {
        file = readFile(path).catch((error: NodeJS.ErrnoException) => {
          cache.delete(name);
          throw notBuilt(name, error.code === "ENOENT" && ENTRY_FILES.has(name));
        });
        cache.set(name, file);
      }
      return file;
    },
  };
}

function notBuilt(name: string, unbuilt: boolean): AppError {
  if (unbuilt) {
    return new AppError(
      "unavailable",
      "The Outlook add-in is not built on this server: run npm run outlook:build.",
    );
  }
  return new AppError("not_found", `No add-in file ${name}`);
}
