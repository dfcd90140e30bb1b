/**
 * Every function Gmail calls by name: the manifest's triggers and universal actions, and the
 * callbacks of the cards' buttons. `index.ts` defines exactly these, as globals of the bundle.
 */
export const TRIGGERS = {
  homepage: "onHomepage",
  messageOpen: "onGmailMessageOpen",
  compose: "onGmailCompose",
  universalRefresh: "onUniversalRefresh",
  universalSettings: "onUniversalSettings",
} as const;

export const ACTIONS = {
  refresh: "onRefresh",
  changeStatus: "onChangeStatus",
  assignToMe: "onAssignToMe",
  useThread: "onUseThread",
  startThread: "onStartThread",
  showReplies: "onShowReplies",
  insertSavedReply: "onInsertSavedReply",
  insertSuggestedReply: "onInsertSuggestedReply",
  discardSuggestedReply: "onDiscardSuggestedReply",
  showSettings: "onShowSettings",
  saveSettings: "onSaveSettings",
  clearToken: "onClearToken",
} as const;

export type ActionName = (typeof ACTIONS)[keyof typeof ACTIONS];

export const ENTRY_POINTS: readonly string[] = [...Object.values(TRIGGERS), ...Object.values(ACTIONS)];
