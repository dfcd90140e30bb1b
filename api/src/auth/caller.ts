import type { Member, Org } from "../db/schema";

/** Who is calling: the operator (TISKET_ADMIN_TOKEN) or one member of one org. */
export type Caller = { kind: "operator" } | { kind: "member"; member: Member; org: Org };

export type MemberCaller = Extract<Caller, { kind: "member" }>;
