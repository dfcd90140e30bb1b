import { type SQL, sql } from "drizzle-orm";

type SendingInbox = { address: string; customAddress: string | null; customAddressVerified: boolean };

/**
 * The sending rule for mail from an inbox (acknowledgements): from its custom address once that
 * address's domain is a verified custom domain of the org (DKIM and Return-Path); before that, from
 * the inbox address, which we can sign for.
 */
export function inboxFrom(inbox: SendingInbox): string {
  return inbox.customAddress && inbox.customAddressVerified ? inbox.customAddress : inbox.address;
}

/**
 * Where the client's reply goes: `replyAddress` (the inbox address with a reply token), except while
 * mail comes from the inbox address though a custom address is set: then the custom address, so the
 * client answers the address they know.
 */
export function inboxReplyTo(inbox: SendingInbox, replyAddress: string): string {
  return inbox.customAddress && !inbox.customAddressVerified ? inbox.customAddress : replyAddress;
}

/** Whether `address` is at one of `domains` whose DKIM and Return-Path records are both verified. */
export function isVerifiedCustomAddress(
  address: string | null,
  domains: readonly { name: string; dkimVerified: boolean; returnPathVerified: boolean }[],
): boolean {
  const domain = address?.split("@")[1]?.toLowerCase();
  return domains.some((d) => d.name === domain && d.dkimVerified && d.returnPathVerified);
}

/**
 * SQL: whether `address` is at a custom domain of org `orgId` whose DKIM and Return-Path records
 * are both verified (the same "verified" as `toCustomDomainView`).
 */
export function verifiedCustomAddressSql(orgId: SQL, address: SQL): SQL {
  return sql`exists (select 1 from custom_domains d where d.org_id = ${orgId}
    and d.name = lower(split_part(${address}, '@', 2)) and d.dkim_verified and d.return_path_verified)`;
}
