import type { ThreadPriority, ThreadStatus } from "../../db/schema";

export const STATUS_LABELS: Record<ThreadStatus, string> = {
  open: "Open",
  in_progress: "In progress",
  resolved: "Resolved",
  closed: "Closed",
};

export const PRIORITY_LABELS: Record<ThreadPriority, string> = {
  low: "Low",
  normal: "Normal",
  high: "High",
  urgent: "Urgent",
};

const dateFormat = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: "UTC",
});

/** A date as the page shows it before its script puts it in the reader's own time zone. */
export function formatDate(iso: string | Date): string {
  return `${dateFormat.format(new Date(iso))} UTC`;
}

/** A person as a line of text: "Ada Admin <ada@acme.com>", or the address alone. */
export function formatPerson(person: { email: string; name: string }): string {
  return person.name ? `${person.name} <${person.email}>` : person.email;
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
