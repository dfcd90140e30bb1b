// The functions Gmail calls by name (`entry-points.ts`): the manifest's triggers and universal
// actions, and the cards' button callbacks. Each only hands over to its view and keeps any
// failure from reaching the user as anything but a card that says so.
import { problemCard } from "./cards/problem-card";
import type { Card } from "./cards/widgets";
import { ACTIONS } from "./entry-points";
import { type AddonEvent, draftRecipients } from "./events";
import { CRASH } from "./problem-text";
import { composeCardFor, startThreadAction, useThreadAction } from "./views/compose-view";
import { homeCardNow } from "./views/home-view";
import { assignToMeAction, changeStatusAction } from "./views/message-view";
import { type ActionAnswer, actionResponse, type Outcome, universalResponse } from "./views/outcome";
import { cardForPlace, currentCard } from "./views/refresh-view";
import {
  discardSuggestedReplyAction,
  insertSavedReplyAction,
  insertSuggestedReplyAction,
  showRepliesAction,
} from "./views/reply-view";
import { clearTokenAction, saveSettingsAction, settingsCardNow } from "./views/settings-view";

type UniversalAnswer = GoogleAppsScript.Card_Service.UniversalActionResponse;

export function onHomepage(event: AddonEvent): Card {
  return cardOrCrash(event, homeCardNow);
}

export function onGmailMessageOpen(event: AddonEvent): Card {
  return cardOrCrash(event, () => cardForPlace(event));
}

export function onGmailCompose(event: AddonEvent): Card {
  return cardOrCrash(event, () => composeCardFor(draftRecipients(event), ""));
}

export function onUniversalRefresh(event: AddonEvent): UniversalAnswer {
  return universalResponse(cardOrCrash(event, () => currentCard(event)));
}

export function onUniversalSettings(event: AddonEvent): UniversalAnswer {
  return universalResponse(cardOrCrash(event, settingsCardNow));
}

export function onRefresh(event: AddonEvent): ActionAnswer {
  return answerOrCrash(event, () => ({ card: currentCard(event) }));
}

export function onChangeStatus(event: AddonEvent): ActionAnswer {
  return answerOrCrash(event, () => changeStatusAction(event));
}

export function onAssignToMe(event: AddonEvent): ActionAnswer {
  return answerOrCrash(event, () => assignToMeAction(event));
}

export function onUseThread(event: AddonEvent): ActionAnswer {
  return answerOrCrash(event, () => useThreadAction(event));
}

export function onStartThread(event: AddonEvent): ActionAnswer {
  return answerOrCrash(event, () => startThreadAction(event));
}

export function onShowReplies(event: AddonEvent): ActionAnswer {
  return answerOrCrash(event, () => showRepliesAction(event));
}

export function onInsertSavedReply(event: AddonEvent): ActionAnswer {
  return answerOrCrash(event, () => insertSavedReplyAction(event));
}

export function onInsertSuggestedReply(event: AddonEvent): ActionAnswer {
  return answerOrCrash(event, () => insertSuggestedReplyAction(event));
}

export function onDiscardSuggestedReply(event: AddonEvent): ActionAnswer {
  return answerOrCrash(event, () => discardSuggestedReplyAction(event));
}

export function onShowSettings(event: AddonEvent): ActionAnswer {
  return answerOrCrash(event, () => ({ push: settingsCardNow() }));
}

export function onSaveSettings(event: AddonEvent): ActionAnswer {
  return answerOrCrash(event, () => saveSettingsAction(event));
}

export function onClearToken(event: AddonEvent): ActionAnswer {
  return answerOrCrash(event, () => clearTokenAction(event));
}

function cardOrCrash(event: AddonEvent, build: () => Card): Card {
  try {
    return build();
  } catch (error) {
    return crashCard(event, error);
  }
}

function answerOrCrash(event: AddonEvent, act: () => Outcome): ActionAnswer {
  try {
    return actionResponse(act());
  } catch (error) {
    return actionResponse({ card: crashCard(event, error) });
  }
}

/** The log gets the stack; the user gets plain words and a way to try again. */
function crashCard(event: AddonEvent, error: unknown): Card {
  console.error("Tisket add-on failed", {
    error: error instanceof Error ? (error.stack ?? error.message) : String(error),
  });
  const params = { ...(event?.commonEventObject?.parameters ?? {}) };
  return problemCard(CRASH, { action: ACTIONS.refresh, params });
}
