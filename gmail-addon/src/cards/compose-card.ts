import type { ContextThread, Draft, DraftInbox, SavedReplyName } from "../../../shared/src/api-types";
import { composeState } from "../card-state";
import { inboxAmongRecipients, possibleClients } from "../compose-draft";
import { ACTIONS } from "../entry-points";
import type { Recipients } from "../events";
import { ago, countOf, escapeHtml, statusLabel } from "../format";
import { savedRepliesSection, suggestedRepliesSection } from "./reply-sections";
import { button, buttons, type Card, card, type Params, paragraph, type Section, section } from "./widgets";

export type ComposeView = {
  recipients: Recipients;
  candidates: ContextThread[];
  inboxes: DraftInbox[];
  /** What the agent typed as the subject, kept when the card is rebuilt. */
  subject: string;
  now: Date;
  savedReplies: SavedReplyName[];
  /** The thread the draft belongs to, when known: its replies are offered. */
  thread: ContextThread | null;
  drafts: Draft[];
  /** The thread the agent asked the replies of (`THD-7`), when the card was asked for one. */
  focus: string | null;
};

export const SUBJECT_FIELD = "subject";
export const INBOX_FIELD = "inbox";
export const CLIENT_FIELD = "client";

/**
 * Tags a draft (the recipients' threads that are not closed, or a new thread), and once the
 * draft's thread is known, offers its saved and suggested replies to insert.
 */
export function composeCard(view: ComposeView): Card {
  if (view.thread) return threadComposeCard(view, view.thread);
  const sections = [subjectSection(view), candidatesSection(view), newThreadSection(view)];
  if (view.focus)
    sections.unshift(section().addWidget(paragraph(`${view.focus} was not found in your organization.`)));
  return card("Tag this email", "[THD-n] on the subject files the mail in its thread", sections);
}

/** The draft's thread: tag it, insert a saved reply rendered for it, or one of its suggested replies. */
function threadComposeCard(view: ComposeView, thread: ContextThread): Card {
  const state = composeState(view.recipients, thread.ref);
  const sections = [
    subjectSection(view),
    threadSection(view, thread),
    savedRepliesSection(view.savedReplies, thread, state),
  ];
  const suggested = suggestedRepliesSection(view.drafts, thread, state, view.now);
  if (suggested) sections.push(suggested);
  return card(`Reply in ${thread.ref}`, thread.subject, sections);
}

function threadSection(view: ComposeView, thread: ContextThread): Section {
  const { recipients, inboxes, now } = view;
  const actions = [
    button("Refresh", { action: ACTIONS.refresh, params: composeState(recipients, view.focus) }),
  ];
  // back to the list: only when the card was asked for this thread, not found by the typed tag
  if (view.focus) {
    actions.push(button("Other threads", { action: ACTIONS.refresh, params: composeState(recipients) }));
  }
  return section()
    .addWidget(candidateRow(thread, inboxes, recipients, now))
    .addWidget(buttons(...actions));
}

function subjectSection({ subject }: ComposeView): Section {
  const input = CardService.newTextInput()
    .setFieldName(SUBJECT_FIELD)
    .setTitle("Subject")
    .setHint("Gmail does not show add-ons the draft's subject: type it here")
    .setValue(subject);
  return section().addWidget(input);
}

function candidatesSection(view: ComposeView): Section {
  const { recipients, candidates, inboxes, now } = view;
  const found = section("Threads with these recipients");
  if (recipients.to.length + recipients.cc.length + recipients.bcc.length === 0) {
    return found.addWidget(paragraph("Add the client to To or Cc, then Refresh, to see their threads."));
  }
  if (candidates.length === 0) found.addWidget(paragraph("No open threads with these recipients."));
  for (const thread of candidates) {
    found.addWidget(candidateRow(thread, inboxes, recipients, now));
    if (view.savedReplies.length > 0 || (thread.draftCount ?? 0) > 0) {
      const params = { ...composeState(recipients), ref: thread.ref };
      found.addWidget(buttons(button(`Replies for ${thread.ref}`, { action: ACTIONS.showReplies, params })));
    }
  }
  return found.addWidget(
    buttons(button("Refresh", { action: ACTIONS.refresh, params: composeState(recipients) })),
  );
}

/** A thread the draft may belong to, with the one click that tags the draft with it. */
function candidateRow(
  thread: ContextThread,
  inboxes: DraftInbox[],
  recipients: Recipients,
  now: Date,
): GoogleAppsScript.Card_Service.DecoratedText {
  const drafted = thread.draftCount
    ? ` · ${countOf(thread.draftCount, "suggested reply", "suggested replies")}`
    : "";
  return CardService.newDecoratedText()
    .setTopLabel(`${thread.ref} · ${statusLabel(thread.status)}`)
    .setText(escapeHtml(thread.subject))
    .setBottomLabel(`${thread.client.email} · ${ago(thread.lastMessageAt, now)}${drafted}`)
    .setWrapText(true)
    .setButton(
      button(`Use ${thread.ref}`, {
        action: ACTIONS.useThread,
        params: useParams(thread, inboxes, recipients),
      }),
    );
}

function useParams(thread: ContextThread, inboxes: DraftInbox[], recipients: Recipients): Params {
  const custom = inboxes.find((inbox) => inbox.name === thread.inbox.name)?.customAddress ?? null;
  return {
    ...composeState(recipients),
    ref: thread.ref,
    threadSubject: thread.subject,
    inbox: JSON.stringify({ address: thread.inbox.address, customAddress: custom }),
  };
}

function newThreadSection({ recipients, inboxes }: ComposeView): Section {
  const start = section("Start a new thread");
  const clients = possibleClients(recipients, inboxes);
  if (inboxes.length === 0) return start.addWidget(paragraph("Your organization has no inbox yet."));
  if (clients.length === 0) return start.addWidget(paragraph("Add the client as a recipient first."));
  const preferred = inboxAmongRecipients(recipients, inboxes) ?? inboxes[0];
  const inboxChoice = CardService.newSelectionInput()
    .setType(CardService.SelectionInputType.DROPDOWN)
    .setTitle("Inbox")
    .setFieldName(INBOX_FIELD);
  for (const inbox of inboxes) inboxChoice.addItem(inbox.name, inbox.name, inbox === preferred);
  const clientChoice = CardService.newSelectionInput()
    .setType(CardService.SelectionInputType.DROPDOWN)
    .setTitle("Client")
    .setFieldName(CLIENT_FIELD);
  clients.forEach((client, index) => {
    clientChoice.addItem(
      client.name ? `${client.name} <${client.email}>` : client.email,
      client.email,
      index === 0,
    );
  });
  const params = { ...composeState(recipients), inboxes: JSON.stringify(inboxes) };
  return start
    .addWidget(inboxChoice)
    .addWidget(clientChoice)
    .addWidget(buttons(button("Start a new thread", { action: ACTIONS.startThread, params }, true)));
}
