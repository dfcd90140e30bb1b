import { eq, inArray, or, sql } from "drizzle-orm";
import { splitPlusAddress } from "../../../shared/src/addresses";
import type { Db } from "../db/client";
import { type Inbox, inboxes, type Org, orgs } from "../db/schema";
import { inboxAddress, parseInboxAddress } from "../inboxes/address";
import { headerValues } from "./headers";
import type { InboundEmail } from "./payload";

export type InboxRoute = { inbox: Inbox; org: Org; mailboxHash: string };

/** Every address the email was delivered to, envelope first, with its plus-address part split off. */
export function recipientAddresses(email: InboundEmail): { base: string; hash: string }[] {
  const envelope = [email.originalRecipient, ...headerValues(email.headers, "x-original-to")];
  const listed = [...email.to, ...email.cc, ...email.bcc].map((r) => r.email);
  const seen = new Map<string, string>();
  for (const address of [...envelope, ...listed]) {
    if (!address) continue;
    const { base, hash } = splitPlusAddress(address);
    if (!seen.has(base) || (!seen.get(base) && hash)) seen.set(base, hash);
  }
  return [...seen].map(([base, hash]) => ({ base, hash }));
}

/** The inboxes this email is addressed to: `<inbox>.<org>@INBOUND_DOMAIN` or a custom address. */
export async function routeToInboxes(
  db: Db,
  email: InboundEmail,
  inboundDomain: string,
): Promise<InboxRoute[]> {
  const addresses = recipientAddresses(email);
  if (addresses.length === 0) return [];
  const named = addresses
    .map((address) => ({ ...address, parts: parseInboxAddress(address.base, inboundDomain) }))
    .filter((address) => address.parts !== null);
  const conditions = [
    inArray(
      inboxes.customAddress,
      addresses.map((a) => a.base),
    ),
  ];
  for (const { parts } of named) {
    conditions.push(sql`(${inboxes.name} = ${parts!.inbox} and ${orgs.slug} = ${parts!.org})`);
  }
  const rows = await db
    .select({ inbox: inboxes, org: orgs })
    .from(inboxes)
    .innerJoin(orgs, eq(orgs.id, inboxes.orgId))
    .where(or(...conditions));
  const routes = rows.map(({ inbox, org }) => {
    const own = inboxAddress(inbox, org, inboundDomain);
    const position = addresses.findIndex((a) => a.base === own || a.base === inbox.customAddress);
    return { inbox, org, mailboxHash: addresses[position]?.hash || email.mailboxHash, position };
  });
  // the envelope recipient first, then To, Cc and Bcc in the order written
  return routes.sort((a, b) => a.position - b.position).map(({ position: _, ...route }) => route);
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
  const [org] = await db.select({ id: orgs.id }).from(orgs).where(inArray(orgs.slug, slugs)).limit(1);
  return org?.id ?? null;
}
