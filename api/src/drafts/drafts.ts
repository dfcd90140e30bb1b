import { formatRef } from "../../../shared/src/subject-tag";
import { type AuditKind, auditActorOf, recordAudit } from "../audit/record-audit";
import type { MemberCaller } from "../auth/caller";
import type { Db } from "../db/client";
import { isUuid } from "../db/ids";
import type { ActionClient, Draft, Thread } from "../db/schema";
import { notFound } from "../errors";
import { type DraftEventData, draftEventData } from "../events/payloads";
import { publishEvent } from "../events/publish";
import { textToHtml } from "../saved-replies/placeholders";
import type { Person } from "../threads/summary";
import { requireThreadByRef } from "../threads/thread-lookup";
import {
  deleteDraft,
  insertDraft,
  selectDraft,
  selectThreadDrafts,
  type ThreadDraftRow,
} from "./drafts.statements";

type Verb<Input> = { db: Db; caller: MemberCaller; input: Input };

export type DraftView = { id: string; body: string; author: Person; client: ActionClient; createdAt: string };

/**
 * Keeps a suggested reply on a thread of the caller's org for staff to review and send from their
 * own mail program. Nothing here reaches the outbox: a draft is never mailed.
 */
export async function createDraft({
  db,
  caller,
  input,
}: Verb<{ ref: string; body: string }>): Promise<{ thread: Thread; draft: DraftView }> {
  const thread = await requireThreadByRef(db, caller.org.id, input.ref);
  const { member } = caller;
  const row = await db.transaction(async (tx) => {
    const draft = await insertDraft(tx, {
      orgId: thread.orgId,
      threadId: thread.id,
      body: input.body,
      authorId: member.id,
      author: member.email,
      client: caller.client,
    });
    await audit(tx, thread, caller, "draft_created", draft.id);
    await announce(tx, thread, { action: "created", draft: draft.id, by: member.email });
    return draft;
  });
  return { thread, draft: toDraftView(row, { email: member.email, name: member.name }) };
}

/** Throws a draft away (staff decided against it); 404 for a draft this thread does not have. */
export async function discardDraft({ db, caller, input }: Verb<{ ref: string; id: string }>) {
  const thread = await requireThreadByRef(db, caller.org.id, input.ref);
  if (!isUuid(input.id)) throw notFound("draft");
  await db.transaction(async (tx) => {
    const removed = await deleteDraft(tx, thread.id, input.id);
    if (!removed) throw notFound("draft");
    await audit(tx, thread, caller, "draft_discarded", removed);
    await announce(tx, thread, { action: "discarded", draft: removed, by: caller.member.email });
  });
}

/**
 * One draft of a thread of the caller's org, for staff to put into their reply: its text, and the
 * same escaped as HTML for a rich-text draft. 404 for a draft this thread does not have.
 */
export async function loadDraftForReply({
  db,
  caller,
  input,
}: Verb<{ ref: string; id: string }>): Promise<{ draft: DraftView; html: string }> {
  const thread = await requireThreadByRef(db, caller.org.id, input.ref);
  if (!isUuid(input.id)) throw notFound("draft");
  const row = await selectDraft(db, thread.id, input.id);
  if (!row) throw notFound("draft");
  const draft = draftViewOf(row);
  return { draft, html: textToHtml(draft.body) };
}

/** A thread's drafts, newest first (all, or the newest `limit`); an author who left shows by the address recorded. */
export async function loadDrafts(
  db: Db,
  threadId: string,
  limit: number | null = null,
): Promise<DraftView[]> {
  const rows = await selectThreadDrafts(db, threadId, limit);
  return rows.map(draftViewOf);
}

// an author who left shows by the address the draft recorded (see the statement)
function draftViewOf(row: ThreadDraftRow): DraftView {
  return toDraftView(row, { email: row.authorEmail, name: row.authorName });
}

function toDraftView(row: Pick<Draft, "id" | "body" | "client" | "createdAt">, author: Person): DraftView {
  return { id: row.id, body: row.body, author, client: row.client, createdAt: row.createdAt.toISOString() };
}

async function audit(db: Db, thread: Thread, caller: MemberCaller, kind: AuditKind, draftId: string) {
  await recordAudit(db, {
    orgId: thread.orgId,
    kind,
    by: auditActorOf(caller),
    target: formatRef(thread.number),
    detail: { draft: draftId },
  });
}

// the thread's viewers and add-ons show a new draft at once; the body stays out of the event log
async function announce(db: Db, thread: Thread, details: Omit<DraftEventData, "ref">) {
  await publishEvent(db, {
    orgId: thread.orgId,
    threadId: thread.id,
    type: "draft",
    data: draftEventData(thread.number, details),
  });
}
