import type { Person, Presence, ThreadStatus, ThreadSummary } from "../../shared/src/api-types";

const STATUS_LABELS: Record<ThreadStatus, string> = {
  open: "Open",
  in_progress: "In progress",
  resolved: "Resolved",
  closed: "Closed",
};

export const statusLabel = (status: ThreadStatus) => STATUS_LABELS[status] ?? status;

/** Card text widgets read basic HTML: what clients and members typed must show as typed. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

const MINUTE = 60_000;

/** `just now`, `5 min`, `3 h`, `2 days`: how long ago, in the words a card has room for. */
export function elapsed(sinceIso: string, now: Date): string {
  const ms = now.getTime() - new Date(sinceIso).getTime();
  if (!Number.isFinite(ms) || ms < MINUTE) return "just now";
  const minutes = Math.floor(ms / MINUTE);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.floor(hours / 24)} days`;
}

export function ago(sinceIso: string, now: Date): string {
  const span = elapsed(sinceIso, now);
  return span === "just now" ? span : `${span} ago`;
}

export const personName = (person: Person) => person.name.trim() || person.email;

export function personLabel(person: Person): string {
  const name = person.name.trim();
  return name && name.toLowerCase() !== person.email ? `${name} <${person.email}>` : person.email;
}

/** "Bob Builder is composing a reply (2 min)" */
export function presenceLine(presence: Presence, now: Date): string {
  const doing = presence.activity === "composing" ? "is composing a reply" : "is viewing";
  return `${personName(presence.member)} ${doing} (${elapsed(presence.since, now)})`;
}

/** Who wrote last and when: "The client wrote 5 min ago", "bob@acme.com replied 2 h ago". */
export function lastActivityLine(thread: ThreadSummary, now: Date): string {
  const last = thread.lastMessage;
  if (!last) return `Started ${ago(thread.lastMessageAt, now)}, no messages yet`;
  const when = ago(last.at, now);
  if (last.direction === "inbound") {
    return last.from === thread.client.email ? `The client wrote ${when}` : `${last.from} wrote ${when}`;
  }
  return isAcknowledgement(thread) ? `Acknowledgement sent ${when}` : `${last.from} replied ${when}`;
}

// our acknowledgement goes out from the inbox address itself; no person is behind it
const isAcknowledgement = (thread: ThreadSummary) =>
  thread.lastMessage?.direction === "outbound" && thread.lastMessage.from === thread.inbox.address;

// Gmail's copy carries the time it was sent, Tisket's the time it was filed: a little apart
const SAME_MESSAGE_SLACK_MS = 2 * MINUTE;

/**
 * Whether the thread holds a message newer than the one open: by its time, or by someone other
 * than its sender writing after it. Our acknowledgement does not count.
 */
export function hasNewerMessage(
  thread: ThreadSummary,
  open: { sentAt: string | null; from: string },
): boolean {
  const last = thread.lastMessage;
  if (!last || !open.sentAt || isAcknowledgement(thread)) return false;
  const gap = new Date(last.at).getTime() - new Date(open.sentAt).getTime();
  if (!Number.isFinite(gap) || gap <= 0) return false;
  return gap > SAME_MESSAGE_SLACK_MS || !open.from.toLowerCase().includes(last.from.toLowerCase());
}
