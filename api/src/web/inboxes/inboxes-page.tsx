import type { InboxView } from "../../admin/inboxes";
import type { AcknowledgementText } from "../../inbound/acknowledge";
import { Checkbox, CsrfField, Field } from "../components/form-field";
import { TextArea } from "../components/text-area";
import type { FieldErrors, FormValues } from "../http/forms";
import { AckPreview } from "./ack-preview";

export type FormState = { errors?: FieldErrors | undefined; values?: FormValues | undefined };

export type InboxItem = { inbox: InboxView; preview: AcknowledgementText };

export type InboxesProps = {
  items: InboxItem[];
  csrf: string;
  /** the create form as it came back with a mistake */
  create?: FormState | undefined;
  /** one inbox's settings form as it came back with a mistake */
  edit?: (FormState & { inbox: string }) | undefined;
};

const minutes = (value: number | null) => (value === null ? "" : String(value));

/** One inbox's settings form; its fields' ids carry the inbox's name, as the page has several. */
const InboxForm = ({ inbox, csrf, form }: { inbox: InboxView; csrf: string; form: FormState }) => {
  const id = (field: string) => `inbox-${inbox.name}-${field}`;
  const common = { values: form.values, errors: form.errors };
  const autoAck = form.values ? form.values.autoAck === "on" : inbox.autoAck;
  return (
    <form method="post" action={`/admin/inboxes/${inbox.name}`} class="stack" data-ack-form={id("preview")}>
      <CsrfField token={csrf} />
      <Field
        {...common}
        id={id("customAddress")}
        label="Custom address"
        name="customAddress"
        type="email"
        value={inbox.customAddress ?? ""}
        hint="An address at your own domain that forwards to the address above. Empty: none."
      />
      <Checkbox
        id={id("autoAck")}
        label="Send an acknowledgement"
        name="autoAck"
        checked={autoAck}
        hint="A reply to each new client thread, with its reference in the subject."
      />
      <TextArea
        {...common}
        id={id("autoAckMessage")}
        label="Acknowledgement text"
        name="autoAckMessage"
        value={inbox.autoAckMessage ?? ""}
        rows={5}
        hint="Plain text, at most 5000 characters. Empty: the standard text. The thread's reference is added when the text lacks it."
      />
      <fieldset class="targets">
        <legend>Response targets</legend>
        <Field
          {...common}
          id={id("firstResponseMinutes")}
          label="First response within (minutes)"
          name="firstResponseMinutes"
          type="number"
          value={minutes(inbox.firstResponseMinutes)}
        />
        <Field
          {...common}
          id={id("resolutionMinutes")}
          label="Resolution within (minutes)"
          name="resolutionMinutes"
          type="number"
          value={minutes(inbox.resolutionMinutes)}
        />
        <p class="field-hint">Empty: no target. New targets apply to threads that start afterwards.</p>
      </fieldset>
      <div>
        <button type="submit" class="button-primary">
          Save
        </button>
      </div>
    </form>
  );
};

const InboxPanel = ({ item, csrf, form }: { item: InboxItem; csrf: string; form: FormState }) => {
  const { inbox } = item;
  const base = `inbox-${inbox.name}`;
  const on = form.values ? form.values.autoAck === "on" : inbox.autoAck;
  return (
    <section class="panel inbox-panel" id={base} aria-labelledby={`${base}-title`}>
      <h2 id={`${base}-title`}>{inbox.name}</h2>
      <p class="inbox-address">
        <span class="muted">Clients write to</span> <code id={`${base}-address`}>{inbox.address}</code>{" "}
        <button type="button" class="button-quiet" data-copy-from={`${base}-address`}>
          Copy address
        </button>
      </p>
      <div class="two-columns">
        <InboxForm inbox={inbox} csrf={csrf} form={form} />
        <AckPreview
          id={`${base}-preview`}
          url={`/admin/inboxes/${inbox.name}/preview`}
          mail={item.preview}
          on={on}
        />
      </div>
    </section>
  );
};

/** `/admin/inboxes`: the org's inboxes with their settings and acknowledgement; creating one. */
export const InboxesPage = (props: InboxesProps) => (
  <>
    <div class="page-head">
      <h1>Inboxes</h1>
    </div>
    <p class="page-lead">
      The addresses clients write to. Each new client thread can get an acknowledgement carrying its
      reference, so replies find their way back to it.
    </p>
    <section class="panel create-inbox" aria-labelledby="create-inbox-title">
      <h2 id="create-inbox-title">Create inbox</h2>
      <form method="post" action="/admin/inboxes" class="add-form">
        <CsrfField token={props.csrf} />
        <Field
          label="Name"
          name="name"
          values={props.create?.values}
          errors={props.create?.errors}
          required
          maxlength={63}
          hint="Lowercase letters, digits and hyphens, such as support or billing."
        />
        <button type="submit" class="button-primary">
          Create inbox
        </button>
      </form>
    </section>
    {props.items.length === 0 ? (
      <p class="empty">No inboxes yet: create the first one above.</p>
    ) : (
      <div class="inbox-list">
        {props.items.map((item) => (
          <InboxPanel
            item={item}
            csrf={props.csrf}
            form={props.edit?.inbox === item.inbox.name ? props.edit : {}}
          />
        ))}
      </div>
    )}
  </>
);
