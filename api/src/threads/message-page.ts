import { and, count, desc, eq, getTableColumns } from "drizzle-orm";
import type { Db } from "../db/client";
import { type CursorKey, cursorKeyOf, olderThan } from "../db/keyset";
import { messages } from "../db/schema";
import { badRequest } from "../errors";
import { decodeCursor, encodeCursor } from "../http/keyset-cursor";
import { type MessageView, toMessageViews } from "./thread-detail";

/**
 * The newest `limit` messages before a cursor, oldest first as a thread reads. `cursors[i]` continues
 * with the messages before `messages[i]`; `earlier` counts the messages before the page.
 */
export type MessagePage = { messages: MessageView[]; cursors: string[]; earlier: number };

export async function loadMessagePage(
  db: Db,
  threadId: string,
  window: { before?: string | undefined; limit: number },
): Promise<MessagePage> {
  const before = window.before === undefined ? null : decodeBefore(window.before);
  const rows = await db
    .select({ ...getTableColumns(messages), key: cursorKeyOf(messages.createdAt) })
    .from(messages)
    .where(
      and(
        eq(messages.threadId, threadId),
        before ? olderThan(messages.createdAt, messages.id, before) : undefined,
      ),
    )
    .orderBy(desc(messages.createdAt), desc(messages.id))
    .limit(window.limit + 1);
  const page = rows.slice(0, window.limit).reverse();
  const oldest = page[0];
  const earlier = rows.length > window.limit && oldest ? await countBefore(db, threadId, keyOf(oldest)) : 0;
  return {
    messages: await toMessageViews(db, page),
    cursors: page.map((row) => encodeCursor(keyOf(row))),
    earlier,
  };
}

const keyOf = (row: { key: string; id: string }): CursorKey => ({ at: row.key, id: row.id });

async function countBefore(db: Db, threadId: string, key: CursorKey): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(messages)
    .where(and(eq(messages.threadId, threadId), olderThan(messages.createdAt, messages.id, key)));
  return row?.n ?? 0;
}

function decodeBefore(cursor: string): CursorKey {
  try {
    return decodeCursor(cursor);
  } catch {
    throw badRequest("before: not a cursor of this thread's earlier messages");
  }
}
