import type { FieldErrors, FormValues } from "../http/forms";
import { FieldFrame, fieldParts } from "./form-field";

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
  const parts = fieldParts(props);
  return (
    <FieldFrame label={props.label} hint={props.hint} parts={parts}>
      <textarea
        id={parts.id}
        name={props.name}
        rows={props.rows ?? 4}
        required={props.required}
        placeholder={props.placeholder}
        autofocus={parts.error ? true : undefined}
        aria-invalid={parts.error ? "true" : undefined}
        aria-describedby={parts.described}
      >
        {props.values?.[props.name] ?? props.value ?? ""}
      </textarea>
    </FieldFrame>
  );
};
