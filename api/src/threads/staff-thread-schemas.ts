import { z } from "@hono/zod-openapi";
import { ThreadSummarySchema } from "./schemas";

export const StaffThreadRequestSchema = z
  .object({
    inbox: z.string().trim().min(1).max(100).openapi({ example: "support" }),
    clientEmail: z.email().max(320),
    clientName: z.string().max(200).optional(),
    subject: z.string().trim().min(1).max(998),
  })
  .openapi("StaffThreadRequest");

export const StaffThreadSchema = z
  .object({
    thread: ThreadSummarySchema,
    subject: z
      .string()
      .openapi({ description: "The subject to put on the draft", example: "[THD-42] Your order" }),
  })
  .openapi("StaffThread");
