import type { AuditActorChoice } from "../../audit/audit-actors";
import type { AuditEntry } from "../../audit/list-audit";
import { AUDIT_KINDS } from "../../audit/record-audit";
import { type Option, Select } from "../components/form-field";
import { formatDate } from "../components/format";
import { When } from "../components/layout";
import type { FieldErrors } from "../http/forms";

export type AuditFilters = { actor: string; kind: string };

/** `thread_status` as people read it: "Thread status". */
export function kindLabel(kind: string): string {
  const words = kind.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function actorOptions(actors: readonly AuditActorChoice[]): Option[] {
  const named = actors.map(({ actor, name }) => {
    if (actor === "operator") return { value: actor, label: "The operator" };
    if (actor === "system") return { value: actor, label: "The service itself" };
    return { value: actor, label: name ? `${name} (${actor})` : actor };
  });
  return [{ value: "", label: "Anyone" }, ...named];
}

const kindOptions: Option[] = [
  { value: "", label: "Any kind" },
  ...[...AUDIT_KINDS].sort().map((kind) => ({ value: kind, label: kindLabel(kind) })),
];

const Filters = (props: {
  filters: AuditFilters;
  actors: readonly AuditActorChoice[];
  errors: FieldErrors;
}) => (
  <form method="get" action="/admin/audit" class="filters" aria-label="Audit log filters">
    <Select
      label="Actor"
      name="actor"
      options={actorOptions(props.actors)}
      value={props.filters.actor}
      errors={props.errors}
    />
    <Select label="Kind" name="kind" options={kindOptions} value={props.filters.kind} errors={props.errors} />
    <div class="filters-actions">
      <button type="submit" class="button-primary">
        Filter
      </button>
      {props.filters.actor || props.filters.kind ? <a href="/admin/audit">Clear</a> : null}
    </div>
  </form>
);

// rows written without the member's id (sign-in events) carry only the address: named from the org's members
const Actor = ({ entry, names }: { entry: AuditEntry; names: ReadonlyMap<string, string> }) => {
  if (entry.actor) {
    const name = entry.actor.name || names.get(entry.actor.email);
    return <>{name ? `${name} (${entry.actor.email})` : entry.actor.email}</>;
  }
  return <>{entry.client === "api" ? "The operator" : "The service itself"}</>;
};

const namesOf = (actors: readonly AuditActorChoice[]) =>
  new Map(actors.flatMap(({ actor, name }) => (name ? [[actor, name] as const] : [])));

const detailText = (detail: Record<string, unknown>) =>
  Object.keys(detail).length === 0 ? "" : JSON.stringify(detail);

const EntryRow = ({ entry, names }: { entry: AuditEntry; names: ReadonlyMap<string, string> }) => (
  <tr>
    <td class="col-when">
      <When at={entry.at} label={formatDate(entry.at)} />
    </td>
    <td>
      <Actor entry={entry} names={names} />
    </td>
    <td>{entry.client ?? "—"}</td>
    <td>{kindLabel(entry.kind)}</td>
    <td>{entry.target ?? "—"}</td>
    <td class="col-detail">
      <code>{detailText(entry.detail)}</code>
    </td>
  </tr>
);

const EntryRows = (props: { entries: AuditEntry[]; actors: readonly AuditActorChoice[] }) => {
  const names = namesOf(props.actors);
  return (
    <>
      {props.entries.map((entry) => (
        <EntryRow entry={entry} names={names} />
      ))}
    </>
  );
};

export type AuditProps = {
  filters: AuditFilters;
  actors: readonly AuditActorChoice[];
  errors: FieldErrors;
  entries: AuditEntry[];
  olderHref: string | null;
  paged: boolean;
};

/** `/admin/audit`: who did what, when and through which client; newest first, filtered and paged. */
export const AuditPage = (props: AuditProps) => (
  <>
    <div class="page-head">
      <h1>Audit log</h1>
    </div>
    <p class="page-lead">
      Every change made in this organization: who made it, when, and through which client.
    </p>
    <Filters filters={props.filters} actors={props.actors} errors={props.errors} />
    {props.entries.length === 0 ? (
      <p class="empty">
        {props.filters.actor || props.filters.kind
          ? "Nothing matches these filters."
          : "Nothing recorded yet."}
      </p>
    ) : (
      <table class="log-table">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Actor</th>
            <th scope="col">Client</th>
            <th scope="col">Kind</th>
            <th scope="col">Target</th>
            <th scope="col">Detail</th>
          </tr>
        </thead>
        <tbody>
          <EntryRows entries={props.entries} actors={props.actors} />
        </tbody>
      </table>
    )}
    <nav class="pager" aria-label="Pages">
      {props.paged ? <a href={auditHref(props.filters)}>Newest entries</a> : null}
      {props.olderHref ? (
        <a href={props.olderHref} rel="next">
          Older entries
        </a>
      ) : null}
    </nav>
  </>
);

/** The log's address with these filters (and a cursor), empty ones left out. */
export function auditHref(filters: AuditFilters, cursor?: string): string {
  const params = new URLSearchParams();
  if (filters.actor) params.set("actor", filters.actor);
  if (filters.kind) params.set("kind", filters.kind);
  if (cursor) params.set("cursor", cursor);
  const query = params.toString();
  return query ? `/admin/audit?${query}` : "/admin/audit";
}
