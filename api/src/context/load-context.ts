import { findSubjectTag, parseRef, tagSubject } from "../../../shared/src/subject-tag";
import type { MemberCaller } from "../auth/caller";
import type { Deps } from "../deps";
import type { Presence, PresenceActivity, PresenceClient } from "../presence/presence-types";
import { sweepPresenceOccasionally } from "../presence/sweep-presence";
import { type Person, type SummaryScope, type ThreadSummary, toThreadSummary } from "../threads/summary";
import { draftClients } from "./draft-clients";
import { type DraftInbox, findDraftInboxes } from "./draft-inboxes";
import { candidateMessageIds, type MailHeaders } from "./mail-headers";
import { loadThreadWork, type ThreadWork } from "./thread-work";
import { visitThread } from "./visit-thread";

export type ContextInput = MailHeaders & {
  client: PresenceClient;
  activity: PresenceActivity;
  ttlSeconds?: number | undefined;
  from?: string | null | undefined;
  to?: readonly string[] | undefined;
  cc?: readonly string[] | undefined;
};

export type MailContext = {
  /** The caller, so a card can say who is signed in and assign a thread to them. */
  me: Person;
  thread: ContextThread | null;
  presence: Presence[];
  candidates: ThreadSummary[];
  suggestedSubject?: string;
  /** Composing: the org's inboxes, each marked when the draft is addressed to it. */
  inboxes?: DraftInbox[];
};

/** The open mail's thread with the team's work on it: what a card shows beside the mail. */
export type ContextThread = ThreadSummary & ThreadWork;

type ContextDeps = Pick<Deps, "db" | "clock" | "config"> & Partial<Pick<Deps, "log">>;

/**
 * What an add-on card needs for the open message or draft, in one round trip: its thread, who
 * else is there (recording the caller's own presence), and for a draft the threads it may belong to.
 * The `[THD-n]` tag is trusted: the caller is staff.
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
  const now = deps.clock.now();
  const scope: SummaryScope = { org: caller.org, inboundDomain: deps.config.INBOUND_DOMAIN, now };
  const composing = input.activity === "composing";
  const recipients = composing ? [...(input.to ?? []), ...(input.cc ?? [])] : [];
  // both statements go out together: a draft's inboxes do not depend on its thread
  const [visit, inboxes] = await Promise.all([
    visitThread(
      deps.db,
      caller,
      {
        number: findSubjectTag(input.subject ?? ""),
        messageIds: candidateMessageIds(input),
        mark: input,
        clients: draftClients(recipients, scope.inboundDomain),
      },
      now,
    ),
    composing ? findDraftInboxes(deps.db, caller.org, recipients, scope.inboundDomain) : [],
  ]);
  let thread: ContextThread | null = null;
  if (visit.thread) {
    await sweepPresenceOccasionally(deps, now);
    thread = { ...toThreadSummary(visit.thread, scope), ...(await loadThreadWork(deps.db, visit.thread.id)) };
  }
  const { presence } = visit;
  const me = { email: caller.member.email, name: caller.member.name };
  if (!composing) return { me, thread, presence, candidates: [] };
  const candidates = visit.candidates.map((row) => toThreadSummary(row, scope));
  const suggestedSubject = suggestSubject(input.subject, thread, candidates);
  return {
    me,
    thread,
    presence,
    candidates,
    ...(suggestedSubject === undefined ? {} : { suggestedSubject }),
    inboxes,
  };
}

/** The draft's subject tagged with its thread, or with the one open thread of its recipients. */
function suggestSubject(
  subject: string | null | undefined,
  thread: ThreadSummary | null,
  candidates: ThreadSummary[],
): string | undefined {
  const typed = subject?.trim() ?? "";
  const [only] = candidates;
  const target = thread ?? (only && candidates.length === 1 ? only : null);
  const number = target ? parseRef(target.ref) : null;
  return target && number !== null ? tagSubject(typed || target.subject, number) : undefined;
}
