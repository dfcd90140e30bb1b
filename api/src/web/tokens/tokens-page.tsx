import type { IssuedToken, TokenView } from "../../admin/tokens";
import { CsrfField, Field, type Option, Select } from "../components/form-field";
import { formatDate } from "../components/format";
import { When } from "../components/layout";
import type { FieldErrors, FormValues } from "../http/forms";

export type TokensProps = {
  tokens: TokenView[];
  /** admins see the org's tokens and make them for any member; an agent only their own */
  admin: boolean;
  you: string;
  /** the members an admin may make a token for */
  members: Option[];
  csrf: string;
  /** the token just made: in this one answer, never again */
  issued?: IssuedToken | undefined;
  create?: { errors?: FieldErrors | undefined; values?: FormValues | undefined } | undefined;
};

const IssuedPanel = ({ issued }: { issued: IssuedToken }) => (
  <section class="panel token-shown" aria-labelledby="issued-title">
    <h2 id="issued-title">Your new token{issued.label ? ` “${issued.label}”` : ""}</h2>
    <p class="token-secret">
      <code id="issued-token">{issued.token}</code>
      <button type="button" data-copy-from="issued-token">
        Copy token
      </button>
    </p>
    <p class="muted">
      Copy it now: it is shown this once and kept only hashed, so it cannot be shown again. It acts as{" "}
      {issued.email}, sent in the header <code>Authorization: Bearer &lt;token&gt;</code>.
    </p>
  </section>
);

const State = ({ token }: { token: TokenView }) =>
  token.revokedAt ? (
    <span class="muted">
      Revoked <When at={token.revokedAt} label={formatDate(token.revokedAt)} />
    </span>
  ) : (
    <span>Active</span>
  );

const TokenRow = ({ token, admin, csrf }: { token: TokenView; admin: boolean; csrf: string }) => (
  <tr>
    <td>{token.label || <span class="muted">No label</span>}</td>
    {admin ? <td>{token.email}</td> : null}
    <td>
      <When at={token.createdAt} label={formatDate(token.createdAt)} />
    </td>
    <td>
      {token.lastUsedAt ? (
        <When at={token.lastUsedAt} label={formatDate(token.lastUsedAt)} />
      ) : (
        <span class="muted">Never</span>
      )}
    </td>
    <td>
      <State token={token} />
    </td>
    <td>
      {token.revokedAt ? null : (
        <form method="post" action={`/admin/tokens/${token.id}/revoke`} class="row-form">
          <CsrfField token={csrf} />
          <button
            type="submit"
            class="button-danger"
            aria-label={`Revoke ${token.label || "the token"} of ${token.email}`}
          >
            Revoke
          </button>
        </form>
      )}
    </td>
  </tr>
);

const TokenTable = (props: TokensProps) => (
  <div class="table-scroll">
    <table class="settings-table">
      <thead>
        <tr>
          <th scope="col">Label</th>
          {props.admin ? <th scope="col">Member</th> : null}
          <th scope="col">Created</th>
          <th scope="col">Last used</th>
          <th scope="col">State</th>
          <th scope="col">
            <span class="visually-hidden">Revoke</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {props.tokens.map((token) => (
          <TokenRow token={token} admin={props.admin} csrf={props.csrf} />
        ))}
      </tbody>
    </table>
  </div>
);

/** `/admin/tokens`: API tokens for the add-ons and scripts; the org's for admins, one's own for agents. */
export const TokensPage = (props: TokensProps) => (
  <>
    <div class="page-head">
      <h1>API tokens</h1>
    </div>
    <p class="page-lead">
      {props.admin
        ? "Tokens let scripts and the API act as a member. You see every token of the organization."
        : "Tokens let scripts and the API act as you. You see your own tokens."}
    </p>
    {props.issued ? <IssuedPanel issued={props.issued} /> : null}
    <div class="two-columns settings-columns">
      <div>
        {props.tokens.length === 0 ? <p class="empty">No API tokens yet.</p> : <TokenTable {...props} />}
      </div>
      <section class="panel" aria-labelledby="create-token-title">
        <h2 id="create-token-title">Create token</h2>
        <form method="post" action="/admin/tokens" class="stack">
          <CsrfField token={props.csrf} />
          <Field
            label="Label"
            name="label"
            values={props.create?.values}
            errors={props.create?.errors}
            maxlength={200}
            hint="What the token is for, such as “CRM sync”."
          />
          {props.admin ? (
            <Select
              label="Member"
              name="email"
              options={props.members}
              value={props.create?.values?.email ?? props.you}
              errors={props.create?.errors}
            />
          ) : null}
          <div>
            <button type="submit" class="button-primary">
              Create token
            </button>
          </div>
        </form>
      </section>
    </div>
  </>
);
