import { z } from "@hono/zod-openapi";

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

export const eventStreamResponse = {
  description:
    "Server-Sent Events: `presence`, `thread`, `message`, `draft` (a suggested reply was kept or discarded) and `note` (an internal note was added), each with `id:` (for Last-Event-ID) and JSON `data:` carrying the thread ref as `thread`; `: keep-alive` comments in between",
  content: { "text/event-stream": { schema: z.string() } },
};
