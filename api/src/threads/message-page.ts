import type { Db } from "../db/client";
import type { CursorKey } from "../db/keyset";
import { badRequest } from "../errors";
import { decodeCursor, encodeCursor } from "../http/keyset-cursor";
import { countMessagesBefore, selectMessagesBefore } from "./statements/messages";
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
  const rows = await selectMessagesBefore(db, threadId, before, window.limit + 1);
  const page = rows.slice(0, window.limit).reverse();
  const oldest = page[0];
  const earlier =
    rows.length > window.limit && oldest ? await countMessagesBefore(db, threadId, keyOf(oldest)) : 0;
  return {
    messages: await toMessageViews(db, page),
    cursors: page.map((row) => encodeCursor(keyOf(row))),
    earlier,
  };
}

const keyOf = (row: { key: string; id: string }): CursorKey => ({ at: row.key, id: row.id });

function decodeBefore(cursor: string): CursorKey {
  try {
    return decodeCursor(cursor);
  } catch {
    throw badRequest("before: not a cursor of this thread's earlier messages");
  }
}
