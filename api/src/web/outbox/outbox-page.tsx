import type { OutboxLogEntry } from "../../outbox/outbox.statements";
import { CsrfField } from "../components/form-field";
import { formatDate } from "../components/format";
import { When } from "../components/layout";

const KIND_LABELS: Record<OutboxLogEntry["kind"], string> = {
  acknowledgement: "Acknowledgement",
  magic_link: "Sign-in link",
  mention: "Mention",
};

const MailRow = ({ mail, csrf, retry }: { mail: OutboxLogEntry; csrf: string; retry: boolean }) => (
  <tr>
    <td class="col-when">
      <When at={mail.createdAt.toISOString()} label={formatDate(mail.createdAt)} />
    </td>
    <td>{KIND_LABELS[mail.kind]}</td>
    <td>{mail.recipient}</td>
    <td>{mail.subject}</td>
    <td class="col-problem">
      {mail.lastError ?? "—"}
      <span class="muted"> ({mail.attempts === 1 ? "1 attempt" : `${mail.attempts} attempts`})</span>
    </td>
    <td class="col-actions">
      {retry ? (
        <form method="post" action={`/admin/outbox/${mail.id}/retry`} class="inline-form">
          <CsrfField token={csrf} />
          <button type="submit" aria-label={`Retry mail to ${mail.recipient}`}>
            Retry
          </button>
        </form>
      ) : (
        <span class="muted">
          next try <When at={mail.nextAttemptAt.toISOString()} label={formatDate(mail.nextAttemptAt)} />
        </span>
      )}
    </td>
  </tr>
);

const MailTable = (props: { mail: OutboxLogEntry[]; csrf: string; retry: boolean }) => (
  <table class="log-table">
    <thead>
      <tr>
        <th scope="col">Written</th>
        <th scope="col">Kind</th>
        <th scope="col">To</th>
        <th scope="col">Subject</th>
        <th scope="col">Reason</th>
        <th scope="col">
          <span class="visually-hidden">Actions</span>
        </th>
      </tr>
    </thead>
    <tbody>
      {props.mail.map((mail) => (
        <MailRow mail={mail} csrf={props.csrf} retry={props.retry} />
      ))}
    </tbody>
  </table>
);

export type OutboxProps = {
  failed: OutboxLogEntry[];
  retrying: OutboxLogEntry[];
  shown: number;
  csrf: string;
};

/** `/admin/outbox`: mail that could not be sent, why, and **Retry**. */
export const OutboxPage = (props: OutboxProps) => (
  <>
    <div class="page-head">
      <h1>Outbox</h1>
    </div>
    <p class="page-lead">
      Mail this service writes (acknowledgements, sign-in links, mentions) is sent with retries. Mail that
      Postmark refused for good or that ran out of attempts stops here until you press <strong>Retry</strong>.
    </p>
    <div class="stack">
      <section aria-labelledby="failed-title">
        <h2 id="failed-title">Could not be sent</h2>
        {props.failed.length === 0 ? (
          <p class="empty">No mail has failed.</p>
        ) : (
          <>
            <MailTable mail={props.failed} csrf={props.csrf} retry />
            {props.failed.length >= props.shown ? (
              <p class="muted">The {props.shown} newest are shown.</p>
            ) : null}
          </>
        )}
      </section>
      {props.retrying.length > 0 ? (
        <section aria-labelledby="retrying-title">
          <h2 id="retrying-title">Being retried</h2>
          <MailTable mail={props.retrying} csrf={props.csrf} retry={false} />
        </section>
      ) : null}
    </div>
  </>
);
