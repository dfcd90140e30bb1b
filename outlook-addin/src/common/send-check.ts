import { findSubjectTag, parseRef, tagSubject } from "../../../shared/src/subject-tag";
import type { DraftInbox, MailContext, ThreadSummary } from "./api-types";

// Written without `?:`, `?.`, `??`, spread or async: the event file bundles this, and classic
// Outlook on Windows before Version 2403 runs it as ES2016 and refuses the conditional operator.

/** What to do with a mail on send. */
export type SendDecision =
  | { kind: "allow" }
  | { kind: "tag"; subject: string; ref: string }
  | { kind: "hold"; message: string };

/** Outlook shows at most 500 characters; we keep the message short enough to read at a glance. */
export const MAX_HOLD_MESSAGE = 250;

/** A tagged subject, or mail with no recipient, needs no look-up at all. */
export function needsLookUp(subject: string, recipientCount: number): boolean {
  return findSubjectTag(subject) === null && recipientCount > 0;
}

/** The org's inboxes the draft is addressed to. */
export function addressedInboxes(context: MailContext): DraftInbox[] {
  return (context.inboxes || []).filter((inbox) => inbox.addressed);
}

/** The candidate threads of the inboxes the mail goes to: the threads it could belong to. */
export function matchingThreads(context: MailContext): ThreadSummary[] {
  const inboxes = addressedInboxes(context);
  const names = inboxes.map((inbox) => inbox.name);
  return context.candidates.filter((thread) => names.indexOf(thread.inbox.name) >= 0);
}

/**
 * The send rule: mail to one of the org's inboxes without a tag gets the tag of the one open thread
 * of its recipients; with none or several, it is held so the agent chooses. Anything else goes.
 */
export function decideSend(subject: string, context: MailContext): SendDecision {
  if (findSubjectTag(subject) !== null) return { kind: "allow" };
  const inboxes = addressedInboxes(context);
  if (inboxes.length === 0) return { kind: "allow" };
  const matches = matchingThreads(context);
  const only = matches[0];
  if (matches.length === 1 && only) {
    const number = parseRef(only.ref);
    if (number === null) return { kind: "allow" };
    // an empty subject takes the thread's, as the API's suggested subject does
    return { kind: "tag", subject: tagSubject(subject.trim() || only.subject, number), ref: only.ref };
  }
  return { kind: "hold", message: holdMessage(inboxes[0]!.address, matches.length) };
}

function holdMessage(inbox: string, matches: number): string {
  let message = `This mail goes to ${inbox} without a [THD-n] tag and no open thread matches its recipients. Open Tisket to start a thread, then send.`;
  if (matches > 1) {
    message = `This mail goes to ${inbox} without a [THD-n] tag and ${matches} open threads match its recipients. Open Tisket to choose one, then send.`;
  }
  if (message.length > MAX_HOLD_MESSAGE) message = `${message.slice(0, MAX_HOLD_MESSAGE - 1)}…`;
  return message;
}
