import { type AuditActor, recordAudit } from "../audit/record-audit";
import type { Deps } from "../deps";
import { notFound } from "../errors";
import { refileInbound } from "../inbound/ingest";
import { findOrgIdOfInbound } from "./statements/inbound-log";

export type RefileAnswer = {
  status: "filed" | "duplicate" | "unrouted" | "rejected" | "failed";
  threads?: string[];
};

/**
 * Files a kept email again (one that failed, or arrived before its inbox existed) and records who
 * did; `orgId` null is the operator's, for any org's mail. Not found when the log has no such email.
 */
export async function refileKeptEmail(
  deps: Deps,
  id: string,
  orgId: string | null,
  by: AuditActor,
): Promise<RefileAnswer> {
  const result = await refileInbound(deps, id, orgId);
  if (!result) throw notFound("inbound email");
  if (result.status === "filed" && result.acknowledged > 0) deps.wakeOutbox();
  const answer = { status: result.status, ...("threads" in result ? { threads: result.threads } : {}) };
  await recordAudit(deps.db, {
    // the operator refiles any org's mail: the row says whose it became
    orgId: orgId ?? (await findOrgIdOfInbound(deps.db, id)),
    kind: "inbound_refiled",
    by,
    target: id,
    detail: answer,
  });
  return answer;
}
