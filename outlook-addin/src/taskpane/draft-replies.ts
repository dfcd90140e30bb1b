import type { SavedReplyName } from "../common/api-types";
import { ApiError } from "./api-client";
import { button, el } from "./dom";
import { type Insertable, insertIntoDraft } from "./draft-body";
import type { Shell } from "./pane-shell";
import { type SuggestionActions, savedReplyPicker } from "./thread-work-views";

type DraftRepliesOptions = {
  shell: Shell;
  item: Office.MessageCompose;
  /** Reads the draft and its thread again and draws the pane anew. */
  refresh(): Promise<void>;
};

/**
 * What the compose pane offers to put into a filed draft: the org's saved replies, rendered for
 * the thread, and the thread's suggested replies; each inserted at the cursor.
 */
export function createDraftReplies({ shell, item, refresh }: DraftRepliesOptions) {
  let savedReplies: Promise<SavedReplyName[]> | null = null;
  let chosenReply: string | null = null;

  // saved replies are the org's, not the thread's: loaded once per pane, again after a failure
  function savedRepliesSection(ref: string): HTMLElement {
    const slot = el(
      "section",
      { class: "saved-replies" },
      el("h2", {}, "Insert a saved reply"),
      el("p", { class: "quiet" }, "Loading saved replies…"),
    );
    savedReplies ??= shell.api.savedReplies().then((answer) => answer.savedReplies);
    savedReplies.then(
      (replies) =>
        slot.replaceWith(
          savedReplyPicker(replies, {
            chosen: chosenReply,
            choose: (id) => {
              chosenReply = id;
            },
            insert: (reply, done) =>
              void insertReply(
                `the saved reply “${reply.name}”`,
                () => shell.api.renderSavedReply(reply.id, ref),
                done,
              ),
          }),
        ),
      (error: unknown) => {
        savedReplies = null;
        slot.replaceWith(
          el(
            "section",
            { class: "saved-replies" },
            el("h2", {}, "Insert a saved reply"),
            el(
              "p",
              { class: "problem" },
              `Saved replies couldn't be loaded. ${error instanceof Error ? error.message : ""}`,
            ),
            button("Try again", () => void refresh()),
          ),
        );
      },
    );
    return slot;
  }

  function suggestionActions(ref: string): SuggestionActions {
    return {
      insert: (reply, done) => void insertReply("the suggested reply", async () => reply, done),
      async discard(reply) {
        try {
          await shell.api.discardSuggestion(ref, reply.id);
        } catch (error) {
          // gone already (a teammate discarded it): the refresh shows that
          if (!(error instanceof ApiError && error.kind === "not_found"))
            shell.fail(error, () => void refresh());
        }
        await refresh();
      },
    };
  }

  async function insertReply(
    label: string,
    load: () => Promise<Insertable>,
    done: () => void,
  ): Promise<void> {
    try {
      await insertIntoDraft(item, await load());
      shell.notice(`Inserted ${label} into the draft.`);
    } catch (error) {
      if (error instanceof ApiError && error.kind === "not_found") {
        savedReplies = null;
        await refresh();
        shell.notice(`Tisket no longer has ${label}; the list is up to date again.`, "error");
      } else if (error instanceof ApiError) shell.fail(error, () => void refresh());
      else
        shell.notice(
          `The reply couldn't be inserted: ${error instanceof Error ? error.message : error}`,
          "error",
        );
    } finally {
      done();
    }
  }

  return { savedRepliesSection, suggestionActions };
}
