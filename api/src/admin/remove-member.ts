import { and, eq } from "drizzle-orm";
import { formatRef } from "../../../shared/src/subject-tag";
import { type AuditActor, recordAudit } from "../audit/record-audit";
import type { Db } from "../db/client";
import { type Member, members, type Org, presence, threadHistory, threads } from "../db/schema";
import { AppError, notFound } from "../errors";
import { publishEvent } from "../events/publish";
import { publishPresenceChange } from "../presence/presence-events";
import { findMember, lockAdmins } from "./members";

export type RemovedMember = { member: Member; unassigned: string[] };

/**
 * Takes a member out of the org, in one transaction: their threads become unassigned (recorded in
 * each thread's history), their presence ends, their API tokens are deleted and their web sessions
 * lose this org (the foreign keys cascade). The last admin stays: nobody could administer the org.
 */
export async function removeMember(
  db: Db,
  org: Org,
  email: string,
  context: { by: AuditActor; now: Date },
): Promise<RemovedMember> {
  return db.transaction(async (tx) => {
    const admins = await lockAdmins(tx, org);
    const member = await findMember(tx, org, email);
    if (!member) throw notFound("member");
    if (member.role === "admin" && admins <= 1) {
      throw new AppError(
        "conflict",
        "email: the organization's last admin cannot be removed; make another member an admin first",
      );
    }
    const unassigned = await unassignThreads(tx, member, context);
    await endPresence(tx, member);
    await tx.delete(members).where(eq(members.id, member.id));
    await recordAudit(tx, {
      orgId: org.id,
      kind: "member_removed",
      by: context.by,
      target: member.email,
      detail: { role: member.role, name: member.name, unassigned },
      at: context.now,
    });
    return { member, unassigned };
  });
}

/** Unassigns the member's threads, each change in the thread's history and told to open pages. */
async function unassignThreads(db: Db, member: Member, context: { by: AuditActor; now: Date }) {
  const assigned = await db
    .update(threads)
    .set({ assigneeId: null })
    .where(and(eq(threads.orgId, member.orgId), eq(threads.assigneeId, member.id)))
    .returning({ id: threads.id, number: threads.number, status: threads.status });
  if (assigned.length === 0) return [];
  const change = { field: "assignee" as const, from: member.email, to: null };
  await db.insert(threadHistory).values(
    assigned.map((thread) => ({
      threadId: thread.id,
      field: change.field,
      fromValue: change.from,
      toValue: change.to,
      actorId: context.by.actorId,
      actor: context.by.actor,
      client: context.by.client,
      at: context.now,
    })),
  );
  for (const thread of assigned) {
    const data = {
      ref: formatRef(thread.number),
      status: thread.status,
      changes: [change],
      by: context.by.actor,
      assignee: null,
    };
    await publishEvent(db, { orgId: member.orgId, threadId: thread.id, type: "thread", data });
  }
  return assigned.sort((a, b) => a.number - b.number).map((thread) => formatRef(thread.number));
}

/** Ends the member's presence everywhere, so nobody sees them viewing or composing any more. */
async function endPresence(db: Db, member: Member) {
  const ended = await db
    .delete(presence)
    .where(eq(presence.memberId, member.id))
    .returning({ threadId: presence.threadId, client: presence.client });
  for (const row of ended) {
    const [thread] = await db
      .select({ number: threads.number })
      .from(threads)
      .where(eq(threads.id, row.threadId));
    if (!thread) continue;
    await publishPresenceChange(db, {
      orgId: member.orgId,
      threadId: row.threadId,
      threadNumber: thread.number,
      memberId: member.id,
      member: { email: member.email, name: member.name },
      client: row.client,
      activity: null,
      since: null,
      expiresAt: null,
      reason: "left",
    });
  }
}
