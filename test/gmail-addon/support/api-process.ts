// The real API server, on a free port with an in-memory database, run as its own process: the
// add-on's UrlFetchApp blocks the test's thread while it waits, so the API cannot share it.
// Google's signing keys are served from here too (the test passes the public key in).
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../../api/src/config";
import { silentLogger } from "../../../api/src/deps";
import { startService } from "../../../api/src/runtime";

export type ApiProcessSettings = {
  googleClientId: string;
  googleJwk: Record<string, unknown>;
  operatorToken: string;
  webhookUser: string;
  webhookPassword: string;
  inboundDomain: string;
  rateLimitPerMinute: number;
};

export type ApiProcessReady = { apiUrl: string; silentUrl: string };

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );
}

async function main() {
  const settings = JSON.parse(process.env.TISKET_TEST_API ?? "{}") as ApiProcessSettings;
  const jwks = createServer((_request, response) => {
    response
      .writeHead(200, { "Content-Type": "application/json" })
      .end(JSON.stringify({ keys: [settings.googleJwk] }));
  });
  // accepts connections and never answers: an API that has stopped responding
  const silent = createServer(() => {});
  const jwksUrl = await listen(jwks);
  const silentUrl = await listen(silent);
  // an embedded instance keeps its generated secrets there, even with an in-memory database
  const dataDir = mkdtempSync(join(tmpdir(), "tisket-gmail-"));
  const service = await startService(
    loadConfig({
      PORT: "0",
      DATABASE_URL: "memory://",
      DATA_DIR: dataDir,
      SECRET_KEY: "gmail-add-on-end-to-end-secret-key-0123",
      WEBHOOK_USERNAME: settings.webhookUser,
      WEBHOOK_PASSWORD: settings.webhookPassword,
      TISKET_ADMIN_TOKEN: settings.operatorToken,
      INBOUND_DOMAIN: settings.inboundDomain,
      GOOGLE_CLIENT_IDS: settings.googleClientId,
      GOOGLE_JWKS_URL: `${jwksUrl}/keys`,
      RATE_LIMIT_PER_MINUTE: String(settings.rateLimitPerMinute),
    }),
    silentLogger,
  );
  const apiUrl = `http://127.0.0.1:${service.port}`;
  const stop = async () => {
    silent.closeAllConnections();
    silent.close();
    jwks.close();
    await service.close();
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on("message", (message) => {
    if (message === "stop") void stop();
  });
  process.send?.({ apiUrl, silentUrl } satisfies ApiProcessReady);
}

main().catch((error: unknown) => {
  console.error("[api-process] could not start:", error);
  process.exit(1);
});
