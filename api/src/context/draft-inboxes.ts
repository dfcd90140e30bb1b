import { parseAddressList, splitPlusAddress } from "../../../shared/src/addresses";
import type { Db } from "../db/client";
import type { Org } from "../db/schema";
import { inboxAddress, parseInboxAddress } from "../inboxes/address";
import { loadDraftInboxes } from "./context.statements";

/**
 * One of the org's inboxes, for a draft: an add-on starts a new thread from one, and its send check
 * needs to know whether the mail reaches the org at all (`addressed`: among the draft's recipients).
 */
export type DraftInbox = { name: string; address: string; customAddress: string | null; addressed: boolean };

/**
 * The org's inboxes, each marked when the draft is addressed to it by inbox address
 * (`support.acme+x@…` included) or custom address.
 */
export async function findDraftInboxes(
  db: Db,
  org: Pick<Org, "id" | "slug">,
  recipients: readonly string[],
  inboundDomain: string,
): Promise<DraftInbox[]> {
  const emails = [
    ...new Set(parseAddressList(recipients).map((address) => splitPlusAddress(address.email).base)),
  ];
  const names = emails
    .map((email) => parseInboxAddress(email, inboundDomain))
    .filter((parsed) => parsed?.org === org.slug)
    .map((parsed) => parsed!.inbox);
  const rows = await loadDraftInboxes(db, org.id, { names, emails });
  return rows.map((row) => ({
    name: row.name,
    address: inboxAddress(row, org, inboundDomain),
    customAddress: row.customAddress,
    addressed: row.addressed,
  }));
}
