import { messageState } from "../card-state";
import { ACTIONS } from "../entry-points";
import type { OpenMessage } from "../open-message";
import { button, buttons, type Card, card, paragraph, section } from "./widgets";

/** Mail that belongs to no thread: said quietly, since most mail is not support mail. */
export function notSupportCard(mail: OpenMessage): Card {
  return card("Tisket Threads", "Not a support thread", [
    section()
      .addWidget(paragraph("This email is not part of a Tisket thread."))
      .addWidget(buttons(button("Refresh", { action: ACTIONS.refresh, params: messageState(mail, []) }))),
  ]);
}
