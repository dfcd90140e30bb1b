/**
 * The staff API's JSON as the add-ons read and send it: the fields they rely on. The API's own
 * schemas are checked against these (`test/shared/api-types.typecheck.ts`), so neither drifts.
 */

export type ThreadStatus = "open" | "in_progress" | "resolved" | "closed";
export type PresenceActivity = "viewing" | "composing";
export type PresenceClient = "gmail" | "outlook" | "web";

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
  thread: ThreadSummary | null;
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
