import { z } from "@hono/zod-openapi";
import { LIVE_EVENT_TYPES, type LiveEventType, liveEventSchemas } from "./payloads";

export const EVENT_ID_PATTERN = /^\d{1,15}$/;

export const streamTicketScheme = { type: "apiKey", in: "query", name: "ticket" } as const;
export const streamSecurity: Record<string, string[]>[] = [{ bearer: [] }, { streamTicket: [] }];

export const EventStreamQuerySchema = z.object({
  lastEventId: z
    .string()
    .regex(EVENT_ID_PATTERN, "expected an event id")
    .optional()
    .openapi({ description: "Resume after this event id, like the Last-Event-ID header" }),
  ticket: z
    .string()
    .optional()
    .openapi({ description: "A stream ticket, for clients that cannot send headers" }),
});

export const TicketRequestSchema = z
  .object({
    thread: z
      .string()
      .optional()
      .openapi({ example: "THD-42", description: "Limit the ticket to this thread's stream" }),
  })
  .strict();

export const TicketSchema = z
  .object({
    ticket: z.string(),
    expiresAt: z.string().openapi({ format: "date-time" }),
    thread: z.string().nullable(),
  })
  .openapi("StreamTicket");

/** The name under which the API document lists the payload of a live event type: `PresenceEvent`, … */
export function eventComponentName(type: LiveEventType): string {
  return `${type.charAt(0).toUpperCase()}${type.slice(1)}Event`;
}

const eventList = LIVE_EVENT_TYPES.map(
  (type) => `\`${type}\` (${eventComponentName(type)}: ${liveEventSchemas[type].description})`,
).join(", ");

export const eventStreamResponse = {
  description: `Server-Sent Events, each with \`event:\` its type, \`id:\` (for Last-Event-ID) and one JSON \`data:\` line: the payload its type's schema describes, with the thread ref added as \`thread\`. The types: ${eventList}. \`: keep-alive\` comments in between`,
  content: { "text/event-stream": { schema: z.string() } },
};
