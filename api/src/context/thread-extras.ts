import type { Db } from "../db/client";
import { type DraftView, loadDrafts } from "../drafts/drafts";
import { textToHtml } from "../saved-replies/placeholders";
import type { TicketLink } from "../tickets/thread-tickets";
import { type ExtrasRow, loadExtrasRows } from "./context.statements";

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
  const rows = await loadExtrasRows(db, threadIds, openThreadId);
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

/** A suggested reply as a draft takes it: the text, and the same text escaped for a rich body. */
export type CardDraft = DraftView & { html: string };

/** Suggested replies a card offers to insert: a few, newest first; the web viewer has them all. */
export const CARD_DRAFTS = 10;

/** The newest suggested replies of a thread of the caller's org, for a draft being written in it. */
export async function loadCardDrafts(db: Db, threadId: string): Promise<CardDraft[]> {
  const drafts = await loadDrafts(db, threadId, CARD_DRAFTS);
  return drafts.map((draft) => ({ ...draft, html: textToHtml(draft.body) }));
}
