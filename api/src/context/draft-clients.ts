import { parseAddressList } from "../../../shared/src/addresses";

const MAX_RECIPIENTS = 50;

/**
 * The addresses of a draft's recipients (`Name <email>` or bare) that may be clients: all but our
 * own inbox addresses. Members and custom inbox addresses are left out where the threads are looked up.
 */
export function draftClients(recipients: readonly string[], inboundDomain: string): string[] {
  const domainSuffix = `@${inboundDomain}`;
  return [...new Set(parseAddressList(recipients).map((address) => address.email))]
    .filter((email) => !email.endsWith(domainSuffix))
    .slice(0, MAX_RECIPIENTS);
}
