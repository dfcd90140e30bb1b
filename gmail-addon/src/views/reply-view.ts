import { parseRef } from "../../../shared/src/subject-tag";
import { discardDraft, draftForReply, renderSavedReply } from "../api";
import { readFocus, readRecipients } from "../card-state";
import { SUBJECT_FIELD } from "../cards/compose-card";
import { SAVED_REPLY_FIELD } from "../cards/reply-sections";
import { type AddonEvent, formValue, parameter } from "../events";
import { problemNotice } from "../problem-text";
import type { Problem } from "../problems";
import { composeCardFor } from "./compose-view";
import type { Outcome } from "./outcome";

const OUT_OF_DATE = { notice: "This card is out of date: open it again." };

/** "Replies for THD-7": the draft's card for that thread, its saved and suggested replies. */
export function showRepliesAction(event: AddonEvent): Outcome {
  const ref = parameter(event, "ref");
  const recipients = readRecipients(event);
  if (parseRef(ref) === null || !recipients) return OUT_OF_DATE;
  return { card: composeCardFor(recipients, formValue(event, SUBJECT_FIELD), ref) };
}

/** A saved reply filled in on the server for the draft's thread, inserted where the cursor is. */
export function insertSavedReplyAction(event: AddonEvent): Outcome {
  const ref = parameter(event, "ref");
  const id = parameter(event, "reply") || formValue(event, SAVED_REPLY_FIELD);
  if (parseRef(ref) === null || !id) return OUT_OF_DATE;
  const rendered = renderSavedReply(id, ref);
  if (!rendered.ok)
    return { notice: goneOr(rendered.problem, "That saved reply was deleted: Refresh the card.") };
  return { draft: bodyInsert(rendered.value.html) };
}

/** A suggested reply as it stands now, inserted where the cursor is; never sent by Tisket. */
export function insertSuggestedReplyAction(event: AddonEvent): Outcome {
  const ref = parameter(event, "ref");
  const id = parameter(event, "draft");
  if (parseRef(ref) === null || !id) return OUT_OF_DATE;
  const found = draftForReply(ref, id);
  if (!found.ok)
    return { notice: goneOr(found.problem, "That suggested reply was discarded: Refresh the card.") };
  return { draft: bodyInsert(found.value.html) };
}

/** Throws a suggestion away for the whole team, and shows the thread's others. */
export function discardSuggestedReplyAction(event: AddonEvent): Outcome {
  const ref = parameter(event, "ref");
  const id = parameter(event, "draft");
  const recipients = readRecipients(event);
  if (parseRef(ref) === null || !id || !recipients) return OUT_OF_DATE;
  const discarded = discardDraft(ref, id);
  // already gone is what the agent wanted: show the card as it is now
  if (!discarded.ok && discarded.problem.kind !== "not_found")
    return { notice: problemNotice(discarded.problem) };
  const card = composeCardFor(recipients, formValue(event, SUBJECT_FIELD), readFocus(event) ?? ref);
  return { card, notice: "Suggested reply discarded.", changed: true };
}

const goneOr = (problem: Problem, gone: string) =>
  problem.kind === "not_found" ? gone : problemNotice(problem);

/**
 * Inserts at the cursor, replacing a selection, as editable HTML: the HTML is the API's, every
 * character of the text escaped there, so nothing the client or an agent wrote becomes markup.
 */
function bodyInsert(html: string): GoogleAppsScript.Card_Service.UpdateDraftActionResponse {
  const body = CardService.newUpdateDraftBodyAction()
    .addUpdateContent(html, CardService.ContentType.MUTABLE_HTML)
    .setUpdateType(CardService.UpdateDraftBodyType.IN_PLACE_INSERT);
  return CardService.newUpdateDraftActionResponseBuilder().setUpdateDraftBodyAction(body).build();
}
