import { THREAD_STATUSES } from "../../db/schema";
import type { Presence } from "../../presence/presence-types";
import type { HistoryEntry, MessageView, ThreadDetail } from "../../threads/thread-detail";
import { CsrfField, type Option, Select } from "../components/form-field";
import { formatDate, formatPerson, formatSize, STATUS_LABELS } from "../components/format";
import { When } from "../components/layout";
import type { FieldErrors, FormValues } from "../http/forms";
import { presenceText } from "./presence-text";

/** What the page shows of one message besides the thread detail: how to show its body. */
export type MessageDisplay = { hasHtml: boolean; remoteImages: boolean; size: "s" | "m" | "l" | "xl" };

export type ThreadPageProps = {
  thread: ThreadDetail;
  display: Map<string, MessageDisplay>;
  presence: Presence[];
  members: Option[];
  me: { email: string };
  csrf: string;
  /** the newest live event when the page was made: its script resumes the stream after it */
  resumeAfter: number;
  errors?: FieldErrors | undefined;
  values?: FormValues | undefined;
};

const statusOptions: Option[] = THREAD_STATUSES.map((status) => ({
  value: status,
  label: STATUS_LABELS[status],
}));

const ThreadForm = (props: ThreadPageProps) => {
  const { thread } = props;
  const assignee = thread.assignee?.email ?? "";
  const path = `/admin/threads/${thread.ref}`;
  return (
    <section class="panel thread-actions" aria-labelledby="actions-title">
      <h2 id="actions-title" class="visually-hidden">
        Change this thread
      </h2>
      {/* the values the page was made with: only what the reader changed is saved, not a stale rest */}
      <form method="post" action={path} class="stack">
        <CsrfField token={props.csrf} />
        <input type="hidden" name="status_was" value={thread.status} />
        <input type="hidden" name="assignee_was" value={assignee} />
        <Select
          label="Status"
          name="status"
          options={statusOptions}
          value={props.values?.status ?? thread.status}
          errors={props.errors}
        />
        <Select
          label="Assignee"
          name="assignee"
          options={[{ value: "", label: "Unassigned" }, ...props.members]}
          value={props.values?.assignee ?? assignee}
          errors={props.errors}
        />
        <button type="submit" class="button-primary">
          Save
        </button>
      </form>
      {assignee === props.me.email ? (
        <p class="muted assigned-to-you">Assigned to you</p>
      ) : (
        <form method="post" action={`${path}/assign-to-me`}>
          <CsrfField token={props.csrf} />
          <button type="submit" class="button-secondary">
            Assign to me
          </button>
        </form>
      )}
    </section>
  );
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

const People = ({ label, people }: { label: string; people: { email: string; name: string }[] }) =>
  people.length === 0 ? null : (
    <>
      <dt>{label}</dt>
      <dd>{people.map(formatPerson).join(", ")}</dd>
    </>
  );

const MessageBody = ({
  message,
  ref,
  display,
}: {
  message: MessageView;
  ref: string;
  display: MessageDisplay;
}) => {
  if (!display.hasHtml) {
    return <div class="text-body">{message.text || "(This message has no text.)"}</div>;
  }
  const url = `/admin/threads/${ref}/messages/${message.id}/body`;
  const frame = `body-${message.id}`;
  return (
    <div class="message-body">
      {display.remoteImages ? (
        <form method="get" action={url} target={frame} class="images-bar">
          <input type="hidden" name="images" value="1" />
          <span>Remote images are blocked, so the sender cannot see that you opened this.</span>
          <button type="submit" class="button-quiet">
            Load images
          </button>
        </form>
      ) : null}
      <div class={`frame frame-${display.size}`}>
        <iframe
          name={frame}
          src={url}
          sandbox="allow-popups allow-popups-to-escape-sandbox"
          title={`Message from ${message.from.name || message.from.email}`}
          loading="lazy"
          referrerpolicy="same-origin"
        />
      </div>
    </div>
  );
};

// mail from the inbox's own address is what the service sent itself: the acknowledgement
function senderLabel(message: MessageView, thread: ThreadDetail): string {
  if (message.direction === "inbound") return "Client";
  return message.from.email === thread.inbox.address ? "Automatic reply" : "Staff";
}

const MessageCard = (props: { message: MessageView; thread: ThreadDetail; display: MessageDisplay }) => {
  const { message, thread } = props;
  const files = message.attachments;
  return (
    <article class={`message message-${message.direction}`} id={`message-${message.id}`}>
      <header class="message-head">
        <div class="message-from">
          <strong>{message.from.name || message.from.email}</strong>
          {message.from.name ? <span class="muted"> {`<${message.from.email}>`}</span> : null}
          <span class={`tag tag-${message.direction}`}>{senderLabel(message, thread)}</span>
        </div>
        <When at={message.createdAt} label={formatDate(message.createdAt)} />
      </header>
      <dl class="message-meta">
        <People label="To" people={message.to} />
        <People label="Cc" people={message.cc} />
        {message.subject && message.subject !== thread.subject ? (
          <>
            <dt>Subject</dt>
            <dd>{message.subject}</dd>
          </>
        ) : null}
      </dl>
      <MessageBody message={message} ref={thread.ref} display={props.display} />
      {files.length > 0 ? (
        <ul class="attachments" aria-label="Attachments">
          {files.map((file) => (
            <li>
              <a href={`/admin/threads/${thread.ref}/attachments/${file.id}`} download={file.filename}>
                {file.filename}
              </a>{" "}
              <span class="muted">
                {formatSize(file.size)}
                {file.inline ? " · inline" : ""}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </article>
  );
};

function historyValue(entry: HistoryEntry, value: string | null): string {
  if (entry.field === "status")
    return value ? (STATUS_LABELS[value as keyof typeof STATUS_LABELS] ?? value) : "—";
  return value ?? "nobody";
}

/** One change in words: tags and tickets are added and removed, the rest change from one value to another. */
function historyText(entry: HistoryEntry): string {
  switch (entry.field) {
    case "tag":
      return entry.to ? ` added the tag ${entry.to}` : ` removed the tag ${entry.from ?? ""}`;
    case "ticket":
      return entry.to ? ` linked ${entry.to}` : ` unlinked ${entry.from ?? ""}`;
    default:
      return ` changed the ${entry.field} from ${historyValue(entry, entry.from)} to ${historyValue(entry, entry.to)}`;
  }
}

const History = ({ history }: { history: HistoryEntry[] }) => (
  <section class="panel history" aria-labelledby="history-title">
    <h2 id="history-title">History</h2>
    {history.length === 0 ? (
      <p class="muted">No changes yet.</p>
    ) : (
      <ol>
        {history.map((entry) => (
          <li>
            <span>
              {"system" in entry.actor ? entry.actor.system : entry.actor.name || entry.actor.email}
              {historyText(entry)}
              {entry.client ? <span class="muted">{` · ${entry.client}`}</span> : null}
            </span>
            <When at={entry.at} label={formatDate(entry.at)} />
          </li>
        ))}
      </ol>
    )}
  </section>
);

/** `/admin/threads/THD-42`: the thread, its messages oldest first, who is here, what changed. */
export const ThreadPage = (props: ThreadPageProps) => {
  const { thread } = props;
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
      <div class="thread-head">
        <h1>{thread.subject}</h1>
        <p class="thread-facts">
          <span class="ref">{thread.ref}</span>
          <span id="thread-status" class={`status status-${thread.status}`}>
            {STATUS_LABELS[thread.status]}
          </span>
          <span>
            Client: <strong>{formatPerson(thread.client)}</strong>
          </span>
          <span class="muted">Inbox {thread.inbox.address}</span>
        </p>
      </div>
      <div id="live-notice" class="notice notice-info live-notice" role="status" hidden>
        <span id="live-notice-text">New message since you opened this thread</span>{" "}
        <a href={`/admin/threads/${thread.ref}`}>Reload</a>
      </div>
      <div class="thread-layout">
        <div class="thread-messages">
          {thread.messages.length === 0 ? <p class="empty">No messages yet.</p> : null}
          {thread.messages.map((message) => (
            <MessageCard message={message} thread={thread} display={props.display.get(message.id)!} />
          ))}
        </div>
        <aside class="thread-side">
          <ThreadForm {...props} />
          <PresenceList presence={props.presence} />
        </aside>
        <div class="thread-history">
          <History history={thread.history} />
        </div>
      </div>
    </div>
  );
};
