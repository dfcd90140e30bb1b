// customAddressVerified: the verified domain predicate of domains.statements.ts, for the custom address
type CustomAddress = { customAddress: string | null; customAddressVerified: boolean };

/**
 * The sending rule for mail from an inbox (acknowledgements): from its custom address once that
 * address's domain is a verified custom domain of the org (DKIM and Return-Path); before that, from
 * the inbox address, which we can sign for.
 */
export function inboxFrom(inbox: CustomAddress, address: string): string {
  return inbox.customAddress && inbox.customAddressVerified ? inbox.customAddress : address;
}

/**
 * Where the client's reply goes: `replyAddress` (the inbox address with a reply token), except while
 * mail comes from the inbox address though a custom address is set: then the custom address, so the
 * client answers the address they know.
 */
export function inboxReplyTo(inbox: CustomAddress, replyAddress: string): string {
  return inbox.customAddress && !inbox.customAddressVerified ? inbox.customAddress : replyAddress;
}
