import type { ContextThread, ThreadPriority, ThreadSummary } from "../common/api-types";

export const PRIORITY_LABELS: Record<ThreadPriority, string> = {
  low: "Low",
  normal: "Normal",
  high: "High",
  urgent: "Urgent",
};

/** A target within this much is "due soon", as the thread list's `sla=due` filter has it. */
export const DUE_SOON_MS = 60 * 60_000;

export type TargetState = { tone: "breached" | "due"; text: string };

/** "25 min", "3 h", "2 days": how far a due time is, rounded as a person says it. */
export function span(ms: number): string {
  const minutes = Math.max(1, Math.round(Math.abs(ms) / 60_000));
  if (minutes < 90) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.round(hours / 24)} days`;
}

/**
 * The response target to act on, in words: overdue, or falling due within the hour; null while
 * the thread is finished or every target is far off. The first reply counts until staff answered.
 */
export function responseTargetState(thread: ThreadSummary, now: Date): TargetState | null {
  if (!thread.sla || (thread.status !== "open" && thread.status !== "in_progress")) return null;
  const targets: { name: string; due: string }[] = [];
  if (!thread.firstResponseAt && thread.sla.firstResponseDueAt) {
    targets.push({ name: "First reply", due: thread.sla.firstResponseDueAt });
  }
  if (thread.sla.resolutionDueAt) targets.push({ name: "Resolution", due: thread.sla.resolutionDueAt });
  const [next] = targets
    .map((target) => ({ ...target, left: new Date(target.due).getTime() - now.getTime() }))
    .sort((a, b) => a.left - b.left);
  if (!next) return null;
  if (next.left < 0) return { tone: "breached", text: `${next.name} overdue by ${span(next.left)}` };
  if (next.left <= DUE_SOON_MS) return { tone: "due", text: `${next.name} due in ${span(next.left)}` };
  return null;
}

/** Priority when it is not the default, else null. */
export function priorityLabel(thread: ThreadSummary): string | null {
  return thread.priority && thread.priority !== "normal" ? PRIORITY_LABELS[thread.priority] : null;
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** "2 internal notes · 1 suggested reply", or null when the thread has neither. */
export function workCounts(thread: ContextThread): string | null {
  const parts: string[] = [];
  if (thread.noteCount) parts.push(plural(thread.noteCount, "internal note", "internal notes"));
  if (thread.draftCount) parts.push(plural(thread.draftCount, "suggested reply", "suggested replies"));
  return parts.length ? parts.join(" · ") : null;
}

/** The first lines of a suggested reply, for an agent to tell them apart before inserting one. */
export function preview(body: string, lines = 3, characters = 240): string {
  const kept = body
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
  const head = kept.slice(0, lines).join("\n");
  const cut = head.length > characters ? `${head.slice(0, characters).trimEnd()}…` : head;
  return kept.length > lines && cut === head ? `${cut}\n…` : cut;
}

/** A ticket's address as a link target: web addresses only, whatever was stored. */
export function ticketHref(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : null;
  } catch {
    return null;
  }
}
