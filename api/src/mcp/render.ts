/**
 * The text content of tool results: what a model reads when its client passes on only text. Plain
 * lines, the same facts as the structured content.
 */

type Person = { email: string; name: string };

export const person = (p: Person | null) =>
  p === null ? "nobody" : p.name ? `${p.name} <${p.email}>` : p.email;

export function renderInbox(inbox: {
  name: string;
  address: string;
  customAddress: string | null;
  autoAck: boolean;
  openThreads: number;
  inProgressThreads: number;
}): string {
  const custom = inbox.customAddress ? `, also ${inbox.customAddress}` : "";
  const ack = inbox.autoAck ? "acknowledges new threads" : "no acknowledgement";
  return `${inbox.name}: ${inbox.address}${custom}; ${ack}; ${inbox.openThreads} open, ${inbox.inProgressThreads} in progress`;
}

export type SummaryLine = {
  ref: string;
  status: string;
  subject: string;
  inbox: { name: string };
  client: Person;
  assignee: Person | null;
  messageCount: number;
  lastMessageAt: string;
};

export function renderSummary(thread: SummaryLine): string {
  return [
    `${thread.ref} [${thread.status}] ${thread.subject}`,
    `client ${person(thread.client)}`,
    `inbox ${thread.inbox.name}`,
    `assignee ${person(thread.assignee)}`,
    `${thread.messageCount} message${thread.messageCount === 1 ? "" : "s"}, last ${thread.lastMessageAt}`,
  ].join(" · ");
}

export function renderThreadList(page: { threads: SummaryLine[]; nextCursor: string | null }): string {
  if (page.threads.length === 0) return "No threads match.";
  const more = page.nextCursor ? `\nMore: call list_threads again with cursor "${page.nextCursor}".` : "";
  return `${page.threads.map(renderSummary).join("\n")}${more}`;
}

export type TicketLine = {
  id: string;
  repo: string | null;
  url: string | null;
  linkedAt: string;
  linkedBy: Person;
};

export function renderTicket(ticket: TicketLine): string {
  const where = [ticket.repo, ticket.url].filter(Boolean).join(" ");
  return `${ticket.id}${where ? ` (${where})` : ""}, linked by ${person(ticket.linkedBy)} at ${ticket.linkedAt}`;
}

export function renderTickets(ref: string, tickets: TicketLine[]): string {
  if (tickets.length === 0) return `${ref} is linked to no ticket.`;
  return [`${ref} is linked to:`, ...tickets.map((ticket) => `- ${renderTicket(ticket)}`)].join("\n");
}

export type DraftLine = { id: string; body: string; author: Person; client: string; createdAt: string };

export function renderDraft(draft: DraftLine): string {
  return `Draft ${draft.id} by ${person(draft.author)} via ${draft.client} at ${draft.createdAt}:\n${draft.body}`;
}
