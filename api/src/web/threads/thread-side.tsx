import { THREAD_PRIORITIES, THREAD_STATUSES } from "../../db/schema";
import type { ThreadDetail } from "../../threads/thread-detail";
import { CsrfField, Field, type Option, Select } from "../components/form-field";
import { formatDate, PRIORITY_LABELS, STATUS_LABELS } from "../components/format";
import type { FieldErrors, FormValues } from "../http/forms";
import type { ResponseTarget } from "./response-targets";

/** What every form on the thread page needs: the thread, the CSRF token and a mistake to show. */
export type FormProps = {
  thread: ThreadDetail;
  csrf: string;
  errors?: FieldErrors | undefined;
  values?: FormValues | undefined;
};

const statusOptions: Option[] = THREAD_STATUSES.map((status) => ({
  value: status,
  label: STATUS_LABELS[status],
}));
const priorityOptions: Option[] = THREAD_PRIORITIES.map((priority) => ({
  value: priority,
  label: PRIORITY_LABELS[priority],
}));

export const ThreadForm = (props: FormProps & { members: Option[]; me: { email: string } }) => {
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
        <input type="hidden" name="priority_was" value={thread.priority} />
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
        <Select
          label="Priority"
          name="priority"
          options={priorityOptions}
          value={props.values?.priority ?? thread.priority}
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

/** The thread's labels, each a link to the threads that carry it, with Remove; Add tag below. */
export const TagsPanel = (props: FormProps) => {
  const path = `/admin/threads/${props.thread.ref}/tags`;
  return (
    <section class="panel side-panel" aria-labelledby="tags-title">
      <h2 id="tags-title">Tags</h2>
      {props.thread.tags.length === 0 ? (
        <p class="muted">No tags yet.</p>
      ) : (
        <ul class="item-list">
          {props.thread.tags.map((tag) => (
            <li>
              <a class="label" href={`/admin/threads?tag=${encodeURIComponent(tag)}`}>
                {tag}
              </a>
              <form method="post" action={`${path}/remove`} class="inline-form">
                <CsrfField token={props.csrf} />
                <input type="hidden" name="tag" value={tag} />
                <button type="submit" class="button-quiet" aria-label={`Remove tag ${tag}`}>
                  Remove
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
      <form method="post" action={path} class="add-form">
        <CsrfField token={props.csrf} />
        <Field
          label="Tag"
          name="tag"
          values={props.values}
          errors={props.errors}
          hint="Lowercase letters, digits and hyphens, e.g. billing; several with commas."
          maxlength={400}
        />
        <button type="submit">Add tag</button>
      </form>
    </section>
  );
};

const TicketItem = ({
  ticket,
  path,
  csrf,
}: {
  ticket: ThreadDetail["tickets"][number];
  path: string;
  csrf: string;
}) => (
  <li>
    <span class="ticket-id">
      <a
        href={`/admin/threads?ticket=${encodeURIComponent(ticket.id)}`}
        title={`Threads linked to ${ticket.id}`}
      >
        {ticket.id}
      </a>
      {ticket.repo ? <span class="muted"> in {ticket.repo}</span> : null}
    </span>
    {ticket.url ? (
      <a href={ticket.url} target="_blank" rel="noopener noreferrer" class="ticket-url">
        Open ticket
      </a>
    ) : null}
    <span class="muted ticket-by">
      Linked by {ticket.linkedBy.name || ticket.linkedBy.email}, {formatDate(ticket.linkedAt)}
    </span>
    <form method="post" action={`${path}/${encodeURIComponent(ticket.id)}/unlink`} class="inline-form">
      <CsrfField token={csrf} />
      <button type="submit" class="button-quiet" aria-label={`Unlink ${ticket.id}`}>
        Unlink
      </button>
    </form>
  </li>
);

const TICKET_FIELDS = ["ticket", "repo", "url"] as const;

/** The engineering tickets the thread is linked to, Unlink, and Link ticket. */
export const TicketsPanel = (props: FormProps) => {
  const path = `/admin/threads/${props.thread.ref}/tickets`;
  const mistaken = TICKET_FIELDS.some((field) => props.errors?.[field]);
  return (
    <section class="panel side-panel" aria-labelledby="tickets-title">
      <h2 id="tickets-title">Tickets</h2>
      {props.thread.tickets.length === 0 ? (
        <p class="muted">No linked tickets.</p>
      ) : (
        <ul class="item-list ticket-list">
          {props.thread.tickets.map((ticket) => (
            <TicketItem ticket={ticket} path={path} csrf={props.csrf} />
          ))}
        </ul>
      )}
      <details class="link-ticket" open={mistaken || props.thread.tickets.length === 0}>
        <summary>Link a ticket</summary>
        <form method="post" action={path} class="stack">
          <CsrfField token={props.csrf} />
          <Field
            label="Ticket"
            name="ticket"
            values={props.values}
            errors={props.errors}
            placeholder="TKT-42"
            maxlength={64}
          />
          <Field
            label="Repo"
            name="repo"
            values={props.values}
            errors={props.errors}
            placeholder="acme/.tickets"
            hint="Optional"
            maxlength={200}
          />
          <Field
            label="URL"
            name="url"
            type="url"
            values={props.values}
            errors={props.errors}
            placeholder="https://…"
            hint="Optional: where the ticket can be read"
            maxlength={2000}
          />
          <button type="submit">Link ticket</button>
        </form>
      </details>
    </section>
  );
};

/** The response targets, in the thread's head: due, overdue, met or missed. */
export const TargetList = ({ targets }: { targets: ResponseTarget[] }) =>
  targets.length === 0 ? null : (
    <ul class="targets" aria-label="Response targets">
      {targets.map((target) => (
        <li class={`target target-${target.state}`} title={`Target: ${formatDate(target.dueAt)}`}>
          {target.text}
        </li>
      ))}
    </ul>
  );
