import type { ContextThread, Draft, SavedReplyName } from "../../../shared/src/api-types";
import { ACTIONS } from "../entry-points";
import { ago, escapeHtml, firstLines, personName } from "../format";
import { button, buttons, type Params, paragraph, type Section, section } from "./widgets";

export const SAVED_REPLY_FIELD = "savedReply";

// one row per reply reads best; past this many a menu keeps the card within Gmail's widget limit
const LISTED_REPLIES = 40;

/** "Insert a saved reply": each renders on the server for the draft's thread, then goes in at the cursor. */
export function savedRepliesSection(
  replies: SavedReplyName[],
  thread: ContextThread,
  state: Params,
): Section {
  const found = section("Insert a saved reply");
  if (replies.length === 0) {
    return found.addWidget(paragraph("Your team has no saved replies yet: an admin adds them in Tisket."));
  }
  const params = { ...state, ref: thread.ref };
  if (replies.length > LISTED_REPLIES) return savedRepliesMenu(found, replies, params);
  for (const reply of replies) {
    found.addWidget(
      CardService.newDecoratedText()
        .setText(escapeHtml(reply.name))
        .setWrapText(true)
        .setButton(
          button("Insert", { action: ACTIONS.insertSavedReply, params: { ...params, reply: reply.id } }),
        ),
    );
  }
  return found;
}

function savedRepliesMenu(found: Section, replies: SavedReplyName[], params: Params): Section {
  const menu = CardService.newSelectionInput()
    .setType(CardService.SelectionInputType.DROPDOWN)
    .setTitle("Saved reply")
    .setFieldName(SAVED_REPLY_FIELD);
  replies.forEach((reply, index) => {
    menu.addItem(reply.name, reply.id, index === 0);
  });
  return found
    .addWidget(menu)
    .addWidget(buttons(button("Insert", { action: ACTIONS.insertSavedReply, params })));
}

// a card stays short; the API gives up to ten, the web viewer has them all
const SHOWN_SUGGESTIONS = 5;

/** "Suggested replies": drafts an AI agent or a teammate kept on the thread, newest first. */
export function suggestedRepliesSection(
  given: Draft[],
  thread: ContextThread,
  state: Params,
  now: Date,
): Section | null {
  const drafts = given.slice(0, SHOWN_SUGGESTIONS);
  if (drafts.length === 0) return null;
  const found = section("Suggested replies");
  for (const draft of drafts) {
    const params = { ...state, ref: thread.ref, draft: draft.id };
    found
      .addWidget(
        CardService.newDecoratedText()
          .setTopLabel(`${personName(draft.author)} · ${ago(draft.createdAt, now)}`)
          .setText(escapeHtml(firstLines(draft.body)).replace(/\n/g, "<br>"))
          .setWrapText(true),
      )
      .addWidget(
        buttons(
          button("Insert suggested reply", { action: ACTIONS.insertSuggestedReply, params }, true),
          button("Discard", { action: ACTIONS.discardSuggestedReply, params }),
        ),
      );
  }
  const total = thread.draftCount ?? drafts.length;
  if (total > drafts.length) {
    found.addWidget(paragraph(`The newest ${drafts.length} of ${total}; the others are in Tisket.`));
  }
  return found.addWidget(paragraph("Nothing is sent: review the reply in the draft, then send it yourself."));
}
