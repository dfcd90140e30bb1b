import { asc, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { members, type ThreadTicket, threadTickets } from "../db/schema";
import type { Person } from "../threads/summary";

export type TicketLink = {
  id: string;
  repo: string | null;
  url: string | null;
  linkedAt: string;
  linkedBy: Person;
};

/** A thread's ticket links, oldest link first; a member who left shows by the address recorded. */
export async function loadThreadTickets(db: Db, threadId: string): Promise<TicketLink[]> {
  const rows = await db
    .select({ link: threadTickets, memberName: members.name, memberEmail: members.email })
    .from(threadTickets)
    .leftJoin(members, eq(members.id, threadTickets.linkedById))
    .where(eq(threadTickets.threadId, threadId))
    .orderBy(asc(threadTickets.linkedAt), asc(threadTickets.ticket));
  return rows.map((row) =>
    toTicketLink(row.link, { email: row.memberEmail ?? row.link.linkedBy, name: row.memberName ?? "" }),
  );
}

export function toTicketLink(row: ThreadTicket, linkedBy: Person): TicketLink {
  return {
    id: row.ticket,
    repo: row.repo,
    url: row.url,
    linkedAt: row.linkedAt.toISOString(),
    linkedBy,
  };
}
