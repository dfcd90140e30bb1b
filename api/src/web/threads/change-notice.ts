import type { ThreadPriority, ThreadStatus } from "../../db/schema";
import type { ThreadChange } from "../../threads/update-thread";
import { PRIORITY_LABELS, STATUS_LABELS } from "../components/format";

function describeChange(change: ThreadChange): string {
  switch (change.field) {
    case "status":
      return `status ${STATUS_LABELS[change.to as ThreadStatus] ?? change.to}`;
    case "priority":
      return `priority ${PRIORITY_LABELS[change.to as ThreadPriority] ?? change.to}`;
    case "tag":
      return change.to ? `tag ${change.to} added` : `tag ${change.from} removed`;
    default:
      return `assignee ${change.to ?? "nobody"}`;
  }
}

/** What a save changed, as the notice after it says: "Saved: status Resolved, tag billing added." */
export function describeChanges(changes: ThreadChange[]): string {
  if (changes.length === 0) return "Nothing changed.";
  return `Saved: ${changes.map(describeChange).join(", ")}.`;
}
