import { findSubjectTag } from "../../../shared/src/subject-tag";
import { COMPOSE_PANE_COMMAND, type MailContext } from "../common/api-types";
import { addressedInboxes, decideSend, matchingThreads, needsLookUp } from "../common/send-check";
import { lookUpDraft } from "./api-call";
import { eventToken } from "./event-token";
import { clearNotice, type Draft, readDraft, setSubject, showNotice } from "./office-calls";

// Every handler ends in `event.completed`, whatever failed: an event left open blocks the draft.

/** A draft's composing presence lasts this long: an event handler cannot heartbeat. */
const COMPOSING_TTL_SECONDS = 600;

function composeItem(): Office.MessageCompose {
  return Office.context.mailbox.item as unknown as Office.MessageCompose;
}

function recipientCount(draft: Draft): number {
  return draft.to.length + draft.cc.length;
}

function lookUp(draft: Draft): Promise<MailContext | null> {
  return eventToken().then((token) => {
    if (!token) return null;
    return lookUpDraft(token, {
      client: "outlook",
      activity: "composing",
      subject: draft.subject,
      to: draft.to,
      cc: draft.cc,
      ttlSeconds: COMPOSING_TTL_SECONDS,
    });
  });
}

function log(what: string, error: unknown): void {
  let message = String(error);
  if (error instanceof Error) message = error.message;
  console.error(`Tisket ${what}:`, message);
}

/** A new message, reply or forward: a reply in a thread marks the agent composing there. */
export function onNewMessageCompose(event: Office.MailboxEvent): void {
  readDraft(composeItem())
    .then((draft) => {
      if (findSubjectTag(draft.subject) === null) return null;
      return lookUp(draft);
    })
    .then((context) => {
      if (context && context.thread) {
        return showNotice(
          composeItem(),
          `Tisket: replying in ${context.thread.ref}, ${context.thread.subject}`,
        );
      }
      return undefined;
    })
    .catch((error: unknown) => log("new message", error))
    .then(() => event.completed());
}

/** Recipients changed: say in the message bar what sending will do, before the agent presses Send. */
export function onMessageRecipientsChanged(event: Office.MailboxEvent): void {
  const item = composeItem();
  readDraft(item)
    .then((draft) => {
      if (!needsLookUp(draft.subject, recipientCount(draft))) return clearNotice(item);
      return lookUp(draft).then((context) => {
        const notice = recipientsNotice(draft, context);
        if (notice === null) return clearNotice(item);
        return showNotice(item, notice);
      });
    })
    .catch((error: unknown) => log("recipients", error))
    .then(() => event.completed());
}

function recipientsNotice(draft: Draft, context: MailContext | null): string | null {
  if (context === null) {
    if (!toOurDomain(draft)) return null;
    return "Tisket can't be reached: this mail will be sent without a thread tag.";
  }
  if (addressedInboxes(context).length === 0) return null;
  const matches = matchingThreads(context);
  const only = matches[0];
  if (matches.length === 1 && only) return `Tisket will file this mail in ${only.ref}, ${only.subject}.`;
  if (matches.length > 1)
    return `${matches.length} open threads match these recipients: choose one in Tisket.`;
  return "No open thread matches these recipients: start one in Tisket before sending.";
}

// without the API, our own inbound domain is the one sign that the mail is for an inbox
function toOurDomain(draft: Draft): boolean {
  const suffix = `@${TISKET_ADDIN.inboundDomain}`.toLowerCase();
  return draft.to.concat(draft.cc).some((email) => email.toLowerCase().slice(-suffix.length) === suffix);
}

/**
 * Smart Alert (SoftBlock): mail to an inbox without a tag gets the one matching thread's tag, or is
 * held so the agent chooses. Tagged mail, mail to no inbox, and any failure of ours let it go.
 */
export function onMessageSend(event: Office.MailboxEvent): void {
  const item = composeItem();
  readDraft(item)
    .then((draft) => {
      if (!needsLookUp(draft.subject, recipientCount(draft))) return allow(event);
      return lookUp(draft).then((context) => {
        if (context === null) return allow(event);
        const decision = decideSend(draft.subject, context);
        if (decision.kind === "tag") return setSubject(item, decision.subject).then(() => allow(event));
        if (decision.kind === "hold") return hold(event, decision.message);
        return allow(event);
      });
    })
    .catch((error: unknown) => {
      log("send check", error);
      allow(event);
    });
}

function allow(event: Office.MailboxEvent): void {
  event.completed({ allowEvent: true });
}

function hold(event: Office.MailboxEvent, message: string): void {
  const options: Office.SmartAlertsEventCompletedOptions = { allowEvent: false, errorMessage: message };
  // the button that opens the pane came with Mailbox 1.14; older clients show the message alone
  if (Office.context.requirements.isSetSupported("Mailbox", "1.14")) {
    options.cancelLabel = "Open Tisket";
    options.commandId = COMPOSE_PANE_COMMAND;
  }
  event.completed(options);
}
