import { readdirSync, readFileSync } from "node:fs";
import { migrationsFolder } from "../../api/src/db/client";

/** The statements of the committed migration whose file name ends so, to run again in a test. */
export function migrationStatements(fileNameEnd: string): string[] {
  const file = readdirSync(migrationsFolder).find((name) => name.endsWith(fileNameEnd));
  if (!file) throw new Error(`no migration ends with ${fileNameEnd}`);
  return readFileSync(`${migrationsFolder}/${file}`, "utf8")
    .split("--> statement-breakpoint")
    .map((statement) => statement.trim())
    .filter(Boolean);
}
