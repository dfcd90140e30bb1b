import { randomUUID } from "node:crypto";
import { normalizeEmail } from "../../../shared/src/addresses";
import { formatRef, tagSubject, threadSubject } from "../../../shared/src/subject-tag";
import { auditActorOf, recordAudit } from "../audit/record-audit";
import type { MemberCaller } from "../auth/caller";
import type { Db } from "../db/client";
import type { Address, Inbox, Thread } from "../db/schema";
import type { Deps } from "../deps";
import { badRequest } from "../errors";
import { threadEventData } from "../events/payloads";
import { publishEvent } from "../events/publish";
import { type NewThreadPlan, takeThreadNumber, writeNewThread } from "./statements/new-thread";
import { findInboxByName, isCustomInboxAddress, isMemberAddress } from "./statements/staff-thread";
import { loadThreadSummary, type ThreadSummary } from "./summary";

export type StaffThreadInput = {
  inbox: string;
  clientEmail: string;
  clientName?: string | undefined;
  subject: string;
};

export type StaffThread = { thread: ThreadSummary; subject: string };

/**
 * A thread a member starts before writing to a client: numbered now, so the draft can carry its
 * tag. No acknowledgement is sent; the member's mail with the tag joins it when it arrives.
 */
export async function createStaffThread({
  deps,
  caller,
  input,
}: {
  deps: Pick<Deps, "db" | "clock" | "config">;
  caller: MemberCaller;
  input: StaffThreadInput;
}): Promise<StaffThread> {
  const client = { email: normalizeEmail(input.clientEmail), name: input.clientName?.trim() ?? "" };
  const thread = await deps.db.transaction(async (tx) => {
    const inbox = await requireInbox(tx, caller.org.id, input.inbox);
    await requireOutsider(tx, caller.org.id, client.email, deps.config.INBOUND_DOMAIN);
    const plan = staffThreadPlan(await takeThreadNumber(tx, caller.org.id), input.subject, client);
    const write = {
      thread: plan,
      orgId: caller.org.id,
      inboxId: inbox.id,
      now: deps.clock.now(),
      opening: null,
    };
    const row = await writeNewThread(tx, write, [caller.member.email, client.email]);
    const created = { ...row, orgId: caller.org.id, subject: plan.subject };
    await recordAudit(tx, {
      orgId: caller.org.id,
      kind: "thread_created",
      by: auditActorOf(caller),
      target: formatRef(created.number),
      detail: { inbox: inbox.name, client: client.email, subject: created.subject },
    });
    await announce(tx, created, caller);
    return created;
  });
  const scope = { org: caller.org, inboundDomain: deps.config.INBOUND_DOMAIN };
  const summary = await loadThreadSummary(deps.db, scope, thread.id);
  return { thread: summary!, subject: tagSubject(thread.subject, thread.number) };
}

/** Staff start a thread for a client before any mail: no acknowledgement, no link. */
function staffThreadPlan(number: number, subject: string, client: Address): NewThreadPlan {
  return {
    kind: "new",
    id: randomUUID(),
    number,
    subject: threadSubject(subject),
    client,
    startedBy: "staff",
    linkedThreadId: null,
  };
}

async function requireInbox(db: Db, orgId: string, name: string): Promise<Inbox> {
  const inbox = await findInboxByName(db, orgId, name.trim().toLowerCase());
  if (!inbox) throw badRequest(`inbox: this organization has no inbox named "${name}"`);
  return inbox;
}

/** The client is someone outside: not a member of the org, not one of our inbox addresses. */
async function requireOutsider(db: Db, orgId: string, email: string, inboundDomain: string): Promise<void> {
  if (email.endsWith(`@${inboundDomain}`)) throw badRequest("clientEmail: is one of our inbox addresses");
  if (await isCustomInboxAddress(db, email)) throw badRequest("clientEmail: is one of our inbox addresses");
  if (await isMemberAddress(db, orgId, email))
    throw badRequest("clientEmail: is a member of this organization, not a client");
}

async function announce(
  db: Db,
  thread: Pick<Thread, "id" | "orgId" | "number" | "status">,
  caller: MemberCaller,
): Promise<void> {
  await publishEvent(db, {
    orgId: thread.orgId,
    threadId: thread.id,
    type: "thread",
    data: threadEventData(thread.number, {
      created: true,
      status: thread.status,
      startedBy: "staff",
      by: caller.member.email,
    }),
  });
}
