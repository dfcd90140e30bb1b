import { z } from "zod";
import { AppError } from "../../errors";
import { type FieldErrors, sentence } from "./forms";

/**
 * A domain error that names one of its fields (`body: at most 20 KB`, `addTags.0: use lowercase…`)
 * as the message beside the form's field for it: `fields` maps the domain's names to the form's.
 * Bad input and a name already taken qualify; anything else is null, for the page to throw on.
 */
export function domainFieldErrors(error: unknown, fields: Record<string, string>): FieldErrors | null {
  if (!(error instanceof AppError) || !["bad_request", "conflict"].includes(error.code)) return null;
  const match = /^([a-zA-Z]+)(?:\.\d+)?: (.+)$/s.exec(error.message);
  const field = match ? fields[match[1]!] : undefined;
  return field ? { [field]: sentence(match![2]!) } : null;
}

/**
 * A form field that may be left empty (""), else must pass `schema`, whose own message is shown
 * beside it: the API's rule, word for word.
 */
export function optionalField<Out>(
  schema: z.ZodType<Out>,
  prepare: (text: string) => string = (text) => text,
) {
  return z
    .string()
    .default("")
    .transform((given, ctx): Out | undefined => {
      const text = prepare(given.trim());
      if (text === "") return undefined;
      const parsed = schema.safeParse(text);
      if (parsed.success) return parsed.data;
      ctx.addIssue({ code: "custom", message: sentence(parsed.error.issues[0]?.message ?? "not valid") });
      return z.NEVER;
    });
}
