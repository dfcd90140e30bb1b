import type { DraftInbox, ThreadSummary } from "../../../shared/src/api-types";
import { composeState } from "../card-state";
import { inboxAmongRecipients, possibleClients } from "../compose-draft";
import { ACTIONS } from "../entry-points";
import type { Recipients } from "../events";
import { ago, escapeHtml, statusLabel } from "../format";
import { button, buttons, type Card, card, type Params, paragraph, type Section, section } from "./widgets";

export type ComposeView = {
  recipients: Recipients;
  candidates: ThreadSummary[];
  inboxes: DraftInbox[];
  /** What the agent typed as the subject, kept when the card is rebuilt. */
  subject: string;
  now: Date;
};

export const SUBJECT_FIELD = "subject";
export const INBOX_FIELD = "inbox";
export const CLIENT_FIELD = "client";

/** Tags a draft: the recipients' threads that are not closed, or a new thread. */
export function composeCard(view: ComposeView): Card {
  return card("Tag this email", "[THD-n] on the subject files the mail in its thread", [
    subjectSection(view),
    candidatesSection(view),
    newThreadSection(view),
  ]);
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
    const params = useParams(thread, inboxes, recipients);
    found.addWidget(
      CardService.newDecoratedText()
        .setTopLabel(`${thread.ref} · ${statusLabel(thread.status)}`)
        .setText(escapeHtml(thread.subject))
        .setBottomLabel(`${thread.client.email} · ${ago(thread.lastMessageAt, now)}`)
        .setWrapText(true)
        .setButton(button(`Use ${thread.ref}`, { action: ACTIONS.useThread, params })),
    );
  }
  return found.addWidget(
    buttons(button("Refresh", { action: ACTIONS.refresh, params: composeState(recipients) })),
  );
}

function useParams(thread: ThreadSummary, inboxes: DraftInbox[], recipients: Recipients): Params {
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
