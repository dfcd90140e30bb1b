import type { HistoryEntry } from "../../threads/thread-detail";
import { formatDate, PRIORITY_LABELS, STATUS_LABELS } from "../components/format";
import { When } from "../components/layout";

function historyValue(entry: HistoryEntry, value: string | null): string {
  if (entry.field === "status")
    return value ? (STATUS_LABELS[value as keyof typeof STATUS_LABELS] ?? value) : "—";
  if (entry.field === "priority")
    return value ? (PRIORITY_LABELS[value as keyof typeof PRIORITY_LABELS] ?? value) : "—";
  return value ?? "nobody";
}

/** One change in words: tags and tickets are added and removed, the rest change from one value to another. */
function historyText(entry: HistoryEntry): string {
  switch (entry.field) {
    case "tag":
      return entry.to ? ` added the tag ${entry.to}` : ` removed the tag ${entry.from ?? ""}`;
    case "ticket":
      return entry.to ? ` linked ${entry.to}` : ` unlinked ${entry.from ?? ""}`;
    default:
      return ` changed the ${entry.field} from ${historyValue(entry, entry.from)} to ${historyValue(entry, entry.to)}`;
  }
}

export const History = ({ history }: { history: HistoryEntry[] }) => (
  <section class="panel history" aria-labelledby="history-title">
    <h2 id="history-title">History</h2>
    {history.length === 0 ? (
      <p class="muted">No changes yet.</p>
    ) : (
      <ol>
        {history.map((entry) => (
          <li>
            <span>
              {"system" in entry.actor ? entry.actor.system : entry.actor.name || entry.actor.email}
              {historyText(entry)}
              {entry.client ? <span class="muted">{` · ${entry.client}`}</span> : null}
            </span>
            <When at={entry.at} label={formatDate(entry.at)} />
          </li>
        ))}
      </ol>
    )}
  </section>
);
