import { splitPlusAddress } from "../../../shared/src/addresses";
import type { Db } from "../db/client";
import { parseInboxAddress } from "../inboxes/address";
import type { InboundEmail } from "./payload";
import { findOrgBySlugs } from "./statements/keep-and-look-up";

/** Every address the email was delivered to, envelope first, with its plus-address part split off. */
export function recipientAddresses(email: InboundEmail): { base: string; hash: string }[] {
  const envelope = [email.originalRecipient, ...email.originalTo];
  const listed = [...email.to, ...email.cc, ...email.bcc].map((r) => r.email);
  const seen = new Map<string, string>();
  for (const address of [...envelope, ...listed]) {
    if (!address) continue;
    const { base, hash } = splitPlusAddress(address);
    if (!seen.has(base) || (!seen.get(base) && hash)) seen.set(base, hash);
  }
  return [...seen].map(([base, hash]) => ({ base, hash }));
}

/** For unrouted mail: the org an address at our domain names, so its admins can see the mail. */
export async function orgNamedByRecipients(
  db: Db,
  email: InboundEmail,
  inboundDomain: string,
): Promise<string | null> {
  const slugs = recipientAddresses(email)
    .map((address) => parseInboxAddress(address.base, inboundDomain)?.org)
    .filter((slug): slug is string => Boolean(slug));
  if (slugs.length === 0) return null;
  return findOrgBySlugs(db, slugs);
}
