import type { MemberCaller } from "../auth/caller";
import type { Db } from "../db/client";
import { postmarkIdOf } from "../inbound/headers";
import { type Mark, markValues } from "../presence/mark-presence";
import type { Presence } from "../presence/presence-types";
import type { SummaryRow } from "../threads/statements/summary";
import { lookAtThread, type VisitRow, type VisitValues } from "./context.statements";

/**
 * A look at a message or draft: its trusted `[THD-n]` number, else its Message-IDs closest first;
 * the caller's presence to record on the thread found; a draft's client addresses, whose threads
 * that are not closed are the candidates.
 */
export type Visit = {
  number: number | null;
  messageIds: readonly string[];
  mark: Mark;
  clients: readonly string[];
};

export type VisitResult = { thread: SummaryRow | null; presence: Presence[]; candidates: SummaryRow[] };

/** The Message-IDs as the statement matches them: our own mail also by its Postmark id. */
function messageIdsJson(ids: readonly string[]): string {
  return JSON.stringify(ids.map((id) => ({ id, postmarkId: postmarkIdOf(id) })));
}

/**
 * Finds the org's thread a message or draft belongs to (by its trusted tag, else by its
 * Message-IDs), records the caller there, and answers who else is there and, for a draft, the
 * clients' open threads. Mail with no tag nor Message-ID, not being drafted, needs no lookup.
 */
export async function visitThread(
  db: Db,
  caller: MemberCaller,
  visit: Visit,
  now: Date,
): Promise<VisitResult> {
  const values: VisitValues = {
    ...markValues(caller, visit.mark, now),
    number: visit.number,
    messageIds: messageIdsJson(visit.messageIds),
    clients: JSON.stringify(visit.clients),
  };
  const withCandidates = visit.clients.length > 0;
  let rows: VisitRow[] = [];
  if (visit.number !== null) rows = await lookAtThread(db, { finder: "number", withCandidates }, values);
  const found = rows.some((row) => row.role === "thread");
  if (!found && (visit.messageIds.length > 0 || withCandidates))
    rows = await lookAtThread(db, { finder: "messageIds", withCandidates }, values);
  const thread = rows.find((row) => row.role === "thread") ?? null;
  return {
    thread,
    presence: thread?.presence ?? [],
    candidates: rows.filter((row) => row.role === "candidate"),
  };
}
