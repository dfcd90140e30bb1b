import { parseArgs } from "node:util";

export type DatabaseKind = "pg" | "pglite";

export type SuiteName = "ingest" | "staff";

/** The staff-API suite: seeded data, the context/presence load and the SSE fan-out. */
export type StaffOptions = {
  requests: number;
  concurrency: number;
  members: number;
  threads: number;
  messages: number;
  clients: number;
  subscribers: number;
  rounds: number;
  /** The agent scenario: MCP tool calls beside the REST calls doing the same work. */
  agentRequests: number;
  agentConcurrency: number;
  warmup: number;
  /** Time bound of each measured phase. */
  timeoutMs: number;
  /** The analytics summary and the sla=breached list: measured requests and callers at once. */
  workflowRequests: number;
  workflowConcurrency: number;
  /** The search rows (concurrency 8) and the thread page row (one caller). */
  search: { concurrency: number; requests: number; warmup: number };
  /** Emails the webhook files on the seeded database, at c16, after the read rows. */
  agedEmails: number;
};

export type BenchOptions = {
  suites: SuiteName[];
  staff: StaffOptions;
  databases: DatabaseKind[];
  concurrencies: number[];
  /** Emails per scenario, at every concurrency. */
  emails: number;
  warmup: number;
  timeoutMs: number;
  acks: boolean;
  /** pipelined connections of the API (DATABASE_PIPELINES); undefined: the service's default */
  pipelines: number | undefined;
  /** also ingest without the search documents, to show what they cost */
  searchCost: boolean;
  replyShare: number;
  pgUrl: string;
  pgbench: boolean;
  profile: boolean;
  seed: number;
};

const USAGE = `npm run bench -- [flags]
  --suite LIST        ingest,staff (default: both)

ingest suite (POST /webhooks/postmark/inbound):
  --emails N          emails per scenario at every concurrency (default 8000: the second half runs on warmed-up code)
  --concurrency LIST  e.g. 16,64 (default)
  --db LIST           pg,pglite (default: both)
  --warmup N          unmeasured emails before each scenario (default 200)
  --timeout S         seconds a scenario may take before it is cut short (default 180)
  --acks on|off       acknowledgements of new threads (default on; the outbox worker delivers them to the mail sink)
  --pipelines N       pipelined connections of the API on Postgres (default: the service's, DATABASE_PIPELINES)
  --replies F         share of emails that reply to an earlier one (default 0.25)
  --pg-url URL        server where scratch databases are created (default postgres://postgres@127.0.0.1:5432/test)
  --no-pgbench        skip the pgbench durable-commit ceiling
  --profile           write V8 CPU profiles of the API child to .bench/profiles (slows it down)
  --seed N            traffic seed (default 1)

staff suite (Postgres only: POST /api/v1/context, PUT /api/v1/presence, MCP and REST reads, SSE fan-out):
  --staff-requests N  measured requests of the context and the heartbeat runs (default 20000)
  --staff-concurrency N  callers at once (default 32)
  --staff-members N   members with API tokens (default 20)
  --threads N         seeded threads (default 100000)
  --messages N        seeded messages (default 1000000)
  --clients N         distinct client addresses of the threads (default 30000)
  --subscribers N     SSE streams on one thread for the fan-out (default 1000)
  --fanout-rounds N   presence changes timed to their last subscriber (default 30)
  --staff-timeout S   seconds each staff phase may take before it is cut short (default 60)
  --agent-requests N  measured calls of the agent run: list_threads and get_thread over MCP and REST (default 4000)
  --agent-concurrency N  callers at once in the agent run (default 8)
  --workflow-requests N     measured requests of the analytics, the sla=breached and the thread-list runs (default 2000)
  --workflow-concurrency N  their callers at once (default 8)

  --search-requests N measured requests of each search row (c8) and of the thread page row (c1) (default 2000)
  --aged-emails N     emails the webhook files at c16 on the seeded database, last (default 2000)

ingest suite, cost of full-text search:
  --no-search-cost    skip the ingest rows without the search documents and their indexes`;

const positive = (name: string, value: string): number => {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0)
    throw new Error(`--${name}: expected a positive number, got "${value}"\n${USAGE}`);
  return number;
};

/** The command line of `npm run bench`, with the defaults the issue asks for. */
export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      emails: { type: "string", default: "8000" },
      concurrency: { type: "string", default: "16,64" },
      db: { type: "string", default: "pg,pglite" },
      warmup: { type: "string", default: "200" },
      timeout: { type: "string", default: "180" },
      acks: { type: "string", default: "on" },
      pipelines: { type: "string" },
      replies: { type: "string", default: "0.25" },
      "pg-url": { type: "string", default: "postgres://postgres@127.0.0.1:5432/test" },
      "no-pgbench": { type: "boolean", default: false },
      profile: { type: "boolean", default: false },
      seed: { type: "string", default: "1" },
      suite: { type: "string", default: "ingest,staff" },
      "staff-requests": { type: "string", default: "20000" },
      "staff-concurrency": { type: "string", default: "32" },
      "staff-members": { type: "string", default: "20" },
      threads: { type: "string", default: "100000" },
      messages: { type: "string", default: "1000000" },
      clients: { type: "string", default: "30000" },
      subscribers: { type: "string", default: "1000" },
      "fanout-rounds": { type: "string", default: "30" },
      "staff-timeout": { type: "string", default: "60" },
      "agent-requests": { type: "string", default: "4000" },
      "agent-concurrency": { type: "string", default: "8" },
      "workflow-requests": { type: "string", default: "2000" },
      "workflow-concurrency": { type: "string", default: "8" },
      "search-requests": { type: "string", default: "2000" },
      "aged-emails": { type: "string", default: "2000" },
      "no-search-cost": { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const concurrencies = values.concurrency.split(",").map((c) => Math.round(positive("concurrency", c)));
  const databases = values.db.split(",").map((name) => {
    if (name !== "pg" && name !== "pglite") throw new Error(`--db: "${name}" is not pg or pglite\n${USAGE}`);
    return name;
  });
  const emails = Math.round(positive("emails", values.emails));
  if (values.acks !== "on" && values.acks !== "off") throw new Error(`--acks: expected on or off\n${USAGE}`);
  const replyShare = Number(values.replies);
  if (!(replyShare >= 0 && replyShare < 1))
    throw new Error(`--replies: expected a share from 0 to 1\n${USAGE}`);
  const suites = values.suite.split(",").map((name) => {
    if (name !== "ingest" && name !== "staff")
      throw new Error(`--suite: "${name}" is not ingest or staff\n${USAGE}`);
    return name;
  });
  const whole = (name: keyof typeof values) => Math.round(positive(name, String(values[name])));
  const staff: StaffOptions = {
    requests: whole("staff-requests"),
    concurrency: whole("staff-concurrency"),
    members: Math.max(2, whole("staff-members")),
    threads: whole("threads"),
    messages: whole("messages"),
    clients: whole("clients"),
    subscribers: whole("subscribers"),
    rounds: whole("fanout-rounds"),
    agentRequests: whole("agent-requests"),
    agentConcurrency: whole("agent-concurrency"),
    warmup: 500,
    timeoutMs: positive("staff-timeout", values["staff-timeout"]) * 1000,
    workflowRequests: whole("workflow-requests"),
    workflowConcurrency: whole("workflow-concurrency"),
    search: { concurrency: 8, requests: whole("search-requests"), warmup: 100 },
    agedEmails: whole("aged-emails"),
  };
  return {
    suites,
    staff,
    databases,
    concurrencies,
    emails,
    warmup: Number(values.warmup) >= 0 ? Math.round(Number(values.warmup)) : 200,
    timeoutMs: positive("timeout", values.timeout) * 1000,
    acks: values.acks === "on",
    pipelines:
      values.pipelines === undefined ? undefined : Math.round(positive("pipelines", values.pipelines)),
    searchCost: !values["no-search-cost"],
    replyShare,
    pgUrl: values["pg-url"],
    pgbench: !values["no-pgbench"],
    profile: values.profile,
    seed: Math.round(positive("seed", values.seed)),
  };
}
