import { z } from "@hono/zod-openapi";
import { DraftSchema } from "../threads/schemas";

/** 100 KB: far more than any reply a person reads, and what the database allows. */
export const MAX_DRAFT_BYTES = 100 * 1024;
const TOO_BIG = `at most 100 KB (${MAX_DRAFT_BYTES.toLocaleString("en")} bytes of UTF-8)`;
const encoder = new TextEncoder();

export const DraftBodySchema = z
  .string()
  .max(MAX_DRAFT_BYTES, TOO_BIG)
  .refine((body) => encoder.encode(body).byteLength <= MAX_DRAFT_BYTES, TOO_BIG)
  .refine((body) => body.trim().length > 0, "write the reply; it is empty")
  .describe("The suggested reply as plain text, at most 100 KB");

export const DraftCreateSchema = z.object({ body: DraftBodySchema }).strict().openapi("DraftCreate");

export const DraftParamsSchema = z.object({
  ref: z.string().openapi({ param: { name: "ref", in: "path" }, example: "THD-42" }),
  id: z.string().openapi({ param: { name: "id", in: "path" } }),
});

export const DraftForReplySchema = z
  .object({
    draft: DraftSchema,
    html: z
      .string()
      .openapi({ description: "The body escaped as HTML, line breaks as <br>, for a rich draft" }),
  })
  .openapi("DraftForReply");
