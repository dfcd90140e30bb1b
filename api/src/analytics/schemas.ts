import { z } from "@hono/zod-openapi";
import { PersonSchema } from "../http/openapi";

const bound = (description: string) =>
  z.string().max(40).optional().openapi({ description, example: "2026-01-01T00:00:00Z" });

export const AnalyticsQuerySchema = z.object({
  from: bound("ISO 8601 start, included (default: 30 days before `to`)"),
  to: bound("ISO 8601 end, not included (default: now); at most 2 years after `from`"),
  inbox: z.string().max(100).optional().openapi({ description: "Only this inbox's threads" }),
});

const PercentilesSchema = z
  .object({ median: z.number().nullable(), p90: z.number().nullable() })
  .openapi("Percentiles", { description: "Seconds; null when nothing was measured in the window" });

const figures = {
  created: z.number().int().openapi({ description: "Threads that came in during the window" }),
  resolved: z.number().int().openapi({ description: "First resolutions during the window" }),
  openNow: z.number().int().openapi({ description: "Threads open or in progress now" }),
  firstResponseSeconds: PercentilesSchema.openapi({
    description: "From the client's first message to the first staff reply, for first replies in the window",
  }),
  resolutionSeconds: PercentilesSchema.openapi({
    description: "From the client's first message to the first resolution, for resolutions in the window",
  }),
  withinTarget: z.number().min(0).max(1).nullable().openapi({
    description: "Share of the response targets that fell due in the window and were met; null when none did",
  }),
};

export const FiguresSchema = z.object(figures).openapi("AnalyticsSummary");

export const AgentFiguresSchema = z.object({ member: PersonSchema, ...figures }).openapi("AgentFigures", {
  description:
    "A first reply counts for who wrote it, a resolution for who resolved, new and open threads for their assignee",
});

export const DayFiguresSchema = z
  .object({
    day: z.string().openapi({ example: "2026-01-31", description: "A UTC day" }),
    created: z.number().int(),
    resolved: z.number().int(),
    firstResponseSeconds: PercentilesSchema,
    resolutionSeconds: PercentilesSchema,
  })
  .openapi("DayFigures");
