import type { DraftView } from "../../drafts/drafts";
import type { RenderedReply } from "../../saved-replies/render-saved-reply";
import { CsrfField, type Option, Select } from "../components/form-field";
import { formatDate } from "../components/format";
import { When } from "../components/layout";
import { TextArea } from "../components/text-area";
import type { FormProps } from "./thread-side";

const CLIENT_WORDS: Record<DraftView["client"], string> = {
  api: "through the API",
  gmail: "in Gmail",
  outlook: "in Outlook",
  web: "on the web",
  mcp: "through an AI agent (MCP)",
};

/**
 * Replies drafted for the thread (by AI agents, mostly), newest first: to copy into a reply in
 * one's own mail program, or discard. Hidden while there are none; thread-live.js refreshes it.
 */
export const DraftsPanel = ({ ref, drafts, csrf }: { ref: string; drafts: DraftView[]; csrf: string }) => (
  <section class="panel drafts" id="drafts" aria-labelledby="drafts-title" hidden={drafts.length === 0}>
    <h2 id="drafts-title">Drafted replies</h2>
    <p class="muted panel-lead">Nothing here is sent: copy a draft into your reply in your mail program.</p>
    {drafts.map((draft) => (
      <article
        class="draft"
        id={`draft-${draft.id}`}
        aria-label={`Draft by ${draft.author.name || draft.author.email}`}
      >
        <header class="message-head">
          <div>
            <strong>{draft.author.name || draft.author.email}</strong>
            <span class="muted"> {CLIENT_WORDS[draft.client]}</span>
          </div>
          <When at={draft.createdAt} label={formatDate(draft.createdAt)} />
        </header>
        <div class="text-body draft-body" id={`draft-${draft.id}-body`}>
          {draft.body}
        </div>
        <div class="draft-actions">
          <button type="button" class="button-primary" data-copy-from={`draft-${draft.id}-body`}>
            Copy
          </button>
          <form method="post" action={`/admin/threads/${ref}/drafts/${draft.id}/discard`} class="inline-form">
            <CsrfField token={csrf} />
            <button type="submit" class="button-quiet">
              Discard
            </button>
          </form>
        </div>
      </article>
    ))}
  </section>
);

type SavedReplyProps = FormProps & { replies: Option[]; rendered: RenderedReply | null };

/** A saved reply filled in for this thread on the server, to copy into a reply. */
export const SavedReplyPanel = (props: SavedReplyProps) => (
  <section class="panel" id="saved-reply" aria-labelledby="saved-reply-title">
    <h2 id="saved-reply-title">Saved replies</h2>
    {props.replies.length === 0 ? (
      <p class="muted">
        No saved replies yet: <a href="/admin/saved-replies">Saved replies</a>.
      </p>
    ) : (
      <form method="get" action={`/admin/threads/${props.thread.ref}#saved-reply`} class="add-form">
        <Select
          label="Saved reply"
          name="reply"
          options={[{ value: "", label: "Choose a saved reply" }, ...props.replies]}
          value={props.rendered?.id ?? ""}
        />
        <button type="submit">Show</button>
      </form>
    )}
    {props.rendered ? (
      <div class="rendered-reply">
        <h3>{props.rendered.name}</h3>
        <div class="text-body draft-body" id="saved-reply-text">
          {props.rendered.body}
        </div>
        <div class="draft-actions">
          <button type="button" class="button-primary" data-copy-from="saved-reply-text">
            Copy
          </button>
          <span class="muted">Filled in for {props.thread.ref}: paste it into your reply.</span>
        </div>
      </div>
    ) : null}
  </section>
);

/** Add note: text for the team only; `@address` of a member mentions them, and they get an email. */
export const NoteForm = (props: FormProps & { example: string }) => (
  <section class="panel note-form" id="add-note" aria-labelledby="add-note-title">
    <h2 id="add-note-title">Internal note</h2>
    <form method="post" action={`/admin/threads/${props.thread.ref}/notes`} class="stack">
      <CsrfField token={props.csrf} />
      <TextArea
        label="Note"
        name="note"
        values={props.values}
        errors={props.errors}
        rows={3}
        hint={`Only your team sees notes; the client never does. Mention a teammate as @${props.example} and they get an email.`}
      />
      <div>
        <button type="submit" class="button-primary">
          Add note
        </button>
      </div>
    </form>
  </section>
);
