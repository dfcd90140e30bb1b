import type { AgentThread } from "./agent-thread";
import { person, renderDraft, renderSummary, renderTicket } from "./render";

type MessageText = AgentThread["messages"][number];
type HistoryEntry = AgentThread["history"][number];

/** get_thread as text: the summary, the messages of this page, tickets, drafts and history. */
export function renderThread(thread: AgentThread): string {
  const shown = thread.messages.length;
  const first = thread.earlierMessages.count + 1;
  const range =
    shown === 0
      ? "No messages yet."
      : `Messages ${first}–${first + shown - 1} of ${thread.messageCount}, oldest first:`;
  const earlier = thread.earlierMessages.before
    ? `Earlier messages: call get_thread with before "${thread.earlierMessages.before}".`
    : "";
  // internal notes render here, between the messages, once the thread detail carries them
  return [
    renderSummary(thread),
    range,
    earlier,
    ...thread.messages.map(renderMessage),
    section("Tickets", thread.tickets.map(renderTicket)),
    section("Drafts, newest first (never sent)", thread.drafts.map(renderDraft)),
    section("History", thread.history.map(renderHistory)),
  ]
    .filter(Boolean)
    .join("\n\n");
}

function renderMessage(message: MessageText): string {
  const to = message.to.map(person).join(", ");
  const cc = message.cc.length > 0 ? `\nCc: ${message.cc.map(person).join(", ")}` : "";
  const files = message.attachments.map(
    (file) => `${file.filename} (${file.contentType}, ${file.size} bytes)`,
  );
  const notes = [
    message.quotedHistoryTrimmed ? "[quoted earlier mail left out]" : "",
    message.truncatedCharacters > 0 ? `[${message.truncatedCharacters} more characters left out]` : "",
    files.length > 0 ? `Attachments: ${files.join(", ")}` : "",
  ].filter(Boolean);
  const header = `--- ${message.createdAt} ${message.direction} from ${person(message.from)}\nTo: ${to}${cc}\nSubject: ${message.subject}`;
  return [header, message.text || "(no text)", ...notes].join("\n");
}

function renderHistory(entry: HistoryEntry): string {
  const who = "system" in entry.actor ? entry.actor.system : person(entry.actor);
  const via = entry.client ? ` via ${entry.client}` : "";
  return `${entry.at} ${entry.field}: ${entry.from ?? "none"} → ${entry.to ?? "none"} by ${who}${via}`;
}

function section(title: string, lines: string[]): string {
  return lines.length === 0 ? "" : `${title}:\n${lines.join("\n")}`;
}
