import type { Db } from "../db/client";
import type { HistoryField, Member, Thread, ThreadPriority, ThreadStatus } from "../db/schema";
import { badRequest } from "../errors";
import { findMemberById, findOrgMemberByEmail } from "./statements/members";
import { editedTags, type TagEdit } from "./tags";

export type ThreadUpdateInput = TagEdit & {
  ref: string;
  status?: ThreadStatus | undefined;
  assignee?: string | null | undefined;
  priority?: ThreadPriority | undefined;
};

/** One recorded change: a tag added has `from` null, a tag removed `to` null. */
/** A change `updateThread` makes; ticket links are recorded by the ticket verbs. */
export type ThreadChange = {
  field: Exclude<HistoryField, "ticket">;
  from: string | null;
  to: string | null;
};

export type ThreadFacts = Pick<Thread, "resolvedAt" | "resolvedBy" | "reopenCount">;

export type Changes = {
  set: Partial<Pick<Thread, "status" | "assigneeId" | "priority" | "tags"> & ThreadFacts>;
  recorded: ThreadChange[];
  assignee?: Member | null;
};

const FINISHED: readonly ThreadStatus[] = ["resolved", "closed"];
export const isFinished = (status: ThreadStatus) => FINISHED.includes(status);

/** What an update changes on a locked thread, field by field; nothing for values it already has. */
export async function changesFor(
  db: Db,
  thread: Thread,
  input: ThreadUpdateInput,
  by: { member: Member; now: Date },
): Promise<Changes> {
  const changes: Changes = { set: {}, recorded: [] };
  if (input.status !== undefined && input.status !== thread.status) {
    changes.set.status = input.status;
    Object.assign(changes.set, statusFacts(thread, input.status, by));
    changes.recorded.push({ field: "status", from: thread.status, to: input.status });
  }
  if (input.assignee !== undefined) await assigneeChange(db, thread, input.assignee, changes);
  if (input.priority !== undefined && input.priority !== thread.priority) {
    changes.set.priority = input.priority;
    changes.recorded.push({ field: "priority", from: thread.priority, to: input.priority });
  }
  if (input.tags || input.addTags || input.removeTags) tagChanges(thread, input, changes);
  return changes;
}

/**
 * The facts a status change makes: the first resolution (closing finishes a thread as resolving
 * does) is kept for good; taking a finished thread up again counts as a reopening.
 */
function statusFacts(
  thread: Thread,
  next: ThreadStatus,
  by: { member: Member; now: Date },
): Partial<ThreadFacts> {
  if (isFinished(next) && thread.resolvedAt === null) return { resolvedAt: by.now, resolvedBy: by.member.id };
  if (!isFinished(next) && isFinished(thread.status)) return { reopenCount: thread.reopenCount + 1 };
  return {};
}

async function assigneeChange(db: Db, thread: Thread, email: string | null, changes: Changes) {
  const next = email === null ? null : await requireOrgMember(db, thread.orgId, email);
  if ((next?.id ?? null) === thread.assigneeId) return;
  const current = thread.assigneeId ? await findMemberById(db, thread.assigneeId) : null;
  changes.set.assigneeId = next?.id ?? null;
  changes.assignee = next;
  changes.recorded.push({ field: "assignee", from: current?.email ?? null, to: next?.email ?? null });
}

function tagChanges(thread: Thread, edit: TagEdit, changes: Changes) {
  const next = editedTags(thread.tags, edit);
  const added = next.filter((tag) => !thread.tags.includes(tag));
  const removed = thread.tags.filter((tag) => !next.includes(tag));
  if (added.length === 0 && removed.length === 0) return;
  changes.set.tags = next;
  for (const tag of removed) changes.recorded.push({ field: "tag", from: tag, to: null });
  for (const tag of added) changes.recorded.push({ field: "tag", from: null, to: tag });
}

async function requireOrgMember(db: Db, orgId: string, email: string): Promise<Member> {
  const member = await findOrgMemberByEmail(db, orgId, email);
  if (!member) throw badRequest("assignee: not a member of this organization");
  return member;
}
