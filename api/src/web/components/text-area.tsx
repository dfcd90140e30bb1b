import type { FieldErrors, FormValues } from "../http/forms";

type TextAreaProps = {
  label: string;
  name: string;
  /** the field's id, when a page has several forms with this field (default `field-<name>`) */
  id?: string | undefined;
  values?: FormValues | undefined;
  value?: string | undefined;
  errors?: FieldErrors | undefined;
  hint?: string;
  rows?: number;
  required?: boolean;
  placeholder?: string;
};

/** A labelled multi-line field, with its hint and its message beside it like `Field`. */
export const TextArea = (props: TextAreaProps) => {
  const id = props.id ?? `field-${props.name}`;
  const error = props.errors?.[props.name];
  const hint = props.hint ? `${id}-hint` : undefined;
  const described = [hint, error ? `${id}-error` : undefined].filter(Boolean).join(" ") || undefined;
  return (
    <div class={error ? "field field-invalid" : "field"}>
      <label for={id}>{props.label}</label>
      <textarea
        id={id}
        name={props.name}
        rows={props.rows ?? 4}
        required={props.required}
        placeholder={props.placeholder}
        autofocus={error ? true : undefined}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={described}
      >
        {props.values?.[props.name] ?? props.value ?? ""}
      </textarea>
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
