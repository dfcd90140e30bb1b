import { type AuditActor, recordAudit } from "../audit/record-audit";
import type { Deps } from "../deps";
import { notFound } from "../errors";
import type { OutboxLogEntry } from "./outbox.statements";
import { retryOutboxEntry } from "./outbox-log";

/**
 * An admin's retry of mail that could not be sent: queued again, recorded, and the outbox worker
 * woken. Mail in any other state comes back unchanged (`requeued` false, nothing recorded);
 * another org's, or none, is not found.
 */
export async function retryFailedMail(
  deps: Pick<Deps, "db" | "clock" | "wakeOutbox">,
  orgId: string,
  id: string,
  by: AuditActor,
): Promise<{ mail: OutboxLogEntry; requeued: boolean }> {
  const found = await retryOutboxEntry(deps.db, orgId, id, deps.clock.now());
  if (!found) throw notFound("outgoing mail");
  const { requeued, ...entry } = found;
  if (requeued) {
    await recordAudit(deps.db, {
      orgId,
      kind: "mail_retried",
      by,
      target: entry.recipient,
      detail: { outboxId: id, kind: entry.kind, subject: entry.subject },
    });
    deps.wakeOutbox();
  }
  return { mail: entry, requeued };
}
