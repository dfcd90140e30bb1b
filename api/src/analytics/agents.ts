import type { Db } from "../db/client";
import type { Person } from "../threads/summary";
import { loadAgentFigures } from "./analytics.statements";
import { type FigureScope, type Figures, figureValues, toFigures } from "./summary";

export type AgentFigures = Figures & { member: Person };

/** Every member of the org with their own figures for the window. */
export async function analyticsByAgent(db: Db, scope: FigureScope): Promise<AgentFigures[]> {
  const rows = await loadAgentFigures(db, figureValues(scope));
  return rows.map(({ email, name, ...row }) => ({ member: { email, name }, ...toFigures(row) }));
}
