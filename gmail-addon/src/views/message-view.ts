import type { Presence, ThreadStatus, ThreadSummary } from "../../../shared/src/api-types";
import { assignToMe, changeStatus, loadContext } from "../api";
import { messageState, readMail, readPresence } from "../card-state";
import { problemCard } from "../cards/problem-card";
import { notSupportCard } from "../cards/quiet-card";
import { assignedNotice, statusNotice, threadCard } from "../cards/thread-card";
import type { Card } from "../cards/widgets";
import { ACTIONS } from "../entry-points";
import { type AddonEvent, parameter } from "../events";
import { lookAt, type OpenMessage } from "../open-message";
import type { Answer } from "../problems";
import { gmailUser } from "../settings";
import type { Outcome } from "./outcome";

const STATUSES: readonly string[] = ["open", "in_progress", "resolved", "closed"];
const isStatus = (value: string): value is ThreadStatus => STATUSES.includes(value);

/** The card for an open message: one context call, then its thread or the quiet card. */
export function messageCard(mail: OpenMessage): Card {
  const answer = loadContext(lookAt(mail));
  if (!answer.ok)
    return problemCard(answer.problem, { action: ACTIONS.refresh, params: messageState(mail, []) });
  const { thread, presence } = answer.value;
  return thread ? threadCardFor(thread, presence, mail) : notSupportCard(mail);
}

function threadCardFor(thread: ThreadSummary, presence: Presence[], mail: OpenMessage): Card {
  return threadCard({ thread, presence, mail, me: gmailUser(), now: new Date() });
}

/** A status button: the change through the API, the card rebuilt from its answer. */
export function changeStatusAction(event: AddonEvent): Outcome {
  const status = parameter(event, "status");
  if (!isStatus(status)) return { notice: "That status is unknown to this add-on." };
  return updateFrom(event, ACTIONS.changeStatus, (ref) => changeStatus(ref, status), statusNotice);
}

export function assignToMeAction(event: AddonEvent): Outcome {
  return updateFrom(event, ACTIONS.assignToMe, assignToMe, assignedNotice);
}

function updateFrom(
  event: AddonEvent,
  self: typeof ACTIONS.changeStatus | typeof ACTIONS.assignToMe,
  update: (ref: string) => Answer<{ thread: ThreadSummary }>,
  notice: (thread: ThreadSummary) => string,
): Outcome {
  const mail = readMail(event);
  const ref = parameter(event, "ref");
  if (!mail || !ref) return { notice: "This card is out of date: open the message again." };
  const answer = update(ref);
  if (!answer.ok) {
    const retry = { action: self, params: event.commonEventObject.parameters };
    return { card: problemCard(answer.problem, retry) };
  }
  const { thread } = answer.value;
  // the card cannot ask again without a second call: others present stay as the card last saw them
  return { card: threadCardFor(thread, readPresence(event), mail), notice: notice(thread), changed: true };
}
