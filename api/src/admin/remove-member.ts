import { formatRef } from "../../../shared/src/subject-tag";
import { type AuditActor, recordAudit } from "../audit/record-audit";
import type { Db } from "../db/client";
import type { Member, Org } from "../db/schema";
import { AppError, notFound } from "../errors";
import { threadEventData } from "../events/payloads";
import { publishEvent } from "../events/publish";
import { publishPresenceChange } from "../presence/presence-events";
import { findMember } from "./members";
import {
  deletePresenceOf,
  findThreadNumber,
  insertUnassignedHistory,
  unassignThreadsOf,
} from "./statements/member-removal";
import { deleteMember, lockAdmins } from "./statements/members";

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
    const admins = await lockAdmins(tx, org.id);
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
    await deleteMember(tx, member.id);
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
  const assigned = await unassignThreadsOf(db, member.orgId, member.id);
  if (assigned.length === 0) return [];
  const change = { field: "assignee" as const, from: member.email, to: null };
  await insertUnassignedHistory(
    db,
    assigned.map((thread) => thread.id),
    { from: member.email, by: context.by, at: context.now },
  );
  for (const thread of assigned) {
    const data = threadEventData(thread.number, {
      status: thread.status,
      changes: [change],
      by: context.by.actor,
      assignee: null,
    });
    await publishEvent(db, { orgId: member.orgId, threadId: thread.id, type: "thread", data });
  }
  return assigned.sort((a, b) => a.number - b.number).map((thread) => formatRef(thread.number));
}

/** Ends the member's presence everywhere, so nobody sees them viewing or composing any more. */
async function endPresence(db: Db, member: Member) {
  const ended = await deletePresenceOf(db, member.id);
  for (const row of ended) {
    const threadNumber = await findThreadNumber(db, row.threadId);
    if (threadNumber === null) continue;
    await publishPresenceChange(db, {
      orgId: member.orgId,
      threadId: row.threadId,
      threadNumber,
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
