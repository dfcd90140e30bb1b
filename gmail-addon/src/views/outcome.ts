import type { Card } from "../cards/widgets";

/** What a button's callback answers: a card in place of the current one, a notice, or a draft change. */
export type Outcome =
  | { card: Card; notice?: string; changed?: boolean }
  | { push: Card }
  | { notice: string }
  | { draft: GoogleAppsScript.Card_Service.UpdateDraftActionResponse };

export type ActionAnswer =
  | GoogleAppsScript.Card_Service.ActionResponse
  | GoogleAppsScript.Card_Service.UpdateDraftActionResponse;

/** The response Gmail expects from an action: the card replaced in place, never the add-on reloaded. */
export function actionResponse(outcome: Outcome): ActionAnswer {
  if ("draft" in outcome) return outcome.draft;
  const builder = CardService.newActionResponseBuilder();
  if ("push" in outcome)
    return builder.setNavigation(CardService.newNavigation().pushCard(outcome.push)).build();
  if ("card" in outcome) {
    builder.setNavigation(CardService.newNavigation().updateCard(outcome.card));
    if (outcome.changed) builder.setStateChanged(true);
  }
  if (outcome.notice) builder.setNotification(CardService.newNotification().setText(outcome.notice));
  return builder.build();
}

/** A universal action's response: the cards it shows. */
export function universalResponse(card: Card): GoogleAppsScript.Card_Service.UniversalActionResponse {
  return CardService.newUniversalActionResponseBuilder().displayAddOnCards([card]).build();
}
