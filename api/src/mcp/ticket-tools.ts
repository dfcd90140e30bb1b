import { z } from "@hono/zod-openapi";
import { formatRef } from "../../../shared/src/subject-tag";
import { ThreadRefSchema, TicketLinkSchema } from "../threads/schemas";
import { requireThreadByRef } from "../threads/thread-lookup";
import { linkTicket } from "../tickets/link-ticket";
import { TicketIdSchema, TicketLinkBodySchema } from "../tickets/schemas";
import { loadThreadTickets } from "../tickets/thread-tickets";
import { renderTicket, renderTickets } from "./render";
import { defineTool } from "./tool";

const ThreadTicketsSchema = z.object({
  thread: z.string().describe("The thread reference"),
  tickets: z.array(TicketLinkSchema).describe("Oldest link first"),
});

export const linkThreadToTicketTool = defineTool({
  name: "link_thread_to_ticket",
  title: "Link a thread to a ticket",
  description:
    "Links a thread (THD-42) to the engineering ticket that tracks its problem (TKT-42 in a .tickets repo), with the repo and a web address where given. Linking again is harmless: it changes only the repo and url you pass. list_threads with `ticket` finds the threads of a ticket.",
  input: TicketLinkBodySchema.extend({ thread: ThreadRefSchema, ticket: TicketIdSchema }),
  output: ThreadTicketsSchema.extend({
    ticket: TicketLinkSchema,
    alreadyLinked: z.boolean().describe("true when the thread was linked to this ticket before"),
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  run: async ({ deps, caller }, { thread: ref, ...link }) => {
    const {
      thread,
      link: ticket,
      tickets,
      created,
    } = await linkTicket({
      db: deps.db,
      caller,
      input: { ref, ...link },
    });
    return { thread: formatRef(thread.number), ticket, tickets, alreadyLinked: !created };
  },
  render: ({ thread, ticket, alreadyLinked }) =>
    `${thread} ${alreadyLinked ? "was linked already to" : "is now linked to"} ${renderTicket(ticket)}.`,
});

export const getTicketForThreadTool = defineTool({
  name: "get_ticket_for_thread",
  title: "Tickets of a thread",
  description:
    "The engineering tickets a thread (THD-42) is linked to, with repo, url, and who linked each when.",
  input: z.object({ thread: ThreadRefSchema }),
  output: ThreadTicketsSchema,
  annotations: { readOnlyHint: true, openWorldHint: false },
  run: async ({ deps, caller }, { thread: ref }) => {
    const thread = await requireThreadByRef(deps.db, caller.org.id, ref);
    return { thread: formatRef(thread.number), tickets: await loadThreadTickets(deps.db, thread.id) };
  },
  render: ({ thread, tickets }) => renderTickets(thread, tickets),
});
