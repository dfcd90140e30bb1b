import type {
  Person,
  Presence,
  ThreadPriority,
  ThreadStatus,
  ThreadSummary,
} from "../../shared/src/api-types";

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

const PRIORITY_LABELS: Record<ThreadPriority, string> = {
  low: "Low",
  normal: "Normal",
  high: "High",
  urgent: "Urgent",
};

/** The priority worth a line on the card: any but the default. */
export function priorityLabel(thread: ThreadSummary): string | null {
  const { priority } = thread;
  return priority && priority !== "normal" ? (PRIORITY_LABELS[priority] ?? priority) : null;
}

const SOON_MS = 60 * MINUTE;

/**
 * "First reply overdue", "Resolution due in 20 min": the response target that needs the agent
 * now, as the API's `sla=due` filter sees it (past due, or due within the hour), else null.
 */
export function responseTargetLine(thread: ThreadSummary, now: Date): string | null {
  const { sla } = thread;
  if (!sla || (thread.status !== "open" && thread.status !== "in_progress")) return null;
  const targets: { label: string; due: string | null }[] = [
    { label: "First reply", due: thread.firstResponseAt ? null : sla.firstResponseDueAt },
    { label: "Resolution", due: sla.resolutionDueAt },
  ];
  const next = targets
    .map(({ label, due }) => ({ label, left: due ? new Date(due).getTime() - now.getTime() : Number.NaN }))
    .filter(({ left }) => Number.isFinite(left))
    .sort((a, b) => a.left - b.left)[0];
  if (!next) return sla.breached ? "Response target overdue" : null;
  if (next.left <= 0) return `${next.label} overdue`;
  if (next.left > SOON_MS) return null;
  return `${next.label} due in ${Math.max(1, Math.ceil(next.left / MINUTE))} min`;
}

/** "1 internal note", "3 suggested replies". */
export function countOf(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

const PREVIEW_LINES = 3;
const PREVIEW_CHARS = 240;

/** The first lines of a reply, to tell suggestions apart on a card: blank lines dropped, long ones cut. */
export function firstLines(body: string): string {
  const lines = body
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  const shown = lines.slice(0, PREVIEW_LINES).join("\n");
  const cut = shown.length > PREVIEW_CHARS ? `${shown.slice(0, PREVIEW_CHARS).trimEnd()}…` : shown;
  return lines.length > PREVIEW_LINES && cut === shown ? `${cut} …` : cut;
}
