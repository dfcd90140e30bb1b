import { and, eq, isNull, type Placeholder, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { type CursorKey, olderThan } from "../../db/keyset";
import {
  inboxes,
  members,
  type ThreadPriority,
  type ThreadStatus,
  threads,
  threadTickets,
} from "../../db/schema";
import { defineStatementsByShape, runStatement } from "../../db/statement";
import { type SummaryRow, summaryColumnsSql, summaryDecoding, summaryJoinsSql } from "./summary";

/** Which of the org's threads a list shows; every condition given applies. */
export type ThreadFilter = {
  status?: ThreadStatus | undefined;
  /** an inbox's name */
  inbox?: string | undefined;
  /** a member's email, or `none` for unassigned threads */
  assignee?: string | undefined;
  priority?: ThreadPriority | undefined;
  tag?: string | undefined;
  /** only threads linked to this ticket */
  ticket?: string | undefined;
  /** the earliest target still to meet falls before `before`, or within `[from, until]` */
  slaDue?: { before: Date } | { from: Date; until: Date } | undefined;
};

/**
 * A filter's conditions as its SQL reads them: values normalized (an inbox's name and an address
 * lowercased), absent filters undefined. Search passes the values; the thread list's statement
 * passes placeholders, so its SQL is built once for each combination of filters given.
 */
type FilterArgs<Value> = {
  status?: Value;
  inbox?: Value;
  assignee?: Value;
  unassigned?: true;
  priority?: Value;
  tag?: Value;
  ticket?: Value;
  slaBefore?: Value;
  slaFrom?: Value;
  slaUntil?: Value;
};

type FilterValues = Required<Omit<FilterArgs<string>, "unassigned">>;
type ListValues = FilterValues & { orgId: string; afterAt: string; afterId: string; rows: number };
type ListShape = { given: (keyof FilterArgs<string>)[]; after: boolean };

// an empty value filters nothing, as an absent one
function filterArgs(filter: ThreadFilter): FilterArgs<string> {
  const due = filter.slaDue;
  const args: FilterArgs<string> = {
    status: filter.status || undefined,
    inbox: filter.inbox?.toLowerCase() || undefined,
    priority: filter.priority || undefined,
    tag: filter.tag || undefined,
    ticket: filter.ticket || undefined,
    slaBefore: due && "before" in due ? due.before.toISOString() : undefined,
    slaFrom: due && "from" in due ? due.from.toISOString() : undefined,
    slaUntil: due && "until" in due ? due.until.toISOString() : undefined,
  };
  if (filter.assignee === "none") args.unassigned = true;
  else args.assignee = filter.assignee?.trim().toLowerCase() || undefined;
  return args;
}

/** One page of the org's threads and one more row, newest activity first, before the cursor's key. */
export function selectThreadListRows(
  db: Db,
  orgId: string,
  filter: ThreadFilter,
  after: CursorKey | null,
  rows: number,
): Promise<SummaryRow[]> {
  const args = filterArgs(filter);
  const given = (Object.keys(args) as (keyof FilterArgs<string>)[]).filter((key) => args[key] !== undefined);
  const values = { ...args, orgId, afterAt: after?.at, afterId: after?.id, rows } as ListValues;
  return runStatement(db, listStatement({ given, after: after !== null }), values);
}

const listStatement = defineStatementsByShape<ListShape, ListValues, SummaryRow>(
  (shape) => `${shape.given.join(",")}:${shape.after}`,
  (shape, p) => {
    const args: FilterArgs<Placeholder> = Object.fromEntries(
      shape.given.map((key) => [key, key === "unassigned" ? true : p[key]]),
    );
    return sql`select ${summaryColumnsSql} from ${threads} ${summaryJoinsSql}
      where ${and(
        eq(threads.orgId, p.orgId),
        ...filterSql(p.orgId, args),
        shape.after
          ? olderThan(threads.lastMessageAt, threads.id, { at: p.afterAt, id: p.afterId })
          : undefined,
      )}
      order by ${threads.lastMessageAt} desc, ${threads.id} desc
      limit ${p.rows}`;
  },
  summaryDecoding,
);

/** The filter's conditions, on `threads` alone (search results are filtered by them too). */
export function threadFilterSql(orgId: string, filter: ThreadFilter): SQL[] {
  return filterSql(orgId, filterArgs(filter));
}

function filterSql(orgId: unknown, args: FilterArgs<unknown>): SQL[] {
  const filters: SQL[] = [];
  if (args.status !== undefined) filters.push(sql`${threads.status} = ${args.status}`);
  if (args.inbox !== undefined) filters.push(inInbox(orgId, args.inbox));
  if (args.unassigned) filters.push(isNull(threads.assigneeId));
  if (args.assignee !== undefined) filters.push(assignedTo(orgId, args.assignee));
  if (args.priority !== undefined) filters.push(sql`${threads.priority} = ${args.priority}`);
  // the constant `<> '{}'` lets Postgres use the tags index, which leaves untagged threads out
  if (args.tag !== undefined)
    filters.push(sql`${threads.tags} <> '{}'::text[]`, sql`${threads.tags} @> array[${args.tag}::text]`);
  if (args.ticket !== undefined) filters.push(linkedTo(orgId, args.ticket));
  // the earliest target still to meet, as the sla index keeps it beside the activity order
  if (args.slaBefore !== undefined) filters.push(sql`${threads.slaDueAt} < ${args.slaBefore}::timestamptz`);
  if (args.slaFrom !== undefined && args.slaUntil !== undefined)
    filters.push(
      sql`${threads.slaDueAt} >= ${args.slaFrom}::timestamptz and ${threads.slaDueAt} <= ${args.slaUntil}::timestamptz`,
    );
  return filters;
}

function linkedTo(orgId: unknown, ticket: unknown): SQL {
  return sql`${threads.id} in (select ${threadTickets.threadId} from ${threadTickets}
    where ${threadTickets.orgId} = ${orgId} and ${threadTickets.ticket} = ${ticket})`;
}

// a condition on `threads` alone, so a search can walk the activity index without joining inboxes
function inInbox(orgId: unknown, name: unknown): SQL {
  return sql`${threads.inboxId} = (select ${inboxes.id} from ${inboxes}
    where ${inboxes.orgId} = ${orgId} and ${inboxes.name} = ${name})`;
}

// an address that is no member of the org matches no thread
function assignedTo(orgId: unknown, email: unknown): SQL {
  return sql`${threads.assigneeId} = (select ${members.id} from ${members}
    where ${members.orgId} = ${orgId} and ${members.email} = ${email})`;
}
