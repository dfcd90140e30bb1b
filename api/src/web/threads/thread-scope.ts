import type { Context } from "hono";
import { listMembers } from "../../admin/statements/members";
import type { SummaryScope } from "../../threads/summary";
import type { Option } from "../components/form-field";
import type { WebEnv } from "../web-env";

/** What the thread domain functions need to know of the reader: their org, our mail domain, now. */
export function scopeOf(c: Context<WebEnv>): SummaryScope & { now: Date } {
  const { config, clock } = c.get("deps");
  return { org: c.get("caller").org, inboundDomain: config.INBOUND_DOMAIN, now: clock.now() };
}

/** The org's members as the pages show them: choices for a select, and names by address. */
export type Team = { options: Option[]; names: Map<string, string> };

export async function loadTeam(c: Context<WebEnv>): Promise<Team> {
  const members = await listMembers(c.get("deps").db, c.get("caller").org);
  return {
    options: members.map((member) => ({
      value: member.email,
      label: member.name ? `${member.name} (${member.email})` : member.email,
    })),
    names: new Map(members.map((member) => [member.email, member.name || member.email])),
  };
}

/** The thread page's address for a reference as typed (`thd-7` is THD-7's page). */
export const threadPath = (ref: string) => `/admin/threads/${ref.toUpperCase()}`;
