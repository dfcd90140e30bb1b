import type { Db } from "../db/client";
import type { ThreadTicket } from "../db/schema";
import type { Person } from "../threads/summary";
import { selectThreadTickets } from "./tickets.statements";

export type TicketLink = {
  id: string;
  repo: string | null;
  url: string | null;
  linkedAt: string;
  linkedBy: Person;
};

/** A thread's ticket links, oldest link first; a member who left shows by the address recorded. */
export async function loadThreadTickets(db: Db, threadId: string): Promise<TicketLink[]> {
  const rows = await selectThreadTickets(db, threadId);
  return rows.map((row) => toTicketLink(row, { email: row.linkedByEmail, name: row.linkedByName }));
}

export function toTicketLink(
  row: Pick<ThreadTicket, "ticket" | "repo" | "url" | "linkedAt">,
  linkedBy: Person,
): TicketLink {
  return {
    id: row.ticket,
    repo: row.repo,
    url: row.url,
    linkedAt: row.linkedAt.toISOString(),
    linkedBy,
  };
}
