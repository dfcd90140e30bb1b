import type { InboundEntryView } from "../../admin/inbound-entry";
import type { InboundLogEntry } from "../../admin/inbound-log";
import type { SinkMail } from "../../outbox/sink-log";
import { SINK_MAIL_SHOWN } from "../../outbox/sink-log";
import { CopyValue } from "../components/copy-value";
import { CsrfField, type Option, Select } from "../components/form-field";
import { formatDate } from "../components/format";
import { InboundFacts, InboundStatus, ThreadLinks } from "../components/inbound-status";
import { When } from "../components/layout";
import type { FieldErrors, FormValues } from "../http/forms";

export const POSTMARK_MX_HOST = "inbound.postmarkapp.com";
export const POSTMARK_MX_PRIORITY = 10;

export type SetupFacts = {
  /** the webhook URL with the credentials as placeholders, never their values */
  webhookUrl: string;
  webhookCredentialsSet: boolean;
  publicUrlSet: boolean;
  inboundDomain: string;
  postmarkTokenSet: boolean;
  messageStream: string;
};

export type SetupProps = {
  facts: SetupFacts;
  inboxes: readonly Option[];
  lastDelivery: InboundLogEntry | null;
  /** null when mail goes through Postmark */
  sink: SinkMail[] | null;
  /** the test email just sent, when the page is opened after sending one */
  tested: InboundEntryView | null;
  csrf: string;
  errors?: FieldErrors | undefined;
  values?: FormValues | undefined;
};

const Step = (props: { n: number; title: string; children: unknown }) => (
  <section class="panel setup-step" aria-labelledby={`step-${props.n}`}>
    <h2 id={`step-${props.n}`}>
      <span class="step-number">{props.n}</span> {props.title}
    </h2>
    {props.children}
  </section>
);

const WebhookStep = ({ facts }: { facts: SetupFacts }) => (
  <Step n={1} title="Inbound webhook">
    <p>
      In Postmark, open the server's inbound stream → Settings, and set the <strong>Webhook URL</strong> to:
    </p>
    <p>
      <CopyValue id="webhook-url" value={facts.webhookUrl} label="webhook URL" />
    </p>
    <p class="muted">
      Put the values of <code>WEBHOOK_USERNAME</code> and <code>WEBHOOK_PASSWORD</code> in place of the two
      placeholders: Postmark does not sign its posts, so these credentials are what lets only Postmark in.
    </p>
    {facts.webhookCredentialsSet ? (
      <p class="check check-ok">The webhook credentials are set on this instance.</p>
    ) : (
      <p class="check check-missing">
        WEBHOOK_USERNAME and WEBHOOK_PASSWORD are not set: the webhook refuses every delivery.
      </p>
    )}
    {facts.publicUrlSet ? null : (
      <p class="check check-missing">
        PUBLIC_URL is not set, so this is the local address. Postmark needs the public https address of this
        instance: set PUBLIC_URL.
      </p>
    )}
  </Step>
);

const MxStep = ({ facts }: { facts: SetupFacts }) => (
  <Step n={2} title="MX record of the inbound domain">
    <p>At your DNS provider, add this record so that mail to every inbox address reaches Postmark:</p>
    <table class="log-table records">
      <thead>
        <tr>
          <th scope="col">Host</th>
          <th scope="col">Type</th>
          <th scope="col">Priority</th>
          <th scope="col">Value</th>
        </tr>
      </thead>
      <tbody>
        <tr>
          <td>
            <CopyValue id="mx-host" value={facts.inboundDomain} label="MX host" />
          </td>
          <td>MX</td>
          <td>{POSTMARK_MX_PRIORITY}</td>
          <td>
            <CopyValue id="mx-value" value={POSTMARK_MX_HOST} label="MX value" />
          </td>
        </tr>
      </tbody>
    </table>
    <p class="muted">
      Then, in Postmark, set the inbound stream's <strong>Inbound domain</strong> to {facts.inboundDomain}.
    </p>
  </Step>
);

const SendingStep = ({ facts }: { facts: SetupFacts }) => (
  <Step n={3} title="Outbound sender domain">
    <p>
      Acknowledgements and sign-in links go out from addresses at{" "}
      <CopyValue id="sender-domain" value={facts.inboundDomain} label="sender domain" />. In Postmark, add it
      as a domain under Sender Signatures and add the DKIM and Return-Path records it shows to your DNS, then
      set <code>POSTMARK_SERVER_TOKEN</code> to the server's API token (stream{" "}
      <code>{facts.messageStream}</code>
      ).
    </p>
    {facts.postmarkTokenSet ? (
      <p class="check check-ok">POSTMARK_SERVER_TOKEN is set: mail is sent through Postmark.</p>
    ) : (
      <p class="check check-missing">
        POSTMARK_SERVER_TOKEN is not set: mail goes to the development mail sink, not to anyone's mailbox.
      </p>
    )}
  </Step>
);

const TestResult = ({ tested }: { tested: InboundEntryView }) => (
  <div
    class={tested.threads.length > 0 ? "notice notice-success" : "notice notice-error"}
    role={tested.threads.length > 0 ? "status" : "alert"}
  >
    The test email was received: <InboundStatus status={tested.status} />
    {tested.threads.length > 0 ? (
      <>
        {" "}
        as <ThreadLinks refs={tested.threads} />.
      </>
    ) : (
      <> {tested.error ?? ""}</>
    )}
  </div>
);

const TestStep = (props: SetupProps) => (
  <Step n={4} title="Test the pipeline">
    <p>
      Posts a sample email from {`"Test Client" <test-client@example.com>`} through the same pipeline as the
      webhook: kept in the inbound log, routed to the inbox and filed as a new thread. It gets no
      acknowledgement, so no mail is sent.
    </p>
    {props.tested ? <TestResult tested={props.tested} /> : null}
    {props.inboxes.length === 0 ? (
      <p class="empty">
        There is no inbox to send to yet: <a href="/admin/inboxes">create an inbox</a> first.
      </p>
    ) : (
      <form method="post" action="/admin/setup/test-email" class="inline-fields">
        <CsrfField token={props.csrf} />
        <Select
          label="Inbox"
          name="inbox"
          options={props.inboxes}
          value={props.values?.inbox ?? props.inboxes[0]?.value ?? ""}
          errors={props.errors}
        />
        <button type="submit" class="button-primary">
          Send a test email
        </button>
      </form>
    )}
  </Step>
);

const LastDelivery = ({ entry }: { entry: InboundLogEntry | null }) => (
  <section class="panel" aria-labelledby="last-delivery">
    <h2 id="last-delivery">Last inbound delivery</h2>
    {entry ? (
      <dl class="facts">
        <InboundFacts
          entry={entry}
          afterStatus={
            <>
              {" "}
              <a href={`/admin/inbound/${entry.id}`}>Details</a>
            </>
          }
        />
      </dl>
    ) : (
      <p class="empty">No mail has reached this organization yet.</p>
    )}
  </section>
);

const SinkMailList = ({ sink }: { sink: SinkMail[] }) => (
  <section class="panel" aria-labelledby="sink-title">
    <h2 id="sink-title">Development mail sink</h2>
    <p class="muted">
      The last {SINK_MAIL_SHOWN} emails this organization sent, kept here instead of being delivered. Sign-in
      links are hidden: each one signs in whoever opens it.
    </p>
    {sink.length === 0 ? (
      <p class="empty">No mail kept yet.</p>
    ) : (
      <ul class="sink-list">
        {sink.map((mail) => (
          <li>
            <p>
              <strong>{mail.subject}</strong> <span class="muted">to {mail.to}</span> ·{" "}
              <When at={mail.at} label={formatDate(mail.at)} />
            </p>
            <pre class="sink-text">{mail.excerpt}</pre>
          </li>
        ))}
      </ul>
    )}
  </section>
);

/** `/admin/setup`: what to configure in Postmark and DNS, a test of the pipeline, and what arrived. */
export const SetupPage = (props: SetupProps) => (
  <>
    <div class="page-head">
      <h1>Postmark setup</h1>
    </div>
    <p class="page-lead">
      Postmark receives the mail sent to your inboxes and posts it here; it also sends the mail this service
      writes. Four steps connect it.
    </p>
    <div class="two-columns">
      <div class="stack">
        <WebhookStep facts={props.facts} />
        <MxStep facts={props.facts} />
        <SendingStep facts={props.facts} />
        <TestStep {...props} />
      </div>
      <div class="stack">
        <LastDelivery entry={props.lastDelivery} />
        {props.sink ? <SinkMailList sink={props.sink} /> : null}
      </div>
    </div>
  </>
);
