import type { Caller } from "../auth/caller";
import type { Db } from "../db/client";
import type { ActionClient } from "../db/schema";
import { insertAuditRows } from "./audit.statements";

/** What the audit log records, one kind per action; the filter of the audit route takes these. */
export const AUDIT_KINDS = [
  "org_created",
  "inbox_created",
  "inbox_updated",
  "member_added",
  "member_updated",
  "member_removed",
  "token_created",
  "token_revoked",
  "token_rejected",
  "thread_created",
  "thread_status",
  "thread_assignee",
  "thread_priority",
  "thread_tag",
  "note_added",
  "ticket_linked",
  "ticket_link_changed",
  "ticket_unlinked",
  "draft_created",
  "draft_discarded",
  "saved_reply_created",
  "saved_reply_updated",
  "saved_reply_deleted",
  "inbound_refiled",
  "mail_retried",
  "test_email_sent",
  "mail_failed",
  "thread_tag_not_trusted",
  "signed_in",
  "signed_out",
  "org_switched",
  "domain_added",
  "domain_verified",
  "domain_removed",
] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

/** Who acted, as an audit row keeps it: a member (by id and address), the operator, or the service. */
export type AuditActor = { actorId: string | null; actor: string; client: ActionClient | null };

export const OPERATOR = "operator";
export const SYSTEM_ACTOR: AuditActor = { actorId: null, actor: "system", client: null };

/** The caller as the audit log records it; the operator acts through the API. */
export function auditActorOf(caller: Caller): AuditActor {
  if (caller.kind === "operator") return { actorId: null, actor: OPERATOR, client: "api" };
  return { actorId: caller.member.id, actor: caller.member.email, client: caller.client };
}

export type AuditEntryInput = {
  orgId: string | null;
  kind: AuditKind;
  by: AuditActor;
  /** What was acted on, in the product's words: THD-42, an inbox name, a member's address. */
  target?: string | null;
  detail?: Record<string, unknown>;
  at?: Date;
};

/** Writes audit rows; called in the transaction of the change it records, so neither lands alone. */
export async function recordAudit(db: Db, ...entries: AuditEntryInput[]): Promise<void> {
  if (entries.length === 0) return;
  await insertAuditRows(
    db,
    entries.map((entry) => ({
      orgId: entry.orgId,
      kind: entry.kind,
      actorId: entry.by.actorId,
      actor: entry.by.actor,
      client: entry.by.client,
      target: entry.target ?? null,
      detail: entry.detail ?? {},
      ...(entry.at ? { at: entry.at } : {}),
    })),
  );
}
