import { sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { type ActionClient, drafts, threadTickets } from "../db/schema";
import { defineStatement, runStatement } from "../db/statement";
import type { DraftView } from "../drafts/drafts";
import { textToHtml } from "../saved-replies/placeholders";
import type { TicketLink } from "../tickets/thread-tickets";

/**
 * What a card shows of a thread beyond its summary: how many notes and drafts; for the open one its
 * tickets and, while composing in it, its newest suggested replies.
 */
export type ThreadExtras = {
  noteCount: number;
  draftCount: number;
  tickets?: TicketLink[];
  drafts?: CardDraft[];
};

type ExtrasValues = { threads: string; thread: string | null };

type ExtrasRow = {
  kind: "counts" | "ticket";
  threadId: string;
  noteCount: number | null;
  draftCount: number | null;
  ticket: string | null;
  repo: string | null;
  url: string | null;
  linkedAt: Date | null;
  linkedByEmail: string | null;
  linkedByName: string | null;
};

// one round trip for the card's threads: counts for each, and the tickets of the one open
const extrasStatement = defineStatement<ExtrasValues, ExtrasRow>(
  (p) => sql`
    select * from (
      select 'counts' as kind, wanted.id as "threadId",
        (select count(*)::int from thread_notes n where n.thread_id = wanted.id) as "noteCount",
        (select count(*)::int from drafts d where d.thread_id = wanted.id) as "draftCount",
        null::text as ticket, null::text as repo, null::text as url, null::timestamptz as "linkedAt",
        null::text as "linkedByEmail", null::text as "linkedByName"
      from (select value::uuid as id from jsonb_array_elements_text(${p.threads}::jsonb)) wanted
      union all
      select 'ticket', tt.thread_id, null, null, tt.ticket, tt.repo, tt.url, tt.linked_at,
        coalesce(m.email, tt.linked_by), coalesce(m.name, '')
      from thread_tickets tt left join members m on m.id = tt.linked_by_id
      where tt.thread_id = ${p.thread}::uuid) extras
    order by kind, "linkedAt", ticket`,
  { linkedAt: threadTickets.linkedAt },
);

/**
 * Notes and drafts counted for each of the card's threads (the open one and a draft's candidates),
 * and the open thread's ticket links oldest first, in one statement. Ids come from the caller's org.
 */
export async function loadThreadExtras(
  db: Db,
  threadIds: readonly string[],
  openThreadId: string | null,
): Promise<Map<string, ThreadExtras>> {
  const extras = new Map<string, ThreadExtras>();
  if (threadIds.length === 0) return extras;
  const rows = await runStatement(db, extrasStatement, {
    threads: JSON.stringify(threadIds),
    thread: openThreadId,
  });
  for (const row of rows.filter((r) => r.kind === "counts")) {
    extras.set(row.threadId, { noteCount: row.noteCount ?? 0, draftCount: row.draftCount ?? 0 });
  }
  const open = openThreadId === null ? undefined : extras.get(openThreadId);
  if (open) open.tickets = rows.filter((r) => r.kind === "ticket").map(toTicketLink);
  return extras;
}

function toTicketLink(row: ExtrasRow): TicketLink {
  return {
    id: row.ticket ?? "",
    repo: row.repo,
    url: row.url,
    linkedAt: (row.linkedAt ?? new Date(0)).toISOString(),
    linkedBy: { email: row.linkedByEmail ?? "", name: row.linkedByName ?? "" },
  };
}

/** Suggested replies a card offers to insert: a few, newest first; the web viewer has them all. */
export const CARD_DRAFTS = 10;

/** A suggested reply as a draft takes it: the text, and the same text escaped for a rich body. */
export type CardDraft = DraftView & { html: string };

type DraftRow = {
  id: string;
  body: string;
  client: ActionClient;
  createdAt: Date;
  authorEmail: string;
  authorName: string;
};

const cardDraftsStatement = defineStatement<{ thread: string }, DraftRow>(
  (p) => sql`
    select d.id, d.body, d.client, d.created_at as "createdAt",
      coalesce(m.email, d.author) as "authorEmail", coalesce(m.name, '') as "authorName"
    from drafts d left join members m on m.id = d.author_id
    where d.thread_id = ${p.thread}::uuid
    order by d.created_at desc, d.id desc
    limit ${sql.raw(String(CARD_DRAFTS))}`,
  { createdAt: drafts.createdAt },
);

/** The newest suggested replies of a thread of the caller's org, for a draft being written in it. */
export async function loadCardDrafts(db: Db, threadId: string): Promise<CardDraft[]> {
  const rows = await runStatement(db, cardDraftsStatement, { thread: threadId });
  return rows.map((row) => ({
    id: row.id,
    body: row.body,
    author: { email: row.authorEmail, name: row.authorName },
    client: row.client,
    createdAt: row.createdAt.toISOString(),
    html: textToHtml(row.body),
  }));
}
