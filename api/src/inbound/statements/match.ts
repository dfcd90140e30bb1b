import { type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { findSubjectTag } from "../../../../shared/src/subject-tag";
import type { Db } from "../../db/client";
import { queryRows } from "../../db/query-rows";
import { messages, type ThreadStatus, threadParticipants, threads } from "../../db/schema";
import { fixedSql } from "../../db/statement";
import { nextThreadNumberPart } from "../../threads/statements/new-thread";
import { postmarkIdOf, referencedMessageIds } from "../headers";
import type { InboundEmail } from "../payload";

// the closest references decide; a very long chain adds little but cost
const MAX_REFERENCES = 30;

const t = alias(threads, "t");
const p = alias(threadParticipants, "p");
const m = alias(messages, "m");
// looked up once per reference: rendered once (see `fixedSql`)
const RFC_MESSAGE_ID = fixedSql(sql`${m.rfcMessageId}`);
const POSTMARK_MESSAGE_ID = fixedSql(sql`${m.postmarkMessageId}`);

/** Where a match is looked up, as SQL: parameters, or the CTEs of a larger statement. */
export type MatchScope = { orgId: SQL; senderIsMember: SQL; tokenNumber: number | null };

/** The columns of `matched`. */
export type MatchedRow = {
  id: string | null;
  number: number | null;
  status: ThreadStatus | null;
  quoted_id: string | null;
  new_number: number | null;
};

/**
 * Looks up the thread an email joins in one org (see `matchCtes`), taking the org's next thread
 * number in the same statement when nothing matched.
 */
export async function findMatch(
  db: Db,
  email: InboundEmail,
  input: { orgId: string; senderIsMember: boolean; tokenNumber: number | null },
): Promise<MatchedRow> {
  const scope = {
    orgId: sql`${input.orgId}::uuid`,
    senderIsMember: sql`${input.senderIsMember}`,
    tokenNumber: input.tokenNumber,
  };
  const [row] = await queryRows<MatchedRow>(db, sql`with ${matchCtes(email, scope)} select * from matched`);
  return row!;
}

/**
 * The CTEs of a match: `candidates`, `best`, `seq` (the next thread number, taken only when
 * nothing matched) and `matched`, one row with the org, the thread found or the new number.
 */
export function matchCtes(email: InboundEmail, scope: MatchScope): SQL {
  const { orgId } = scope;
  const sender = email.from.email;
  const tagNumber = findSubjectTag(email.subject);
  const candidates: SQL[] = [];
  if (scope.tokenNumber !== null) {
    candidates.push(
      sql`select ${t.id}, 0 as rank from ${threads} ${t} where ${t.orgId} = ${orgId} and ${t.number} = ${scope.tokenNumber}`,
    );
  }
  referencedMessageIds(email)
    .slice(0, MAX_REFERENCES)
    .forEach((id, position) => {
      const postmarkId = postmarkIdOf(id);
      const ids = { rfc: sql`${id}`, postmark: postmarkId ? sql`${postmarkId}` : null };
      candidates.push(threadByMessageIdSql(orgId, ids, sql`${position + 1}::int`));
    });
  const trusted = sql`(${scope.senderIsMember} or ${t.clientEmail} = ${sender}
      or exists (select 1 from ${threadParticipants} ${p} where ${p.threadId} = ${t.id} and ${p.email} = ${sender}))`;
  if (tagNumber !== null) {
    candidates.push(
      sql`select ${t.id}, 1000 as rank from ${threads} ${t} where ${t.orgId} = ${orgId} and ${t.number} = ${tagNumber} and ${trusted}`,
    );
  }
  const quoted =
    tagNumber === null
      ? sql`null::uuid`
      : sql`(select ${t.id} from ${threads} ${t} where ${t.orgId} = ${orgId} and ${t.number} = ${tagNumber})`;
  return sql`candidates as (${candidates.length ? sql.join(candidates, sql` union all `) : sql`select null::uuid as id, 0 as rank where false`}),
        best as (select id from candidates order by rank limit 1),
        ${nextThreadNumberPart(orgId, sql`not exists (select 1 from best)`)},
        matched as (
          select ${orgId} as org_id, ${t.id}, ${t.number}, ${t.status}, ${quoted} as quoted_id,
            (select thread_seq from seq) as new_number
          from (select 1) one left join ${threads} ${t} on ${t.id} = (select id from best))`;
}

/**
 * The thread of the org's message with a Message-ID, as rows `(id, rank)`: by its RFC Message-ID,
 * and mail we sent through Postmark also by its Postmark id (`postmarkIdOf`); `null` when the id
 * is none of ours. Filing passes each referenced id as a parameter, the add-ons' context lookup
 * its list's columns.
 */
export function threadByMessageIdSql(orgId: SQL, id: { rfc: SQL; postmark: SQL | null }, rank: SQL): SQL {
  // one lookup per index: with `rfc_message_id = … or postmark_message_id = …` the planner kept
  // only `org_id` as the index condition and read every message of the org
  const lookUp = (column: SQL, value: SQL) =>
    sql`(select ${m.threadId} as id, ${rank} as rank from ${messages} ${m} where ${m.orgId} = ${orgId} and ${column} = ${value} limit 1)`;
  const byRfcId = lookUp(RFC_MESSAGE_ID, id.rfc);
  return id.postmark ? sql`${byRfcId} union all ${lookUp(POSTMARK_MESSAGE_ID, id.postmark)}` : byRfcId;
}
