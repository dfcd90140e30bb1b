import { inArray, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "../../db/client";
import { columnName } from "../../db/column-name";
import { insertSelect } from "../../db/insert-select";
import {
  type InboundEmail as InboundLog,
  inboxes,
  inboundEmails as log,
  members,
  messages,
  orgs,
  outbox,
} from "../../db/schema";
import { jsonListSql } from "../../db/sql-params";
import {
  defineStatement,
  defineStatementsByShape,
  type Placeholders,
  runStatement,
} from "../../db/statement";
import { verifiedCustomAddressSql } from "../../domains/domains.statements";
import { parseInboxAddress } from "../../inboxes/address";
import type { InboundEmail } from "../payload";
import type { RawBody } from "../raw-body";
import { type MatchedRow, type MatchValues, matchCtes, matchValues } from "./match";

const i = alias(inboxes, "i");
const o = alias(orgs, "o");
const sender = alias(members, "s");
const staff = alias(members, "staff");
const ours = alias(inboxes, "ours");
const duplicate = alias(messages, "duplicate");
const ack = alias(outbox, "ack");

/** An inbox the email is addressed to, with the per-org facts filing needs, as the statement reads it. */
export type RecipientRow = {
  inbox_id: string;
  inbox_name: string;
  auto_ack: boolean;
  auto_ack_message: string | null;
  custom_address: string | null;
  custom_address_verified: boolean;
  org_id: string;
  slug: string;
  org_name: string;
  sender_id: string | null;
  sender_name: string | null;
  staff: string[] | null;
  ours: string[] | null;
  duplicate_thread_id: string | null;
  recent_acks: number;
};

// rows of `findRecipients` carry no match; those of `keepAndFindRecipients` do, null where none was looked up
export type RouteRow = RecipientRow & Partial<MatchedRow>;

export type RecipientQuery = { inboundDomain: string; dedupeKey: string | null; ackWindowStart: Date };

/** An address the email was delivered to, its plus-address part split off. */
export type RecipientAddress = { base: string; hash: string };

/** An email's row in the inbound log, as a delivery of it finds it. */
export type KeptEmail = {
  id: string;
  status: InboundLog["status"];
  /** being filed by another delivery or the inbound sweep, whose lease has not run out */
  inFlight: boolean;
  /** kept by this very delivery */
  keptNow: boolean;
  /** why it was rejected or failed */
  error: string | null;
};

/** The email's facts the recipients' lookup reads, as parameters (JSON text for lists). */
type RecipientValues = {
  everyone: string;
  addresses: string;
  named: string;
  dedupeKey: string | null;
  sender: string;
  ackSince: string;
};

function recipientValues(
  email: InboundEmail,
  input: RecipientQuery,
  addresses: RecipientAddress[],
): RecipientValues {
  const named = addresses.flatMap(({ base }) => parseInboxAddress(base, input.inboundDomain) ?? []);
  const everyone = [email.from, ...email.to, ...email.cc, ...email.bcc].map((r) => r.email).filter(Boolean);
  return {
    everyone: JSON.stringify(everyone),
    addresses: JSON.stringify(addresses.map((a) => a.base)),
    named: JSON.stringify(named),
    dedupeKey: input.dedupeKey,
    sender: email.from.email,
    ackSince: input.ackWindowStart.toISOString(),
  };
}

const findRecipientsStatement = defineStatement<RecipientValues, RecipientRow>((p) => recipientsSql(p));

/**
 * Every inbox the email is addressed to, with all per-org facts filing needs:
 * one round trip instead of one query per fact (ingest is measured per statement).
 */
export async function findRecipients(
  db: Db,
  email: InboundEmail,
  input: RecipientQuery,
  addresses: RecipientAddress[],
): Promise<RecipientRow[]> {
  return runStatement(db, findRecipientsStatement, recipientValues(email, input, addresses));
}

type KeepValues = RecipientValues &
  MatchValues & {
    rawText: string;
    rawBytes: Buffer;
    postmarkMessageId: string;
    subject: string;
    recipients: string;
  };

type KeptRow = RecipientRow & {
  kept_id: string | null;
  kept_status: InboundLog["status"] | null;
  kept_in_flight: boolean | null;
  kept_now: boolean | null;
  kept_error: string | null;
} & MatchedRow;

/**
 * Two shapes: with the thread matched in the same statement, or without. Each row comes back as
 * one JSON value: node-postgres describes every column of every result anew and builds each row as
 * a dictionary object. With this statement's 25 columns that description was 4.4% of the API main
 * thread's perf samples under ingest, 2.0% after (all statements); JSON.parse builds the row in one
 * native call. Postgres runs the same plan either way.
 */
const keepStatement = defineStatementsByShape<boolean, KeepValues, { row: KeptRow }>(
  String,
  (matchHere, p) => {
    const scope = {
      orgId: sql`(select org_id from match_org)`,
      senderIsMember: sql`(select sender_is_member from match_org)`,
    };
    const match = matchHere
      ? sql`,
        match_org as (
          select r.org_id, bool_or(r.sender_id is not null) as sender_is_member from addressed r
          where exists (select 1 from kept) and r.duplicate_thread_id is null
          group by r.org_id
          having (select count(distinct org_id) from addressed) = 1),
        ${matchCtes(p, scope)}`
      : sql`, matched as (select null::uuid as org_id, ${NO_MATCH})`;
    // the row names its org when all its inboxes are in one, so that org's admins see it at once
    return sql`with addressed as (${recipientsSql(p)}),
        kept as (
          ${insertSelect(log, {
            rawBody: p.rawText,
            rawBytes: sql`${p.rawBytes}::bytea`,
            postmarkMessageId: p.postmarkMessageId,
            fromEmail: p.sender,
            subject: p.subject,
            recipients: sql`${p.recipients}::jsonb`,
            orgId: sql`(select case when count(distinct org_id) = 1 then (array_agg(org_id))[1] end from addressed)`,
            status: sql`'received'`,
            attempts: sql`1`,
          })}
          on conflict (${columnName(log.postmarkMessageId)}) do nothing
          returning ${log.id}, ${log.status}),
        inbound as (
          select id, status, false as in_flight, true as kept_now, null::text as error from kept
          union all
          select ${log.id}, ${log.status}, ${inFlight()}, false, ${log.error} from ${log}
          where ${log.postmarkMessageId} = ${p.postmarkMessageId} and not exists (select 1 from kept))
        ${match}
        select to_json(f) as row from (
          select i.id as kept_id, i.status as kept_status, i.in_flight as kept_in_flight, i.kept_now, i.error as kept_error,
            r.*, m.id, m.number, m.status, m.quoted_id, m.new_number
          from (select 1) one left join inbound i on true left join addressed r on true
          left join matched m on m.org_id = r.org_id) f`;
  },
);

/**
 * Keep first and look up, in one statement: the raw body is inserted (committed with the statement,
 * before any filing) and the recipients are read alongside. `kept` is null only when a concurrent
 * redelivery's row is not yet visible to this statement.
 *
 * With `matchHere`, a first delivery to one org that is no redelivery also gets its thread matched
 * here (see `matchCtes`): one round trip fewer.
 */
export async function keepAndFindRecipients(
  db: Db,
  input: {
    email: InboundEmail;
    query: RecipientQuery;
    rawBody: RawBody;
    addresses: RecipientAddress[];
    matchHere: boolean;
  },
): Promise<{ kept: KeptEmail | null; rows: RouteRow[] }> {
  const { email, query, addresses } = input;
  // Object.assign, not a literal of spreads (see filingValues)
  const values = Object.assign(recipientValues(email, query, addresses), matchValues(email, null), {
    rawText: input.rawBody.text,
    rawBytes: input.rawBody.bytes,
    postmarkMessageId: email.postmarkMessageId,
    subject: email.subject,
    recipients: JSON.stringify(loggedRecipients(email)),
  });
  const rows = (await runStatement(db, keepStatement(input.matchHere), values)).map(({ row }) => row);
  const first = rows[0];
  const kept =
    first?.kept_id && first.kept_status
      ? {
          id: first.kept_id,
          status: first.kept_status,
          inFlight: first.kept_in_flight ?? false,
          keptNow: first.kept_now ?? false,
          error: first.kept_error,
        }
      : null;
  return { kept, rows: rows.filter((row) => row.inbox_id) };
}

/**
 * Whether an inbound log row (of `inbound_emails`, not aliased) is being filed now. A filing holds
 * a lease on the row (30 s from keeping it, see the schema); a row still `received` after its lease
 * was left by a filing that died, and is filed again by a redelivery or the inbound sweep.
 */
export function inFlight(): SQL {
  return sql`(${log.status} = 'received' and ${log.leaseUntil} > now())`;
}

/** For unrouted mail: the first of the orgs with these slugs, so its admins can see the mail. */
export async function findOrgBySlugs(db: Db, slugs: string[]): Promise<string | null> {
  const [org] = await db.select({ id: orgs.id }).from(orgs).where(inArray(orgs.slug, slugs)).limit(1);
  return org?.id ?? null;
}

const NO_MATCH = sql.raw(
  "null::uuid as id, null::int as number, null::text as status, null::uuid as quoted_id, null::int as new_number",
);

function loggedRecipients(email: InboundEmail): string[] {
  return [...email.to, ...email.cc, ...email.bcc].map((r) => r.email).slice(0, 100);
}

function recipientsSql(p: Placeholders<RecipientValues>): SQL {
  const everyone = jsonListSql(p.everyone);
  return sql`select ${i.id} as inbox_id, ${i.name} as inbox_name, ${i.autoAck}, ${i.autoAckMessage}, ${i.customAddress},
          ${verifiedCustomAddressSql(sql`${o.id}`, sql`${i.customAddress}`)} as custom_address_verified,
          ${o.id} as org_id, ${o.slug}, ${o.name} as org_name, ${sender.id} as sender_id, ${sender.name} as sender_name,
          (select array_agg(${staff.email}) from ${members} ${staff}
            where ${staff.orgId} = ${o.id} and ${staff.email} in ${everyone}) as staff,
          (select array_agg(${ours.customAddress}) from ${inboxes} ${ours} where ${ours.customAddress} in ${everyone}) as ours,
          (select ${duplicate.threadId} from ${messages} ${duplicate}
            where ${duplicate.orgId} = ${o.id} and ${duplicate.dedupeKey} = ${p.dedupeKey} limit 1) as duplicate_thread_id,
          (select count(*)::int from ${outbox} ${ack} where ${ack.orgId} = ${o.id} and ${ack.recipient} = ${p.sender}
             and ${ack.kind} = 'acknowledgement' and ${ack.createdAt} > ${p.ackSince}::timestamptz) as recent_acks
        from ${inboxes} ${i}
        join ${orgs} ${o} on ${o.id} = ${i.orgId}
        left join ${members} ${sender} on ${sender.orgId} = ${o.id} and ${sender.email} = ${p.sender}
        where ${i.customAddress} in ${jsonListSql(p.addresses)}
          or (${i.name}, ${o.slug}) in (select n->>'inbox', n->>'org' from jsonb_array_elements(${p.named}::jsonb) n)`;
}
