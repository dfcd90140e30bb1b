/**
 * The staff API's JSON as the add-ons read and send it: the fields they rely on. The API's own
 * schemas are checked against these (`test/shared/api-types.typecheck.ts`), so neither drifts.
 */

export type ThreadStatus = "open" | "in_progress" | "resolved" | "closed";
export type PresenceActivity = "viewing" | "composing";
export type PresenceClient = "gmail" | "outlook" | "web";

export type Person = { email: string; name: string };

export type ThreadPriority = "low" | "normal" | "high" | "urgent";

/** The response targets still to meet; `breached` when one of them is past due. */
export type Sla = { firstResponseDueAt: string | null; resolutionDueAt: string | null; breached: boolean };

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
  // optional: the add-ons were written before the team workflow, and read them where given
  priority?: ThreadPriority;
  tags?: string[];
  sla?: Sla;
  firstResponseAt?: string | null;
};

/** A thread's link to an engineering ticket such as TKT-42. */
export type TicketLink = {
  id: string;
  repo: string | null;
  url: string | null;
  linkedAt: string;
  linkedBy: Person;
};

/** A reply an AI agent (or a member) suggested on a thread; staff review and send it, we never do. */
export type SuggestedReply = {
  id: string;
  body: string;
  /** the body escaped as HTML, line breaks as <br>, for a rich draft */
  html: string;
  author: Person;
  createdAt: string;
};

/** The open mail's thread as the context answers it: with the team's work on it. */
export type ContextThread = ThreadSummary & {
  tickets?: TicketLink[];
  noteCount?: number;
  draftCount?: number;
  /** the newest suggested replies, newest first */
  drafts?: SuggestedReply[];
};

export type SavedReply = { id: string; name: string };

/** A saved reply filled in for one thread: text, and the same text escaped as HTML. */
export type RenderedSavedReply = { id: string; name: string; body: string; html: string };

/** "Member M is viewing / composing in this thread", until `expiresAt`. */
export type Presence = {
  member: Person;
  activity: PresenceActivity;
  client: PresenceClient;
  since: string;
  expiresAt: string;
};

/** An inbox a draft may start a thread from; `addressed` when the draft goes to it. */
export type DraftInbox = { name: string; address: string; customAddress: string | null; addressed: boolean };

export type ContextRequest = {
  client: PresenceClient;
  activity: PresenceActivity;
  subject?: string | null;
  messageId?: string | null;
  inReplyTo?: string | null;
  references?: string | string[] | null;
  from?: string | null;
  to?: string[];
  cc?: string[];
  ttlSeconds?: number;
};

export type ContextResponse = {
  /** the caller */
  me?: Person;
  thread: ContextThread | null;
  presence: Presence[];
  candidates: ThreadSummary[];
  suggestedSubject?: string;
  inboxes?: DraftInbox[];
};

export type ThreadList = { threads: ThreadSummary[]; nextCursor: string | null };

/** `assignee`: a member's address, `me`, or null to unassign. */
export type ThreadUpdate = { status?: ThreadStatus; assignee?: string | null };

export type ThreadUpdated = { thread: ThreadSummary };

export type StaffThreadRequest = { inbox: string; clientEmail: string; clientName?: string; subject: string };

export type StaffThread = { thread: ThreadSummary; subject: string };

export type PresenceHeartbeat = {
  thread: string;
  activity: PresenceActivity;
  client: PresenceClient;
  ttlSeconds?: number;
};

export type ApiErrorBody = { error: { code: string; message: string } };
