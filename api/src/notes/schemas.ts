import { z } from "@hono/zod-openapi";
import { boundedText } from "../http/text-size";

export const NOTE_MAX_BYTES = 20 * 1024;

export const NoteSchema = z
  .object({
    id: z.string(),
    // the thread schemas include this one, so it cannot take their Person schema
    author: z.object({ email: z.string(), name: z.string() }),
    body: z.string().openapi({ description: "Plain text; never part of any mail to the client" }),
    mentions: z
      .array(z.string())
      .openapi({ description: "Members mentioned as `@address`; each was emailed" }),
    createdAt: z.string().openapi({ format: "date-time" }),
  })
  .openapi("Note");

export const NoteCreateSchema = z
  .object({
    body: boundedText(NOTE_MAX_BYTES).openapi({
      example: "@bob@acme.com can you check the invoice?",
      description: "Plain text; `@address` of a member mentions them",
    }),
  })
  .openapi("NoteCreate");
