import { sql } from "drizzle-orm";
import { parseAddressList, splitPlusAddress } from "../../../shared/src/addresses";
import type { Db } from "../db/client";
import type { Org } from "../db/schema";
import { defineStatement, runStatement } from "../db/statement";
import { inboxAddress, parseInboxAddress } from "../inboxes/address";

/** One of the org's inboxes that a draft is addressed to. */
export type RecipientInbox = { name: string; address: string; customAddress: string | null };

type Values = { org: string; names: string; emails: string };

const recipientInboxesStatement = defineStatement<Values, { name: string; customAddress: string | null }>(
  (p) => sql`
    select name, custom_address as "customAddress" from inboxes
    where org_id = ${p.org}
      and (name in (select jsonb_array_elements_text(${p.names}::jsonb))
        or custom_address in (select jsonb_array_elements_text(${p.emails}::jsonb)))
    order by name`,
);

/**
 * The org's inboxes among a draft's recipients, by inbox address (`support.acme+x@…` included) or
 * custom address: an add-on's send check needs to know whether the mail reaches the org at all.
 */
export async function findRecipientInboxes(
  db: Db,
  org: Pick<Org, "id" | "slug">,
  recipients: readonly string[],
  inboundDomain: string,
): Promise<RecipientInbox[]> {
  const emails = [
    ...new Set(parseAddressList(recipients).map((address) => splitPlusAddress(address.email).base)),
  ];
  if (emails.length === 0) return [];
  const names = emails
    .map((email) => parseInboxAddress(email, inboundDomain))
    .filter((parsed) => parsed?.org === org.slug)
    .map((parsed) => parsed!.inbox);
  const rows = await runStatement(db, recipientInboxesStatement, {
    org: org.id,
    names: JSON.stringify(names),
    emails: JSON.stringify(emails),
  });
  return rows.map((row) => ({
    name: row.name,
    address: inboxAddress(row, org, inboundDomain),
    customAddress: row.customAddress,
  }));
}
