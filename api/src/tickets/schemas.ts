import { z } from "@hono/zod-openapi";

/** An engineering ticket's id as its `.tickets` repository names it: `TKT-42`. */
export const TICKET_ID_PATTERN = /^[A-Z][A-Z0-9]*-[0-9]+$/;

export const TicketIdSchema = z
  .string()
  .max(64, "at most 64 characters")
  .regex(TICKET_ID_PATTERN, "expected a ticket id like TKT-42: capital letters or digits, a hyphen, a number")
  .describe("An engineering ticket id such as TKT-42");

export const RepoSchema = z
  .string()
  .trim()
  .min(1, "give a repository name, or leave it out")
  .max(200, "at most 200 characters")
  .describe("The ticket repository, e.g. acme/.tickets");

// only web addresses: staff pages turn the url into a link, so javascript: and data: are refused
export const UrlSchema = z
  .url({ protocol: /^https?$/, message: "expected an http or https address" })
  .max(2000, "at most 2000 characters")
  .describe("Where the ticket can be read");

export const TicketLinkBodySchema = z
  .object({
    repo: RepoSchema.nullable().optional(),
    url: UrlSchema.nullable().optional(),
  })
  .strict()
  .openapi("TicketLinkBody", {
    description: "Left out: kept as linked before; null: cleared",
  });

export const TicketParamsSchema = z.object({
  ticket: TicketIdSchema.openapi({ param: { name: "ticket", in: "path" }, example: "TKT-42" }),
});

export const ThreadTicketParamsSchema = TicketParamsSchema.extend({
  ref: z.string().openapi({ param: { name: "ref", in: "path" }, example: "THD-42" }),
});
