import { z } from "@hono/zod-openapi";
import { ACTION_CLIENTS, THREAD_STATUSES } from "../db/schema";
import { MAX_QUERY_CHARS } from "../search/search-query";

export const ErrorSchema = z
  .object({ error: z.object({ code: z.string(), message: z.string() }) })
  .openapi("Error");

const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: ErrorSchema } },
});

/** The failures every authenticated route can answer with, for the OpenAPI document. */
export const errorResponses = {
  400: errorResponse("Bad input; the message names the field"),
  401: errorResponse("Missing or invalid credentials"),
  403: errorResponse("The caller may not do this"),
  404: errorResponse("Not found, or not in the caller's organization"),
} as const;

export const conflictResponse = { 409: errorResponse("It already exists") } as const;

export const bearerSecurity = [{ bearer: [] }];
export const bearerScheme = { type: "http", scheme: "bearer" } as const;

export const PersonSchema = z.object({ email: z.string(), name: z.string() }).openapi("Person");

export const ThreadSummarySchema = z
  .object({
    ref: z.string().openapi({ example: "THD-42" }),
    status: z.enum(THREAD_STATUSES),
    subject: z.string(),
    inbox: z.object({ name: z.string(), address: z.string() }),
    client: PersonSchema,
    assignee: PersonSchema.nullable(),
    messageCount: z.number().int(),
    lastMessageAt: z.string().openapi({ format: "date-time" }),
    lastMessage: z
      .object({
        direction: z.enum(["inbound", "outbound"]),
        from: z.string(),
        at: z.string().openapi({ format: "date-time" }),
      })
      .nullable(),
  })
  .openapi("ThreadSummary");

export const AttachmentSchema = z
  .object({
    id: z.string(),
    filename: z.string(),
    contentType: z.string(),
    size: z.number().int(),
    inline: z.boolean(),
  })
  .openapi("Attachment");

export const MessageSchema = z
  .object({
    id: z.string(),
    direction: z.enum(["inbound", "outbound"]),
    from: PersonSchema,
    to: z.array(PersonSchema),
    cc: z.array(PersonSchema),
    subject: z.string(),
    html: z.string().openapi({ description: "As received: sanitize before showing it" }),
    text: z.string(),
    messageId: z.string().nullable(),
    inReplyTo: z.string().nullable(),
    createdAt: z.string().openapi({ format: "date-time" }),
    attachments: z.array(AttachmentSchema),
  })
  .openapi("Message");

export const HistoryEntrySchema = z
  .object({
    field: z.enum(["status", "assignee"]),
    from: z.string().nullable(),
    to: z.string().nullable(),
    actor: z.union([PersonSchema, z.object({ system: z.string() })]),
    client: z
      .enum(ACTION_CLIENTS)
      .nullable()
      .openapi({ description: "Through which client the member acted; null for a change the mail made" }),
    at: z.string().openapi({ format: "date-time" }),
  })
  .openapi("HistoryEntry");

export const ThreadDetailSchema = ThreadSummarySchema.extend({
  messages: z.array(MessageSchema),
  history: z.array(HistoryEntrySchema),
}).openapi("ThreadDetail");

export const ThreadListQuerySchema = z.object({
  status: z.enum(THREAD_STATUSES).optional(),
  inbox: z.string().max(100).optional(),
  assignee: z
    .union([z.literal("me"), z.literal("none"), z.email()])
    .optional()
    .openapi({ description: "A member's email, `me` or `none` (unassigned)" }),
  q: z.string().trim().max(MAX_QUERY_CHARS, `at most ${MAX_QUERY_CHARS} characters`).optional().openapi({
    description:
      'Full-text search of the subject, client and messages: words, "a phrase", -word to leave out, `or` between words; an address or THD-42 matches exactly. Results carry a `snippet`',
  }),
  sort: z
    .enum(["activity", "relevance"])
    .optional()
    .openapi({ description: "With q: `relevance` puts the best match first (default: newest activity)" }),
  cursor: z.string().max(300).optional().openapi({ description: "nextCursor of the previous page" }),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

export const ThreadListItemSchema = ThreadSummarySchema.extend({
  snippet: z.string().optional().openapi({
    description:
      "Search results only: a short excerpt of where the thread matched, as HTML: the mail's text escaped, the matching words in <mark>",
    example: "…the <mark>printer</mark> is on fire again…",
  }),
}).openapi("ThreadListItem");

export const ThreadListSchema = z
  .object({ threads: z.array(ThreadListItemSchema), nextCursor: z.string().nullable() })
  .openapi("ThreadList");

export const ThreadRefParamsSchema = z.object({
  ref: z.string().openapi({ param: { name: "ref", in: "path" }, example: "THD-42" }),
});

export const AttachmentParamsSchema = ThreadRefParamsSchema.extend({
  id: z.string().openapi({ param: { name: "id", in: "path" } }),
});

export const ThreadUpdateSchema = z
  .object({
    status: z.enum(THREAD_STATUSES).optional(),
    assignee: z.email().nullable().optional().openapi({ description: "A member's address, or null" }),
  })
  .refine((body) => body.status !== undefined || body.assignee !== undefined, {
    message: "give at least one of status, assignee",
  })
  .openapi("ThreadUpdate");
