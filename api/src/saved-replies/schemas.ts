import { z } from "@hono/zod-openapi";
import { boundedText } from "../http/text-size";
import { PLACEHOLDERS } from "./placeholders";

export const SAVED_REPLY_MAX_BYTES = 20 * 1024;
export const SAVED_REPLY_MAX_NAME = 100;

const placeholderList = PLACEHOLDERS.map((key) => `\`{{${key}}}\``).join(", ");
const name = () => z.string().trim().min(1, "must not be empty").max(SAVED_REPLY_MAX_NAME);
const body = () =>
  boundedText(SAVED_REPLY_MAX_BYTES).openapi({
    description: `Plain text with ${placeholderList}; \`{{client.name | there}}\` falls back when the value is empty`,
    example: "Hi {{client.name | there}},\n\nthanks for writing about {{thread.ref}}.\n\n{{member.name}}",
  });

export const SavedReplySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    body: z.string(),
    createdAt: z.string().openapi({ format: "date-time" }),
    updatedAt: z.string().openapi({ format: "date-time" }),
  })
  .openapi("SavedReply");

export const SavedReplyCreateSchema = z.object({ name: name(), body: body() }).openapi("SavedReplyCreate");

export const SavedReplyUpdateSchema = z
  .object({ name: name().optional(), body: body().optional() })
  .refine((input) => input.name !== undefined || input.body !== undefined, {
    message: "give at least one of name, body",
  })
  .openapi("SavedReplyUpdate");

export const SavedReplyParamsSchema = z.object({
  id: z.string().openapi({ param: { name: "id", in: "path" } }),
});

export const RenderRequestSchema = z
  .object({ thread: z.string().max(20).openapi({ example: "THD-42" }) })
  .openapi("SavedReplyRenderRequest");

export const RenderedReplySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    body: z.string().openapi({ description: "Filled in, plain text" }),
    html: z.string().openapi({ description: "The same text escaped as HTML, line breaks as <br>" }),
  })
  .openapi("RenderedSavedReply");
