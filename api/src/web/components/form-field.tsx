import type { Child } from "hono/jsx";
import { CSRF_FIELD } from "../http/csrf";
import type { FieldErrors, FormValues } from "../http/forms";

/** The hidden CSRF field every POST form carries. */
export const CsrfField = ({ token }: { token: string }) => (
  <input type="hidden" name={CSRF_FIELD} value={token} />
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
  const id = props.id ?? `field-${props.name}`;
  const error = props.errors?.[props.name];
  const hint = props.hint ? `${id}-hint` : undefined;
  const described = [hint, error ? `${id}-error` : undefined].filter(Boolean).join(" ") || undefined;
  return (
    <div class={error ? "field field-invalid" : "field"}>
      <label for={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? "text"}
        value={props.values?.[props.name] ?? props.value ?? ""}
        required={props.required}
        autocomplete={props.autocomplete}
        autofocus={props.autofocus}
        placeholder={props.placeholder}
        maxlength={props.maxlength}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={described}
      />
      {props.hint ? (
        <p class="field-hint" id={hint}>
          {props.hint}
        </p>
      ) : null}
      {error ? (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
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
  const id = props.id ?? `field-${props.name}`;
  const error = props.errors?.[props.name];
  return (
    <div class={error ? "field field-invalid" : "field"}>
      <label for={id}>{props.label}</label>
      <select
        id={id}
        name={props.name}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        {props.options.map((option) => (
          <option value={option.value} selected={option.value === props.value}>
            {option.label}
          </option>
        ))}
      </select>
      {error ? (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
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
