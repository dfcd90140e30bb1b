import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";

export class DataDirLockedError extends Error {}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * PGlite serves one process and does not lock its directory: two processes on one directory
 * silently lose writes. This lock file (with the owner's pid) makes a second process refuse.
 */
export function lockDataDir(dataDir: string): { release(): void } {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, "tisket.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return { release: () => rmSync(path, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number(readFileSync(path, "utf8").trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && processAlive(owner)) {
        throw new DataDirLockedError(
          `The data directory ${dataDir} is in use by another Tisket process (pid ${owner}). ` +
            "Stop that process, or give this one its own DATA_DIR or a DATABASE_URL.",
        );
      }
      rmSync(path, { force: true }); // left behind by a process that died
    }
  }
  throw new DataDirLockedError(`Could not take the lock on ${dataDir}`);
}
