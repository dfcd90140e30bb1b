import { parseRef, tagSubject } from "../../../shared/src/subject-tag";
import type { MemberCaller } from "../auth/caller";
import type { Thread } from "../db/schema";
import type { Deps } from "../deps";
import type { Presence, PresenceActivity, PresenceClient } from "../presence/presence-types";
import { markPresent } from "../presence/record-presence";
import { loadThreadSummary, type SummaryScope, type ThreadSummary } from "../threads/summary";
import { composeCandidates } from "./compose-candidates";
import { findThreadForMail, type MailHeaders } from "./find-mail-thread";

export type ContextInput = MailHeaders & {
  client: PresenceClient;
  activity: PresenceActivity;
  ttlSeconds?: number | undefined;
  from?: string | null | undefined;
  to?: readonly string[] | undefined;
  cc?: readonly string[] | undefined;
};

export type MailContext = {
  thread: ThreadSummary | null;
  presence: Presence[];
  candidates: ThreadSummary[];
  suggestedSubject?: string;
};

type ContextDeps = Pick<Deps, "db" | "clock" | "config"> & Partial<Pick<Deps, "log">>;

/**
 * What an add-on card needs for the open message or draft, in one round trip: its thread, who
 * else is there (recording the caller's own presence), and for a draft the threads it may belong to.
 */
export async function loadContext({
  deps,
  caller,
  input,
}: {
  deps: ContextDeps;
  caller: MemberCaller;
  input: ContextInput;
}): Promise<MailContext> {
  const scope: SummaryScope = { org: caller.org, inboundDomain: deps.config.INBOUND_DOMAIN };
  const found = await findThreadForMail(deps.db, caller.org.id, input);
  const presence = found ? await markPresent(deps, caller, { ...input, thread: found }) : [];
  const thread = found ? await loadThreadSummary(deps.db, scope, found.id) : null;
  if (input.activity !== "composing") return { thread, presence, candidates: [] };
  const candidates = await composeCandidates(deps.db, scope, [...(input.to ?? []), ...(input.cc ?? [])]);
  const suggestedSubject = suggestSubject(input.subject, found, candidates);
  return suggestedSubject === undefined
    ? { thread, presence, candidates }
    : { thread, presence, candidates, suggestedSubject };
}

/** The draft's subject tagged with its thread, or with the one open thread of its recipients. */
function suggestSubject(
  subject: string | null | undefined,
  thread: Thread | null,
  candidates: ThreadSummary[],
): string | undefined {
  const typed = subject?.trim() ?? "";
  if (thread) return tagSubject(typed || thread.subject, thread.number);
  const [only] = candidates;
  const number = only && candidates.length === 1 ? parseRef(only.ref) : null;
  return only && number !== null ? tagSubject(typed || only.subject, number) : undefined;
}
