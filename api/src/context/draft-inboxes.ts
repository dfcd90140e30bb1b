import { sql } from "drizzle-orm";
import { parseAddressList, splitPlusAddress } from "../../../shared/src/addresses";
import type { Db } from "../db/client";
import type { Org } from "../db/schema";
import { defineStatement, runStatement } from "../db/statement";
import { inboxAddress, parseInboxAddress } from "../inboxes/address";

/**
 * One of the org's inboxes, for a draft: an add-on starts a new thread from one, and its send check
 * needs to know whether the mail reaches the org at all (`addressed`: among the draft's recipients).
 */
export type DraftInbox = { name: string; address: string; customAddress: string | null; addressed: boolean };

type Values = { org: string; names: string; emails: string };
type Row = { name: string; customAddress: string | null; addressed: boolean };

const draftInboxesStatement = defineStatement<Values, Row>(
  (p) => sql`
    select name, custom_address as "customAddress",
      (name in (select jsonb_array_elements_text(${p.names}::jsonb))
        or coalesce(custom_address in (select jsonb_array_elements_text(${p.emails}::jsonb)), false)) as addressed
    from inboxes
    where org_id = ${p.org}
    order by name`,
);

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
  const rows = await runStatement(db, draftInboxesStatement, {
    org: org.id,
    names: JSON.stringify(names),
    emails: JSON.stringify(emails),
  });
  return rows.map((row) => ({
    name: row.name,
    address: inboxAddress(row, org, inboundDomain),
    customAddress: row.customAddress,
    addressed: row.addressed,
  }));
}
