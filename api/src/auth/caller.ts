import type { ActionClient, Member, Org } from "../db/schema";

/**
 * Who is calling: the operator (TISKET_ADMIN_TOKEN) or one member of one org, through one client
 * (what the history and the audit log record the member's actions as done through).
 */
export type Caller =
  | { kind: "operator" }
  /** `requests`: this minute's requests, this one included, when finding the member counted it. */
  | { kind: "member"; member: Member; org: Org; client: ActionClient; requests?: number };

export type MemberCaller = Extract<Caller, { kind: "member" }>;
