import { listInboxes } from "../admin/inboxes";
import type { Db } from "../db/client";
import type { Org } from "../db/schema";
import { inboxAddress } from "../inboxes/address";

/** An inbox a member may start a thread from while drafting, with the addresses mail reaches it at. */
export type DraftInbox = { name: string; address: string; customAddress: string | null };

/**
 * The org's inboxes, for a draft that starts a new thread: the add-on needs one to name in
 * `POST /threads`, and its address on the draft so the mail reaches the thread.
 */
export async function draftInboxes(db: Db, org: Org, inboundDomain: string): Promise<DraftInbox[]> {
  const found = await listInboxes(db, org);
  return found.map((inbox) => ({
    name: inbox.name,
    address: inboxAddress(inbox, org, inboundDomain),
    customAddress: inbox.customAddress,
  }));
}
