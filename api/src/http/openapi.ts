import { z } from "@hono/zod-openapi";

/** The OpenAPI pieces every route shares: the error body, the failures, bearer auth, a person. */
export const ErrorSchema = z
  .object({ error: z.object({ code: z.string(), message: z.string() }) })
  .openapi("Error");

const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: ErrorSchema } },
});

/** The failures every authenticated route can answer with, for the OpenAPI document. */
export const errorResponses = {
  400: errorResponse("Bad input; the message names the field"),
  401: errorResponse("Missing or invalid credentials"),
  403: errorResponse("The caller may not do this"),
  404: errorResponse("Not found, or not in the caller's organization"),
} as const;

export const conflictResponse = { 409: errorResponse("It already exists") } as const;

export const bearerSecurity = [{ bearer: [] }];
export const bearerScheme = { type: "http", scheme: "bearer" } as const;

export const PersonSchema = z.object({ email: z.string(), name: z.string() }).openapi("Person");

export const jsonBody = <S extends z.ZodType>(schema: S) => ({
  required: true,
  content: { "application/json": { schema } },
});

export const jsonResponse = <S extends z.ZodType>(description: string, schema: S) => ({
  description,
  content: { "application/json": { schema } },
});
