import { z } from "@hono/zod-openapi";
import { PersonSchema } from "../http/openapi";
import {
  PresenceActivitySchema,
  PresenceClientSchema,
  PresenceSchema,
  TtlSecondsSchema,
} from "../presence/schemas";
import { DraftSchema, ThreadSummarySchema, TicketLinkSchema } from "../threads/schemas";

const header = (description: string) => z.string().max(2000).nullish().openapi({ description });
const recipients = z
  .array(z.string().max(1000))
  .max(200)
  .optional()
  .openapi({ description: "`Name <email>` strings or bare addresses" });

const DraftInboxSchema = z
  .object({
    name: z.string().openapi({ example: "support" }),
    address: z.string().openapi({ example: "support.acme@tisket.example" }),
    customAddress: z.string().nullable(),
    addressed: z.boolean().openapi({ description: "The draft is addressed to this inbox" }),
  })
  .openapi("DraftInbox");

// a plain object, not an extension: a nullable extension folds `null` into the shared component
const ContextThreadSchema = z
  .object({
    ...ThreadSummarySchema.shape,
    noteCount: z.number().int().optional().openapi({ description: "Internal notes on the thread" }),
    draftCount: z
      .number()
      .int()
      .optional()
      .openapi({ description: "Suggested replies (drafts) kept on the thread" }),
    tickets: z.array(TicketLinkSchema).optional().openapi({
      description: "The matched thread only: its linked engineering tickets, oldest link first",
    }),
    drafts: z
      .array(
        DraftSchema.extend({
          html: z
            .string()
            .openapi({ description: "The body escaped as HTML, line breaks as <br>, for a rich draft" }),
        }),
      )
      .optional()
      .openapi({
        description:
          "Composing in the matched thread: its newest suggested replies (at most 10), newest first; never sent by us",
      }),
  })
  .openapi("ContextThread");

const SavedReplyNameSchema = z.object({ id: z.string(), name: z.string() }).openapi("SavedReplyName");

export const ContextRequestSchema = z
  .object({
    client: PresenceClientSchema,
    activity: PresenceActivitySchema,
    subject: header("Subject of the open message or draft"),
    messageId: header("Message-ID of the open message"),
    inReplyTo: header("In-Reply-To of the open message or draft"),
    references: z
      .union([z.string().max(50_000), z.array(z.string().max(2000)).max(200)])
      .nullish()
      .openapi({ description: "The References header, as one string or a list of Message-IDs" }),
    from: header("Sender of the open message"),
    to: recipients,
    cc: recipients,
    ttlSeconds: TtlSecondsSchema,
  })
  .openapi("ContextRequest");

export const ContextResponseSchema = z
  .object({
    me: PersonSchema.optional().openapi({ description: "The caller: who the card is signed in as" }),
    thread: ContextThreadSchema.nullable().openapi({
      description: "null: mail that is not a support thread",
    }),
    presence: z.array(PresenceSchema).openapi({ description: "Other members in that thread now" }),
    candidates: z
      .array(ContextThreadSchema)
      .openapi({ description: "Composing: the recipients' threads that are not closed, newest first" }),
    suggestedSubject: z
      .string()
      .optional()
      .openapi({ description: "Composing: the subject with the tag added" }),
    inboxes: z.array(DraftInboxSchema).optional().openapi({
      description:
        "Composing: the org's inboxes to start a thread from, each marked `addressed` when the draft goes to it (by inbox, plus- or custom address)",
    }),
    savedReplies: z.array(SavedReplyNameSchema).optional().openapi({
      description:
        "Composing: the org's saved replies by name, to render for the draft's thread with POST /saved-replies/{id}/render",
    }),
  })
  .openapi("Context");
