import type { MessageView, ThreadDetail } from "../../threads/thread-detail";
import { formatDate, formatPerson, formatSize } from "../components/format";
import { When } from "../components/layout";

/** What the page shows of one message besides the thread detail: how to show its body. */
export type MessageDisplay = { hasHtml: boolean; remoteImages: boolean; size: "s" | "m" | "l" | "xl" };

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

export const MessageCard = (props: {
  message: MessageView;
  thread: ThreadDetail;
  display: MessageDisplay;
}) => {
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
