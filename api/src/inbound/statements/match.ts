import { type Placeholder, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { findSubjectTag } from "../../../../shared/src/subject-tag";
import type { Db } from "../../db/client";
import { messages, type ThreadStatus, threadParticipants, threads } from "../../db/schema";
import { defineStatement, type Placeholders, runStatement } from "../../db/statement";
import { nextThreadNumberPart } from "../../threads/statements/new-thread";
import { postmarkIdOf, referencedMessageIds } from "../headers";
import type { InboundEmail } from "../payload";

// the closest references decide; a very long chain adds little but cost
const MAX_REFERENCES = 30;

const t = alias(threads, "t");
const tp = alias(threadParticipants, "p");
const m = alias(messages, "m");

/** The email's facts a match reads, as parameters (see `matchValues`). */
export type MatchValues = {
  /** JSON: `[{ id, postmarkId }]`, the referenced Message-IDs, closest first */
  references: string;
  /** the subject tag's number */
  tag: number | null;
  /** the signed reply token's number */
  token: number | null;
  sender: string;
};

export function matchValues(email: InboundEmail, tokenNumber: number | null): MatchValues {
  const references = referencedMessageIds(email)
    .slice(0, MAX_REFERENCES)
    .map((id) => ({ id, postmarkId: postmarkIdOf(id) }));
  return {
    references: JSON.stringify(references),
    tag: findSubjectTag(email.subject),
    token: tokenNumber,
    sender: email.from.email,
  };
}

/** Where a match is looked up, as SQL: parameters, or the CTEs of a larger statement. */
export type MatchScope = { orgId: SQL; senderIsMember: SQL };

/** The columns of `matched`. */
export type MatchedRow = {
  id: string | null;
  number: number | null;
  status: ThreadStatus | null;
  quoted_id: string | null;
  new_number: number | null;
};

const findMatchStatement = defineStatement<
  MatchValues & { org: string; senderIsMember: boolean },
  MatchedRow
>(
  (p) =>
    sql`with ${matchCtes(p, { orgId: sql`${p.org}::uuid`, senderIsMember: sql`${p.senderIsMember}::boolean` })}
      select * from matched`,
);

/**
 * Looks up the thread an email joins in one org (see `matchCtes`), taking the org's next thread
 * number in the same statement when nothing matched.
 */
export async function findMatch(
  db: Db,
  email: InboundEmail,
  input: { orgId: string; senderIsMember: boolean; tokenNumber: number | null },
): Promise<MatchedRow> {
  const values = {
    ...matchValues(email, input.tokenNumber),
    org: input.orgId,
    senderIsMember: input.senderIsMember,
  };
  const [row] = await runStatement(db, findMatchStatement, values);
  return row!;
}

/**
 * The CTEs of a match: `referenced`, `candidates` (by reply token, by each referenced Message-ID,
 * closest first, and by subject tag when the sender takes part in that thread), `best`, `seq` (the
 * next thread number, taken only when nothing matched) and `matched`, one row with the org, the
 * thread found or the new number. Its text is the same for every email.
 */
export function matchCtes(p: Placeholders<MatchValues>, scope: MatchScope): SQL {
  const { orgId } = scope;
  const ids = { rfc: sql`referenced.id`, postmark: sql`referenced.postmark_id` };
  const trusted = sql`(${scope.senderIsMember} or ${t.clientEmail} = ${p.sender}
      or exists (select 1 from ${threadParticipants} ${tp} where ${tp.threadId} = ${t.id} and ${tp.email} = ${p.sender}))`;
  const numbered = (number: Placeholder) => sql`${t.orgId} = ${orgId} and ${t.number} = ${number}::int`;
  return sql`referenced as (
          select item->>'id' as id, item->>'postmarkId' as postmark_id, ord::int as rank
          from jsonb_array_elements(${p.references}::jsonb) with ordinality as r(item, ord)),
        candidates as (
          select ${t.id}, 0 as rank from ${threads} ${t} where ${numbered(p.token)}
          union all
          select hit.id, hit.rank from referenced
          cross join lateral (${threadByMessageIdSql(orgId, ids, sql`referenced.rank`)}) hit
          union all
          select ${t.id}, 1000 as rank from ${threads} ${t} where ${numbered(p.tag)} and ${trusted}),
        best as (select id from candidates order by rank limit 1),
        ${nextThreadNumberPart(orgId, sql`not exists (select 1 from best)`)},
        matched as (
          select ${orgId} as org_id, ${t.id}, ${t.number}, ${t.status},
            (select ${t.id} from ${threads} ${t} where ${numbered(p.tag)}) as quoted_id,
            (select thread_seq from seq) as new_number
          from (select 1) one left join ${threads} ${t} on ${t.id} = (select id from best))`;
}

/**
 * The thread of the org's message with a Message-ID, as rows `(id, rank)`: by its RFC Message-ID,
 * and mail we sent through Postmark also by its Postmark id (`postmarkIdOf`); `null` when the id
 * is none of ours. Filing and the add-ons' context lookup pass the columns of their list of ids.
 */
export function threadByMessageIdSql(orgId: SQL, id: { rfc: SQL; postmark: SQL | null }, rank: SQL): SQL {
  // one lookup per index: with `rfc_message_id = … or postmark_message_id = …` the planner kept
  // only `org_id` as the index condition and read every message of the org
  const lookUp = (column: SQL, value: SQL) =>
    sql`(select ${m.threadId} as id, ${rank} as rank from ${messages} ${m} where ${m.orgId} = ${orgId} and ${column} = ${value} limit 1)`;
  const byRfcId = lookUp(sql`${m.rfcMessageId}`, id.rfc);
  return id.postmark
    ? sql`${byRfcId} union all ${lookUp(sql`${m.postmarkMessageId}`, id.postmark)}`
    : byRfcId;
}
