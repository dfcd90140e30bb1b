import { type SQL, sql } from "drizzle-orm";
import { formatRef } from "../../../../shared/src/subject-tag";
import type { Db } from "../../db/client";
import { insertSelect } from "../../db/insert-select";
import { queryRows } from "../../db/query-rows";
import { attachmentBlobs, attachments, liveEvents, messages, outbox, threadHistory } from "../../db/schema";
import { sqlJson, sqlList, sqlTimestamp } from "../../db/sql-params";
import { EVENTS_CHANNEL, liveEventDataSql } from "../../events/events.statements";
import { presenceEndedEventSql } from "../../presence/presence.statements";
import { newThreadPart, participantsPart, targetDueSql } from "../../threads/statements/new-thread";
import type { AckPlan, FilingPlan, StoredAttachment } from "../filing-plan";

/**
 * Writes a filing plan in ONE statement (data-modifying CTEs): atomic without an explicit
 * transaction, one round trip, and nothing is written unless this delivery claims the inbound
 * log row, so a racing redelivery adds nothing. Returns false when another delivery won.
 */
export async function writeFiling(db: Db, plan: FilingPlan): Promise<boolean> {
  const parts: SQL[] = [
    claimPart(plan),
    ...threadParts(plan),
    messagePart(plan),
    ...plan.attachments.flatMap((file, index) => attachmentParts(plan, file, index)),
  ];
  const participants = participantsPart(plan.participants);
  if (participants) parts.push(participants);
  parts.push(composingPart(plan));
  if (plan.ack) parts.push(...ackParts(plan, plan.ack));
  parts.push(eventsPart(plan));
  const [row] = await queryRows<{ claimed: number }>(
    db,
    sql`with ${sql.join(parts, sql`, `)}
        select (select count(*)::int from claim) as claimed,
               (select count(*)::int from (select pg_notify(${EVENTS_CHANNEL}, id::text) from events) n) as notified`,
  );
  return (row?.claimed ?? 0) > 0;
}

function claimPart(plan: FilingPlan): SQL {
  return sql`claim as (
    update inbound_emails set status = 'filed', org_id = coalesce(org_id, ${plan.orgId}::uuid), processed_at = ${sqlTimestamp(plan.now)}, error = null
    where id = ${plan.inboundId} and status in ${sqlList(plan.fileable)}
    returning id)`;
}

function threadParts(plan: FilingPlan): SQL[] {
  const { message, thread } = plan;
  if (thread.kind === "new") {
    // the acknowledgement is a message of the thread too
    const opening = { messages: plan.ack ? 2 : 1, direction: message.direction, from: message.from.email };
    return [newThreadPart({ ...plan, thread, opening }, sql`claim`)];
  }
  // a client writing to a finished thread reopens it. `before` reads the statement's snapshot: a
  // FOR UPDATE here would skip the row that thread_row updates in this same statement.
  const reopens = message.direction === "inbound";
  const replyingMember = plan.replyingMember?.id ?? null;
  return [
    sql`before as (select id, status from threads where id = ${thread.id})`,
    sql`thread_row as (
      update threads set message_count = message_count + 1, last_message_at = ${sqlTimestamp(plan.now)},
        last_message_direction = ${message.direction}, last_message_from = ${message.from.email},
        status = case when ${reopens} and status in ('resolved', 'closed') then 'open' else status end,
        reopen_count = reopen_count + case when ${reopens} and status in ('resolved', 'closed') then 1 else 0 end,
        ${factsOnReply(plan, reopens, replyingMember)}
      where id = ${thread.id} and exists (select 1 from claim)
      returning id, number, status)`,
    sql`reopened as (
      ${insertSelect(threadHistory, {
        threadId: sql`b.id`,
        field: "status",
        fromValue: sql`b.status`,
        toValue: "open",
        actor: `client reply from ${message.from.email}`,
        at: sqlTimestamp(plan.now),
      })}
      from before b join thread_row t on t.id = b.id
      where ${reopens} and b.status in ('resolved', 'closed')
      returning thread_id, from_value)`,
  ];
}

/**
 * The measured facts a message on an existing thread makes (SET sees the row as it was): the
 * client's first message starts the response targets' clock; the first staff message after it is
 * the first response. Acknowledgements are not this statement's message, so they never count.
 */
function factsOnReply(plan: FilingPlan, clientWrote: boolean, member: string | null): SQL {
  const now = sqlTimestamp(plan.now);
  const startsClock = sql`${clientWrote} and first_client_message_at is null`;
  const firstResponse = sql`${member}::uuid is not null and first_response_at is null and first_client_message_at is not null`;
  return sql`first_client_message_at = case when ${startsClock} then ${now} else first_client_message_at end,
        first_response_due_at = case when ${startsClock} then ${targetDueSql(plan, "first_response_minutes")} else first_response_due_at end,
        resolution_due_at = case when ${startsClock} then ${targetDueSql(plan, "resolution_minutes")} else resolution_due_at end,
        first_response_at = case when ${firstResponse} then ${now} else first_response_at end,
        first_response_by = case when ${firstResponse} then ${member}::uuid else first_response_by end`;
}

function messagePart(plan: FilingPlan): SQL {
  const m = plan.message;
  const row = insertSelect(messages, {
    id: m.id,
    orgId: plan.orgId,
    inboxId: plan.inboxId,
    threadId: sql`t.id`,
    inboundEmailId: plan.inboundId,
    direction: m.direction,
    fromEmail: m.from.email,
    fromName: m.from.name,
    to: sqlJson(m.to),
    cc: sqlJson(m.cc),
    subject: m.subject,
    html: m.html,
    text: m.text,
    rfcMessageId: m.rfcMessageId,
    dedupeKey: m.dedupeKey,
    inReplyTo: m.inReplyTo,
    references: sqlJson(m.references),
    createdAt: sqlTimestamp(plan.now),
  });
  return sql`message as (${row} from thread_row t returning id)`;
}

/** Attachment content is kept once per org, keyed by its SHA-256. */
function attachmentParts(plan: FilingPlan, file: StoredAttachment, index: number): SQL[] {
  const blob = sql.raw(`blob_${index}`);
  const attachment = sql.raw(`attachment_${index}`);
  return [
    sql`${blob} as (
      ${insertSelect(attachmentBlobs, {
        orgId: plan.orgId,
        sha256: file.sha256,
        size: file.content.length,
        content: sql`${file.content}::bytea`,
      })} from claim
      on conflict do nothing)`,
    sql`${attachment} as (
      ${insertSelect(attachments, {
        orgId: plan.orgId,
        messageId: sql`m.id`,
        sha256: file.sha256,
        filename: file.filename,
        contentType: file.contentType,
        size: file.content.length,
        contentId: file.contentId,
        inline: file.inline,
      })}
      from message m)`,
  ];
}

/** A member's reply landed: they are no longer composing it, on any client. */
function composingPart(plan: FilingPlan): SQL {
  const member = plan.replyingMember;
  if (!member) return sql`composing as (select null::text as client where false)`;
  return sql`composing as (
    delete from presence
    where thread_id = ${plan.thread.id} and member_id = ${member.id} and activity = 'composing'
      and exists (select 1 from claim)
    returning client)`;
}

function ackParts(plan: FilingPlan, ack: AckPlan): SQL[] {
  const client = plan.thread.kind === "new" ? plan.thread.client : null;
  return [
    sql`ack_message as (
      ${insertSelect(messages, {
        id: ack.messageId,
        orgId: plan.orgId,
        inboxId: plan.inboxId,
        threadId: sql`t.id`,
        direction: sql`'outbound'`,
        fromEmail: ack.from.email,
        fromName: ack.from.name,
        to: sqlJson(client ? [client] : []),
        cc: sql`'[]'::jsonb`,
        subject: ack.subject,
        html: sql`''`,
        text: ack.text,
        rfcMessageId: ack.rfcMessageId,
        inReplyTo: ack.inReplyTo,
        references: sqlJson(ack.references),
        delivery: sql`'pending'`,
        createdAt: sqlTimestamp(new Date(plan.now.getTime() + 1)),
      })}
      from thread_row t
      returning id)`,
    sql`ack_outbox as (
      ${insertSelect(outbox, {
        orgId: plan.orgId,
        messageId: sql`a.id`,
        kind: sql`'acknowledgement'`,
        recipient: ack.email.To,
        email: sqlJson(ack.email),
        nextAttemptAt: sqlTimestamp(plan.now),
        createdAt: sqlTimestamp(plan.now),
      })}
      from ack_message a)`,
  ];
}

/** The live events of this filing, recorded with it and announced once it commits. */
function eventsPart(plan: FilingPlan): SQL {
  const ref = sql`${formatRef(plan.thread.number)}::text`;
  const m = plan.message;
  const member = plan.replyingMember;
  // the payloads as the live events' schemas define them (events/payloads.ts)
  const presence = member
    ? sql`union all
      select ${plan.orgId}::uuid, t.id, 'presence', ${presenceEndedEventSql({
        ref,
        memberId: sql`${member.id}::text`,
        member: { email: sql`${member.email}::text`, name: sql`${member.name}::text` },
        client: sql`c.client`,
        reason: "replied",
      })}
      from thread_row t cross join composing c`
    : sql``;
  const reopened =
    plan.thread.kind === "existing"
      ? sql`union all
      select ${plan.orgId}::uuid, t.id, 'thread', ${liveEventDataSql("thread", {
        ref,
        status: sql`'open'`,
        previousStatus: sql`r.from_value`,
      })}
      from thread_row t join reopened r on r.thread_id = t.id`
      : sql``;
  const message = liveEventDataSql("message", {
    ref,
    messageId: sql`${m.id}::text`,
    direction: sql`${m.direction}::text`,
    from: sql`${m.from.email}::text`,
  });
  const row = insertSelect(liveEvents, {
    orgId: sql`${plan.orgId}::uuid`,
    threadId: sql`t.id`,
    type: sql`'message'`,
    data: message,
  });
  return sql`events as (
    ${row}
    from thread_row t
    ${reopened}
    ${presence}
    returning id)`;
}
