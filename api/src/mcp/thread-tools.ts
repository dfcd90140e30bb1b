import { z } from "@hono/zod-openapi";
import { listThreads, resolveAssignee } from "../threads/list-threads";
import {
  ThreadListQuerySchema,
  ThreadListSchema,
  ThreadRefSchema,
  ThreadStatusSchema,
  ThreadSummarySchema,
} from "../threads/schemas";
import { updateThread } from "../threads/update-thread";
import { AgentThreadSchema, GetThreadInputSchema, loadAgentThread } from "./agent-thread";
import { renderSummary, renderThreadList } from "./render";
import { renderThread } from "./render-thread";
import { defineTool } from "./tool";

export const listThreadsTool = defineTool({
  name: "list_threads",
  title: "List threads",
  description:
    "The organization's client threads, newest activity first, as on GET /api/v1/threads: filter by inbox, status, assignee (a member's email, me or none), a search text q, or a linked ticket; page on with nextCursor.",
  input: ThreadListQuerySchema,
  output: ThreadListSchema,
  annotations: { readOnlyHint: true, openWorldHint: false },
  run: ({ deps, caller, scope }, query) => listThreads(deps.db, scope, resolveAssignee(query, caller.member)),
  render: renderThreadList,
});

export const getThreadTool = defineTool({
  name: "get_thread",
  title: "Read a thread",
  description:
    "One thread (THD-42) with its messages as plain text (no HTML; quoted earlier mail cut off replies), its linked tickets, drafted replies and history. Long threads come in pages from the newest: at most `limit` messages and about 50,000 characters, oldest first; earlierMessages.before continues with the messages before them.",
  input: GetThreadInputSchema,
  output: z.object({ thread: AgentThreadSchema }),
  annotations: { readOnlyHint: true, openWorldHint: false },
  run: async (context, input) => ({ thread: await loadAgentThread(context, input) }),
  render: ({ thread }) => renderThread(thread),
});

const StatusChangeSchema = z.object({
  thread: ThreadSummarySchema,
  previousStatus: ThreadStatusSchema,
  changed: z.boolean().describe("false when the thread had this status already: nothing was recorded"),
});

export const updateThreadStatusTool = defineTool({
  name: "update_thread_status",
  title: "Change a thread's status",
  description:
    "Sets a thread's status to open, in_progress, resolved or closed. The change is recorded in the thread's history as made by you through MCP. Nothing is sent to the client.",
  input: z.object({ thread: ThreadRefSchema, status: ThreadStatusSchema }),
  output: StatusChangeSchema,
  // an update, not a loss: the history keeps every earlier status and any status can be set again
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  run: async ({ deps, caller }, { thread: ref, status }) => {
    const { thread, changes } = await updateThread({ deps, caller, input: { ref, status } });
    const change = changes.find((each) => each.field === "status");
    const previousStatus = change ? ThreadStatusSchema.parse(change.from) : thread.status;
    return { thread, previousStatus, changed: change !== undefined };
  },
  render: ({ thread, previousStatus, changed }) =>
    changed
      ? `${thread.ref} is now ${thread.status} (was ${previousStatus}).\n${renderSummary(thread)}`
      : `${thread.ref} was ${thread.status} already; nothing changed.`,
});
