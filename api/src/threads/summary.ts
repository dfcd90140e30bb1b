import { formatRef } from "../../../shared/src/subject-tag";
import type { Db } from "../db/client";
import type { Direction, Org, ThreadPriority, ThreadStatus } from "../db/schema";
import { inboxAddress } from "../inboxes/address";
import { type SummaryRow, selectSummaryRow } from "./statements/summary";

export type Person = { email: string; name: string };

export type ThreadSummary = {
  ref: string;
  status: ThreadStatus;
  subject: string;
  inbox: { name: string; address: string };
  client: Person;
  assignee: Person | null;
  messageCount: number;
  lastMessageAt: string;
  lastMessage: { direction: Direction; from: string; at: string } | null;
  priority: ThreadPriority;
  tags: string[];
  sla: { firstResponseDueAt: string | null; resolutionDueAt: string | null; breached: boolean };
  firstResponseAt: string | null;
  resolvedAt: string | null;
  reopenCount: number;
};

/**
 * What a summary needs besides the thread: the org (for the inbox address), our mail domain, and
 * the instant a target counts as breached at (the present when not given).
 */
export type SummaryScope = { org: Pick<Org, "id" | "slug">; inboundDomain: string; now?: Date | undefined };

export function toThreadSummary(row: SummaryRow, scope: SummaryScope): ThreadSummary {
  return {
    ref: formatRef(row.number),
    status: row.status,
    subject: row.subject,
    inbox: {
      name: row.inboxName,
      address: inboxAddress({ name: row.inboxName }, scope.org, scope.inboundDomain),
    },
    client: { email: row.clientEmail, name: row.clientName },
    assignee: row.assigneeEmail === null ? null : { email: row.assigneeEmail, name: row.assigneeName ?? "" },
    messageCount: row.messageCount,
    lastMessageAt: row.lastMessageAt.toISOString(),
    lastMessage:
      row.lastMessageDirection === null
        ? null
        : {
            direction: row.lastMessageDirection,
            from: row.lastMessageFrom ?? "",
            at: row.lastMessageAt.toISOString(),
          },
    priority: row.priority,
    tags: row.tags,
    sla: {
      firstResponseDueAt: iso(row.firstResponseDueAt),
      resolutionDueAt: iso(row.resolutionDueAt),
      breached: row.slaDueAt !== null && row.slaDueAt < (scope.now ?? new Date()),
    },
    firstResponseAt: iso(row.firstResponseAt),
    resolvedAt: iso(row.resolvedAt),
    reopenCount: row.reopenCount,
  };
}

const iso = (date: Date | null) => date?.toISOString() ?? null;

/** The summary of one thread of the org, or null. */
export async function loadThreadSummary(
  db: Db,
  scope: SummaryScope,
  threadId: string,
): Promise<ThreadSummary | null> {
  const row = await selectSummaryRow(db, scope.org.id, threadId);
  return row && toThreadSummary(row, scope);
}
