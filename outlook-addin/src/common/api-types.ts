/** The staff API as the add-in reads it (the shared types), and the add-in's own constants. */

import type { ContextResponse, ThreadStatus } from "../../../shared/src/api-types";

export type {
  ContextRequest,
  ContextThread,
  DraftInbox,
  Person,
  Presence,
  PresenceActivity,
  RenderedSavedReply,
  SavedReplyName,
  SuggestedReply,
  ThreadPriority,
  ThreadStatus,
  ThreadSummary,
  TicketLink,
} from "../../../shared/src/api-types";

export type MailContext = ContextResponse;

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
