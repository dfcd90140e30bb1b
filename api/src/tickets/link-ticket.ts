import { formatRef } from "../../../shared/src/subject-tag";
import { type AuditKind, auditActorOf, recordAudit } from "../audit/record-audit";
import type { MemberCaller } from "../auth/caller";
import type { Db } from "../db/client";
import type { Thread, ThreadTicket } from "../db/schema";
import { AppError } from "../errors";
import { threadEventData } from "../events/payloads";
import { publishEvent } from "../events/publish";
import { requireThreadByRef } from "../threads/thread-lookup";
import { loadThreadTickets, type TicketLink } from "./thread-tickets";
import {
  changeTicketLink,
  deleteTicketLink,
  insertTicketHistory,
  insertTicketLink,
  lockTicketLink,
} from "./tickets.statements";

/** `repo` and `url` left out keep what the link had; null clears them. */
export type TicketLinkInput = {
  ref: string;
  ticket: string;
  repo?: string | null | undefined;
  url?: string | null | undefined;
};

type Verb<Input> = { db: Db; caller: MemberCaller; input: Input };

/** The link as it is now, the thread's links (this one among them), and whether it is new. */
export type LinkOutcome = { thread: Thread; link: TicketLink; tickets: TicketLink[]; created: boolean };

/**
 * Links a thread of the caller's org to a ticket; linking it again changes nothing but the repo
 * and url given. A new link is recorded in the thread's history, any change in the audit log.
 */
export async function linkTicket({ db, caller, input }: Verb<TicketLinkInput>): Promise<LinkOutcome> {
  const thread = await requireThreadByRef(db, caller.org.id, input.ref);
  const created = await db.transaction(async (tx) => {
    const found =
      (await lockLink(tx, thread.id, input.ticket)) ?? (await insertLink(tx, thread, caller, input));
    if (found.created) {
      await recordLinkChange(tx, thread, caller, { from: null, to: input.ticket });
      await audit(tx, thread, caller, "ticket_linked", linkDetail(found.row));
      return true;
    }
    const row = await applyDetails(tx, found.row, input);
    if (row !== found.row) await audit(tx, thread, caller, "ticket_link_changed", linkDetail(row));
    return false;
  });
  const tickets = await loadThreadTickets(db, thread.id);
  const link = tickets.find((each) => each.id === input.ticket);
  // only an unlink committed in between could take it away again
  if (!link) throw new AppError("conflict", `${input.ticket} was unlinked meanwhile; link it again`);
  return { thread, link, tickets, created };
}

/** Removes a thread's link to a ticket, recorded in its history; 404 when there was none. */
export async function unlinkTicket({ db, caller, input }: Verb<{ ref: string; ticket: string }>) {
  const thread = await requireThreadByRef(db, caller.org.id, input.ref);
  await db.transaction(async (tx) => {
    const removed = await deleteTicketLink(tx, thread.id, input.ticket);
    if (!removed) {
      throw new AppError("not_found", `${input.ticket} is not linked to ${formatRef(thread.number)}`);
    }
    await recordLinkChange(tx, thread, caller, { from: input.ticket, to: null });
    await audit(tx, thread, caller, "ticket_unlinked", linkDetail(removed));
  });
}

type Found = { row: ThreadTicket; created: boolean };

async function lockLink(db: Db, threadId: string, ticket: string): Promise<Found | null> {
  const row = await lockTicketLink(db, threadId, ticket);
  return row ? { row, created: false } : null;
}

// two agents linking the same ticket at once: the second insert waits, does nothing, and finds the first
async function insertLink(
  db: Db,
  thread: Thread,
  caller: MemberCaller,
  input: TicketLinkInput,
): Promise<Found> {
  const row = await insertTicketLink(db, {
    orgId: thread.orgId,
    threadId: thread.id,
    ticket: input.ticket,
    repo: input.repo ?? null,
    url: input.url ?? null,
    linkedById: caller.member.id,
    linkedBy: caller.member.email,
  });
  if (row) return { row, created: true };
  const raced = await lockLink(db, thread.id, input.ticket);
  // the link that won was removed again before this transaction could read it
  if (!raced) throw new AppError("conflict", `${input.ticket} was linked and unlinked meanwhile; try again`);
  return raced;
}

async function applyDetails(db: Db, row: ThreadTicket, input: TicketLinkInput): Promise<ThreadTicket> {
  const set: Partial<Pick<ThreadTicket, "repo" | "url">> = {};
  if (input.repo !== undefined && input.repo !== row.repo) set.repo = input.repo;
  if (input.url !== undefined && input.url !== row.url) set.url = input.url;
  if (Object.keys(set).length === 0) return row;
  return changeTicketLink(db, row.id, set);
}

async function recordLinkChange(
  db: Db,
  thread: Thread,
  caller: MemberCaller,
  change: { from: string | null; to: string | null },
) {
  await insertTicketHistory(db, {
    threadId: thread.id,
    field: "ticket",
    fromValue: change.from,
    toValue: change.to,
    actorId: caller.member.id,
    actor: caller.member.email,
    client: caller.client,
  });
  // a change of the thread like any other: open panes and pages reload and show the link
  await publishEvent(db, {
    orgId: thread.orgId,
    threadId: thread.id,
    type: "thread",
    data: threadEventData(thread.number, {
      status: thread.status,
      changes: [{ field: "ticket", ...change }],
      by: caller.member.email,
    }),
  });
}

function linkDetail(row: ThreadTicket): Record<string, unknown> {
  return { ticket: row.ticket, repo: row.repo, url: row.url };
}

async function audit(
  db: Db,
  thread: Thread,
  caller: MemberCaller,
  kind: AuditKind,
  detail: Record<string, unknown>,
) {
  await recordAudit(db, {
    orgId: thread.orgId,
    kind,
    by: auditActorOf(caller),
    target: formatRef(thread.number),
    detail,
  });
}
