/**
 * The staff API's JSON as the add-ons read and send it: the fields they rely on. The API's own
 * schemas are checked against these (`test/shared/api-types.typecheck.ts`), so neither drifts.
 */

export type ThreadStatus = "open" | "in_progress" | "resolved" | "closed";
export type PresenceActivity = "viewing" | "composing";
export type PresenceClient = "gmail" | "outlook" | "web";

export type Person = { email: string; name: string };

export type ThreadPriority = "low" | "normal" | "high" | "urgent";

/** A thread's response targets: when each falls due, and whether one still to meet is past due. */
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
  // optional: an API from before the team workflow does not send them
  priority?: ThreadPriority;
  tags?: string[];
  sla?: Sla;
  firstResponseAt?: string | null;
};

/** An engineering ticket the thread is linked to (`TKT-42`). */
export type TicketLink = {
  id: string;
  repo: string | null;
  url: string | null;
  linkedAt: string;
  linkedBy: Person;
};

/** A suggested reply kept on a thread (by an AI agent or a teammate); staff review and send it, we never do. */
export type Draft = { id: string; body: string; author: Person; createdAt: string };

/** A draft as it goes into a reply: its text, and the same escaped as HTML (line breaks as <br>). */
export type DraftForReply = { draft: Draft; html: string };

/** A suggested reply as a card offers it: the draft, with its body escaped as HTML. */
export type SuggestedReply = Draft & { html: string };

/** A thread as the context call shows it: the team's work on it beside its summary. */
export type ContextThread = ThreadSummary & {
  noteCount?: number;
  draftCount?: number;
  /** the matched thread only */
  tickets?: TicketLink[];
  /** composing in the matched thread: its newest suggested replies, newest first */
  drafts?: SuggestedReply[];
};

export type SavedReplyName = { id: string; name: string };

/** A saved reply filled in for one thread, as text and as escaped HTML. */
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
  candidates: ContextThread[];
  suggestedSubject?: string;
  inboxes?: DraftInbox[];
  /** composing: the org's saved replies */
  savedReplies?: SavedReplyName[];
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

export type SavedReplyRenderRequest = { thread: string };
