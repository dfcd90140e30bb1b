import { z } from "@hono/zod-openapi";
import { dateTime, SlugParamsSchema } from "../admin/schemas";
import { ErrorSchema } from "../http/openapi";

export const DomainParamsSchema = SlugParamsSchema.extend({
  domain: z.string().openapi({ param: { name: "domain", in: "path" }, example: "acme.com" }),
});

export const DomainCreateSchema = z
  .object({
    domain: z.string().max(300).openapi({
      description: "A domain name such as acme.com: no scheme or path, not INBOUND_DOMAIN",
      example: "acme.com",
    }),
  })
  .openapi("CustomDomainCreate");

const DnsRecordSchema = z
  .object({
    type: z.enum(["TXT", "CNAME"]),
    host: z.string(),
    value: z.string(),
    verified: z.boolean(),
  })
  .openapi("DnsRecord");

export const CustomDomainSchema = z
  .object({
    domain: z.string(),
    verified: z.boolean().openapi({ description: "Both records verified: the domain is sent from" }),
    dkim: DnsRecordSchema.openapi({ description: "The DKIM TXT record to publish" }),
    returnPath: DnsRecordSchema.openapi({ description: "The Return-Path CNAME to publish" }),
    createdAt: dateTime(),
    checkedAt: dateTime().nullable().openapi({ description: "When Postmark last verified the records" }),
  })
  .openapi("CustomDomain");

export const CustomDomainResponse = z.object({ domain: CustomDomainSchema });

export const postmarkResponses = {
  503: {
    description: "POSTMARK_ACCOUNT_TOKEN is not set, or Postmark refused the token or did not answer",
    content: { "application/json": { schema: ErrorSchema } },
  },
} as const;
