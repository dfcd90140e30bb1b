import { z } from "@hono/zod-openapi";
import { PersonSchema } from "../http/openapi";
import { MAX_TTL_SECONDS, MIN_TTL_SECONDS, PRESENCE_ACTIVITIES, PRESENCE_CLIENTS } from "./presence-types";

export const PresenceActivitySchema = z.enum(PRESENCE_ACTIVITIES);
export const PresenceClientSchema = z.enum(PRESENCE_CLIENTS);

export const TtlSecondsSchema = z
  .number()
  .int()
  .min(MIN_TTL_SECONDS)
  .max(MAX_TTL_SECONDS)
  .optional()
  .openapi({ description: "How long the presence lasts without another heartbeat (default 30)" });

export const PresenceSchema = z
  .object({
    member: PersonSchema,
    activity: PresenceActivitySchema,
    client: PresenceClientSchema,
    since: z.string().openapi({ format: "date-time" }),
    expiresAt: z.string().openapi({ format: "date-time" }),
  })
  .openapi("Presence");

const threadRef = z.string().min(1).max(20).openapi({ example: "THD-42" });

export const HeartbeatSchema = z
  .object({
    thread: threadRef,
    activity: PresenceActivitySchema,
    client: PresenceClientSchema,
    ttlSeconds: TtlSecondsSchema,
  })
  .openapi("PresenceHeartbeat");

export const LeaveSchema = z
  .object({
    thread: threadRef,
    client: PresenceClientSchema,
    activity: PresenceActivitySchema.optional().openapi({ description: "Leave only this activity" }),
  })
  .openapi("PresenceLeave");

export const OthersPresentSchema = z
  .object({ presence: z.array(PresenceSchema).openapi({ description: "Other members in the thread now" }) })
  .openapi("OthersPresent");
