import { count, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { drafts, members, threadNotes } from "../db/schema";
import { type DraftView, toDraftView } from "../drafts/drafts";
import { textToHtml } from "../saved-replies/placeholders";
import { loadThreadTickets, type TicketLink } from "../tickets/thread-tickets";

/** A card shows a few suggested replies; more are in the web viewer. */
export const CONTEXT_DRAFT_LIMIT = 10;

/** A suggested reply as a draft takes it: the text, and the same text escaped for a rich body. */
export type ContextDraft = DraftView & { html: string };

/** What the team has on a thread besides its mail: tickets, notes, suggested replies. */
export type ThreadWork = {
  tickets: TicketLink[];
  noteCount: number;
  draftCount: number;
  drafts: ContextDraft[];
};

/** The work on one thread, for an add-on's card, in three queries whatever the thread holds. */
export async function loadThreadWork(db: Db, threadId: string): Promise<ThreadWork> {
  const [tickets, [notes], recent] = await Promise.all([
    loadThreadTickets(db, threadId),
    db.select({ count: count() }).from(threadNotes).where(eq(threadNotes.threadId, threadId)),
    recentDrafts(db, threadId),
  ]);
  return { tickets, noteCount: notes?.count ?? 0, ...recent };
}

// the newest drafts and how many there are, in one statement: count(*) over () before the limit
async function recentDrafts(db: Db, threadId: string): Promise<Pick<ThreadWork, "draftCount" | "drafts">> {
  const rows = await db
    .select({
      draft: drafts,
      name: members.name,
      email: members.email,
      total: sql<number>`count(*) over ()`.mapWith(Number),
    })
    .from(drafts)
    .leftJoin(members, eq(members.id, drafts.authorId))
    .where(eq(drafts.threadId, threadId))
    .orderBy(desc(drafts.createdAt), desc(drafts.id))
    .limit(CONTEXT_DRAFT_LIMIT);
  return {
    draftCount: rows[0]?.total ?? 0,
    drafts: rows.map(({ draft, name, email }) => ({
      ...toDraftView(draft, { email: email ?? draft.author, name: name ?? "" }),
      html: textToHtml(draft.body),
    })),
  };
}
