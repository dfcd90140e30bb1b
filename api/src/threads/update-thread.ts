import { formatRef, parseRef } from "../../../shared/src/subject-tag";
import { type AuditEntryInput, auditActorOf, recordAudit } from "../audit/record-audit";
import type { MemberCaller } from "../auth/caller";
import type { Db } from "../db/client";
import type { Thread } from "../db/schema";
import type { Deps } from "../deps";
import { threadEventData } from "../events/payloads";
import { publishEvent } from "../events/publish";
import { insertHistory } from "./statements/history";
import { lockThreadByNumber, updateThreadColumns } from "./statements/threads";
import { type Changes, changesFor, type ThreadChange, type ThreadUpdateInput } from "./thread-changes";
import { loadThreadDetailById, type ThreadDetail } from "./thread-detail";
import { threadNotFound } from "./thread-lookup";

export type { ThreadChange, ThreadUpdateInput } from "./thread-changes";

/**
 * Changes a thread's status, assignee, priority and tags as a member, recording one history row
 * and one audit row per change (a tag added or removed is one), and the facts a status change
 * makes (first resolution, reopenings). Answers the thread as it is now and the changes.
 */
export async function updateThread({
  deps,
  caller,
  input,
}: {
  deps: Pick<Deps, "db" | "config" | "clock">;
  caller: MemberCaller;
  input: ThreadUpdateInput;
}): Promise<{ thread: ThreadDetail; changes: ThreadChange[] }> {
  const number = parseRef(input.ref);
  if (number === null) throw threadNotFound(input.ref);
  const now = deps.clock.now();
  const { threadId, changes } = await deps.db.transaction(async (tx) => {
    // the row lock keeps two concurrent updates from recording the same "from" value twice
    const thread = await lockThreadByNumber(tx, caller.org.id, number);
    if (!thread) throw threadNotFound(input.ref);
    const found = await changesFor(tx, thread, input, { member: caller.member, now });
    await applyChanges(tx, thread, found, caller, now);
    return { threadId: thread.id, changes: found.recorded };
  });
  const scope = { org: caller.org, inboundDomain: deps.config.INBOUND_DOMAIN, now };
  return { thread: await loadThreadDetailById(deps.db, scope, threadId), changes };
}

async function applyChanges(db: Db, thread: Thread, changes: Changes, caller: MemberCaller, now: Date) {
  if (changes.recorded.length === 0) return;
  const actor = caller.member;
  await updateThreadColumns(db, thread.id, changes.set);
  await insertHistory(
    db,
    changes.recorded.map((change) => ({
      threadId: thread.id,
      field: change.field,
      fromValue: change.from,
      toValue: change.to,
      actorId: actor.id,
      actor: actor.email,
      client: caller.client,
      at: now,
    })),
  );
  const by = auditActorOf(caller);
  const target = formatRef(thread.number);
  await recordAudit(
    db,
    ...changes.recorded.map(
      (change): AuditEntryInput => ({
        orgId: thread.orgId,
        kind: `thread_${change.field}`,
        by,
        target,
        detail: { from: change.from, to: change.to },
        at: now,
      }),
    ),
  );
  await announce(db, thread, changes, caller);
}

// live subscribers (add-ons, the thread viewer) hear of the change once the transaction commits
async function announce(db: Db, thread: Thread, changes: Changes, caller: MemberCaller): Promise<void> {
  const { status, priority, tags } = changes.set;
  const assignee = changes.assignee && { email: changes.assignee.email, name: changes.assignee.name };
  const data = threadEventData(thread.number, {
    status: status ?? thread.status,
    changes: changes.recorded,
    by: caller.member.email,
    // a key is there only when its field changed
    ...(status && { previousStatus: thread.status }),
    ...(changes.assignee !== undefined && { assignee }),
    ...(priority && { priority }),
    ...(tags && { tags }),
  });
  await publishEvent(db, { orgId: thread.orgId, threadId: thread.id, type: "thread", data });
}
