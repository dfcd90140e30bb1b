import { parseArgs } from "node:util";
import { eq, sql } from "drizzle-orm";
import { createApiToken } from "../api/src/auth/api-tokens";
import { loadConfig } from "../api/src/config";
import { queryRows } from "../api/src/db/query-rows";
import { inboxes, members, orgs } from "../api/src/db/schema";
import type { Logger } from "../api/src/deps";
import { ingestInbound } from "../api/src/inbound/ingest";
import { rawBodyOf } from "../api/src/inbound/raw-body";
import { type Service, startService } from "../api/src/runtime";
import { startSession } from "../api/src/web/session/sessions";
import {
  BENCH_DOMAIN,
  BENCH_INBOX,
  BENCH_ORG,
  BENCH_STAFF,
  WEBHOOK_PASSWORD,
  WEBHOOK_USER,
} from "./bench-constants";
import { announceReady, reportProgress, serveCommands } from "./child-ipc";
import { EmailTraffic } from "./email-traffic";
import { runLoad } from "./load";
import { countPgQueries, type QueryCounts } from "./query-counter";
import { BENCH_RATE_LIMIT_PER_MINUTE, type StaffMember } from "./staff-members";

// errors still reach stderr; per-email info lines (the mail sink logs each acknowledgement) would
// make the bench measure the terminal
const quietLogger: Logger = {
  info() {},
  warn: (message, context) => console.warn(`[api] ${message}`, context ?? ""),
  error: (message, context) => console.error(`[api] ${message}`, context ?? ""),
};

export type DirectInput = {
  label: string;
  total: number;
  concurrency: number;
  timeoutMs: number;
  seed: number;
  replyShare: number;
  runTag: string;
};

async function seedBenchOrg(service: Service, acks: boolean): Promise<void> {
  const { db } = service.deps;
  const [org] = await db.insert(orgs).values({ slug: BENCH_ORG, name: "Bench Org" }).returning();
  await db.insert(inboxes).values({ orgId: org!.id, name: BENCH_INBOX, autoAck: acks });
  await db.insert(members).values({ orgId: org!.id, email: BENCH_STAFF, name: "Alex Agent", role: "agent" });
}

/** Members of the bench org with an API token each, made the way the admin API makes them. */
async function createStaffMembers(service: Service, count: number): Promise<StaffMember[]> {
  const { db } = service.deps;
  const [org] = await db.select().from(orgs).where(eq(orgs.slug, BENCH_ORG));
  const rows = Array.from({ length: count }, (_, i) => ({
    orgId: org!.id,
    email: `agent${String(i + 1).padStart(3, "0")}@bench.example`,
    name: `Agent ${i + 1}`,
    role: "agent" as const,
  }));
  const created = await db.insert(members).values(rows).returning();
  const staff: StaffMember[] = [];
  for (const member of created) {
    const { token } = await createApiToken(db, member, "bench");
    staff.push({ email: member.email, name: member.name, token });
  }
  return staff;
}

/** A signed-in web session of a staff member, as its browser's cookie: the thread page bench's. */
async function webSession(service: Service, email: string): Promise<string> {
  const { db, clock } = service.deps;
  const [member] = await db.select().from(members).where(eq(members.email, email));
  const session = await startSession(db, { email, memberId: member!.id, now: clock.now() });
  return `tisket_session=${session.token}`;
}

/**
 * Ingest as before full-text search: the search documents and their GIN indexes dropped, so the
 * bench can show what keeping them costs each email.
 */
async function dropSearch(service: Service): Promise<void> {
  const { db } = service.deps;
  await db.execute(sql`drop index messages_search_idx`);
  await db.execute(sql`drop index threads_search_idx`);
  await db.execute(sql`alter table messages drop column search`);
  await db.execute(sql`alter table threads drop column search`);
}

/** The same database work as the webhook, with no HTTP: `ingestInbound` called in this process. */
function direct(service: Service, input: DirectInput) {
  const { deps } = service;
  return runLoad({
    label: input.label,
    total: input.total,
    concurrency: input.concurrency,
    timeoutMs: input.timeoutMs,
    traffic: new EmailTraffic(input.runTag, input.seed, input.replyShare),
    progress: reportProgress,
    async deliver(body) {
      // PGlite answers in microtasks only: without a turn of the event loop, timers (the outbox
      // worker's, the embedded maintenance) would wait for the end of the run, as they do not in the server
      await new Promise((resolve) => setImmediate(resolve));
      const result = await ingestInbound(deps, rawBodyOf(body));
      // as the route does: the committed acknowledgement is delivered right away
      if (result.status === "filed" && result.acknowledged > 0) deps.wakeOutbox();
      return { ok: true, status: result.status };
    },
  });
}

/** Waits until the outbox worker delivered every acknowledgement; answers how many are left. */
async function drainOutbox(service: Service, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await queryRows<{ n: number }>(
      service.deps.db,
      sql`select count(*)::int as n from outbox where status = 'pending'`,
    );
    const left = row?.n ?? 0;
    if (left === 0 || Date.now() > deadline) return left;
    service.deps.wakeOutbox();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      "database-url": { type: "string" },
      "data-dir": { type: "string" },
      acks: { type: "string", default: "on" },
      search: { type: "string", default: "on" },
      pipelines: { type: "string" },
    },
  });
  const countQueries: () => QueryCounts | null = values["database-url"] ? countPgQueries() : () => null;
  const config = loadConfig({
    PORT: "0",
    DATABASE_URL: values["database-url"],
    DATA_DIR: values["data-dir"],
    INBOUND_DOMAIN: BENCH_DOMAIN,
    SECRET_KEY: "bench-secret-key-".padEnd(40, "x"),
    WEBHOOK_USERNAME: WEBHOOK_USER,
    WEBHOOK_PASSWORD,
    // the staff suite sends thousands of requests a second from a few members
    RATE_LIMIT_PER_MINUTE: String(BENCH_RATE_LIMIT_PER_MINUTE),
    DATABASE_PIPELINES: values.pipelines,
  });
  const service = await startService(config, quietLogger);
  await seedBenchOrg(service, values.acks !== "off");
  if (values.search === "off") await dropSearch(service);
  serveCommands(
    {
      direct: (input) => direct(service, input as DirectInput),
      drain: (input) => drainOutbox(service, Number(input)),
      queries: () => countQueries(),
      staffMembers: (input) => createStaffMembers(service, Number(input)),
      webSession: (input) => webSession(service, String(input)),
      memory: () => process.memoryUsage(),
    },
    () => service.close(),
  );
  announceReady(service.port, `${service.deps.database.driver}, pid ${process.pid}`);
}

main().catch((error: unknown) => {
  console.error("[serve-api] could not start:", error);
  process.exit(1);
});
