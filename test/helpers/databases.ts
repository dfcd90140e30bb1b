import { randomBytes } from "node:crypto";
import pg from "pg";
import { type Database, type DriverName, openDatabase } from "../../api/src/db/client";
import { startWsProxy } from "./ws-proxy";

const realPostgres = process.env.TEST_DATABASE_URL;

/** The drivers a database suite runs on: PGlite always, pg and Neon when TEST_DATABASE_URL is set. */
export const testDrivers: DriverName[] = realPostgres ? ["pglite", "pg", "neon"] : ["pglite"];

export type TestDatabase = Database & { url: string | undefined };

/** A fresh, migrated database of its own: in-memory PGlite, or a new database on the real server. */
export async function openTestDatabase(driver: DriverName = "pglite"): Promise<TestDatabase> {
  if (driver === "pglite") {
    const database = await openDatabase({ url: "memory://" });
    return { ...database, url: undefined };
  }
  if (!realPostgres) throw new Error("TEST_DATABASE_URL is needed for the pg and neon drivers");
  const name = `tisket_test_${randomBytes(6).toString("hex")}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = withDatabase(realPostgres, name);
  const proxy = driver === "neon" ? await startWsProxy() : null;
  const database = await openDatabase({ url, driver, neonWsProxy: proxy?.address });
  return {
    ...database,
    url,
    async close() {
      await database.close();
      await proxy?.close();
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: realPostgres });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
