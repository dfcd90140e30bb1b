import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../api/src/config";

const problemOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
};

describe("configuration", () => {
  it("runs a development instance with nothing set", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 8787, DATA_DIR: "./.data", RATE_LIMIT_PER_MINUTE: 100 });
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it.each([
    [{ PORT: "eighty" }, "PORT"],
    [{ PORT: "70000" }, "PORT"],
    [{ DATABASE_URL: "mysql://localhost/x" }, "DATABASE_URL"],
    [{ PUBLIC_URL: "not a url" }, "PUBLIC_URL"],
    [{ SECRET_KEY: "short" }, "SECRET_KEY"],
    [{ RATE_LIMIT_PER_MINUTE: "0" }, "RATE_LIMIT_PER_MINUTE"],
    [{ DATABASE_DRIVER: "sqlite" }, "DATABASE_DRIVER"],
    [{ INBOUND_DOMAIN: "no spaces allowed.com x" }, "INBOUND_DOMAIN"],
    [{ WEBHOOK_USERNAME: "postmark" }, "WEBHOOK_PASSWORD"],
    [{ DATABASE_URL: "postgres://db/x", WEBHOOK_USERNAME: "a", WEBHOOK_PASSWORD: "b" }, "SECRET_KEY"],
    [{ DATABASE_URL: "postgres://db/x", SECRET_KEY: "k".repeat(32) }, "WEBHOOK_USERNAME"],
  ])("refuses %o naming %s", (env, variable) => {
    expect(problemOf(env)).toContain(`${variable}:`);
  });

  it("reads lists and lowercases the inbound domain", () => {
    const config = loadConfig({
      GOOGLE_CLIENT_IDS: " a.apps , b.apps ,",
      INBOUND_DOMAIN: "Inbound.Example.COM",
    });
    expect(config.GOOGLE_CLIENT_IDS).toEqual(["a.apps", "b.apps"]);
    expect(config.INBOUND_DOMAIN).toBe("inbound.example.com");
  });
});
