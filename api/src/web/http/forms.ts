import type { Context } from "hono";
import type { z } from "zod";
import type { AppError } from "../../errors";

/** What a form sent, as text, to show again when it needs correcting. */
export type FormValues = Record<string, string>;
/** A message per field name, shown beside that field. */
export type FieldErrors = Record<string, string>;

export type FormResult<T> =
  | { ok: true; data: T; values: FormValues }
  | { ok: false; values: FormValues; errors: FieldErrors };

/**
 * Reads a posted form against a schema. On a mistake the page answers again (400) with each
 * message beside its field and every typed value kept; see `Field` in components/form-field.
 */
export async function readForm<Schema extends z.ZodType>(
  c: Context,
  schema: Schema,
): Promise<FormResult<z.output<Schema>>> {
  const body = await c.req.parseBody();
  const values: FormValues = {};
  for (const [name, value] of Object.entries(body)) {
    if (typeof value === "string" && name !== "_csrf") values[name] = value;
  }
  const parsed = schema.safeParse(values);
  if (parsed.success) return { ok: true, data: parsed.data, values };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? "form");
    errors[field] ??= issue.message;
  }
  return { ok: false, values, errors };
}

/**
 * A domain error that names its field (`assignee: not a member of this organization`) as the
 * message beside that field; null for any other error.
 */
export function fieldErrorOf(error: AppError, fields: readonly string[]): FieldErrors | null {
  const match = /^([a-zA-Z]+): (.+)$/.exec(error.message);
  if (error.code !== "bad_request" || !match || !fields.includes(match[1]!)) return null;
  return { [match[1]!]: sentence(match[2]!) };
}

/** A message as a sentence: capital first letter. */
export function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
