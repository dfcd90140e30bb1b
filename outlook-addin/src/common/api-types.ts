/** What the staff API answers the add-in: the parts of its OpenAPI document the add-in reads. */

export type ThreadStatus = "open" | "in_progress" | "resolved" | "closed";
export type PresenceActivity = "viewing" | "composing";

export type Person = { email: string; name: string };

export type ThreadSummary = {
  ref: string;
  status: ThreadStatus;
  subject: string;
  inbox: { name: string; address: string };
  client: Person;
  assignee: Person | null;
  messageCount: number;
  lastMessageAt: string;
  lastMessage: { direction: "inbound" | "outbound"; from: string; at: string } | null;
};

export type Presence = {
  member: Person;
  activity: PresenceActivity;
  client: "gmail" | "outlook" | "web";
  since: string;
  expiresAt: string;
};

export type RecipientInbox = { name: string; address: string; customAddress: string | null };

export type MailContext = {
  me?: Person;
  thread: ThreadSummary | null;
  presence: Presence[];
  candidates: ThreadSummary[];
  suggestedSubject?: string;
  inboxes?: RecipientInbox[];
};

export type ContextRequest = {
  client: "outlook";
  activity: PresenceActivity;
  subject?: string | null;
  messageId?: string | null;
  inReplyTo?: string | null;
  references?: string | null;
  from?: string | null;
  to?: string[];
  cc?: string[];
  ttlSeconds?: number;
};

/** What the API serves to the add-in's pages and event file: where it is and how to sign in. */
export type AddinConfig = {
  apiUrl: string;
  /** The Entra app id of the API; empty when the deployment has no Microsoft sign-in. */
  clientId: string;
  inboundDomain: string;
};

export const STATUS_LABELS: Record<ThreadStatus, string> = {
  open: "Open",
  in_progress: "In progress",
  resolved: "Resolved",
  closed: "Closed",
};

/** The roaming setting that holds an API token pasted into the pane. */
export const TOKEN_SETTING = "tisketToken";

/** The compose pane's button in the manifest: the Smart Alert's button opens it. */
export const COMPOSE_PANE_COMMAND = "TisketComposePane";
