import type {
  ContextResponse,
  DraftForReply,
  RenderedSavedReply,
  StaffThread,
  ThreadList,
  ThreadSummary,
  ThreadUpdated,
} from "../../shared/src/api-types";
import { isRecord } from "./http";

// light checks of the answers' outline: enough that a card never reads a field that is not there

export function isThreadSummary(value: unknown): value is ThreadSummary {
  return (
    isRecord(value) &&
    typeof value.ref === "string" &&
    typeof value.status === "string" &&
    typeof value.subject === "string" &&
    isRecord(value.inbox) &&
    isRecord(value.client) &&
    typeof value.lastMessageAt === "string"
  );
}

const optionalListOf = (value: unknown, item: (entry: unknown) => boolean) =>
  value === undefined || (Array.isArray(value) && value.every(item));

const isSavedReplyName = (value: unknown) =>
  isRecord(value) && typeof value.id === "string" && typeof value.name === "string";

const isDraft = (value: unknown) =>
  isRecord(value) &&
  typeof value.id === "string" &&
  typeof value.body === "string" &&
  isRecord(value.author) &&
  typeof value.createdAt === "string";

// a thread is null, or its suggested replies (when the answer has them) are drafts
const hasDraftList = (thread: unknown) =>
  thread === null || (isRecord(thread) && optionalListOf(thread.drafts, isDraft));

const everyThread = (value: unknown) => Array.isArray(value) && value.every(isThreadSummary);

export function isContextResponse(value: unknown): value is ContextResponse {
  return (
    isRecord(value) &&
    (value.thread === null || isThreadSummary(value.thread)) &&
    Array.isArray(value.presence) &&
    everyThread(value.candidates) &&
    (value.inboxes === undefined || Array.isArray(value.inboxes)) &&
    optionalListOf(value.savedReplies, isSavedReplyName) &&
    hasDraftList(value.thread)
  );
}

export function isThreadUpdated(value: unknown): value is ThreadUpdated {
  return isRecord(value) && isThreadSummary(value.thread);
}

export function isThreadList(value: unknown): value is ThreadList {
  return isRecord(value) && everyThread(value.threads);
}

export function isStaffThread(value: unknown): value is StaffThread {
  return isRecord(value) && isThreadSummary(value.thread) && typeof value.subject === "string";
}

export function isRenderedSavedReply(value: unknown): value is RenderedSavedReply {
  return isRecord(value) && typeof value.html === "string" && typeof value.name === "string";
}

export function isDraftForReply(value: unknown): value is DraftForReply {
  return isRecord(value) && isRecord(value.draft) && typeof value.html === "string";
}

export const isAnything = (_value: unknown): _value is unknown => true;
