import { OpenAPIHono } from "@hono/zod-openapi";
import { registerDomainRoutes } from "../domains/domains.routes";
import type { AppEnv } from "../http/env";
import { validationHook } from "../http/errors";
import { bearerScheme } from "../http/openapi";
import { registerInboundLogRoutes } from "./inbound-log.routes";
import { registerInboxRoutes } from "./inboxes.routes";
import { registerMemberRoutes } from "./members.routes";
import { registerOrgRoutes } from "./orgs.routes";
import { registerOutboxRoutes } from "./outbox.routes";
import { registerTokenRoutes } from "./tokens.routes";

/** The admin API: organizations, inboxes, members, API tokens, the inbound log, outgoing mail and custom domains. */
export function adminRoutes() {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  router.openAPIRegistry.registerComponent("securitySchemes", "bearer", bearerScheme);
  registerOrgRoutes(router);
  registerInboxRoutes(router);
  registerMemberRoutes(router);
  registerTokenRoutes(router);
  registerInboundLogRoutes(router);
  registerOutboxRoutes(router);
  registerDomainRoutes(router);
  return router;
}
