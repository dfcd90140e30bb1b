import type { Db } from "../db/client";
import { auditLog } from "../db/schema";
import type { RejectionReason } from "./token-check";

// the claimed issuer is attacker-controlled text: keep enough to recognise it, no more
const MAX_ISSUER_LENGTH = 200;

/** Keeps a refused token's reason and claimed issuer for the operator; never the token itself. */
export async function recordTokenRejection(
  db: Db,
  reason: RejectionReason,
  issuer: string | undefined,
): Promise<void> {
  await db.insert(auditLog).values({
    orgId: null,
    kind: "token_rejected",
    detail: { reason, issuer: issuer?.slice(0, MAX_ISSUER_LENGTH) ?? null },
  });
}
