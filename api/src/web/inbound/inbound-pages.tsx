import type { InboundEntryView } from "../../admin/inbound-entry";
import type { InboundLogEntry } from "../../admin/inbound-log";
import { CsrfField } from "../components/form-field";
import { formatDate } from "../components/format";
import { InboundFacts, InboundStatus, ThreadLinks } from "../components/inbound-status";
import { When } from "../components/layout";

/** The statuses listed first: mail that an admin can do something about. */
export const NEEDS_ATTENTION = ["unrouted", "failed"] as const;
const refileable = (status: InboundLogEntry["status"]) =>
  (NEEDS_ATTENTION as readonly string[]).includes(status);

const RefileButton = ({ id, csrf }: { id: string; csrf: string }) => (
  <form method="post" action={`/admin/inbound/${id}/refile`} class="inline-form">
    <CsrfField token={csrf} />
    <button type="submit">Refile</button>
  </form>
);

/** Why an email is where it is, in a sentence an admin can act on. */
export const Problem = ({ entry }: { entry: Pick<InboundLogEntry, "status" | "error" | "recipients"> }) => {
  if (entry.status === "unrouted") {
    return <>No inbox of this organization has the address it was sent to. Create the inbox, then Refile.</>;
  }
  return <>{entry.error ?? ""}</>;
};

const EntryRow = ({ entry, csrf }: { entry: InboundLogEntry; csrf: string }) => (
  <tr>
    <td class="col-when">
      <When at={entry.receivedAt} label={formatDate(entry.receivedAt)} />
    </td>
    <td>
      <InboundStatus status={entry.status} />
    </td>
    <td>{entry.fromEmail ?? "—"}</td>
    <td class="col-addresses">{entry.recipients.join(", ") || "—"}</td>
    <td>
      <a href={`/admin/inbound/${entry.id}`}>{entry.subject || "(no subject)"}</a>
    </td>
    <td class="col-problem">
      <Problem entry={entry} />
    </td>
    <td class="col-actions">
      {refileable(entry.status) ? <RefileButton id={entry.id} csrf={csrf} /> : null}
    </td>
  </tr>
);

export type LogSection = { entries: InboundLogEntry[]; moreHref: string | null };

const LogTable = (props: {
  title: string;
  id: string;
  empty: string;
  section: LogSection;
  csrf: string;
  more: string;
}) => (
  <section aria-labelledby={props.id}>
    <h2 id={props.id}>{props.title}</h2>
    {props.section.entries.length === 0 ? (
      <p class="empty">{props.empty}</p>
    ) : (
      <table class="log-table">
        <thead>
          <tr>
            <th scope="col">Received</th>
            <th scope="col">Status</th>
            <th scope="col">From</th>
            <th scope="col">To</th>
            <th scope="col">Subject</th>
            <th scope="col">Problem</th>
            <th scope="col">
              <span class="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {props.section.entries.map((entry) => (
            <EntryRow entry={entry} csrf={props.csrf} />
          ))}
        </tbody>
      </table>
    )}
    {props.section.moreHref ? (
      <nav class="pager" aria-label={`${props.title}: pages`}>
        <a href={props.section.moreHref} rel="next">
          {props.more}
        </a>
      </nav>
    ) : null}
  </section>
);

export type InboundLogProps = {
  attention: LogSection;
  others: LogSection;
  /** a page further than the first one of either list: offer the way back */
  paged: boolean;
  csrf: string;
};

/** `/admin/inbound`: the org's inbound log, what needs attention first. */
export const InboundLogPage = (props: InboundLogProps) => (
  <>
    <div class="page-head">
      <h1>Inbound mail</h1>
    </div>
    <p class="page-lead">
      Every email Postmark posted for this organization, kept before anything else is done with it. Mail to an
      inbox that does not exist yet is unrouted: create the inbox, then press <strong>Refile</strong>.
    </p>
    {props.paged ? (
      <p>
        <a href="/admin/inbound">Back to the newest mail</a>
      </p>
    ) : null}
    <div class="stack">
      <LogTable
        title="Needs attention"
        id="attention-title"
        empty="Nothing is unrouted or failed."
        section={props.attention}
        csrf={props.csrf}
        more="More that needs attention"
      />
      <LogTable
        title="All other mail"
        id="others-title"
        empty="No other mail yet."
        section={props.others}
        csrf={props.csrf}
        more="Older mail"
      />
    </div>
  </>
);

/** `/admin/inbound/:id`: one kept email, where it went, and its raw payload as text. */
export const InboundEntryPage = ({ entry, csrf }: { entry: InboundEntryView; csrf: string }) => (
  <>
    <p class="breadcrumb">
      <a href="/admin/inbound">Inbound mail</a>
    </p>
    <h1>{entry.subject || "(no subject)"}</h1>
    <section class="panel">
      <dl class="facts">
        <InboundFacts entry={entry} />
        {entry.threads.length > 0 ? (
          <>
            <dt>Thread</dt>
            <dd>
              <ThreadLinks refs={entry.threads} />
            </dd>
          </>
        ) : null}
        {entry.status === "unrouted" || entry.error ? (
          <>
            <dt>Problem</dt>
            <dd>
              <Problem entry={entry} />
            </dd>
          </>
        ) : null}
      </dl>
      {refileable(entry.status) ? <RefileButton id={entry.id} csrf={csrf} /> : null}
    </section>
    <details class="payload" open>
      <summary>Raw payload, as Postmark posted it</summary>
      <p class="muted">
        Attachments' contents are cut short.
        {entry.payloadCut ? " The payload is long: only its beginning is shown." : ""}
      </p>
      <pre class="payload-text">{entry.payload}</pre>
    </details>
  </>
);
