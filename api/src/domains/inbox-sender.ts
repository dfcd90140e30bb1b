import { type SQL, sql } from "drizzle-orm";

/** Who mail "from the inbox" comes from, and where the client's reply goes. */
export type InboxSender = { from: string; replyTo: string };

/**
 * The sending rule for mail from an inbox (acknowledgements): from its custom address once that
 * address's domain is a verified custom domain of the org (DKIM and Return-Path), replies still
 * reaching the inbox through `replyAddress` (its address with a reply token). Before that, from the
 * inbox address, which we can sign for, with the custom address as Reply-To, so the client answers
 * the address it knows.
 */
export function inboxSender(
  inbox: { address: string; customAddress: string | null; customAddressVerified: boolean },
  replyAddress: string,
): InboxSender {
  if (!inbox.customAddress) return { from: inbox.address, replyTo: replyAddress };
  if (inbox.customAddressVerified) return { from: inbox.customAddress, replyTo: replyAddress };
  return { from: inbox.address, replyTo: inbox.customAddress };
}

/**
 * SQL: whether `address` is at a custom domain of org `orgId` whose DKIM and Return-Path records
 * are both verified (the same "verified" as `toCustomDomainView`).
 */
export function verifiedCustomAddressSql(orgId: SQL, address: SQL): SQL {
  return sql`exists (select 1 from custom_domains d where d.org_id = ${orgId}
    and d.name = lower(split_part(${address}, '@', 2)) and d.dkim_verified and d.return_path_verified)`;
}
