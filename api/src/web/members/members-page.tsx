import type { MemberView } from "../../admin/members";
import { MEMBER_ROLES, type MemberRole } from "../../db/schema";
import { CsrfField, Field, type Option, Select } from "../components/form-field";
import type { FieldErrors, FormValues } from "../http/forms";

const ROLE_NAMES: Record<MemberRole, string> = { admin: "Admin", agent: "Agent" };
const ROLE_OPTIONS: Option[] = MEMBER_ROLES.map((role) => ({ value: role, label: ROLE_NAMES[role] }));

export type Refusal = { email: string; action: "role" | "remove"; text: string };

export type MembersProps = {
  members: MemberView[];
  you: string;
  csrf: string;
  /** the Add member form as it came back with a mistake */
  add?: { errors?: FieldErrors | undefined; values?: FormValues | undefined } | undefined;
  /** why a change to one member (their role, or removing them) was refused */
  refused?: Refusal | undefined;
};

const memberPath = (email: string, action: string) => `/admin/members/${encodeURIComponent(email)}/${action}`;

const Refused = ({ id, text }: { id: string; text: string | undefined }) =>
  text ? (
    <p class="field-error" id={id} role="alert">
      {text}
    </p>
  ) : null;

type RowProps = { member: MemberView; you: string; csrf: string; refused?: Refusal | undefined };

const MemberRow = (props: RowProps) => {
  const { member } = props;
  const refused = (action: Refusal["action"]) =>
    props.refused?.action === action ? props.refused.text : undefined;
  const who = member.name || member.email;
  const id = `member-${member.email.replace(/[^a-z0-9]/g, "-")}`;
  return (
    <tr id={id}>
      <td>
        <strong>{member.name || "—"}</strong>
        {member.email === props.you ? <span class="muted"> (you)</span> : null}
      </td>
      <td>{member.email}</td>
      <td>
        <form method="post" action={memberPath(member.email, "role")} class="row-form">
          <CsrfField token={props.csrf} />
          <label for={`${id}-role`} class="visually-hidden">{`Role of ${who}`}</label>
          <select
            id={`${id}-role`}
            name="role"
            aria-describedby={refused("role") ? `${id}-role-refused` : undefined}
          >
            {ROLE_OPTIONS.map((option) => (
              <option value={option.value} selected={option.value === member.role}>
                {option.label}
              </option>
            ))}
          </select>
          <button type="submit">Change role</button>
        </form>
        <Refused id={`${id}-role-refused`} text={refused("role")} />
      </td>
      <td>
        <form method="post" action={memberPath(member.email, "remove")} class="row-form">
          <CsrfField token={props.csrf} />
          <button type="submit" class="button-danger" aria-label={`Remove ${who}`}>
            Remove
          </button>
        </form>
        <Refused id={`${id}-remove-refused`} text={refused("remove")} />
      </td>
    </tr>
  );
};

/** `/admin/members`: the org's staff with their roles; adding, changing a role, removing. */
export const MembersPage = (props: MembersProps) => (
  <>
    <div class="page-head">
      <h1>Members</h1>
    </div>
    <p class="page-lead">
      The staff of this organization. Admins change settings; agents work on threads and their own API tokens.
      A new member signs in with a link mailed to their address. Removing a member unassigns their threads and
      ends their API tokens and sign-ins.
    </p>
    <div class="two-columns settings-columns">
      <div class="table-scroll">
        <table class="settings-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">
                <span class="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.members.map((member) => (
              <MemberRow
                member={member}
                you={props.you}
                csrf={props.csrf}
                refused={props.refused?.email === member.email ? props.refused : undefined}
              />
            ))}
          </tbody>
        </table>
      </div>
      <section class="panel" aria-labelledby="add-member-title">
        <h2 id="add-member-title">Add member</h2>
        <form method="post" action="/admin/members" class="stack">
          <CsrfField token={props.csrf} />
          <Field
            label="Email"
            name="email"
            type="email"
            values={props.add?.values}
            errors={props.add?.errors}
            required
            autocomplete="off"
          />
          <Field
            label="Name"
            name="name"
            values={props.add?.values}
            errors={props.add?.errors}
            maxlength={200}
          />
          <Select
            label="Role"
            name="role"
            options={ROLE_OPTIONS}
            value={props.add?.values?.role ?? "agent"}
            errors={props.add?.errors}
          />
          <div>
            <button type="submit" class="button-primary">
              Add member
            </button>
          </div>
        </form>
      </section>
    </div>
  </>
);
