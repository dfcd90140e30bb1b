import { formatRef } from "../../../shared/src/subject-tag";
import type { MemberCaller } from "../auth/caller";
import type { Db } from "../db/client";
import { requireThreadByRef } from "../threads/thread-lookup";
import { fillPlaceholders, textToHtml } from "./placeholders";
import { requireSavedReply } from "./saved-replies";

export type RenderedReply = { id: string; name: string; body: string; html: string };

/** A saved reply filled in for one of the org's threads, as the caller would send it. */
export async function renderSavedReply(
  db: Db,
  caller: MemberCaller,
  input: { id: string; thread: string },
): Promise<RenderedReply> {
  const reply = await requireSavedReply(db, caller.org.id, input.id);
  const thread = await requireThreadByRef(db, caller.org.id, input.thread);
  const body = fillPlaceholders(reply.body, {
    "client.name": thread.clientName,
    "client.email": thread.clientEmail,
    "thread.ref": formatRef(thread.number),
    "member.name": caller.member.name || caller.member.email,
  });
  return { id: reply.id, name: reply.name, body, html: textToHtml(body) };
}
