import { formatRef } from "../../../shared/src/subject-tag";
import type { MemberCaller } from "../auth/caller";
import type { Deps } from "../deps";
import { notFound } from "../errors";
import { findThreadByRef } from "../threads/thread-lookup";
import { ticketKey } from "./stream-auth";
import { signStreamTicket, TICKET_LIFETIME_MS } from "./stream-ticket";

export type IssuedTicket = { ticket: string; expiresAt: string; thread: string | null };

/** A ticket for the caller's org stream, or for one thread's stream when `threadRef` is given. */
export async function issueStreamTicket(
  deps: Pick<Deps, "db" | "config" | "clock">,
  caller: MemberCaller,
  threadRef: string | undefined,
): Promise<IssuedTicket> {
  const key = ticketKey(deps.config);
  const thread = threadRef === undefined ? null : await findThreadByRef(deps.db, caller.org.id, threadRef);
  if (threadRef !== undefined && !thread) throw notFound("thread");
  const expiresAt = new Date(deps.clock.now().getTime() + TICKET_LIFETIME_MS);
  const ticket = signStreamTicket(key, {
    memberId: caller.member.id,
    orgId: caller.org.id,
    threadId: thread?.id ?? null,
    expiresAt,
  });
  return {
    ticket,
    expiresAt: expiresAt.toISOString(),
    thread: thread ? formatRef(thread.number) : null,
  };
}
