import { readFocus, readMail, readRecipients, viewOf } from "../card-state";
import { SUBJECT_FIELD } from "../cards/compose-card";
import type { Card } from "../cards/widgets";
import { type AddonEvent, draftRecipients, formValue } from "../events";
import { readOpenMessage } from "../open-message";
import { composeCardFor } from "./compose-view";
import { homeCardNow } from "./home-view";
import { messageCard } from "./message-view";
import { settingsCardNow } from "./settings-view";

/**
 * The card the user is on, built again: from what its buttons carry, else from where Gmail is
 * (a universal action or a Try again after a failure knows only the event).
 */
export function currentCard(event: AddonEvent): Card {
  switch (viewOf(event)) {
    case "message": {
      const mail = readMail(event);
      if (mail) return messageCard(mail);
      break;
    }
    case "compose": {
      const recipients = readRecipients(event);
      if (recipients) return composeCardFor(recipients, formValue(event, SUBJECT_FIELD), readFocus(event));
      break;
    }
    case "settings":
      return settingsCardNow();
    case "home":
      return homeCardNow();
  }
  return cardForPlace(event);
}

/** The card for where Gmail is: a draft, an open message, or nothing open. */
export function cardForPlace(event: AddonEvent): Card {
  const gmail = event.gmail;
  if (gmail && (Array.isArray(gmail.toRecipients) || Array.isArray(gmail.ccRecipients))) {
    return composeCardFor(draftRecipients(event), formValue(event, SUBJECT_FIELD));
  }
  if (gmail?.messageId && gmail.accessToken) return messageCard(readOpenMessage(gmail));
  return homeCardNow();
}
