import type { Db } from "../db/client";
import type { Member } from "../db/schema";
import { inboxAddress } from "../inboxes/address";
import { type ThreadMatch, toThreadMatch } from "./match-thread";
import type { InboundEmail } from "./payload";
import type { RawBody } from "./raw-body";
import { recipientAddresses } from "./recipient-addresses";
import { looksLikeReplyToken } from "./reply-token";
import {
  findRecipients,
  type KeptEmail,
  keepAndFindRecipients,
  type RecipientAddress,
  type RecipientQuery,
  type RouteRow,
} from "./statements/keep-and-look-up";
import type { MatchedRow } from "./statements/match";

export type { KeptEmail, RecipientQuery };

/** An inbox the email is addressed to, with what filing needs to know about its org. */
export type RecipientInbox = {
  inbox: {
    id: string;
    name: string;
    autoAck: boolean;
    autoAckMessage: string | null;
    customAddress: string | null;
    /** the custom address is at a verified custom domain of the org: mail is sent from it */
    customAddressVerified: boolean;
  };
  org: { id: string; slug: string; name: string };
  mailboxHash: string;
  /** the sender, when a member of this org */
  senderMember: Pick<Member, "id" | "email" | "name"> | null;
  /** addresses on the email that are members of this org */
  staff: Set<string>;
  /** whether an address is one of ours: our domain, or any inbox's custom address */
  isOurs: (email: string) => boolean;
  /** the thread this very email is already filed in (a redelivery), if any */
  duplicateThreadId: string | null;
  /** acknowledgements sent to the sender by this org in the last hour (mail-loop guard) */
  recentAcks: number;
  /** the thread this email joins in this org, or its new number, when looked up with the recipients */
  match: ThreadMatch | null;
};

/** Every inbox the email is addressed to, first recipient first, with all per-org facts filing needs. */
export async function lookUpRecipientInboxes(
  db: Db,
  email: InboundEmail,
  input: RecipientQuery,
): Promise<RecipientInbox[]> {
  const addresses = recipientAddresses(email);
  const rows = await findRecipients(db, email, input, addresses);
  return toRecipientInboxes(rows, email, input.inboundDomain, addresses);
}

/**
 * Keeps the email and looks up its recipients in one statement. A first delivery to one org that
 * is no redelivery also gets its thread matched there: one round trip fewer. A reply token needs its
 * org to be checked against, so an email that carries one is matched on its own afterwards, as are
 * emails to several orgs.
 */
export async function keepAndLookUp(
  db: Db,
  input: { email: InboundEmail; query: RecipientQuery; rawBody: RawBody },
): Promise<{ kept: KeptEmail | null; recipients: RecipientInbox[] }> {
  const { email, query, rawBody } = input;
  const addresses = recipientAddresses(email);
  const matchHere = ![email.mailboxHash, ...addresses.map((a) => a.hash)].some(looksLikeReplyToken);
  // a literal of named values, not spreads (see buildAcknowledgement)
  const { kept, rows } = await keepAndFindRecipients(db, { email, query, rawBody, addresses, matchHere });
  return { kept, recipients: toRecipientInboxes(rows, email, query.inboundDomain, addresses) };
}

function toRecipientInboxes(
  rows: RouteRow[],
  email: InboundEmail,
  inboundDomain: string,
  addresses: RecipientAddress[],
): RecipientInbox[] {
  const recipients = rows.map((row) => toRecipientInbox(row, email, inboundDomain, addresses));
  // the envelope recipient first, then To, Cc and Bcc in the order written
  return recipients.sort((a, b) => a.position - b.position).map(({ recipient }) => recipient);
}

function toRecipientInbox(
  row: RouteRow,
  email: InboundEmail,
  inboundDomain: string,
  addresses: RecipientAddress[],
): { recipient: RecipientInbox; position: number } {
  const own = inboxAddress({ name: row.inbox_name }, { slug: row.slug }, inboundDomain);
  const ours = new Set(row.ours ?? []);
  const domainSuffix = `@${inboundDomain}`;
  const position = addresses.findIndex((a) => a.base === own || a.base === row.custom_address);
  const recipient: RecipientInbox = {
    inbox: {
      id: row.inbox_id,
      name: row.inbox_name,
      autoAck: row.auto_ack,
      autoAckMessage: row.auto_ack_message,
      customAddress: row.custom_address,
      customAddressVerified: row.custom_address_verified,
    },
    org: { id: row.org_id, slug: row.slug, name: row.org_name },
    mailboxHash: addresses[position]?.hash || email.mailboxHash,
    senderMember: row.sender_id
      ? { id: row.sender_id, email: email.from.email, name: row.sender_name ?? "" }
      : null,
    staff: new Set(row.staff ?? []),
    isOurs: (address) => address.endsWith(domainSuffix) || ours.has(address),
    duplicateThreadId: row.duplicate_thread_id,
    recentAcks: row.recent_acks,
    match: row.new_number === undefined ? null : toThreadMatch(row as MatchedRow),
  };
  return { recipient, position };
}
