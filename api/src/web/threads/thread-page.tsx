import type { Presence } from "../../presence/presence-types";
import type { RenderedReply } from "../../saved-replies/render-saved-reply";
import type { ThreadDetail } from "../../threads/thread-detail";
import type { Option } from "../components/form-field";
import { formatPerson, PRIORITY_LABELS, STATUS_LABELS } from "../components/format";
import type { FieldErrors, FormValues } from "../http/forms";
import { History } from "./history-list";
import { MessageCard, type MessageDisplay } from "./message-card";
import { NoteCard } from "./note-card";
import { presenceText } from "./presence-text";
import { DraftsPanel, NoteForm, SavedReplyPanel } from "./reply-tools";
import { responseTargets } from "./response-targets";
import { TagsPanel, TargetList, ThreadForm, TicketsPanel } from "./thread-side";

export type { MessageDisplay } from "./message-card";

export type ThreadPageProps = {
  thread: ThreadDetail;
  display: Map<string, MessageDisplay>;
  presence: Presence[];
  members: Option[];
  /** members' names by address, for the notes' mentions */
  names: Map<string, string>;
  savedReplies: Option[];
  rendered: RenderedReply | null;
  me: { email: string };
  csrf: string;
  now: Date;
  /** the newest live event when the page was made: its script resumes the stream after it */
  resumeAfter: number;
  errors?: FieldErrors | undefined;
  values?: FormValues | undefined;
};

/** Who else is here; thread-live.js keeps the list current. */
export const PresenceList = ({ presence }: { presence: Presence[] }) => (
  <section class="presence" aria-labelledby="presence-title">
    <h2 id="presence-title">Here now</h2>
    <ul id="presence-list" aria-live="polite">
      {presence.length === 0 ? (
        <li class="muted presence-empty">Nobody else is looking at this thread.</li>
      ) : (
        presence.map((p) => <li class={`presence-${p.activity}`}>{presenceText(p)}</li>)
      )}
    </ul>
  </section>
);

/** Messages and internal notes in the order they were written (a message first at the same instant). */
const Timeline = (props: ThreadPageProps) => {
  const { thread } = props;
  const entries = [
    ...thread.messages.map((message) => ({ at: message.createdAt, order: 0, message })),
    ...thread.notes.map((note) => ({ at: note.createdAt, order: 1, note })),
  ].sort((a, b) => a.at.localeCompare(b.at) || a.order - b.order);
  return (
    <div class="timeline" id="timeline">
      {thread.messages.length === 0 ? <p class="empty">No messages yet.</p> : null}
      {entries.map((entry) =>
        "message" in entry ? (
          <MessageCard
            message={entry.message}
            thread={thread}
            display={props.display.get(entry.message.id)!}
          />
        ) : (
          <NoteCard note={entry.note} names={props.names} />
        ),
      )}
    </div>
  );
};

const ThreadHead = ({ thread, now }: { thread: ThreadDetail; now: Date }) => (
  <div class="thread-head">
    <h1>{thread.subject}</h1>
    <p class="thread-facts">
      <span class="ref">{thread.ref}</span>
      <span id="thread-status" class={`status status-${thread.status}`}>
        {STATUS_LABELS[thread.status]}
      </span>
      {thread.priority === "normal" ? null : (
        <span class={`priority priority-${thread.priority}`}>{PRIORITY_LABELS[thread.priority]}</span>
      )}
      <span>
        Client: <strong>{formatPerson(thread.client)}</strong>
      </span>
      <span class="muted">Inbox {thread.inbox.address}</span>
    </p>
    <TargetList targets={responseTargets(thread, now)} />
  </div>
);

// the teammate a mention example names: someone else, when there is anyone
const mentionExample = (props: ThreadPageProps) =>
  props.members.find((member) => member.value !== props.me.email)?.value ?? props.me.email;

/** `/admin/threads/THD-42`: the thread, its messages and notes oldest first, who is here, what changed. */
export const ThreadPage = (props: ThreadPageProps) => {
  const { thread } = props;
  const form = { thread, csrf: props.csrf, errors: props.errors, values: props.values };
  return (
    <div
      class="thread"
      id="thread-live"
      data-thread={thread.ref}
      data-csrf={props.csrf}
      data-me={props.me.email}
      data-resume={String(props.resumeAfter)}
      data-presence={JSON.stringify(props.presence)}
    >
      <p class="breadcrumb">
        <a href="/admin/threads">Threads</a>
      </p>
      <ThreadHead thread={thread} now={props.now} />
      <div id="live-notice" class="notice notice-info live-notice" role="status" hidden>
        <span id="live-notice-text">New message since you opened this thread</span>{" "}
        <a href={`/admin/threads/${thread.ref}`}>Reload</a>
      </div>
      <div id="team-notice" class="notice notice-info live-notice" role="status" hidden>
        <span id="team-notice-text" />{" "}
        <a id="team-notice-link" href="#timeline">
          Show
        </a>
      </div>
      <div class="thread-layout">
        <div class="thread-messages">
          <Timeline {...props} />
          <DraftsPanel ref={thread.ref} drafts={thread.drafts} csrf={props.csrf} />
          <SavedReplyPanel {...form} replies={props.savedReplies} rendered={props.rendered} />
          <NoteForm {...form} example={mentionExample(props)} />
        </div>
        <aside class="thread-side">
          <ThreadForm {...form} members={props.members} me={props.me} />
          <PresenceList presence={props.presence} />
        </aside>
        {/* beside the messages on a wide screen; after them on a phone, where they come first */}
        <div class="thread-labels">
          <TagsPanel {...form} />
          <TicketsPanel {...form} />
        </div>
        <div class="thread-history">
          <History history={thread.history} />
        </div>
      </div>
    </div>
  );
};
