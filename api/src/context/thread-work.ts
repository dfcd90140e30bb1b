import { sql } from "drizzle-orm";
import type { Db } from "../db/client";
import type { ActionClient } from "../db/schema";
import { defineStatement, runStatement } from "../db/statement";
import type { DraftView } from "../drafts/drafts";
import { textToHtml } from "../saved-replies/placeholders";
import type { TicketLink } from "../tickets/thread-tickets";

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

// a member who left shows by the address recorded, as in the thread detail
type Author = { email: string | null; name: string | null; recorded: string };
type TicketRow = { id: string; repo: string | null; url: string | null; linkedAt: string; by: Author };
type DraftRow = { id: string; body: string; client: ActionClient; createdAt: string; by: Author };
type Row = { tickets: TicketRow[]; noteCount: number; draftCount: number; drafts: DraftRow[] };

// one statement after the thread is found, so a context request stays two round trips
const threadWorkStatement = defineStatement<{ thread: string }, Row>(
  (p) => sql`
    select
      (select coalesce(jsonb_agg(jsonb_build_object(
                'id', t.ticket, 'repo', t.repo, 'url', t.url, 'linkedAt', t.linked_at,
                'by', jsonb_build_object('email', m.email, 'name', m.name, 'recorded', t.linked_by))
              order by t.linked_at, t.ticket), '[]'::jsonb)
         from thread_tickets t left join members m on m.id = t.linked_by_id
        where t.thread_id = ${p.thread}) as tickets,
      (select count(*)::int from thread_notes where thread_id = ${p.thread}) as "noteCount",
      (select count(*)::int from drafts where thread_id = ${p.thread}) as "draftCount",
      (select coalesce(jsonb_agg(jsonb_build_object(
                'id', d.id, 'body', d.body, 'client', d.client, 'createdAt', d.created_at,
                'by', jsonb_build_object('email', d.email, 'name', d.name, 'recorded', d.author))
              order by d.created_at desc, d.id desc), '[]'::jsonb)
         from (select drafts.*, m.email, m.name from drafts left join members m on m.id = drafts.author_id
                where drafts.thread_id = ${p.thread}
                order by drafts.created_at desc, drafts.id desc
                limit ${CONTEXT_DRAFT_LIMIT}) d) as drafts`,
);

const person = (by: Author) => ({ email: by.email ?? by.recorded, name: by.name ?? "" });
const iso = (instant: string) => new Date(instant).toISOString();

/** The work on one thread, for an add-on's card: tickets oldest link first, drafts newest first. */
export async function loadThreadWork(db: Db, threadId: string): Promise<ThreadWork> {
  const [row] = await runStatement(db, threadWorkStatement, { thread: threadId });
  return {
    tickets: row!.tickets.map((ticket) => ({
      id: ticket.id,
      repo: ticket.repo,
      url: ticket.url,
      linkedAt: iso(ticket.linkedAt),
      linkedBy: person(ticket.by),
    })),
    noteCount: row!.noteCount,
    draftCount: row!.draftCount,
    drafts: row!.drafts.map((draft) => ({
      id: draft.id,
      body: draft.body,
      html: textToHtml(draft.body),
      author: person(draft.by),
      client: draft.client,
      createdAt: iso(draft.createdAt),
    })),
  };
}
