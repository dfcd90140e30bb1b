import type { Member, Org } from "../db/schema";

/** Who is calling: the operator (TISKET_ADMIN_TOKEN) or one member of one org. */
export type Caller =
  | { kind: "operator" }
  /** `requests`: this minute's requests, this one included, when finding the member counted it. */
  | { kind: "member"; member: Member; org: Org; requests?: number };

export type MemberCaller = Extract<Caller, { kind: "member" }>;
