import { parseRef, tagSubject } from "../../../shared/src/subject-tag";
import type { DraftInbox, MailContext, ThreadSummary } from "../common/api-types";
import { STATUS_LABELS } from "../common/api-types";
import { addressedInboxes } from "../common/send-check";
import { type Draft, readDraft, setSubject } from "../events/office-calls";
import { button, el } from "./dom";
import { createDraftReplies } from "./draft-replies";
import { followThread, type LiveThread } from "./live-thread";
import type { Shell } from "./pane-shell";
import { presenceList, threadFacts, viewerLink } from "./thread-facts";
import { suggestionList, targetNotice } from "./thread-work-views";

/**
 * The compose-mode pane: the thread the draft is filed in (the agent is composing there, live),
 * or the recipients' threads to choose from and a new thread to start; either tags the subject,
 * keeping what was typed.
 */
export function startComposePane(shell: Shell): void {
  const item = Office.context.mailbox.item as unknown as Office.MessageCompose;
  let live: { ref: string; thread: LiveThread } | null = null;
  const replies = createDraftReplies({ shell, item, refresh: () => refresh() });
  let shown = 0;

  async function refresh(): Promise<void> {
    const generation = ++shown;
    try {
      const draft = await readDraft(item);
      const context = await shell.api.context({
        activity: "composing",
        subject: draft.subject,
        to: draft.to,
        cc: draft.cc,
      });
      if (generation !== shown) return;
      shell.notice(null);
      shell.signedInAs(context.me);
      if (context.thread) showFiled(context, context.thread.ref);
      else {
        await leave();
        shell.show(chooser(context, draft));
      }
    } catch (error) {
      if (generation === shown) shell.fail(error, () => void refresh());
    }
  }

  function showFiled(context: MailContext, ref: string): void {
    const thread = context.thread!;
    shell.show(
      el(
        "section",
        { class: "thread", "aria-labelledby": "thread-title" },
        el("h1", { id: "thread-title" }, "Filed in ", el("span", { class: "ref" }, ref), " ", thread.subject),
        targetNotice(thread),
        threadFacts(thread),
        replies.savedRepliesSection(ref),
        suggestionList(thread, replies.suggestionActions(ref), viewerLink(shell.config.apiUrl, ref)),
        el("h2", {}, "Here now"),
        presenceList(context.presence),
      ),
    );
    if (live?.ref === ref) return;
    void leave();
    live = {
      ref,
      thread: followThread({
        api: shell.api,
        apiUrl: shell.config.apiUrl,
        ref,
        activity: "composing",
        // only the list changes: a saved reply being chosen keeps its place
        onPresence: (presence) => {
          shell.reached();
          document.getElementById("presence")?.replaceWith(presenceList(presence));
        },
        onThreadChanged: () => void refresh(),
        onConnection: () => {},
        onError: (error) => shell.fail(error, () => void refresh()),
      }),
    };
  }

  async function leave(): Promise<void> {
    const previous = live;
    live = null;
    await previous?.thread.stop();
  }

  async function tag(subject: string): Promise<void> {
    try {
      await setSubject(item, subject);
      await refresh();
    } catch (error) {
      shell.notice(
        `The subject couldn't be changed: ${error instanceof Error ? error.message : error}`,
        "error",
      );
    }
  }

  function chooser(context: MailContext, draft: Draft): HTMLElement {
    const typed = draft.subject.trim();
    const useThread = (thread: ThreadSummary) => {
      const number = parseRef(thread.ref);
      if (number !== null) void tag(tagSubject(typed || thread.subject, number));
    };
    return el(
      "section",
      { class: "compose" },
      el("h1", {}, "File this mail in a thread"),
      candidatesList(context.candidates, useThread),
      newThreadForm(addressedInboxes(context), draft, async (input) => {
        try {
          const started = await shell.api.startThread(input);
          const number = parseRef(started.thread.ref);
          if (number !== null) await tag(tagSubject(typed || input.subject, number));
        } catch (error) {
          shell.fail(error, () => void refresh());
        }
      }),
    );
  }

  item.addHandlerAsync(Office.EventType.RecipientsChanged, () => void refresh());
  addEventListener("pagehide", () => void leave());
  void refresh();
}

function candidatesList(candidates: ThreadSummary[], choose: (thread: ThreadSummary) => void): HTMLElement {
  if (candidates.length === 0) {
    return el("p", { class: "quiet" }, "These recipients have no open thread.");
  }
  const list = el("ul", { class: "candidates", "aria-label": "Threads of these recipients" });
  for (const thread of candidates) {
    list.append(
      el(
        "li",
        {},
        el("span", { class: "ref" }, thread.ref),
        ` ${thread.subject} · ${STATUS_LABELS[thread.status]} · ${thread.client.email}`,
        button(`Use ${thread.ref}`, () => choose(thread)),
      ),
    );
  }
  return list;
}

type NewThread = { inbox: string; clientEmail: string; clientName?: string; subject: string };

function newThreadForm(inboxes: DraftInbox[], draft: Draft, start: (input: NewThread) => void): HTMLElement {
  const section = el("section", { class: "new-thread", "aria-labelledby": "new-thread-title" });
  section.append(el("h2", { id: "new-thread-title" }, "Start a new thread"));
  if (inboxes.length === 0) {
    section.append(
      el("p", { class: "quiet" }, "Add your team's Tisket inbox address in To or Cc to start a thread."),
    );
    return section;
  }
  const ours = new Set(inboxes.flatMap((inbox) => [inbox.address, inbox.customAddress ?? ""]));
  const clients = draft.people.filter((person) => !ours.has(person.email.toLowerCase()));
  const inboxSelect = el("select", { id: "new-inbox" });
  for (const inbox of inboxes) inboxSelect.append(el("option", { value: inbox.name }, inbox.address));
  const clientSelect = el("select", { id: "new-client" });
  for (const person of clients) {
    clientSelect.append(
      el("option", { value: person.email }, person.name ? `${person.name} <${person.email}>` : person.email),
    );
  }
  const subject = el("input", { id: "new-subject", type: "text", value: draft.subject });
  const problem = el("p", { class: "problem", role: "alert", hidden: true });
  section.append(
    el("label", { for: "new-inbox" }, "Inbox"),
    inboxSelect,
    el("label", { for: "new-client" }, "Client"),
    clients.length ? clientSelect : el("p", { class: "quiet" }, "Add the client's address in To first."),
    el("label", { for: "new-subject" }, "Subject"),
    subject,
    button(
      "Start a new thread",
      () => {
        const client = clients.find((person) => person.email === clientSelect.value);
        problem.hidden = Boolean(client && subject.value.trim());
        problem.textContent = client ? "Give the thread a subject." : "Choose the client.";
        if (!client || !subject.value.trim()) return;
        start({
          inbox: inboxSelect.value,
          clientEmail: client.email,
          clientName: client.name,
          subject: subject.value.trim(),
        });
      },
      { disabled: clients.length === 0 },
    ),
    problem,
  );
  return section;
}
