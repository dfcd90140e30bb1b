import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { authorizeOrgAdmin } from "../admin/access";
import { adminRoute } from "../admin/openapi";
import { dateTime, SlugParamsSchema } from "../admin/schemas";
import { ACTION_CLIENTS } from "../db/schema";
import type { AppEnv } from "../http/env";
import { validationHook } from "../http/errors";
import { bearerScheme, errorResponses, jsonResponse, PersonSchema } from "../http/openapi";
import { listAudit } from "./list-audit";
import { AUDIT_KINDS } from "./record-audit";

const AuditEntrySchema = z
  .object({
    at: dateTime(),
    actor: PersonSchema.nullable().openapi({
      description:
        "The member who acted; null for the operator (client `api`) and for the service (client null)",
    }),
    client: z.enum(ACTION_CLIENTS).nullable(),
    kind: z.string().openapi({ example: "thread_status" }),
    target: z.string().nullable().openapi({ example: "THD-42" }),
    detail: z.record(z.string(), z.unknown()),
  })
  .openapi("AuditEntry");

export const AuditQuerySchema = z.object({
  actor: z
    .union([z.email(), z.literal("operator"), z.literal("system")])
    .optional()
    .openapi({ description: "A member's address, `operator` or `system`" }),
  kind: z.enum(AUDIT_KINDS).optional(),
  cursor: z.string().max(300).optional().openapi({ description: "nextCursor of the previous page" }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const auditRoute = createRoute({
  ...adminRoute,
  method: "get",
  path: "/orgs/{slug}/audit",
  summary: "Every action taken in the organization, newest first (admins)",
  request: { params: SlugParamsSchema, query: AuditQuerySchema },
  responses: {
    200: jsonResponse(
      "One page of the audit log",
      z.object({ entries: z.array(AuditEntrySchema), nextCursor: z.string().nullable() }),
    ),
    ...errorResponses,
  },
});

export function auditRoutes() {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  router.openAPIRegistry.registerComponent("securitySchemes", "bearer", bearerScheme);
  router.openapi(auditRoute, async (c) => {
    const { db } = c.get("deps");
    const org = await authorizeOrgAdmin(db, c.get("caller"), c.req.valid("param").slug);
    return c.json(await listAudit(db, { orgId: org.id, ...c.req.valid("query") }), 200);
  });
  return router;
}
