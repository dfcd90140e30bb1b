import { z } from "@hono/zod-openapi";
import { loadMessagePage } from "../threads/message-page";
import { MessageSchema, ThreadDetailSchema, ThreadRefSchema } from "../threads/schemas";
import { loadThreadWithoutMessages, type MessageView } from "../threads/thread-detail";
import { requireThreadByRef } from "../threads/thread-lookup";
import { messageText } from "./message-text";
import type { ToolContext } from "./tool";

/** About what one get_thread answer holds of message text: some 12k tokens, room left to think. */
export const PAGE_CHARACTERS = 50_000;

export const MessageTextSchema = MessageSchema.omit({ html: true }).extend({
  text: z
    .string()
    .describe(
      "The message as plain text: HTML turned into text, quoted lines marked with >, a reply's quoted earlier mail cut off",
    ),
  quotedHistoryTrimmed: z.boolean().describe("The quoted earlier mail at the end of this reply was left out"),
  truncatedCharacters: z.number().int().describe("Characters cut off the end of a very long message"),
});

export const GetThreadInputSchema = z.object({
  thread: ThreadRefSchema,
  before: z
    .string()
    .max(300)
    .optional()
    .describe("earlierMessages.before of a previous answer: the page of messages before those"),
  limit: z.number().int().min(1).max(50).default(20).describe("Messages per page (newest first)"),
});

/** The thread detail of the REST API, its messages as text and paged from the newest. */
export const AgentThreadSchema = ThreadDetailSchema.omit({ messages: true }).extend({
  messages: z.array(MessageTextSchema).describe("Oldest first: the newest page, or the page before `before`"),
  earlierMessages: z.object({
    count: z.number().int().describe("Messages before this page"),
    before: z.string().nullable().describe("Pass as `before` to read them; null when there are none"),
  }),
});

export type AgentThread = z.output<typeof AgentThreadSchema>;
type MessageTextView = z.output<typeof MessageTextSchema>;

/**
 * A thread of the caller's org for an agent: the newest messages that fit `limit` and about
 * PAGE_CHARACTERS of text (always at least one), and a cursor to the messages before them.
 */
export async function loadAgentThread(
  { deps, caller, scope }: ToolContext,
  input: z.output<typeof GetThreadInputSchema>,
): Promise<AgentThread> {
  const thread = await requireThreadByRef(deps.db, caller.org.id, input.thread);
  const [rest, page] = await Promise.all([
    loadThreadWithoutMessages(deps.db, scope, thread.id),
    loadMessagePage(deps.db, thread.id, { before: input.before, limit: input.limit }),
  ]);
  const texts = page.messages.map((message, index) =>
    toMessageText(message, { keepHistory: page.earlier === 0 && index === 0 }),
  );
  const kept = newestWithin(texts, PAGE_CHARACTERS);
  const dropped = texts.length - kept.length;
  const earlier = page.earlier + dropped;
  return {
    ...rest,
    messages: kept,
    earlierMessages: { count: earlier, before: earlier > 0 ? page.cursors[dropped]! : null },
  };
}

function toMessageText(message: MessageView, options: { keepHistory: boolean }): MessageTextView {
  const { html: _html, text: _text, ...rest } = message;
  return { ...rest, ...messageText(message, options) };
}

function newestWithin(messages: MessageTextView[], budget: number): MessageTextView[] {
  let used = 0;
  let first = messages.length;
  while (first > 0) {
    const size = messages[first - 1]!.text.length;
    if (first < messages.length && used + size > budget) break;
    used += size;
    first -= 1;
  }
  return messages.slice(first);
}
