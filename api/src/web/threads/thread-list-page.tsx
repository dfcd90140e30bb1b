import { raw } from "hono/html";
import { THREAD_PRIORITIES, THREAD_STATUSES } from "../../db/schema";
import type { Presence } from "../../presence/presence-types";
import { MAX_QUERY_CHARS } from "../../search/search-query";
import type { ThreadListItem } from "../../threads/list-threads";
import { Field, type Option, Select } from "../components/form-field";
import { formatDate, PRIORITY_LABELS, STATUS_LABELS } from "../components/format";
import { When } from "../components/layout";
import type { FieldErrors } from "../http/forms";
import { presenceText } from "./presence-text";
import { targetAttention } from "./response-targets";

/** The list's filters as the form shows them (empty: any). */
export type ListFilters = {
  q: string;
  status: string;
  inbox: string;
  assignee: string;
  priority: string;
  tag: string;
  sla: string;
  ticket: string;
  sort: string;
};

export type ThreadListProps = {
  filters: ListFilters;
  errors: FieldErrors;
  threads: ThreadListItem[];
  presence: Map<string, Presence[]>;
  inboxes: Option[];
  members: Option[];
  /** the instant response targets are judged at */
  now: Date;
  olderHref: string | null;
  paged: boolean;
};

const statusOptions: Option[] = [
  { value: "", label: "Any status" },
  ...THREAD_STATUSES.map((status) => ({ value: status, label: STATUS_LABELS[status] })),
];

const priorityOptions: Option[] = [
  { value: "", label: "Any priority" },
  ...THREAD_PRIORITIES.map((priority) => ({ value: priority, label: PRIORITY_LABELS[priority] })),
];

const targetOptions: Option[] = [
  { value: "", label: "Any" },
  { value: "breached", label: "Breached" },
  { value: "due", label: "Due within the hour" },
];

const FilterForm = (props: ThreadListProps) => {
  const { filters } = props;
  const filtered = Object.values(filters).some(Boolean);
  return (
    <form method="get" action="/admin/threads" class="filters" aria-label="Thread filters">
      <div class="filters-search">
        <Field
          label="Search"
          name="q"
          type="search"
          value={filters.q}
          errors={props.errors}
          maxlength={MAX_QUERY_CHARS}
          placeholder='words, "a phrase", -leave-out, this or that'
        />
      </div>
      <Select
        label="Status"
        name="status"
        options={statusOptions}
        value={filters.status}
        errors={props.errors}
      />
      <Select
        label="Inbox"
        name="inbox"
        options={[{ value: "", label: "Any inbox" }, ...props.inboxes]}
        value={filters.inbox}
        errors={props.errors}
      />
      <Select
        label="Assignee"
        name="assignee"
        options={[
          { value: "", label: "Anyone" },
          { value: "me", label: "Me" },
          { value: "none", label: "Unassigned" },
          ...props.members,
        ]}
        value={filters.assignee}
        errors={props.errors}
      />
      <Select
        label="Priority"
        name="priority"
        options={priorityOptions}
        value={filters.priority}
        errors={props.errors}
      />
      <Field
        label="Tag"
        name="tag"
        value={filters.tag}
        errors={props.errors}
        maxlength={40}
        placeholder="billing"
      />
      <Select
        label="Response target"
        name="sla"
        options={targetOptions}
        value={filters.sla}
        errors={props.errors}
      />
      <Field
        label="Ticket"
        name="ticket"
        value={filters.ticket}
        errors={props.errors}
        maxlength={64}
        placeholder="TKT-42"
      />
      <Select
        label="Order"
        name="sort"
        options={[
          { value: "", label: "Newest activity" },
          { value: "relevance", label: "Best match (with a search)" },
        ]}
        value={filters.sort}
        errors={props.errors}
      />
      <div class="filters-actions">
        <button type="submit" class="button-primary">
          Search
        </button>
        {filtered ? <a href="/admin/threads">Clear</a> : null}
      </div>
    </form>
  );
};

const PresenceChips = ({ presence }: { presence: Presence[] }) =>
  presence.length === 0 ? null : (
    <ul class="chips">
      {presence.map((p) => (
        <li class={`chip chip-${p.activity}`} title={presenceText(p)}>
          {p.member.name || p.member.email}
          <span class="chip-activity">{p.activity === "composing" ? " · replying" : " · viewing"}</span>
        </li>
      ))}
    </ul>
  );

/** Priority (when not normal) and tags, each a link to the threads that share it. */
const Labels = ({ thread }: { thread: ThreadListItem }) =>
  thread.priority === "normal" && thread.tags.length === 0 ? null : (
    <p class="labels">
      {thread.priority === "normal" ? null : (
        <a class={`priority priority-${thread.priority}`} href={`/admin/threads?priority=${thread.priority}`}>
          {PRIORITY_LABELS[thread.priority]}
        </a>
      )}
      {thread.tags.map((tag) => (
        <a class="label" href={`/admin/threads?tag=${encodeURIComponent(tag)}`}>
          {tag}
        </a>
      ))}
    </p>
  );

const TargetMarker = ({ thread, now }: { thread: ThreadListItem; now: Date }) => {
  const attention = targetAttention(thread, now);
  if (attention === null) return null;
  return attention === "breached" ? (
    <span class="target target-overdue">Target breached</span>
  ) : (
    <span class="target target-due">Due soon</span>
  );
};

const ThreadRow = ({
  thread,
  presence,
  now,
}: {
  thread: ThreadListItem;
  presence: Presence[];
  now: Date;
}) => (
  <tr>
    <td class="col-ref" data-label="Ref">
      <a href={`/admin/threads/${thread.ref}`}>{thread.ref}</a>
    </td>
    <td class="col-subject" data-label="Subject">
      <a href={`/admin/threads/${thread.ref}`} class="subject-link">
        {thread.subject}
      </a>
      <Labels thread={thread} />
      {/* the snippet is HTML made by snippetHtml: the mail's text escaped, only <mark> added */}
      {thread.snippet ? <p class="snippet">{raw(thread.snippet)}</p> : null}
    </td>
    <td class="col-client" data-label="Client">
      <span title={thread.client.email}>{thread.client.name || thread.client.email}</span>
    </td>
    <td class="col-status" data-label="Status">
      <span class={`status status-${thread.status}`}>{STATUS_LABELS[thread.status]}</span>
      <TargetMarker thread={thread} now={now} />
    </td>
    <td class="col-assignee" data-label="Assignee">
      {thread.assignee ? (
        thread.assignee.name || thread.assignee.email
      ) : (
        <span class="muted">Unassigned</span>
      )}
    </td>
    <td class="col-activity" data-label="Last activity">
      <When at={thread.lastMessageAt} label={formatDate(thread.lastMessageAt)} />
    </td>
    <td class="col-here" data-label="Here now">
      <PresenceChips presence={presence} />
    </td>
  </tr>
);

/** `/admin/threads`: the org's threads, newest activity first, with filters and search. */
export const ThreadListPage = (props: ThreadListProps) => (
  <>
    <div class="page-head">
      <h1>Threads</h1>
    </div>
    <FilterForm {...props} />
    {props.threads.length === 0 ? (
      <p class="empty">
        {Object.values(props.filters).some(Boolean)
          ? "No threads match."
          : "No threads yet. Mail to one of your inboxes lands here."}
      </p>
    ) : (
      <table class="threads">
        <thead>
          <tr>
            <th scope="col">Ref</th>
            <th scope="col">Subject</th>
            <th scope="col">Client</th>
            <th scope="col">Status</th>
            <th scope="col">Assignee</th>
            <th scope="col">Last activity</th>
            <th scope="col">Here now</th>
          </tr>
        </thead>
        <tbody>
          {props.threads.map((thread) => (
            <ThreadRow thread={thread} presence={props.presence.get(thread.ref) ?? []} now={props.now} />
          ))}
        </tbody>
      </table>
    )}
    <nav class="pager" aria-label="Pages">
      {props.paged ? <a href={newestHref(props.filters)}>Newest threads</a> : null}
      {props.olderHref ? (
        <a href={props.olderHref} rel="next">
          Older threads
        </a>
      ) : null}
    </nav>
  </>
);

/** The list's address with these filters (and a cursor), empty ones left out. */
export function listHref(filters: ListFilters, cursor?: string): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) if (value) params.set(name, value);
  if (cursor) params.set("cursor", cursor);
  const query = params.toString();
  return query ? `/admin/threads?${query}` : "/admin/threads";
}

const newestHref = (filters: ListFilters) => listHref(filters);
