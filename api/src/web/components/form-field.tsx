import type { Child } from "hono/jsx";
import { CSRF_FIELD } from "../http/csrf";
import type { FieldErrors, FormValues } from "../http/forms";

/** The hidden CSRF field every POST form carries. */
export const CsrfField = ({ token }: { token: string }) => (
  <input type="hidden" name={CSRF_FIELD} value={token} />
);

/** What a field's frame knows: its id, its message if the form came back with one, its hint. */
type Framed = {
  name: string;
  id?: string | undefined;
  errors?: FieldErrors | undefined;
  hint?: string | undefined;
};

/**
 * The id of a field, its message, and what describes it (hint, message) for `aria-describedby`:
 * shared by every kind of field so they all read alike to screen readers.
 */
export function fieldParts(props: Framed) {
  const id = props.id ?? `field-${props.name}`;
  const error = props.errors?.[props.name];
  const hintId = props.hint ? `${id}-hint` : undefined;
  const described = [hintId, error ? `${id}-error` : undefined].filter(Boolean).join(" ") || undefined;
  return { id, error, hintId, described };
}

/** A field's label, its control, then its hint and its message, marked invalid when it has one. */
export const FieldFrame = (props: {
  label: string;
  hint?: string | undefined;
  parts: ReturnType<typeof fieldParts>;
  children: Child;
}) => (
  <div class={props.parts.error ? "field field-invalid" : "field"}>
    <label for={props.parts.id}>{props.label}</label>
    {props.children}
    {props.hint ? (
      <p class="field-hint" id={props.parts.hintId}>
        {props.hint}
      </p>
    ) : null}
    {props.parts.error ? (
      <p class="field-error" id={`${props.parts.id}-error`}>
        {props.parts.error}
      </p>
    ) : null}
  </div>
);

type FieldProps = {
  label: string;
  name: string;
  /** the input's id, when a page has several forms with this field (default `field-<name>`) */
  id?: string | undefined;
  type?: "text" | "email" | "search" | "password" | "url" | "number";
  /** the value to show: what was typed, when the form comes back with a mistake */
  values?: FormValues | undefined;
  value?: string | undefined;
  errors?: FieldErrors | undefined;
  hint?: string;
  required?: boolean;
  autocomplete?: string;
  autofocus?: boolean;
  placeholder?: string;
  maxlength?: number;
};

/**
 * A labelled input with its message beside it when the form came back with a mistake (the field
 * is then marked invalid and described by the message, for screen readers too).
 */
export const Field = (props: FieldProps) => {
  const parts = fieldParts(props);
  return (
    <FieldFrame label={props.label} hint={props.hint} parts={parts}>
      <input
        id={parts.id}
        name={props.name}
        type={props.type ?? "text"}
        value={props.values?.[props.name] ?? props.value ?? ""}
        required={props.required}
        autocomplete={props.autocomplete}
        autofocus={props.autofocus}
        placeholder={props.placeholder}
        maxlength={props.maxlength}
        aria-invalid={parts.error ? "true" : undefined}
        aria-describedby={parts.described}
      />
    </FieldFrame>
  );
};

export type Option = { value: string; label: string };

type SelectProps = {
  label: string;
  name: string;
  id?: string | undefined;
  options: readonly Option[];
  value: string;
  errors?: FieldErrors | undefined;
};

/** A labelled select, with its message beside it like `Field`. */
export const Select = (props: SelectProps) => {
  const parts = fieldParts(props);
  return (
    <FieldFrame label={props.label} parts={parts}>
      <select
        id={parts.id}
        name={props.name}
        aria-invalid={parts.error ? "true" : undefined}
        aria-describedby={parts.described}
      >
        {props.options.map((option) => (
          <option value={option.value} selected={option.value === props.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
};

type CheckboxProps = { label: string; name: string; id: string; checked: boolean; hint?: string };

/** A labelled checkbox; it sends "on" when ticked and nothing when not, as browsers do. */
export const Checkbox = (props: CheckboxProps) => (
  <div class="field field-check">
    <input
      id={props.id}
      name={props.name}
      type="checkbox"
      checked={props.checked}
      aria-describedby={props.hint ? `${props.id}-hint` : undefined}
    />
    <label for={props.id}>{props.label}</label>
    {props.hint ? (
      <p class="field-hint" id={`${props.id}-hint`}>
        {props.hint}
      </p>
    ) : null}
  </div>
);

/** A form's summary of what went wrong, above its fields. */
export const FormProblem = ({ children }: { children: Child }) => (
  <p class="form-problem" role="alert">
    {children}
  </p>
);
