import { normalizeEmail, parseAddress, parseAddressList } from "../../shared/src/addresses";
import type { DraftInbox } from "../../shared/src/api-types";
import type { Recipients } from "./events";

/** The addresses a draft goes to, lowercased, To first. */
export function recipientEmails(recipients: Recipients): string[] {
  return parseAddressList([...recipients.to, ...recipients.cc, ...recipients.bcc]).map((a) => a.email);
}

/** The address mail reaches an inbox at: its own domain's, when it has one. */
export const inboxMailAddress = (inbox: Pick<DraftInbox, "address" | "customAddress">) =>
  inbox.customAddress ?? inbox.address;

export function hasInbox(
  recipients: Recipients,
  inbox: Pick<DraftInbox, "address" | "customAddress">,
): boolean {
  const wanted = [inbox.address, inbox.customAddress].filter(Boolean).map((a) => normalizeEmail(a ?? ""));
  return recipientEmails(recipients).some((email) => wanted.includes(email));
}

/** The inbox the draft already goes to, if one does. */
export function inboxAmongRecipients(recipients: Recipients, inboxes: DraftInbox[]): DraftInbox | null {
  return inboxes.find((inbox) => hasInbox(recipients, inbox)) ?? null;
}

/** Who the draft may be to: recipients that are not our inboxes, with the names typed for them. */
export function possibleClients(recipients: Recipients, inboxes: DraftInbox[]) {
  const ours = new Set(inboxes.flatMap((inbox) => [inbox.address, inbox.customAddress ?? ""]));
  const seen = new Set<string>();
  return [...recipients.to, ...recipients.cc, ...recipients.bcc]
    .map(parseAddress)
    .filter((address): address is NonNullable<typeof address> => address !== null)
    .filter((address) => !ours.has(address.email) && !seen.has(address.email) && seen.add(address.email));
}

/**
 * The Cc the draft needs so that the mail reaches the thread: as it is plus the inbox, or null
 * when the inbox is already a recipient. Gmail replaces the Cc line with what the add-on gives.
 */
export function ccWithInbox(recipients: Recipients, inbox: Pick<DraftInbox, "address" | "customAddress">) {
  return hasInbox(recipients, inbox) ? null : [...recipients.cc, inboxMailAddress(inbox)];
}
