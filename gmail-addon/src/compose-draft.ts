import { type MailAddress, normalizeEmail, parseAddressList } from "../../shared/src/addresses";
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

/** Who the draft may be to: recipients that are not our inboxes, each once, with the name typed. */
export function possibleClients(recipients: Recipients, inboxes: DraftInbox[]): MailAddress[] {
  const ours = new Set(inboxes.flatMap((inbox) => [inbox.address, inbox.customAddress ?? ""]));
  const clients: MailAddress[] = [];
  for (const address of parseAddressList([...recipients.to, ...recipients.cc, ...recipients.bcc])) {
    if (!ours.has(address.email) && !clients.some((client) => client.email === address.email))
      clients.push(address);
  }
  return clients;
}

/**
 * The Cc the draft needs so that the mail reaches the thread: as it is plus the inbox, or null
 * when the inbox is already a recipient. Gmail replaces the Cc line with what the add-on gives.
 */
export function ccWithInbox(recipients: Recipients, inbox: Pick<DraftInbox, "address" | "customAddress">) {
  return hasInbox(recipients, inbox) ? null : [...recipients.cc, inboxMailAddress(inbox)];
}
