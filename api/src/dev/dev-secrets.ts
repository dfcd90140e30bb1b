import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Config } from "../config";

export type DevSecrets = {
  SECRET_KEY: string;
  WEBHOOK_USERNAME: string;
  WEBHOOK_PASSWORD: string;
  demoToken?: string;
};

const fileOf = (dataDir: string) => join(dataDir, "dev-secrets.json");

/** Secrets of a development instance, made on first start and kept in DATA_DIR. */
export function loadDevSecrets(dataDir: string): DevSecrets {
  const path = fileOf(dataDir);
  if (existsSync(path)) return JSON.parse(readFileSync(path, "utf8")) as DevSecrets;
  const secrets = newDevSecrets();
  saveDevSecrets(dataDir, secrets);
  return secrets;
}

/** Secrets for an instance whose database lives in memory: they die with it, so nothing is kept. */
export function newDevSecrets(): DevSecrets {
  return {
    SECRET_KEY: randomBytes(32).toString("hex"),
    WEBHOOK_USERNAME: "postmark",
    WEBHOOK_PASSWORD: randomBytes(12).toString("hex"),
  };
}

export function saveDevSecrets(dataDir: string, secrets: DevSecrets): void {
  writeFileSync(fileOf(dataDir), `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
}

/** Fills what the operator left unset from the kept development secrets. */
export function withDevSecrets(config: Config, secrets: DevSecrets): Config {
  const webhookSet = Boolean(config.WEBHOOK_USERNAME);
  return {
    ...config,
    SECRET_KEY: config.SECRET_KEY ?? secrets.SECRET_KEY,
    WEBHOOK_USERNAME: webhookSet ? config.WEBHOOK_USERNAME : secrets.WEBHOOK_USERNAME,
    WEBHOOK_PASSWORD: webhookSet ? config.WEBHOOK_PASSWORD : secrets.WEBHOOK_PASSWORD,
  };
}
