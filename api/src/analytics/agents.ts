import { sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { defineStatement, runStatement } from "../db/statement";
import type { Person } from "../threads/summary";
import {
  type FigureValues,
  firstResponseSeconds,
  inWindow,
  openNow,
  percentiles,
  resolutionSeconds,
  settledTargets,
  shareMet,
} from "./figures-sql";
import { type FigureRow, type FigureScope, type Figures, figureValues, toFigures } from "./summary";

export type AgentFigures = Figures & { member: Person };

/**
 * Each fact counts for the member it belongs to: a first reply for who wrote it, a resolution for
 * who resolved, new and open threads for their assignee; a target for who met it, else the assignee.
 */
const agentsStatement = defineStatement<FigureValues, FigureRow & { email: string; name: string }>(
  (p) => sql`
    with created as (
      select assignee_id as member_id, count(*)::int as n from threads where ${inWindow(p, "created_at")}
      group by assignee_id),
    resolved as (
      select resolved_by as member_id, count(*)::int as n from threads where ${inWindow(p, "resolved_at")}
      group by resolved_by),
    open_now as (
      select assignee_id as member_id, count(*)::int as n from threads where ${openNow(p)} group by assignee_id),
    first_response as (
      select member_id, ${percentiles} from (${firstResponseSeconds(p, sql`, first_response_by as member_id`)}) s
      group by member_id),
    resolution as (
      select member_id, ${percentiles} from (${resolutionSeconds(p, sql`, resolved_by as member_id`)}) s
      group by member_id),
    targets as (
      select member_id, ${shareMet} as share
      from (${settledTargets(p, {
        firstResponse: sql`, coalesce(first_response_by, assignee_id) as member_id`,
        resolution: sql`, coalesce(resolved_by, assignee_id)`,
      })}) t
      group by member_id)
    select m.email, m.name, coalesce(created.n, 0) as created, coalesce(resolved.n, 0) as resolved,
      coalesce(open_now.n, 0) as "openNow",
      first_response.median as "firstResponseMedian", first_response.p90 as "firstResponseP90",
      resolution.median as "resolutionMedian", resolution.p90 as "resolutionP90",
      targets.share as "withinTarget"
    from members m
    left join created on created.member_id = m.id
    left join resolved on resolved.member_id = m.id
    left join open_now on open_now.member_id = m.id
    left join first_response on first_response.member_id = m.id
    left join resolution on resolution.member_id = m.id
    left join targets on targets.member_id = m.id
    where m.org_id = ${p.org}::uuid
    order by lower(m.name), m.email`,
);

/** Every member of the org with their own figures for the window. */
export async function analyticsByAgent(db: Db, scope: FigureScope): Promise<AgentFigures[]> {
  const rows = await runStatement(db, agentsStatement, figureValues(scope));
  return rows.map(({ email, name, ...row }) => ({ member: { email, name }, ...toFigures(row) }));
}
