import { performance } from "node:perf_hooks";
import pg from "pg";
import { BENCH_INBOX, BENCH_ORG, BENCH_STAFF, INBOX_ADDRESS } from "./bench-constants";
import {
  CLIENT_DOMAINS,
  LONG_THREAD_MESSAGES,
  longThreadOf,
  messageIdSql,
  RARE_EVERY,
  RARE_WORD,
  SEED_SUBJECTS,
  type StaffDataShape,
} from "./staff-data";

export type SeedReport = {
  threads: number;
  messages: number;
  clients: number;
  seconds: number;
  /** Seconds per step: threads, messages, facts, indexes, vacuum and analyze. */
  steps: Record<string, number>;
  /** On-disk size of each table with its indexes, in MB. */
  sizesMb: Record<string, number>;
};

const PARAGRAPH =
  "since this morning our team sees the error again when we open the dashboard. We tried another browser " +
  "and cleared the cache, but nothing changed. Could you have a look? It is urgent for our month-end.";
const STATUSES = ["open", "open", "in_progress", "resolved", "closed", "closed", "closed", "closed"];
const SEED_TIMEOUT_MS = 240_000;
/**
 * A busy team is present somewhere: each member in this many threads, for an hour. An empty
 * presence table would also make the bench unlike production, as Postgres plans a statement from
 * the table sizes it sees when a connection first runs it.
 */
export const PRESENCE_PER_MEMBER = 100;

function presenceSql(): string {
  return `
    insert into presence (thread_id, member_id, client, org_id, activity, since, expires_at)
    select t.id, m.id, 'web', t.org_id, 'viewing', now(), now() + interval '1 hour'
    from (select id, row_number() over (order by email) as k from members) m
    join threads t on t.number between (m.k - 1) * ${PRESENCE_PER_MEMBER} + 1 and m.k * ${PRESENCE_PER_MEMBER}`;
}

/**
 * Every seeded message, staff replies included, came in through the webhook as real ones do (staff
 * reply with the inbox in CC): they point at one kept delivery. Mail the service sends itself has
 * none, and no search document.
 */
const SEEDED_DELIVERY = "(select id from inbound_emails where subject = 'bench seed' limit 1)";
const seededDeliverySql = `insert into inbound_emails (raw_body, status, subject) values ('{}', 'filed', 'bench seed')`;

const literalArray = (values: readonly string[]) => `array[${values.map((v) => `'${v}'`).join(", ")}]`;

/** Threads numbered 1..threads, newest activity for the highest numbers, about a year of history. */
function threadsSql(shape: StaffDataShape): string {
  const { threads: t, messages: m, clients } = shape;
  const count = `(floor((${m} - n) / ${t}) + 1)::int`;
  return `
    insert into threads (org_id, inbox_id, number, subject, status, client_email, client_name, assignee_id,
                         started_by, message_count, last_message_at, last_message_direction, last_message_from,
                         created_at)
    select o.id, i.id, n,
           (${literalArray(SEED_SUBJECTS)})[1 + n % ${SEED_SUBJECTS.length}] || ' (' || n || ')',
           (${literalArray(STATUSES)})[1 + (n * 31) % ${STATUSES.length}],
           'client' || c || '@acme' || c % ${CLIENT_DOMAINS} || '.example', 'Client ' || c,
           case when n % 4 = 0 then null else staff.ids[1 + n % cardinality(staff.ids)] end,
           'client', ${count}, at,
           case when (${count} - 1) % 2 = 0 then 'inbound' else 'outbound' end,
           case when (${count} - 1) % 2 = 0 then 'client' || c || '@acme' || c % ${CLIENT_DOMAINS} || '.example'
                else '${BENCH_STAFF}' end,
           at - (${count} - 1) * interval '37 minutes'
    from generate_series(1, ${t}) n
    cross join lateral (select (n * 7919) % ${clients} as c,
                               now() - (${t} - n) * interval '5 minutes' - (n * 13 % 300) * interval '1 second' as at) k
    cross join orgs o
    join inboxes i on i.org_id = o.id and i.name = '${BENCH_INBOX}'
    cross join lateral (select array_agg(id order by email) as ids from members where org_id = o.id) staff
    where o.slug = '${BENCH_ORG}' and n <= ${m}`;
}

/** Messages 1..messages, message n in thread ((n-1) mod threads)+1, client and staff taking turns. */
function messagesSql(shape: StaffDataShape): string {
  const { threads: t, messages: m } = shape;
  const inbound = "k.p % 2 = 0";
  const client = `jsonb_build_array(jsonb_build_object('email', th.client_email, 'name', th.client_name))`;
  const inbox = `jsonb_build_array(jsonb_build_object('email', '${INBOX_ADDRESS}', 'name', ''))`;
  const parent = messageIdSql(shape, `(n - ${t})`);
  return `
    insert into messages (org_id, inbox_id, thread_id, inbound_email_id, direction, from_email, from_name, "to", cc,
                          subject, html, text, rfc_message_id, in_reply_to, "references", dedupe_key, delivery,
                          sent_at, created_at)
    select th.org_id, th.inbox_id, th.id, ${SEEDED_DELIVERY},
           case when ${inbound} then 'inbound' else 'outbound' end,
           case when ${inbound} then th.client_email else '${BENCH_STAFF}' end,
           case when ${inbound} then th.client_name else 'Alex Agent' end,
           case when ${inbound} then ${inbox} else ${client} end,
           '[]'::jsonb,
           case when k.p = 0 then th.subject else 'RE: [THD-' || th.number || '] ' || th.subject end,
           '<p>Hello, ' || '${PARAGRAPH}' || '</p>',
           'Hello, ' || '${PARAGRAPH}' || case when (n - 1) % ${RARE_EVERY} = 0 then ' ${RARE_WORD}' else '' end,
           ${messageIdSql(shape, "n")},
           case when k.p > 0 then ${parent} end,
           case when k.p > 0 then jsonb_build_array(${parent}) else '[]'::jsonb end,
           md5(n::text),
           case when ${inbound} then null else 'sent' end,
           case when ${inbound} then null else th.last_message_at - (th.message_count - 1 - k.p) * interval '37 minutes' end,
           th.last_message_at - (th.message_count - 1 - k.p) * interval '37 minutes'
    from generate_series(1::bigint, ${m}) n
    cross join lateral (select ((n - 1) % ${t}) + 1 as number, (n - 1) / ${t} as p) k
    join threads th on th.number = k.number
    join orgs o on o.id = th.org_id and o.slug = '${BENCH_ORG}'`;
}

/** The bench inbox's response targets, in minutes: a first reply within 4 hours, resolution within 2 days. */
export const BENCH_TARGETS = { firstResponseMinutes: 240, resolutionMinutes: 2880 };

/**
 * What the workflow features keep on each thread, as a year of work would have left it: due times
 * from the inbox's targets, the first staff reply (the seeded second message, 37 minutes in), a
 * resolution for finished threads some hours after their last message, priorities and a few tags.
 * Open threads from before the last two days are past their resolution target: breached.
 */
function workflowFactsSql(): string {
  const { firstResponseMinutes: first, resolutionMinutes: resolution } = BENCH_TARGETS;
  return `
    with targets as (
      update inboxes set first_response_minutes = ${first}, resolution_minutes = ${resolution}
      where name = '${BENCH_INBOX}' and org_id = (select id from orgs where slug = '${BENCH_ORG}'))
    update threads set
      first_client_message_at = created_at,
      first_response_due_at = created_at + interval '${first} minutes',
      resolution_due_at = created_at + interval '${resolution} minutes',
      first_response_at = case when message_count > 1 then created_at + interval '37 minutes' end,
      first_response_by = case when message_count > 1 then assignee_id end,
      resolved_at = case when status in ('resolved', 'closed')
        then least(now(), last_message_at + (number * 17 % 2880) * interval '1 minute') end,
      resolved_by = case when status in ('resolved', 'closed') then assignee_id end,
      reopen_count = case when number % 23 = 0 then 1 else 0 end,
      priority = (array['low', 'normal', 'normal', 'normal', 'high', 'urgent'])[1 + number % 6],
      tags = case number % 10 when 0 then array['billing'] when 1 then array['shipping', 'vip'] else '{}'::text[] end
    where org_id = (select id from orgs where slug = '${BENCH_ORG}')`;
}

/** One more thread with LONG_THREAD_MESSAGES messages, client and staff taking turns: the thread page bench's. */
function longThreadSql(shape: StaffDataShape): string {
  const number = longThreadOf(shape);
  const count = LONG_THREAD_MESSAGES;
  return `
    with t as (
      insert into threads (org_id, inbox_id, number, subject, status, client_email, client_name, started_by,
                           message_count, last_message_at, last_message_direction, last_message_from, created_at)
      select o.id, i.id, ${number}, 'A long conversation (${count} messages)', 'open', 'long@acme1.example',
             'Long Client', 'client', ${count}, now(), 'outbound', '${BENCH_STAFF}', now() - interval '${count} hours'
      from orgs o join inboxes i on i.org_id = o.id and i.name = '${BENCH_INBOX}'
      where o.slug = '${BENCH_ORG}'
      returning id, org_id, inbox_id, client_email, client_name)
    insert into messages (org_id, inbox_id, thread_id, inbound_email_id, direction, from_email, from_name, "to", cc,
                          subject, html, text, rfc_message_id, dedupe_key, created_at)
    select t.org_id, t.inbox_id, t.id, ${SEEDED_DELIVERY},
           case when k % 2 = 1 then 'inbound' else 'outbound' end,
           case when k % 2 = 1 then t.client_email else '${BENCH_STAFF}' end,
           case when k % 2 = 1 then t.client_name else 'Alex Agent' end,
           jsonb_build_array(jsonb_build_object('email', '${INBOX_ADDRESS}', 'name', '')), '[]'::jsonb,
           'RE: [THD-${number}] A long conversation',
           '<p>Message ' || k || '. ' || '${PARAGRAPH}' || '</p>', 'Message ' || k || '. ' || '${PARAGRAPH}',
           '<long.' || k || '@mail.client.example>', md5('long' || k), now() - (${count} - k) * interval '1 hour'
    from t cross join generate_series(1, ${count}) k`;
}

async function secondaryIndexes(client: pg.Client, table: string): Promise<{ name: string; def: string }[]> {
  const { rows } = await client.query<{ name: string; def: string }>(
    `select c.relname as name, pg_get_indexdef(x.indexrelid) as def
     from pg_index x join pg_class c on c.oid = x.indexrelid
     where x.indrelid = $1::regclass and not x.indisprimary`,
    [table],
  );
  return rows;
}

async function tableSizes(client: pg.Client): Promise<Record<string, number>> {
  const { rows } = await client.query<{ name: string; mb: number }>(
    `select relname as name, round(pg_total_relation_size(oid) / 1048576.0)::int as mb
     from pg_class where relname in ('threads', 'messages', 'thread_participants')`,
  );
  return Object.fromEntries(rows.map((row) => [row.name, row.mb]));
}

/**
 * Seeds the bench org (created by the API child) with `shape` in set-based SQL, the way a restore
 * would: rows first, then the secondary indexes rebuilt from their own definitions, then ANALYZE.
 * Foreign-key triggers are off for this session only (`session_replication_role`, superuser).
 */
export async function seedStaffData(
  url: string,
  shape: StaffDataShape,
  log: (line: string) => void,
): Promise<SeedReport> {
  const client = new pg.Client({ connectionString: url, statement_timeout: SEED_TIMEOUT_MS });
  await client.connect();
  const steps: Record<string, number> = {};
  const started = performance.now();
  const step = async (name: string, work: () => Promise<unknown>) => {
    const begin = performance.now();
    await work();
    steps[name] = (performance.now() - begin) / 1000;
    log(`  seed: ${name} in ${steps[name]!.toFixed(1)} s`);
  };
  try {
    await client.query("begin");
    await client.query("set local session_replication_role = replica");
    await client.query("set local maintenance_work_mem = '256MB'");
    await client.query("set local work_mem = '64MB'");
    const indexes = [
      ...(await secondaryIndexes(client, "threads")),
      ...(await secondaryIndexes(client, "messages")),
    ];
    for (const index of indexes) await client.query(`drop index "${index.name}"`);
    await step(`${shape.threads} threads`, () => client.query(threadsSql(shape)));
    await step("participants", () =>
      client.query(
        `insert into thread_participants (thread_id, email) select id, client_email from threads on conflict do nothing`,
      ),
    );
    await client.query(seededDeliverySql);
    await step(`${shape.messages} messages`, () => client.query(messagesSql(shape)));
    await step("response targets and facts", () => client.query(workflowFactsSql()));
    await step(`a thread of ${LONG_THREAD_MESSAGES} messages`, () => client.query(longThreadSql(shape)));
    await client.query(`update orgs set thread_seq = ${longThreadOf(shape)} where slug = '${BENCH_ORG}'`);
    await step(`${indexes.length} indexes rebuilt`, async () => {
      for (const index of indexes) await client.query(index.def);
    });
    await step("presence", () => client.query(presenceSql()));
    await client.query("commit");
    // as autovacuum keeps a live database: statistics, and a visibility map for index-only counts
    await step("vacuum and analyze", () => client.query("vacuum (analyze)"));
    return {
      ...shape,
      seconds: (performance.now() - started) / 1000,
      steps,
      sizesMb: await tableSizes(client),
    };
  } catch (error) {
    await client.query("rollback").catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
