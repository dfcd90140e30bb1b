import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { members, type ThreadTicket, threadHistory, threadTickets } from "../db/schema";
import { selectColumns } from "../db/select-columns";
import { defineStatement, runStatement } from "../db/statement";

/** A ticket link as it is shown: the linker by their member's address and name, or the address recorded. */
export type TicketLinkRow = Pick<ThreadTicket, "ticket" | "repo" | "url" | "linkedAt"> & {
  linkedByEmail: string;
  linkedByName: string;
};

const threadTicketsStatement = defineStatement<{ threadId: string }, TicketLinkRow>(
  (p) => sql`select ${selectColumns({
    ticket: threadTickets.ticket,
    repo: threadTickets.repo,
    url: threadTickets.url,
    linkedAt: threadTickets.linkedAt,
    linkedByEmail: sql`coalesce(${members.email}, ${threadTickets.linkedBy})`,
    linkedByName: sql`coalesce(${members.name}, '')`,
  })}
    from ${threadTickets} left join ${members} on ${members.id} = ${threadTickets.linkedById}
    where ${threadTickets.threadId} = ${p.threadId}
    order by ${threadTickets.linkedAt}, ${threadTickets.ticket}`,
  { linkedAt: threadTickets.linkedAt },
);

/** A thread's ticket links, oldest link first. */
export function selectThreadTickets(db: Db, threadId: string): Promise<TicketLinkRow[]> {
  return runStatement(db, threadTicketsStatement, { threadId });
}

/** The thread's link to a ticket, locked until the transaction ends; null when there is none. */
export async function lockTicketLink(db: Db, threadId: string, ticket: string): Promise<ThreadTicket | null> {
  const [row] = await db
    .select()
    .from(threadTickets)
    .where(and(eq(threadTickets.threadId, threadId), eq(threadTickets.ticket, ticket)))
    .for("update");
  return row ?? null;
}

/** The new link; null when the thread links that ticket already (after waiting for a concurrent insert). */
export async function insertTicketLink(
  db: Db,
  link: typeof threadTickets.$inferInsert,
): Promise<ThreadTicket | null> {
  const [row] = await db.insert(threadTickets).values(link).onConflictDoNothing().returning();
  return row ?? null;
}

export async function changeTicketLink(
  db: Db,
  id: string,
  change: Partial<Pick<ThreadTicket, "repo" | "url">>,
): Promise<ThreadTicket> {
  const [updated] = await db.update(threadTickets).set(change).where(eq(threadTickets.id, id)).returning();
  return updated!;
}

/** The removed link; null when the thread did not link that ticket. */
export async function deleteTicketLink(
  db: Db,
  threadId: string,
  ticket: string,
): Promise<ThreadTicket | null> {
  const [removed] = await db
    .delete(threadTickets)
    .where(and(eq(threadTickets.threadId, threadId), eq(threadTickets.ticket, ticket)))
    .returning();
  return removed ?? null;
}

/** A change of the thread's ticket links, in its history. */
export async function insertTicketHistory(db: Db, entry: typeof threadHistory.$inferInsert): Promise<void> {
  await db.insert(threadHistory).values(entry);
}
