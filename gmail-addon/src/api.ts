import type {
  ContextRequest,
  ContextResponse,
  DraftForReply,
  RenderedSavedReply,
  StaffThread,
  StaffThreadRequest,
  ThreadList,
  ThreadStatus,
  ThreadUpdated,
} from "../../shared/src/api-types";
import {
  isAnything,
  isContextResponse,
  isDraftForReply,
  isRenderedSavedReply,
  isStaffThread,
  isThreadList,
  isThreadUpdated,
} from "./api-shapes";
import { callApi } from "./http";
import type { Credentials } from "./identity";
import type { Answer } from "./problems";

/** A card cannot heartbeat: what it records lasts until a teammate would expect it gone. */
export const VIEWING_TTL_SECONDS = 300;
export const COMPOSING_TTL_SECONDS = 600;

export type MailLook = Omit<ContextRequest, "client" | "ttlSeconds">;

/** The card's one round trip: the mail's thread, who else is there, and a draft's candidates. */
export function loadContext(look: MailLook): Answer<ContextResponse> {
  const ttlSeconds = look.activity === "composing" ? COMPOSING_TTL_SECONDS : VIEWING_TTL_SECONDS;
  return callApi(
    { method: "post", path: "/api/v1/context", body: { ...look, client: "gmail", ttlSeconds } },
    isContextResponse,
  );
}

const threadPath = (ref: string) => `/api/v1/threads/${encodeURIComponent(ref)}`;

export function changeStatus(ref: string, status: ThreadStatus): Answer<ThreadUpdated> {
  return callApi({ method: "patch", path: threadPath(ref), body: { status } }, isThreadUpdated);
}

export function assignToMe(ref: string): Answer<ThreadUpdated> {
  return callApi({ method: "patch", path: threadPath(ref), body: { assignee: "me" } }, isThreadUpdated);
}

/** Marks the caller composing in a thread, as teammates will see it at once. */
export function markComposing(ref: string): Answer<unknown> {
  const body = { thread: ref, activity: "composing", client: "gmail", ttlSeconds: COMPOSING_TTL_SECONDS };
  return callApi({ method: "put", path: "/api/v1/presence", body }, isAnything);
}

export function startThread(input: StaffThreadRequest): Answer<StaffThread> {
  return callApi({ method: "post", path: "/api/v1/threads", body: input }, isStaffThread);
}

/** The caller's threads, newest activity first. */
export function myThreads(limit: number): Answer<ThreadList> {
  return callApi({ method: "get", path: `/api/v1/threads?assignee=me&limit=${limit}` }, isThreadList);
}

/** Whether Tisket accepts these credentials: the cheapest call that needs a member. */
export function checkCredentials(credentials: Credentials): Answer<ThreadList> {
  return callApi({ method: "get", path: "/api/v1/threads?limit=1" }, isThreadList, credentials);
}

/** A saved reply filled in on the server for a thread: `{{client.name}}` and the rest. */
export function renderSavedReply(id: string, ref: string): Answer<RenderedSavedReply> {
  const path = `/api/v1/saved-replies/${encodeURIComponent(id)}/render`;
  return callApi({ method: "post", path, body: { thread: ref } }, isRenderedSavedReply);
}

const draftPath = (ref: string, id: string) => `${threadPath(ref)}/drafts/${encodeURIComponent(id)}`;

/** A suggested reply as it stands now (a teammate may have discarded it), with its escaped HTML. */
export function draftForReply(ref: string, id: string): Answer<DraftForReply> {
  return callApi({ method: "get", path: draftPath(ref, id) }, isDraftForReply);
}

export function discardDraft(ref: string, id: string): Answer<unknown> {
  return callApi({ method: "delete", path: draftPath(ref, id) }, isAnything);
}
