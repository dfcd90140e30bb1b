import type { z } from "@hono/zod-openapi";
import { authenticate } from "../auth/middleware";
import { bearerSecurity, conflictResponse, errorResponses } from "../threads/schemas";

/** What every admin route shares: a bearer caller, checked before the input is. */
export const adminRoute = { middleware: [authenticate], security: bearerSecurity, tags: ["admin"] };

export const jsonBody = <S extends z.ZodType>(schema: S) => ({
  required: true,
  content: { "application/json": { schema } },
});

export const jsonResponse = <S extends z.ZodType>(description: string, schema: S) => ({
  description,
  content: { "application/json": { schema } },
});

export { conflictResponse, errorResponses };
