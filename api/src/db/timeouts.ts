/** How long the database may take, per driver connection (see README, Configuration). */
export type DatabaseTimeouts = {
  /** a statement, canceled by the server past it (`statement_timeout`) */
  statementMs: number;
  /** opening a connection */
  connectMs: number;
  /** waiting for a pooled connection while all are busy */
  poolMs: number;
  /** a transaction left open without a statement, ended by the server (`idle_in_transaction_session_timeout`) */
  idleInTransactionMs: number;
};

export const DEFAULT_TIMEOUTS: DatabaseTimeouts = {
  statementMs: 8000,
  connectMs: 5000,
  poolMs: 5000,
  idleInTransactionMs: 10_000,
};

// a server that does not answer at all (stopped, or the network gone) cannot cancel a statement:
// the client gives up this long after the server should have
export const CLIENT_GRACE_MS = 2000;

/** The settings the timeouts come from (see `config.ts`). */
type TimeoutSettings = {
  DATABASE_STATEMENT_TIMEOUT_MS: number;
  DATABASE_CONNECT_TIMEOUT_MS: number;
  DATABASE_POOL_TIMEOUT_MS: number;
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: number;
};

export function timeoutsFrom(config: TimeoutSettings): DatabaseTimeouts {
  return {
    statementMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
    connectMs: config.DATABASE_CONNECT_TIMEOUT_MS,
    poolMs: config.DATABASE_POOL_TIMEOUT_MS,
    idleInTransactionMs: config.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
  };
}

/**
 * The settings every Postgres connection starts with, in one statement: generic plans (see
 * `prepared-statements.ts`), no JIT compilation, and the server-side timeouts. A generic plan's
 * cost is an estimate over unseen values, and past `jit_above_cost` Postgres compiles the query
 * on every run: on the bench's 1M messages a full-text search found its page in 4 ms and then
 * spent 160 ms compiling (the search row's 50 ms of Postgres CPU per request). Our statements are
 * short; none earns a compilation. A statement rather than startup
 * parameters, which poolers and proxies may refuse.
 */
export function sessionSetup(timeouts: DatabaseTimeouts): string {
  const settings = {
    plan_cache_mode: "force_generic_plan",
    jit: "off",
    statement_timeout: `${timeouts.statementMs}`,
    idle_in_transaction_session_timeout: `${timeouts.idleInTransactionMs}`,
  };
  const calls = Object.entries(settings).map(([name, value]) => `set_config('${name}', '${value}', false)`);
  return `select ${calls.join(", ")}`;
}
