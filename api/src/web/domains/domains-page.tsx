import type { CustomDomainView, DnsRecordView } from "../../domains/custom-domains";
import { ACCOUNT_TOKEN_HELP } from "../../domains/postmark-domains";
import { CopyValue } from "../components/copy-value";
import { CsrfField, Field } from "../components/form-field";
import { formatDate } from "../components/format";
import { When } from "../components/layout";
import type { FieldErrors, FormValues } from "../http/forms";

export type DomainsPageProps = {
  domains: CustomDomainView[];
  /** whether POSTMARK_ACCOUNT_TOKEN is set: without it nothing can be added, verified or removed */
  configured: boolean;
  csrf: string;
  errors?: FieldErrors | undefined;
  values?: FormValues | undefined;
};

const State = ({ verified }: { verified: boolean }) =>
  verified ? (
    <span class="status status-resolved">Verified</span>
  ) : (
    <span class="status status-closed">Not verified</span>
  );

const RecordRow = ({ domain, record, label }: { domain: string; record: DnsRecordView; label: string }) => {
  const key = `${record.type.toLowerCase()}-${domain}`;
  return (
    <tr>
      <th scope="row">
        {label}
        <span class="muted"> ({record.type})</span>
      </th>
      <td class="record-host">
        <CopyValue id={`${key}-host`} value={record.host} label={`${label} host of ${domain}`} />
      </td>
      <td>
        <CopyValue id={`${key}-value`} value={record.value} label={`${label} value of ${domain}`} />
      </td>
      <td>
        <State verified={record.verified} />
      </td>
    </tr>
  );
};

const DomainItem = ({
  domain,
  configured,
  csrf,
}: {
  domain: CustomDomainView;
  configured: boolean;
  csrf: string;
}) => {
  const titleId = `domain-${domain.domain}`;
  return (
    <section class="panel stack domain" aria-labelledby={titleId}>
      <div class="reply-head">
        <h2 id={titleId}>{domain.domain}</h2>
        <span class="muted">
          {domain.checkedAt ? (
            <>
              Last checked <When at={domain.checkedAt} label={formatDate(domain.checkedAt)} />
            </>
          ) : (
            "Not checked yet"
          )}
        </span>
      </div>
      <p class="muted">
        {domain.verified
          ? `Mail from inbox addresses at ${domain.domain} is sent from that address.`
          : `Add these two records at the DNS host of ${domain.domain}, then press Verify. Until both are verified, mail goes out from the inbox address with the custom address as Reply-To.`}
      </p>
      <div class="table-scroll">
        <table class="dns-records">
          <thead>
            <tr>
              <th scope="col">Record</th>
              <th scope="col">Host</th>
              <th scope="col">Value</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            <RecordRow domain={domain.domain} record={domain.dkim} label="DKIM" />
            <RecordRow domain={domain.domain} record={domain.returnPath} label="Return-Path" />
          </tbody>
        </table>
      </div>
      {configured ? (
        <div class="domain-actions">
          <form method="post" action={`/admin/domains/${domain.domain}/verify`} class="inline-form">
            <CsrfField token={csrf} />
            <button type="submit" class="button-primary">
              Verify
            </button>
          </form>
          <form method="post" action={`/admin/domains/${domain.domain}/remove`} class="inline-form">
            <CsrfField token={csrf} />
            <button type="submit" class="button-danger">
              Remove
            </button>
          </form>
        </div>
      ) : null}
    </section>
  );
};

const AddDomain = (props: DomainsPageProps) => (
  <section class="panel add-domain" aria-labelledby="add-domain-title">
    <h2 id="add-domain-title">Add domain</h2>
    <form method="post" action="/admin/domains" class="stack">
      <CsrfField token={props.csrf} />
      <Field
        label="Domain"
        name="domain"
        values={props.values}
        errors={props.errors}
        required
        maxlength={253}
        placeholder="acme.com"
        hint="The domain of your inboxes' custom addresses. Postmark answers the two DNS records to publish."
      />
      <div>
        <button type="submit" class="button-primary">
          Add domain
        </button>
      </div>
    </form>
  </section>
);

const NotConfigured = () => (
  <section class="panel" aria-labelledby="not-configured-title">
    <h2 id="not-configured-title">Postmark account token needed</h2>
    <p>
      Custom domains are registered through Postmark's Domains API, which takes the account's API token, not
      the server token mail is sent with.
    </p>
    <p class="notice notice-info">{ACCOUNT_TOKEN_HELP}</p>
  </section>
);

/** `/admin/domains`: the org's sending domains, the DNS records each needs, and their state. */
export const DomainsPage = (props: DomainsPageProps) => (
  <>
    <div class="page-head">
      <h1>Custom domains</h1>
    </div>
    <p class="page-lead">
      An inbox with a custom address such as support@acme.com sends its mail from that address once the
      address's domain is verified here: Postmark then signs it (DKIM) and takes its bounces (Return-Path).
    </p>
    <div class="stack">
      {props.configured ? <AddDomain {...props} /> : <NotConfigured />}
      {props.domains.length === 0 ? <p class="empty">No custom domains yet.</p> : null}
      {props.domains.map((domain) => (
        <DomainItem domain={domain} configured={props.configured} csrf={props.csrf} />
      ))}
    </div>
  </>
);
