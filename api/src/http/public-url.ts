import type { Config } from "../config";

/** Where people reach this service from outside, for links in mail: PUBLIC_URL, else the local port. */
export function publicUrl(config: Pick<Config, "PUBLIC_URL" | "PORT">): string {
  return (config.PUBLIC_URL ?? `http://localhost:${config.PORT}`).replace(/\/+$/, "");
}
