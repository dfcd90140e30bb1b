import { z } from "@hono/zod-openapi";
import { ACTION_CLIENTS, HISTORY_FIELDS, THREAD_PRIORITIES, THREAD_STATUSES } from "../db/schema";
import { PersonSchema } from "../http/openapi";
import { NoteSchema } from "../notes/schemas";
import { MAX_QUERY_CHARS } from "../search/search-query";
import { TicketIdSchema } from "../tickets/schemas";
import { SLA_FILTERS } from "./list-threads";
import { TagListSchema, TagSchema } from "./tags";

export const ThreadStatusSchema = z.enum(THREAD_STATUSES).describe("open, in_progress, resolved or closed");

/** A thread's public reference as staff and clients see it. */
export const ThreadRefSchema = z.string().max(20).describe("A thread reference such as THD-42");

const instant = () => z.string().openapi({ format: "date-time" });

export const SlaSchema = z
  .object({
    firstResponseDueAt: instant().nullable(),
    resolutionDueAt: instant().nullable(),
    breached: z.boolean().openapi({ description: "A target still to meet is past due" }),
  })
  .openapi("Sla");

export const ThreadSummarySchema = z
  .object({
    ref: z.string().openapi({ example: "THD-42" }),
    status: ThreadStatusSchema,
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
    priority: z.enum(THREAD_PRIORITIES),
    tags: z.array(z.string()),
    sla: SlaSchema,
    firstResponseAt: instant()
      .nullable()
      .openapi({ description: "The first staff message after the client's (never an acknowledgement)" }),
    resolvedAt: instant().nullable().openapi({ description: "The first resolution, kept when reopened" }),
    reopenCount: z.number().int(),
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
    field: z.enum(HISTORY_FIELDS).openapi({
      description: "What changed; for `ticket`, `to` is the ticket linked and `from` the one unlinked",
    }),
    from: z
      .string()
      .nullable()
      .openapi({ description: "For `tag`: the tag removed; for `ticket`: the ticket unlinked" }),
    to: z
      .string()
      .nullable()
      .openapi({ description: "For `tag`: the tag added; for `ticket`: the ticket linked" }),
    actor: z.union([PersonSchema, z.object({ system: z.string() })]),
    client: z
      .enum(ACTION_CLIENTS)
      .nullable()
      .openapi({ description: "Through which client the member acted; null for a change the mail made" }),
    at: z.string().openapi({ format: "date-time" }),
  })
  .openapi("HistoryEntry");

export const TicketLinkSchema = z
  .object({
    id: z.string().openapi({ example: "TKT-42" }),
    repo: z.string().nullable(),
    url: z.string().nullable(),
    linkedAt: z.string().openapi({ format: "date-time" }),
    linkedBy: PersonSchema,
  })
  .openapi("TicketLink");

export const DraftSchema = z
  .object({
    id: z.string(),
    body: z
      .string()
      .openapi({ description: "Plain text, for staff to review and send from their mail program" }),
    author: PersonSchema,
    client: z.enum(ACTION_CLIENTS).openapi({ description: "Through which client it was drafted" }),
    createdAt: z.string().openapi({ format: "date-time" }),
  })
  .openapi("Draft");

export const ThreadDetailSchema = ThreadSummarySchema.extend({
  messages: z.array(MessageSchema),
  notes: z.array(NoteSchema).openapi({ description: "Internal notes, oldest first" }),
  history: z.array(HistoryEntrySchema),
  tickets: z
    .array(TicketLinkSchema)
    .openapi({ description: "Linked engineering tickets, oldest link first" }),
  drafts: z.array(DraftSchema).openapi({ description: "Suggested replies, newest first; never sent by us" }),
}).openapi("ThreadDetail");

// descriptions through describe(), which both the OpenAPI document and the MCP tool schemas read
export const ThreadListQuerySchema = z.object({
  status: ThreadStatusSchema.optional(),
  inbox: z.string().max(100).optional().describe("An inbox name, e.g. support"),
  assignee: z
    .union([z.literal("me"), z.literal("none"), z.email()])
    .optional()
    .describe("A member's email, `me` or `none` (unassigned)"),
  q: z
    .string()
    .trim()
    .max(MAX_QUERY_CHARS, `at most ${MAX_QUERY_CHARS} characters`)
    .optional()
    .describe(
      'Full-text search of the subject, client and messages: words, "a phrase", -word to leave out, `or` between words; an address or THD-42 matches exactly. Results carry a `snippet`',
    ),
  sort: z
    .enum(["activity", "relevance"])
    .optional()
    .describe("With q: `relevance` puts the best match first (default: newest activity)"),
  priority: z.enum(THREAD_PRIORITIES).optional(),
  tag: TagSchema.optional(),
  sla: z
    .enum(SLA_FILTERS)
    .optional()
    .describe(
      "`breached`: a response target still to meet is past due; `due`: none is, and one falls due within the hour",
    ),
  ticket: TicketIdSchema.optional().describe("Only threads linked to this ticket, e.g. TKT-42"),
  cursor: z.string().max(300).optional().describe("nextCursor of the previous page"),
  limit: z.coerce.number().int().min(1).max(100).default(25).describe("Threads per page"),
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
    status: ThreadStatusSchema.optional(),
    assignee: z
      .union([z.literal("me"), z.email()])
      .nullable()
      .optional()
      .openapi({ description: "A member's address, `me` (the caller), or null to unassign" }),
    priority: z.enum(THREAD_PRIORITIES).optional(),
    tags: TagListSchema.optional().openapi({ description: "Replaces the thread's tags" }),
    addTags: TagListSchema.optional().openapi({ description: "Adds these tags, keeping the others" }),
    removeTags: TagListSchema.optional().openapi({ description: "Removes these tags, keeping the others" }),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), {
    message: "give at least one of status, assignee, priority, tags, addTags, removeTags",
  })
  .refine(
    (body) => body.tags === undefined || (body.addTags === undefined && body.removeTags === undefined),
    {
      message: "give either tags or addTags/removeTags, not both",
      path: ["tags"],
    },
  )
  .openapi("ThreadUpdate");
