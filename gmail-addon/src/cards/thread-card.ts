import type { ContextThread, Presence, ThreadStatus, ThreadSummary } from "../../../shared/src/api-types";
import { messageState } from "../card-state";
import { ACTIONS } from "../entry-points";
import {
  countOf,
  escapeHtml,
  hasNewerMessage,
  lastActivityLine,
  personLabel,
  personName,
  presenceLine,
  priorityLabel,
  responseTargetLine,
  statusLabel,
} from "../format";
import { openableLink, threadLink } from "../links";
import type { OpenMessage } from "../open-message";
import {
  button,
  buttons,
  type Card,
  card,
  fact,
  linkButton,
  paragraph,
  type Section,
  section,
} from "./widgets";

export type ThreadView = {
  thread: ContextThread;
  /** Other members there, as the last context answer said. */
  presence: Presence[];
  mail: OpenMessage;
  /** The Gmail user's address, to tell whether the thread is already theirs. */
  me: string;
  now: Date;
};

const STATUS_ACTIONS: Record<ThreadStatus, { status: ThreadStatus; label: string }[]> = {
  open: [
    { status: "in_progress", label: "Mark in progress" },
    { status: "resolved", label: "Resolve" },
    { status: "closed", label: "Close" },
  ],
  in_progress: [
    { status: "resolved", label: "Resolve" },
    { status: "closed", label: "Close" },
  ],
  resolved: [
    { status: "open", label: "Reopen" },
    { status: "closed", label: "Close" },
  ],
  closed: [{ status: "open", label: "Reopen" }],
};

/** The open message's thread: its facts, who else is in it, and what the agent can do. */
export function threadCard(view: ThreadView): Card {
  const { thread } = view;
  const sections = [factsSection(view)];
  const tickets = ticketsSection(thread);
  if (tickets) sections.push(tickets);
  const team = teamSection(thread);
  if (team) sections.push(team);
  sections.push(presenceSection(view), actionsSection(view));
  if (hasNewerMessage(thread, view.mail)) sections.unshift(newerMessageSection(view));
  return card(
    `${thread.ref} · ${statusLabel(thread.status)}`,
    thread.subject,
    sections,
    linkButton("Open in Tisket", threadLink(thread.ref)),
  );
}

function newerMessageSection({ thread, now }: ThreadView): Section {
  const line = escapeHtml(lastActivityLine(thread, now));
  return section().addWidget(
    paragraph(`<b>A newer message is in this thread.</b> ${line}: read it before you reply.`),
  );
}

function factsSection({ thread, me, now }: ThreadView): Section {
  const assignee = thread.assignee;
  const assigned = !assignee ? "Unassigned" : assignee.email === me ? "You" : personLabel(assignee);
  const facts = section();
  const target = responseTargetLine(thread, now);
  // a target about to be missed is the first thing the agent must see
  if (target) facts.addWidget(paragraph(`<b>${escapeHtml(target)}</b>`));
  facts
    .addWidget(fact("Client", personLabel(thread.client)))
    .addWidget(fact("Inbox", `${thread.inbox.name} (${thread.inbox.address})`))
    .addWidget(fact("Assignee", assigned));
  const priority = priorityLabel(thread);
  if (priority) facts.addWidget(fact("Priority", priority));
  if (thread.tags && thread.tags.length > 0) facts.addWidget(fact("Tags", thread.tags.join(", ")));
  return facts.addWidget(fact("Last activity", lastActivityLine(thread, now)));
}

/** The engineering tickets the thread is linked to, each opening where it lives when Gmail may open it. */
function ticketsSection(thread: ContextThread): Section | null {
  const tickets = thread.tickets ?? [];
  if (tickets.length === 0) return null;
  const found = section("Tickets");
  for (const ticket of tickets) {
    const link = openableLink(ticket.url);
    const row = CardService.newDecoratedText().setText(escapeHtml(ticket.id)).setWrapText(true);
    const where = link ? ticket.repo : (ticket.url ?? ticket.repo);
    if (where) row.setBottomLabel(escapeHtml(where));
    if (link) row.setOpenLink(CardService.newOpenLink().setUrl(link));
    found.addWidget(row);
  }
  return found;
}

/** Notes and suggested replies exist elsewhere: say how many, and where to find them. */
function teamSection(thread: ContextThread): Section | null {
  const lines: string[] = [];
  const notes = thread.noteCount ?? 0;
  const drafts = thread.draftCount ?? 0;
  if (notes > 0) lines.push(`${countOf(notes, "internal note", "internal notes")} in Tisket`);
  if (drafts > 0) {
    const which = drafts === 1 ? "it" : "one";
    lines.push(
      `${countOf(drafts, "suggested reply", "suggested replies")}: reply to this email, then open Tisket Threads in the draft to insert ${which}.`,
    );
  }
  return lines.length === 0 ? null : section().addWidget(paragraph(lines.join("<br>")));
}

function presenceSection({ presence, now }: ThreadView): Section {
  const current = presence.filter((entry) => new Date(entry.expiresAt).getTime() > now.getTime());
  const here = section("Here now");
  if (current.length === 0) return here.addWidget(paragraph("No one else has it open."));
  for (const entry of current) {
    here.addWidget(
      CardService.newDecoratedText()
        .setText(escapeHtml(presenceLine(entry, now)))
        .setBottomLabel(`in ${clientName(entry.client)}`)
        .setWrapText(true),
    );
  }
  return here;
}

const clientName = (client: Presence["client"]) =>
  client === "gmail" ? "Gmail" : client === "outlook" ? "Outlook" : "the web viewer";

function actionsSection(view: ThreadView): Section {
  const { thread, mail, presence, me } = view;
  const state = messageState(mail, presence);
  const statusButtons = STATUS_ACTIONS[thread.status].map(({ status, label }) =>
    button(label, { action: ACTIONS.changeStatus, params: { ...state, ref: thread.ref, status } }),
  );
  const more = [button("Refresh", { action: ACTIONS.refresh, params: state })];
  if (thread.assignee?.email !== me) {
    more.unshift(
      button("Assign to me", { action: ACTIONS.assignToMe, params: { ...state, ref: thread.ref } }),
    );
  }
  return section()
    .addWidget(buttons(...statusButtons))
    .addWidget(buttons(...more));
}

/** The notice after an action: "THD-42 is now Resolved". */
export const statusNotice = (thread: ThreadSummary) => `${thread.ref} is now ${statusLabel(thread.status)}`;

export const assignedNotice = (thread: ThreadSummary) =>
  `${thread.ref} is assigned to ${thread.assignee ? personName(thread.assignee) : "no one"}`;
