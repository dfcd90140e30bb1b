import type { ThreadSummary } from "../../threads/summary";

/**
 * A response target of a thread in words, from its summary: still to meet (`due`, `overdue`) or
 * settled (`met`, `late`). A first-reply target of a thread finished before anyone replied is
 * left out, as the metrics leave it out: nobody is waiting any more.
 */
export type ResponseTarget = {
  kind: "first-reply" | "resolution";
  state: "due" | "overdue" | "met" | "late";
  dueAt: string;
  text: string;
};

type TargetFacts = Pick<ThreadSummary, "status" | "sla" | "firstResponseAt" | "resolvedAt">;

const DUE_SOON_MS = 60 * 60 * 1000;
const finished = (status: ThreadSummary["status"]) => status === "resolved" || status === "closed";

/** "20 min", "2 h", "3 d": how far off a due time is, as a person says it. */
export function roughDuration(ms: number): string {
  const minutes = Math.max(1, Math.round(Math.abs(ms) / 60_000));
  if (minutes < 90) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} d`;
}

function pending(label: string, kind: ResponseTarget["kind"], dueAt: string, now: Date): ResponseTarget {
  const left = Date.parse(dueAt) - now.getTime();
  return left > 0
    ? { kind, state: "due", dueAt, text: `${label} due in ${roughDuration(left)}` }
    : { kind, state: "overdue", dueAt, text: `${label} overdue by ${roughDuration(left)}` };
}

function settled(label: string, kind: ResponseTarget["kind"], dueAt: string, at: string): ResponseTarget {
  const late = Date.parse(at) - Date.parse(dueAt);
  return late <= 0
    ? { kind, state: "met", dueAt, text: `${label} within target` }
    : { kind, state: "late", dueAt, text: `${label} ${roughDuration(late)} late` };
}

/** The thread's first-reply and resolution targets, each in words; none when its inbox sets none. */
export function responseTargets(thread: TargetFacts, now: Date): ResponseTarget[] {
  const targets: ResponseTarget[] = [];
  const { firstResponseDueAt, resolutionDueAt } = thread.sla;
  if (firstResponseDueAt && thread.firstResponseAt) {
    targets.push(settled("First reply sent", "first-reply", firstResponseDueAt, thread.firstResponseAt));
  } else if (firstResponseDueAt && !finished(thread.status)) {
    targets.push(pending("First reply", "first-reply", firstResponseDueAt, now));
  }
  if (resolutionDueAt && finished(thread.status) && thread.resolvedAt) {
    targets.push(settled("Resolved", "resolution", resolutionDueAt, thread.resolvedAt));
  } else if (resolutionDueAt && !finished(thread.status)) {
    targets.push(pending("Resolution", "resolution", resolutionDueAt, now));
  }
  return targets;
}

/** What the thread list marks: a target past due (`breached`), one due within the hour, or nothing. */
export function targetAttention(thread: TargetFacts, now: Date): "breached" | "due" | null {
  if (thread.sla.breached) return "breached";
  const soon = responseTargets(thread, now).some(
    (target) => target.state === "due" && Date.parse(target.dueAt) - now.getTime() <= DUE_SOON_MS,
  );
  return soon ? "due" : null;
}
