import { z } from "@hono/zod-openapi";
import { MEMBER_ROLES } from "../db/schema";
import { NAME_PATTERN } from "../inboxes/address";

const NAME_RULE =
  "use lowercase letters, digits and hyphens (at most 63), starting and ending with a letter or digit";
const urlName = () => z.string().regex(NAME_PATTERN, NAME_RULE);
export const dateTime = () => z.string().openapi({ format: "date-time" });
const pathParam = (param: string) => z.string().openapi({ param: { name: param, in: "path" } });

export const SlugParamsSchema = z.object({ slug: pathParam("slug") });
export const InboxParamsSchema = SlugParamsSchema.extend({ name: pathParam("name") });
export const MemberParamsSchema = SlugParamsSchema.extend({ email: pathParam("email") });
export const TokenParamsSchema = SlugParamsSchema.extend({ id: pathParam("id") });
export const EntryParamsSchema = SlugParamsSchema.extend({ id: pathParam("id") });

export const OrgCreateSchema = z
  .object({ slug: urlName(), name: z.string().trim().min(1).max(200) })
  .openapi("OrgCreate");
export const OrgSchema = z
  .object({ slug: z.string(), name: z.string(), createdAt: dateTime() })
  .openapi("Org");

const MINUTES_IN_A_YEAR = 365 * 24 * 60;

/** The rules of an inbox's settings, for the API's bodies and the settings page's form alike. */
export const InboxRules = {
  autoAckMessage: z.string().trim().min(1).max(5000),
  customAddress: z.email().max(254),
  targetMinutes: z.number().int().min(1).max(MINUTES_IN_A_YEAR),
};

const targetMinutes = (what: string) =>
  InboxRules.targetMinutes
    .nullable()
    .optional()
    .openapi({ description: `Minutes from the client's first message to ${what}; null: no target` });
const responseTargets = {
  firstResponseMinutes: targetMinutes("the first staff reply"),
  resolutionMinutes: targetMinutes("resolution"),
};

export const InboxCreateSchema = z
  .object({
    name: urlName(),
    autoAck: z.boolean().optional(),
    autoAckMessage: InboxRules.autoAckMessage.optional(),
    ...responseTargets,
  })
  .openapi("InboxCreate");

export const InboxUpdateSchema = z
  .object({
    autoAck: z.boolean().optional(),
    autoAckMessage: InboxRules.autoAckMessage.nullable().optional(),
    customAddress: InboxRules.customAddress.nullable().optional(),
    ...responseTargets,
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), {
    message:
      "give at least one of autoAck, autoAckMessage, customAddress, firstResponseMinutes, resolutionMinutes",
  })
  .openapi("InboxUpdate");

export const InboxSchema = z
  .object({
    name: z.string(),
    address: z.string(),
    customAddress: z.string().nullable(),
    autoAck: z.boolean(),
    autoAckMessage: z.string().nullable(),
    firstResponseMinutes: z.number().int().nullable(),
    resolutionMinutes: z.number().int().nullable(),
    createdAt: dateTime(),
  })
  .openapi("Inbox");

export const MemberCreateSchema = z
  .object({
    email: z.email().max(254),
    name: z.string().trim().max(200).optional(),
    role: z.enum(MEMBER_ROLES),
  })
  .openapi("MemberCreate");

export const MemberUpdateSchema = z
  .object({ role: z.enum(MEMBER_ROLES).optional(), name: z.string().trim().max(200).optional() })
  .refine((body) => body.role !== undefined || body.name !== undefined, {
    message: "give at least one of role, name",
  })
  .openapi("MemberUpdate");

export const MemberSchema = z
  .object({ email: z.string(), name: z.string(), role: z.enum(MEMBER_ROLES), createdAt: dateTime() })
  .openapi("Member");

export const TokenCreateSchema = z
  .object({ email: z.email().max(254), label: z.string().trim().max(200).optional() })
  .openapi("TokenCreate");

export const TokenSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    label: z.string(),
    createdAt: dateTime(),
    lastUsedAt: dateTime().nullable(),
    revokedAt: dateTime().nullable(),
  })
  .openapi("ApiToken");

export const IssuedTokenSchema = z
  .object({
    token: z.string().openapi({ description: "Shown this once; only its hash is kept" }),
    id: z.string(),
    email: z.string(),
    label: z.string(),
  })
  .openapi("IssuedToken");

export const INBOUND_STATUSES = ["received", "filed", "duplicate", "unrouted", "rejected", "failed"] as const;

export const InboundLogQuerySchema = z.object({
  status: z.enum(INBOUND_STATUSES).optional(),
  cursor: z.string().max(300).optional().openapi({ description: "nextCursor of the previous page" }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const InboundLogEntrySchema = z
  .object({
    id: z.string(),
    org: z.string().nullable(),
    status: z.enum(INBOUND_STATUSES),
    fromEmail: z.string().nullable(),
    subject: z.string().nullable(),
    recipients: z.array(z.string()),
    error: z.string().nullable(),
    receivedAt: dateTime(),
    attempts: z.number().int().openapi({ description: "filings started, the first delivery's included" }),
    nextAttemptAt: dateTime().nullable().openapi({
      description: "`received` only: when the inbound sweep files it, unless a filing finishes first",
    }),
  })
  .openapi("InboundLogEntry");
