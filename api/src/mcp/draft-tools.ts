import { z } from "@hono/zod-openapi";
import { formatRef } from "../../../shared/src/subject-tag";
import { createDraft } from "../drafts/drafts";
import { DraftBodySchema } from "../drafts/schemas";
import { DraftSchema, ThreadRefSchema } from "../threads/schemas";
import { defineTool } from "./tool";

export const draftReplyTool = defineTool({
  name: "draft_reply",
  title: "Draft a reply",
  description:
    "Keeps a suggested reply (plain text, at most 100 KB) on a thread for staff to review, edit and send from Gmail or Outlook. It is never sent to the client by this tool or by Tisket; staff see it in the thread's drafts.",
  input: z.object({ thread: ThreadRefSchema, body: DraftBodySchema }),
  output: z.object({ thread: z.string().describe("The thread reference"), draft: DraftSchema }),
  // every call keeps one more draft; nothing leaves the service
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  run: async ({ deps, caller }, { thread: ref, body }) => {
    const { thread, draft } = await createDraft({ db: deps.db, caller, input: { ref, body } });
    return { thread: formatRef(thread.number), draft };
  },
  render: ({ thread, draft }) =>
    `Draft ${draft.id} kept on ${thread} for staff to review and send; nothing was sent to the client.`,
});
