import { and, eq } from "drizzle-orm";
import { formatRef, parseRef } from "../../../shared/src/subject-tag";
import type { MemberCaller } from "../auth/caller";
import type { Db } from "../db/client";
import { type Member, members, type Thread, type ThreadStatus, threadHistory, threads } from "../db/schema";
import { badRequest } from "../errors";
import { publishEvent } from "../events/publish";
import { loadThreadDetailById, type ThreadDetail } from "./thread-detail";
import { threadNotFound } from "./thread-lookup";

export type ThreadUpdateInput = {
  ref: string;
  status?: ThreadStatus | undefined;
  assignee?: string | null | undefined;
};

export type ThreadChange = { field: "status" | "assignee"; from: string | null; to: string | null };

type Changes = {
  set: Partial<Pick<Thread, "status" | "assigneeId">>;
  recorded: ThreadChange[];
  assignee?: Member | null;
};

/**
 * Changes a thread's status and/or assignee as a member, recording one history row per field that
 * actually changed. Answers the thread as it is now and the changes, for whoever announces them.
 */
export async function updateThread({
  deps,
  caller,
  input,
}: {
  deps: { db: Db; config: { INBOUND_DOMAIN: string } };
  caller: MemberCaller;
  input: ThreadUpdateInput;
}): Promise<{ thread: ThreadDetail; changes: ThreadChange[] }> {
  const number = parseRef(input.ref);
  if (number === null) throw threadNotFound(input.ref);
  const { threadId, changes } = await deps.db.transaction(async (tx) => {
    const thread = await lockThread(tx, caller.org.id, number);
    if (!thread) throw threadNotFound(input.ref);
    const found = await changesFor(tx, thread, input);
    await applyChanges(tx, thread, found, caller);
    return { threadId: thread.id, changes: found.recorded };
  });
  const scope = { org: caller.org, inboundDomain: deps.config.INBOUND_DOMAIN };
  return { thread: await loadThreadDetailById(deps.db, scope, threadId), changes };
}

// the row lock keeps two concurrent updates from recording the same "from" value twice
async function lockThread(db: Db, orgId: string, number: number): Promise<Thread | null> {
  const [thread] = await db
    .select()
    .from(threads)
    .where(and(eq(threads.orgId, orgId), eq(threads.number, number)))
    .for("update");
  return thread ?? null;
}

async function changesFor(db: Db, thread: Thread, input: ThreadUpdateInput): Promise<Changes> {
  const changes: Changes = { set: {}, recorded: [] };
  if (input.status !== undefined && input.status !== thread.status) {
    changes.set.status = input.status;
    changes.recorded.push({ field: "status", from: thread.status, to: input.status });
  }
  if (input.assignee !== undefined) {
    const next = input.assignee === null ? null : await requireOrgMember(db, thread.orgId, input.assignee);
    if ((next?.id ?? null) !== thread.assigneeId) {
      const current = thread.assigneeId ? await findMemberById(db, thread.assigneeId) : null;
      changes.set.assigneeId = next?.id ?? null;
      changes.assignee = next;
      changes.recorded.push({ field: "assignee", from: current?.email ?? null, to: next?.email ?? null });
    }
  }
  return changes;
}

async function applyChanges(db: Db, thread: Thread, changes: Changes, caller: MemberCaller): Promise<void> {
  if (changes.recorded.length === 0) return;
  const actor = caller.member;
  await db.update(threads).set(changes.set).where(eq(threads.id, thread.id));
  await db.insert(threadHistory).values(
    changes.recorded.map((change) => ({
      threadId: thread.id,
      field: change.field,
      fromValue: change.from,
      toValue: change.to,
      actorId: actor.id,
      actor: actor.email,
      client: caller.client,
    })),
  );
  await announce(db, thread, changes, actor);
}

// live subscribers (add-ons, the thread viewer) hear of the change once the transaction commits
async function announce(db: Db, thread: Thread, changes: Changes, actor: Member): Promise<void> {
  const data: Record<string, unknown> = {
    ref: formatRef(thread.number),
    status: changes.set.status ?? thread.status,
    changes: changes.recorded,
    by: actor.email,
  };
  if (changes.set.status) data.previousStatus = thread.status;
  if (changes.assignee !== undefined) {
    data.assignee = changes.assignee && { email: changes.assignee.email, name: changes.assignee.name };
  }
  await publishEvent(db, { orgId: thread.orgId, threadId: thread.id, type: "thread", data });
}

async function requireOrgMember(db: Db, orgId: string, email: string): Promise<Member> {
  const [member] = await db
    .select()
    .from(members)
    .where(and(eq(members.orgId, orgId), eq(members.email, email.trim().toLowerCase())))
    .limit(1);
  if (!member) throw badRequest("assignee: not a member of this organization");
  return member;
}

async function findMemberById(db: Db, id: string): Promise<Member | null> {
  const [member] = await db.select().from(members).where(eq(members.id, id)).limit(1);
  return member ?? null;
}
