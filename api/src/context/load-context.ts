import { findSubjectTag, parseRef, tagSubject } from "../../../shared/src/subject-tag";
import type { MemberCaller } from "../auth/caller";
import type { Deps } from "../deps";
import type { Presence, PresenceActivity, PresenceClient } from "../presence/presence-types";
import { sweepPresenceOccasionally } from "../presence/sweep-presence";
import { listSavedReplyNames } from "../saved-replies/saved-replies.statements";
import type { SummaryRow } from "../threads/statements/summary";
import { type Person, type SummaryScope, type ThreadSummary, toThreadSummary } from "../threads/summary";
import { draftClients } from "./draft-clients";
import { type DraftInbox, findDraftInboxes } from "./draft-inboxes";
import { candidateMessageIds, type MailHeaders } from "./mail-headers";
import { loadCardDrafts, loadThreadExtras, type ThreadExtras } from "./thread-extras";
import { type VisitResult, visitThread } from "./visit-thread";

export type ContextInput = MailHeaders & {
  client: PresenceClient;
  activity: PresenceActivity;
  ttlSeconds?: number | undefined;
  from?: string | null | undefined;
  to?: readonly string[] | undefined;
  cc?: readonly string[] | undefined;
};

/** A thread as a card shows it: its summary and the team's work on it (see ThreadExtras). */
export type ContextThread = ThreadSummary & Partial<ThreadExtras>;

export type MailContext = {
  /** The caller, so a card can say who is signed in and assign a thread to them. */
  me: Person;
  thread: ContextThread | null;
  presence: Presence[];
  candidates: ContextThread[];
  suggestedSubject?: string;
  /** Composing: the org's inboxes, each marked when the draft is addressed to it. */
  inboxes?: DraftInbox[];
  /** Composing: the org's saved replies by name, to insert into the draft. */
  savedReplies?: { id: string; name: string }[];
};

type ContextDeps = Pick<Deps, "db" | "clock" | "config" | "log" | "lastSweptAt">;

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
  // these go out together: a draft's inboxes and the saved replies do not depend on its thread
  const [visit, inboxes, savedReplies] = await Promise.all([
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
    composing ? listSavedReplyNames(deps.db, caller.org.id) : [],
  ]);
  if (visit.thread) await sweepPresenceOccasionally(deps, now);
  const { extras, drafts } = await loadCardExtras(deps, visit, composing);
  // Object.assign onto the fresh summary, not a literal of two spreads: Node 20's V8 copies a
  // second spread property by property (see filingValues)
  const withExtras = (row: SummaryRow): ContextThread =>
    Object.assign(toThreadSummary(row, scope), extras.get(row.id));
  const thread = visit.thread ? Object.assign(withExtras(visit.thread), drafts ? { drafts } : {}) : null;
  const { presence } = visit;
  const me = { email: caller.member.email, name: caller.member.name };
  if (!composing) return { me, thread, presence, candidates: [] };
  // tickets come with the matched thread only, even when it is also a candidate
  const candidates = visit.candidates.map((row) => {
    const { tickets: _tickets, ...candidate } = withExtras(row);
    return candidate;
  });
  const suggestedSubject = suggestSubject(input.subject, thread, candidates);
  return {
    me,
    thread,
    presence,
    candidates,
    ...(suggestedSubject === undefined ? {} : { suggestedSubject }),
    inboxes,
    savedReplies,
  };
}

/** What the card shows beyond the summaries, after the visit found its threads: one more round trip. */
async function loadCardExtras(deps: ContextDeps, visit: VisitResult, composing: boolean) {
  const ids = [visit.thread, ...visit.candidates].flatMap((row) => (row ? [row.id] : []));
  const open = visit.thread?.id ?? null;
  const [extras, drafts] = await Promise.all([
    loadThreadExtras(deps.db, [...new Set(ids)], open),
    composing && open ? loadCardDrafts(deps.db, open) : null,
  ]);
  return { extras, drafts };
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
