import { z } from "@hono/zod-openapi";
import { formatRef } from "../../../shared/src/subject-tag";
import { type Direction, HISTORY_FIELDS, THREAD_PRIORITIES, THREAD_STATUSES } from "../db/schema";
import { PersonSchema } from "../http/openapi";
import { PresenceActivitySchema, PresenceClientSchema } from "../presence/schemas";

// what each live event says: the one definition its publishers build and its stream documents
const ref = z.string().openapi({ example: "THD-42", description: "The thread's ref" });
const ThreadStatusSchema = z.enum(THREAD_STATUSES);
const DIRECTIONS = ["inbound", "outbound"] as const satisfies readonly Direction[];

export const PRESENCE_REASONS = ["heartbeat", "left", "expired", "replied"] as const;
export type PresenceReason = (typeof PRESENCE_REASONS)[number];

export const PresenceEventSchema = z
  .object({
    ref,
    memberId: z.string(),
    member: PersonSchema,
    client: PresenceClientSchema,
    activity: PresenceActivitySchema.nullable().openapi({
      description: "null: the member's presence on this client ended",
    }),
    since: z.string().nullable().openapi({ format: "date-time" }),
    expiresAt: z.string().nullable().openapi({ format: "date-time" }),
    reason: z.enum(PRESENCE_REASONS),
  })
  .describe("A presence others can see appeared, changed or ended");

export const ThreadEventSchema = z
  .object({
    ref,
    status: ThreadStatusSchema,
    previousStatus: ThreadStatusSchema.optional(),
    changes: z
      .array(
        z.object({ field: z.enum(HISTORY_FIELDS), from: z.string().nullable(), to: z.string().nullable() }),
      )
      .optional(),
    by: z.string().optional().openapi({ description: "Who changed the thread" }),
    assignee: PersonSchema.nullable().optional(),
    priority: z.enum(THREAD_PRIORITIES).optional(),
    tags: z.array(z.string()).optional(),
    created: z.literal(true).optional(),
    startedBy: z.enum(["client", "staff"]).optional(),
  })
  .describe("A thread was started or changed");

export const MessageEventSchema = z
  .object({ ref, messageId: z.string(), direction: z.enum(DIRECTIONS), from: z.string() })
  .describe("A message was filed in the thread");

export const DraftEventSchema = z
  .object({ ref, action: z.enum(["created", "discarded"]), draft: z.string(), by: z.string() })
  .describe("A suggested reply was kept or discarded");

export const NoteEventSchema = z
  .object({ ref, noteId: z.string(), author: PersonSchema, mentions: z.array(z.string()) })
  .describe("An internal note was added");

/** Every live event type with the schema of its payload. */
export const liveEventSchemas = {
  presence: PresenceEventSchema,
  thread: ThreadEventSchema,
  message: MessageEventSchema,
  draft: DraftEventSchema,
  note: NoteEventSchema,
} as const;

export type LiveEventType = keyof typeof liveEventSchemas;
// Object.keys of a literal object: the cast only restores the key type that Object.keys widens
export const LIVE_EVENT_TYPES = Object.keys(liveEventSchemas) as LiveEventType[];
export type LiveEventData<T extends LiveEventType> = z.infer<(typeof liveEventSchemas)[T]>;
export type PresenceEventData = LiveEventData<"presence">;
export type ThreadEventData = LiveEventData<"thread">;
export type DraftEventData = LiveEventData<"draft">;
export type NoteEventData = LiveEventData<"note">;

/** What a `thread` event says about the thread numbered `threadNumber`. */
export function threadEventData(
  threadNumber: number,
  details: Omit<ThreadEventData, "ref">,
): ThreadEventData {
  return { ref: formatRef(threadNumber), ...details };
}

/** What a `draft` event says about a suggested reply in the thread numbered `threadNumber`. */
export function draftEventData(threadNumber: number, details: Omit<DraftEventData, "ref">): DraftEventData {
  return { ref: formatRef(threadNumber), ...details };
}

/** What a `note` event says about a note added to the thread numbered `threadNumber`. */
export function noteEventData(threadNumber: number, details: Omit<NoteEventData, "ref">): NoteEventData {
  return { ref: formatRef(threadNumber), ...details };
}
