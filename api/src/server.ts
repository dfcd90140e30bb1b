import { ConfigError, loadConfig } from "./config";
import { DataDirLockedError } from "./db/data-dir-lock";
import { consoleLogger } from "./deps";
import { DEMO } from "./dev/seed-demo";
import { inboxAddress } from "./inboxes/address";
import { type Service, startService } from "./runtime";

function banner(service: Service): string {
  const { config, database } = service.deps;
  const base = config.PUBLIC_URL ?? `http://localhost:${service.port}`;
  const lines = [
    `Tisket Threads API on ${base} (database: ${database.driver}${service.embedded ? ` in ${config.DATA_DIR}` : ""})`,
    `  webhook: POST ${base}/webhooks/postmark/inbound (Basic auth user "${config.WEBHOOK_USERNAME}")`,
    `  mail:    ${config.POSTMARK_SERVER_TOKEN ? "Postmark" : "development mail sink (no POSTMARK_SERVER_TOKEN)"}`,
  ];
  if (service.firstRunToken) {
    const address = inboxAddress({ name: DEMO.inbox }, { slug: DEMO.slug }, config.INBOUND_DOMAIN);
    lines.push(
      "",
      `Demo org "${DEMO.slug}" with inbox ${address} and admin ${DEMO.admin}.`,
      `  admin API token: ${service.firstRunToken}`,
      "Next:",
      ...(service.demoSignInLink
        ? [`  sign in as ${DEMO.admin}: ${service.demoSignInLink}  (works once, for 15 minutes)`]
        : []),
      "  npm run demo:email                      # post a sample client email to the webhook",
      `  curl -H "Authorization: Bearer ${service.firstRunToken}" ${base}/api/v1/threads`,
    );
  }
  return lines.join("\n");
}

async function main() {
  const service = await startService(loadConfig(), consoleLogger);
  console.log(banner(service));
  const stop = async () => {
    await service.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DataDirLockedError) {
    console.error(error.message);
  } else {
    console.error("Tisket Threads could not start:", error);
  }
  process.exit(1);
});
