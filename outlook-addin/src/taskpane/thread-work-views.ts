import type {
  ContextThread,
  SavedReplyName,
  SuggestedReply,
  ThreadSummary,
  TicketLink,
} from "../common/api-types";
import { button, el, when } from "./dom";
import { preview, responseTargetState, ticketHref, workCounts } from "./thread-work";

/** "First reply overdue by 25 min" or "… due in 20 min"; nothing while no target presses. */
export function targetNotice(thread: ThreadSummary, now = new Date()): HTMLElement | null {
  const state = responseTargetState(thread, now);
  if (!state) return null;
  return el(
    "p",
    { class: `target ${state.tone}`, role: state.tone === "breached" ? "alert" : "status" },
    state.text,
  );
}

/** The thread's linked tickets, each opening in a new window where it has a web address. */
export function ticketList(tickets: readonly TicketLink[] | undefined): HTMLElement | null {
  if (!tickets?.length) return null;
  const list = el("ul", { class: "tickets", "aria-label": "Linked tickets" });
  for (const ticket of tickets) {
    const href = ticketHref(ticket.url);
    const name = href
      ? el("a", { href, target: "_blank", rel: "noopener noreferrer" }, ticket.id)
      : ticket.id;
    list.append(el("li", {}, name, ticket.repo ? el("span", { class: "quiet" }, ` ${ticket.repo}`) : null));
  }
  return el("section", { class: "work" }, el("h2", {}, "Tickets"), list);
}

/** How many internal notes and suggested replies the thread has, when it has any. */
export function workSummary(thread: ContextThread, reading: boolean): HTMLElement | null {
  const counts = workCounts(thread);
  if (!counts) return null;
  const hint = reading && thread.draftCount ? " Reply to insert one into your draft." : "";
  return el("p", { class: "work-counts" }, counts, hint ? el("span", { class: "quiet" }, hint) : null);
}

export type SavedReplyChoice = {
  /** The reply chosen before the pane was drawn again, kept chosen. */
  chosen: string | null;
  choose(id: string): void;
  insert(reply: SavedReplyName, done: () => void): void;
};

/** The org's saved replies by name, one inserted at a time. */
export function savedReplyPicker(replies: readonly SavedReplyName[], choice: SavedReplyChoice): HTMLElement {
  const section = el("section", { class: "saved-replies", "aria-labelledby": "saved-replies-title" });
  section.append(el("h2", { id: "saved-replies-title" }, "Insert a saved reply"));
  if (replies.length === 0) {
    section.append(
      el("p", { class: "quiet" }, "Your team has no saved replies yet; admins add them in Tisket."),
    );
    return section;
  }
  const select = el("select", { id: "saved-reply" });
  for (const reply of replies) {
    select.append(el("option", { value: reply.id, selected: reply.id === choice.chosen }, reply.name));
  }
  select.addEventListener("change", () => choice.choose(select.value));
  const insertButton = button("Insert saved reply", () => {
    const chosen = replies.find((reply) => reply.id === select.value);
    if (!chosen) return;
    insertButton.disabled = true;
    choice.insert(chosen, () => {
      insertButton.disabled = false;
    });
  });
  section.append(el("label", { for: "saved-reply" }, "Saved reply"), select, insertButton);
  return section;
}

export type SuggestionActions = {
  insert(reply: SuggestedReply, done: () => void): void;
  discard(reply: SuggestedReply): void;
};

/** Suggested replies newest first: who, when and the first lines, each to insert or discard. */
export function suggestionList(
  thread: ContextThread,
  actions: SuggestionActions,
  viewer: string,
): HTMLElement | null {
  const drafts = thread.drafts ?? [];
  if (drafts.length === 0) return null;
  const list = el("ul", { class: "suggestions", "aria-label": "Suggested replies" });
  for (const reply of drafts) {
    const insertButton = button("Insert suggested reply", () => {
      insertButton.disabled = true;
      actions.insert(reply, () => {
        insertButton.disabled = false;
      });
    });
    list.append(
      el(
        "li",
        {},
        el("p", { class: "byline" }, `${reply.author.name || reply.author.email} · ${when(reply.createdAt)}`),
        el("p", { class: "preview" }, preview(reply.body)),
        el(
          "div",
          { class: "actions" },
          insertButton,
          button("Discard", () => actions.discard(reply)),
        ),
      ),
    );
  }
  const more = (thread.draftCount ?? drafts.length) - drafts.length;
  return el(
    "section",
    { class: "work", "aria-labelledby": "suggestions-title" },
    el("h2", { id: "suggestions-title" }, "Suggested replies"),
    list,
    more > 0 ? el("a", { href: viewer, target: "_blank", rel: "noopener" }, `${more} more in Tisket`) : null,
  );
}
