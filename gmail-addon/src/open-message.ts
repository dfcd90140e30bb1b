import type { MailLook } from "./api";

/** What the add-on knows of the message open in Gmail: enough to find its thread again. */
export type OpenMessage = {
  subject: string;
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  from: string;
  /** When it was sent (ISO 8601), to tell whether the thread has something newer. */
  sentAt: string | null;
};

// a card's button carries the message along; the closest references are the ones that match
const MAX_REFERENCES = 20;

/** Reads the open message through the event's access token (the metadata scope: no body). */
export function readOpenMessage(gmail: GoogleAppsScript.Addons.GmailEventObject): OpenMessage {
  GmailApp.setCurrentMessageAccessToken(gmail.accessToken);
  const message = GmailApp.getMessageById(gmail.messageId);
  const header = (name: string) => readHeader(message, name);
  return {
    subject: message.getSubject() ?? "",
    messageId: header("Message-ID"),
    inReplyTo: header("In-Reply-To"),
    references: messageIdsIn(header("References") ?? "").slice(-MAX_REFERENCES),
    from: message.getFrom() ?? "",
    sentAt: sentAt(message),
  };
}

/** A header Gmail would not give is a lookup by subject alone, not a broken card. */
function readHeader(message: GoogleAppsScript.Gmail.GmailMessage, name: string): string | null {
  try {
    return message.getHeader(name).trim() || null;
  } catch (error) {
    console.warn("header unreadable", { name, error: String(error) });
    return null;
  }
}

function sentAt(message: GoogleAppsScript.Gmail.GmailMessage): string | null {
  const time = message.getDate()?.getTime();
  return typeof time === "number" && Number.isFinite(time) ? new Date(time).toISOString() : null;
}

export function messageIdsIn(header: string): string[] {
  return header.match(/<[^<>\s]+>/g) ?? [];
}

/** The context request for looking at this message. */
export function lookAt(message: OpenMessage): MailLook {
  return {
    activity: "viewing",
    subject: message.subject,
    messageId: message.messageId,
    inReplyTo: message.inReplyTo,
    references: message.references,
    from: message.from,
  };
}
