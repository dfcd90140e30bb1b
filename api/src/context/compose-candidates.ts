import { and, eq, inArray, ne } from "drizzle-orm";
import { parseAddressList } from "../../../shared/src/addresses";
import type { Db } from "../db/client";
import { inboxes, members, threads } from "../db/schema";
import { loadThreadSummaries, type SummaryScope, type ThreadSummary } from "../threads/summary";

export const CANDIDATE_LIMIT = 10;
const MAX_RECIPIENTS = 50;

/**
 * The client addresses among a draft's recipients (`Name <email>` or bare): everyone who is neither
 * a member of the org nor one of our inbox addresses.
 */
export async function clientRecipients(
  db: Db,
  scope: SummaryScope,
  recipients: readonly string[],
): Promise<string[]> {
  const domainSuffix = `@${scope.inboundDomain}`;
  const addresses = [...new Set(parseAddressList(recipients).map((address) => address.email))]
    .filter((email) => !email.endsWith(domainSuffix))
    .slice(0, MAX_RECIPIENTS);
  if (addresses.length === 0) return [];
  const [staff, custom] = await Promise.all([
    db
      .select({ email: members.email })
      .from(members)
      .where(and(eq(members.orgId, scope.org.id), inArray(members.email, addresses))),
    db
      .select({ email: inboxes.customAddress })
      .from(inboxes)
      .where(inArray(inboxes.customAddress, addresses)),
  ]);
  const ours = new Set([...staff, ...custom].map((row) => row.email));
  return addresses.filter((email) => !ours.has(email));
}

/** The recipients' threads that are not closed, newest activity first: what a draft may belong to. */
export async function composeCandidates(
  db: Db,
  scope: SummaryScope,
  recipients: readonly string[],
): Promise<ThreadSummary[]> {
  const clients = await clientRecipients(db, scope, recipients);
  if (clients.length === 0) return [];
  return loadThreadSummaries(db, scope, {
    where: and(inArray(threads.clientEmail, clients), ne(threads.status, "closed")),
    limit: CANDIDATE_LIMIT,
  });
}
