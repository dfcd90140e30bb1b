import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { members, type ThreadTicket, threadHistory, threadTickets } from "../db/schema";

/** A thread's ticket links, oldest link first, with the name and address of a linker still a member. */
export function selectThreadTickets(
  db: Db,
  threadId: string,
): Promise<{ link: ThreadTicket; memberName: string | null; memberEmail: string | null }[]> {
  return db
    .select({ link: threadTickets, memberName: members.name, memberEmail: members.email })
    .from(threadTickets)
    .leftJoin(members, eq(members.id, threadTickets.linkedById))
    .where(eq(threadTickets.threadId, threadId))
    .orderBy(asc(threadTickets.linkedAt), asc(threadTickets.ticket));
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
