import type { AuditKind } from "../../audit/record-audit";
import type { Db } from "../../db/client";
import { auditLog } from "../../db/schema";

export type SignInEvent = Extract<AuditKind, "signed_in" | "signed_out" | "org_switched">;

/** Records a sign-in change in the org's audit log, as done by that person through the web pages. */
export async function recordSignInEvent(
  db: Db,
  event: { orgId: string; kind: SignInEvent; email: string; detail: Record<string, unknown> },
): Promise<void> {
  await db.insert(auditLog).values({
    orgId: event.orgId,
    kind: event.kind,
    actor: event.email,
    client: "web",
    detail: event.detail,
  });
}
