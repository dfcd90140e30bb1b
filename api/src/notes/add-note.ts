import { formatRef } from "../../../shared/src/subject-tag";
import { auditActorOf, recordAudit } from "../audit/record-audit";
import type { MemberCaller } from "../auth/caller";
import type { Db } from "../db/client";
import type { Member, Thread } from "../db/schema";
import type { Deps } from "../deps";
import { noteEventData } from "../events/payloads";
import { publishEvent } from "../events/publish";
import { publicUrl } from "../http/public-url";
import { checkedText } from "../http/text-size";
import { queueMail } from "../outbox/outbox.statements";
import { requireThreadByRef } from "../threads/thread-lookup";
import { type NoteView, toNoteView } from "./load-notes";
import { buildMentionEmail } from "./mention-email";
import { mentionedAddresses } from "./mentions";
import { insertNote, selectMembersByEmail } from "./notes.statements";
import { NOTE_MAX_BYTES } from "./schemas";

export type NoteInput = { ref: string; body: string };
type NoteDeps = Pick<Deps, "db" | "config" | "clock" | "wakeOutbox">;

/**
 * Adds an internal note to the org's thread as a member. Every member it mentions (but its author)
 * is emailed through the outbox, in the transaction that keeps the note; an address that is no
 * member's stays plain text. Live subscribers of the thread hear of the note.
 */
export async function addNote({
  deps,
  caller,
  input,
}: {
  deps: NoteDeps;
  caller: MemberCaller;
  input: NoteInput;
}): Promise<NoteView> {
  const now = deps.clock.now();
  const body = checkedText("body", input.body, NOTE_MAX_BYTES);
  const { note, emailed } = await deps.db.transaction(async (tx) => {
    const thread = await requireThreadByRef(tx, caller.org.id, input.ref);
    const mentioned = await orgMembersByEmail(tx, caller.org.id, mentionedAddresses(body));
    const note = await insertNote(tx, {
      orgId: caller.org.id,
      threadId: thread.id,
      authorId: caller.member.id,
      authorEmail: caller.member.email,
      body,
      mentions: mentioned.map((member) => member.email),
      createdAt: now,
    });
    const recipients = mentioned.filter((member) => member.id !== caller.member.id);
    await queueMentionEmails(tx, deps, { caller, thread, body, recipients, now });
    await recordAudit(tx, {
      orgId: caller.org.id,
      kind: "note_added",
      by: auditActorOf(caller),
      target: formatRef(thread.number),
      detail: { noteId: note.id, mentions: note.mentions },
      at: now,
    });
    await announce(tx, thread, note, caller);
    return { note, emailed: recipients.length };
  });
  if (emailed > 0) deps.wakeOutbox();
  return toNoteView(note, caller.member.name);
}

async function orgMembersByEmail(db: Db, orgId: string, emails: string[]): Promise<Member[]> {
  if (emails.length === 0) return [];
  const found = await selectMembersByEmail(db, orgId, emails);
  // in the order the note names them
  return emails.flatMap((email) => found.filter((member) => member.email === email));
}

async function queueMentionEmails(
  db: Db,
  deps: NoteDeps,
  mention: { caller: MemberCaller; thread: Thread; body: string; recipients: Member[]; now: Date },
) {
  const { caller, thread, now } = mention;
  await queueMail(
    db,
    mention.recipients.map((member) => ({
      orgId: caller.org.id,
      kind: "mention" as const,
      recipient: member.email,
      email: buildMentionEmail({
        author: { email: caller.member.email, name: caller.member.name },
        orgName: caller.org.name,
        recipient: member.email,
        thread,
        body: mention.body,
        publicUrl: publicUrl(deps.config),
        inboundDomain: deps.config.INBOUND_DOMAIN,
      }),
      nextAttemptAt: now,
      createdAt: now,
    })),
  );
}

async function announce(
  db: Db,
  thread: Thread,
  note: { id: string; mentions: string[] },
  caller: MemberCaller,
) {
  await publishEvent(db, {
    orgId: thread.orgId,
    threadId: thread.id,
    type: "note",
    data: noteEventData(thread.number, {
      noteId: note.id,
      author: { email: caller.member.email, name: caller.member.name },
      mentions: note.mentions,
    }),
  });
}
