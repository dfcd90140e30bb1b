import type { Membership } from "../../auth/identity";
import { CsrfField, Field, FormProblem } from "../components/form-field";
import type { FieldErrors, FormValues } from "../http/forms";
import { LINK_LIFETIME_MS } from "./sign-in-links";

const MINUTES = LINK_LIFETIME_MS / 60_000;

type RequestFormProps = {
  csrf: string;
  values?: FormValues;
  errors?: FieldErrors;
  problem?: string | undefined;
};

/** Email and **Send sign-in link**: the way in, and the way back from a link that does not work. */
export const RequestLinkForm = (props: RequestFormProps) => (
  <form method="post" action="/admin/login" class="stack" novalidate>
    {props.problem ? <FormProblem>{props.problem}</FormProblem> : null}
    <CsrfField token={props.csrf} />
    <Field
      label="Email"
      name="email"
      type="email"
      values={props.values}
      errors={props.errors}
      autocomplete="email"
      required
      autofocus
      hint="Your work address, the one your organization added you with."
      maxlength={320}
    />
    <button type="submit" class="button-primary">
      Send sign-in link
    </button>
  </form>
);

export const LoginPage = (props: RequestFormProps) => (
  <section class="panel panel-narrow">
    <h1>Sign in</h1>
    <p class="lead">We will email you a link that signs you in. No password to remember.</p>
    <RequestLinkForm {...props} />
  </section>
);

export const CheckEmailPage = ({ email }: { email: string }) => (
  <section class="panel panel-narrow">
    <h1>Check your email</h1>
    <p class="lead">
      If <strong>{email}</strong> belongs to a member of an organization here, a sign-in link is on its way.
    </p>
    <p>
      Open it on any device: it works once, within {MINUTES} minutes. Nothing arrived after a few minutes?
      Look in your spam folder, or <a href="/admin/login">send another link</a>.
    </p>
  </section>
);

type ContinueProps = { email: string; action: string; csrf: string; problem?: string | undefined };

/** The page a link opens: signing in takes a press, so a mail scanner that opens links uses none. */
export const ContinuePage = (props: ContinueProps) => (
  <section class="panel panel-narrow">
    <h1>Sign in</h1>
    <p class="lead">
      You are signing in as <strong>{props.email}</strong>.
    </p>
    <form method="post" action={props.action} class="stack">
      {props.problem ? <FormProblem>{props.problem}</FormProblem> : null}
      <CsrfField token={props.csrf} />
      <button type="submit" class="button-primary">
        Continue
      </button>
    </form>
  </section>
);

export const BadLinkPage = (props: RequestFormProps) => (
  <section class="panel panel-narrow">
    <h1>This sign-in link does not work</h1>
    <p class="lead">
      It has expired, it was already used, or it is not a link we sent. A link works once, within {MINUTES}{" "}
      minutes.
    </p>
    <p>Send yourself a new one:</p>
    <RequestLinkForm {...props} />
  </section>
);

export const NotMemberPage = ({ email }: { email: string }) => (
  <section class="panel panel-narrow">
    <h1>No organization to open</h1>
    <p class="lead">
      <strong>{email}</strong> is not a member of any organization here any more. Ask an admin of your
      organization to add you.
    </p>
  </section>
);

type ChooseOrgProps = { memberships: Membership[]; currentOrgId: string | null; csrf: string };

const ROLE_LABELS = { admin: "Admin", agent: "Agent" } as const;

/** A person in several orgs picks the one to work in; they can come back and switch. */
export const ChooseOrgPage = (props: ChooseOrgProps) => (
  <section class="panel panel-narrow">
    <h1>Choose an organization</h1>
    <p class="lead">You are a member of several. You can switch at any time from the top bar.</p>
    <ul class="choice-list">
      {props.memberships.map(({ org, member }) => (
        <li>
          <form method="post" action="/admin/orgs" class="choice">
            <CsrfField token={props.csrf} />
            <input type="hidden" name="org" value={org.slug} />
            <span class="choice-text">
              <strong>{org.name}</strong>
              <span class="muted">
                {ROLE_LABELS[member.role]}
                {org.id === props.currentOrgId ? " · current" : ""}
              </span>
            </span>
            <button type="submit" class={org.id === props.currentOrgId ? "button-quiet" : "button-primary"}>
              {`Open ${org.name}`}
            </button>
          </form>
        </li>
      ))}
    </ul>
  </section>
);
