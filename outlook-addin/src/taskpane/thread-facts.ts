import type { Presence } from "../common/api-types";
import { STATUS_LABELS, type ThreadStatus, type ThreadSummary } from "../common/api-types";
import { describePresence, summarizePresence } from "../common/presence-text";
import { button, el, when } from "./dom";
import { priorityLabel } from "./thread-work";

/** Mail our copy of a message may lag the mailbox's by: later than that is news. */
const ARRIVAL_SLACK_MS = 60_000;

/** The newer mail the agent has not opened, in words; null when the open message is the latest. */
export function newerMessageWarning(thread: ThreadSummary, receivedAt: Date | null): string | null {
  if (!receivedAt || !thread.lastMessage) return null;
  if (new Date(thread.lastMessageAt).getTime() - receivedAt.getTime() <= ARRIVAL_SLACK_MS) return null;
  const from = thread.lastMessage.from || "someone";
  return `A newer message arrived in this thread after this one: from ${from}, ${when(thread.lastMessageAt)}.`;
}

function fact(term: string, value: string): HTMLElement[] {
  return [el("dt", {}, term), el("dd", {}, value)];
}

/** Ref, status, priority and tags (when set), client, inbox, assignee and last activity of a thread. */
export function threadFacts(thread: ThreadSummary): HTMLElement {
  const priority = priorityLabel(thread);
  const client = thread.client.name ? `${thread.client.name} <${thread.client.email}>` : thread.client.email;
  const last = thread.lastMessage
    ? `${when(thread.lastMessageAt)}, ${thread.lastMessage.direction === "inbound" ? "from" : "by"} ${thread.lastMessage.from}`
    : when(thread.lastMessageAt);
  return el(
    "dl",
    { class: "facts" },
    ...fact("Status", STATUS_LABELS[thread.status]),
    ...(priority ? fact("Priority", priority) : []),
    ...(thread.tags?.length
      ? [el("dt", {}, "Tags"), el("dd", { class: "tags" }, ...tagChips(thread.tags))]
      : []),
    ...fact("Client", client),
    ...fact("Inbox", thread.inbox.address),
    ...fact("Assignee", thread.assignee ? thread.assignee.name || thread.assignee.email : "Unassigned"),
    ...fact("Last activity", last),
  );
}

/** The other members here now, live: "Bob Builder is composing a reply". */
export function presenceList(presence: readonly Presence[]): HTMLElement {
  const people = summarizePresence(presence);
  const list = el("ul", {
    id: "presence",
    class: "presence",
    "aria-live": "polite",
    "aria-label": "Here now",
  });
  if (people.length === 0) list.append(el("li", { class: "quiet" }, "Nobody else is here."));
  for (const entry of people) {
    list.append(el("li", { "data-activity": entry.activity }, describePresence(entry)));
  }
  return list;
}

/** One button per status, the current one pressed. */
export function statusButtons(current: ThreadStatus, choose: (status: ThreadStatus) => void): HTMLElement {
  const group = el("div", { class: "statuses", role: "group", "aria-label": "Status" });
  for (const [status, label] of Object.entries(STATUS_LABELS) as [ThreadStatus, string][]) {
    group.append(
      button(label, () => choose(status), {
        "aria-pressed": status === current ? "true" : "false",
        disabled: status === current,
      }),
    );
  }
  return group;
}

function tagChips(tags: readonly string[]): HTMLElement[] {
  return tags.map((tag) => el("span", { class: "tag" }, tag));
}

/** The thread in the web viewer, on the deployment's public address. */
export function viewerLink(publicUrl: string, ref: string): string {
  return `${publicUrl}/admin/threads/${encodeURIComponent(ref)}`;
}
