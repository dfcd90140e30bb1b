import type { Db } from "../db/client";
import { listAuditActorAddresses, listMemberNames } from "./audit.statements";

/** Someone who appears in an org's audit log, as the actor filter offers them. */
export type AuditActorChoice = {
  /** what the `actor` filter takes: a member's address, `operator` or `system` */
  actor: string;
  /** the member's name, when the address is still a member's */
  name: string | null;
};

/** Everyone who acted in the org, members who have left included, by address. */
export async function listAuditActors(db: Db, orgId: string): Promise<AuditActorChoice[]> {
  const actors = await listAuditActorAddresses(db, orgId);
  const named = await listMemberNames(db, orgId);
  const names = new Map(named.map((member) => [member.email, member.name]));
  return actors.map((actor) => ({ actor, name: names.get(actor) ?? null }));
}
