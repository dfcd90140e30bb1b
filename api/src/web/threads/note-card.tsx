import type { NoteView } from "../../notes/load-notes";
import { formatDate } from "../components/format";
import { When } from "../components/layout";

/**
 * One internal note among the messages, marked so nobody mistakes it for mail; the members it
 * mentions (each was emailed) by name.
 */
export const NoteCard = ({ note, names }: { note: NoteView; names: Map<string, string> }) => (
  <article
    class="note"
    id={`note-${note.id}`}
    aria-label={`Internal note from ${note.author.name || note.author.email}`}
  >
    <header class="message-head">
      <div class="message-from">
        <strong>{note.author.name || note.author.email}</strong>
        <span class="tag tag-note">Internal note — never sent to the client</span>
      </div>
      <When at={note.createdAt} label={formatDate(note.createdAt)} />
    </header>
    <div class="text-body note-body">{note.body}</div>
    {note.mentions.length > 0 ? (
      <p class="note-mentions">
        Mentioned (emailed): {note.mentions.map((email) => names.get(email) ?? email).join(", ")}
      </p>
    ) : null}
  </article>
);
