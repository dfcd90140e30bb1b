import { parseAddress } from "../../../shared/src/addresses";
import type { DraftInbox } from "../../../shared/src/api-types";
import { findSubjectTag, parseRef, tagSubject } from "../../../shared/src/subject-tag";
import { loadContext, markComposing, startThread } from "../api";
import { composeState, readRecipients } from "../card-state";
import { CLIENT_FIELD, composeCard, INBOX_FIELD, SUBJECT_FIELD } from "../cards/compose-card";
import { problemCard } from "../cards/problem-card";
import type { Card } from "../cards/widgets";
import { ccWithInbox } from "../compose-draft";
import { ACTIONS } from "../entry-points";
import { type AddonEvent, formValue, jsonParameter, parameter, type Recipients } from "../events";
import { isRecord } from "../http";
import { problemNotice } from "../problem-text";
import type { Outcome } from "./outcome";

/**
 * The compose card: one context call with the draft's recipients, composing. The draft's thread is
 * the one asked for (`focus`), else the one a typed `[THD-n]` names; the call records the agent
 * composing there and answers its suggested replies and the saved replies.
 */
export function composeCardFor(recipients: Recipients, subject: string, focus: string | null = null): Card {
  const number = focus ? parseRef(focus) : null;
  const lookup = number === null ? subject : tagSubject(subject, number);
  const answer = loadContext({
    activity: "composing",
    ...(findSubjectTag(lookup) === null ? {} : { subject: lookup }),
    to: recipients.to,
    cc: [...recipients.cc, ...recipients.bcc],
  });
  if (!answer.ok) {
    return problemCard(answer.problem, { action: ACTIONS.refresh, params: composeState(recipients, focus) });
  }
  const { candidates, inboxes = [], savedReplies = [], thread } = answer.value;
  return composeCard({
    recipients,
    candidates,
    inboxes,
    subject,
    now: new Date(),
    savedReplies,
    thread,
    drafts: thread?.drafts ?? [],
    focus,
  });
}

/**
 * "Use THD-7": the draft's subject becomes `[THD-7] subject` (what the agent typed, else the
 * thread's), the thread's inbox joins Cc if missing, and teammates see the agent composing.
 */
export function useThreadAction(event: AddonEvent): Outcome {
  const ref = parameter(event, "ref");
  const number = parseRef(ref);
  const recipients = readRecipients(event);
  const inbox = jsonParameter(event, "inbox", isInboxAddress);
  if (number === null || !recipients || !inbox) return { notice: "This card is out of date: open it again." };
  const subject = formValue(event, SUBJECT_FIELD) || parameter(event, "threadSubject");
  const marked = markComposing(ref);
  if (!marked.ok && marked.problem.kind !== "unreachable" && marked.problem.kind !== "server") {
    return { notice: problemNotice(marked.problem) };
  }
  // the tag is what files the mail; a presence Tisket could not record is not worth losing it for
  return { draft: draftUpdate(tagSubject(subject, number), ccWithInbox(recipients, inbox)) };
}

/** "Start a new thread": numbered now, so the draft carries its tag from the first mail. */
export function startThreadAction(event: AddonEvent): Outcome {
  const recipients = readRecipients(event);
  const inboxes = jsonParameter(event, "inboxes", isInboxList);
  if (!recipients || !inboxes) return { notice: "This card is out of date: open it again." };
  const subject = formValue(event, SUBJECT_FIELD);
  if (!subject) return { notice: "Type the subject first: it becomes the thread's subject." };
  const inbox = inboxes.find((candidate) => candidate.name === formValue(event, INBOX_FIELD));
  const client = parseAddress(formValue(event, CLIENT_FIELD));
  if (!inbox || !client) return { notice: "Choose the inbox and the client of the new thread." };
  const name = clientName(recipients, client.email);
  const started = startThread({
    inbox: inbox.name,
    clientEmail: client.email,
    subject,
    ...(name ? { clientName: name } : {}),
  });
  if (!started.ok) return { notice: problemNotice(started.problem) };
  const { thread, subject: tagged } = started.value;
  const marked = markComposing(thread.ref);
  if (!marked.ok) console.warn("composing not recorded", { ref: thread.ref, problem: marked.problem.kind });
  return { draft: draftUpdate(tagged, ccWithInbox(recipients, inbox)) };
}

function draftUpdate(
  subject: string,
  cc: string[] | null,
): GoogleAppsScript.Card_Service.UpdateDraftActionResponse {
  const update = CardService.newUpdateDraftActionResponseBuilder().setUpdateDraftSubjectAction(
    CardService.newUpdateDraftSubjectAction().addUpdateSubject(subject),
  );
  if (cc) {
    update.setUpdateDraftCcRecipientsAction(
      CardService.newUpdateDraftCcRecipientsAction().addUpdateCcRecipients(cc),
    );
  }
  return update.build();
}

/** The name the agent's draft gives the client, if it gives one. */
function clientName(recipients: Recipients, email: string): string {
  const typed = [...recipients.to, ...recipients.cc, ...recipients.bcc]
    .map(parseAddress)
    .find((address) => address?.email === email);
  return typed?.name ?? "";
}

type InboxAddress = Pick<DraftInbox, "address" | "customAddress">;

function isInboxAddress(value: unknown): value is InboxAddress {
  return (
    isRecord(value) &&
    typeof value.address === "string" &&
    (value.customAddress === null || typeof value.customAddress === "string")
  );
}

function isInboxList(value: unknown): value is DraftInbox[] {
  return (
    Array.isArray(value) &&
    value.every((item) => isRecord(item) && typeof item.name === "string" && isInboxAddress(item))
  );
}
