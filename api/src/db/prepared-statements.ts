import { createHash } from "node:crypto";

/**
 * Postgres spends more time parsing and planning our statements than running them (an indexed
 * lookup: ~0.5 ms to plan, ~0.05 ms to run). A named statement is parsed once per connection and,
 * after a few runs, keeps a generic plan. node-postgres prepares a statement when the query has a
 * `name`; drizzle names only its own `.prepare()`d queries, so the pool's client names every
 * parameterized statement after a hash of its text. Statements without parameters (migrations,
 * BEGIN, LISTEN) stay unnamed.
 *
 * Each named statement costs its connection's backend memory: about 0.36 MB for ours, with their
 * plans (measured with `pg_backend_memory_contexts`: 24 statements after the 138-email corpus, 10.9 MB
 * against 2.1 MB before). Defined statements are always named: those of `defineStatement` are few,
 * and `defineStatementsByShape` adds one for each shape used (filing's; the thread list's, one per
 * combination of filters given). Of the texts built per call (`queryRows`), only the first
 * `MAX_BUILT_NAMED` are, so one connection holds at most ~40 MB of them.
 *
 * Postgres keeps re-planning a named statement whose generic plan it estimates dearer than the
 * custom plans of its first five runs, which our CTE statements often are (estimates of unknown
 * parameters, JSON sets); the pool's connections therefore always use the generic plan. Our
 * statements look rows up by key, where a plan made for the values adds nothing.
 */
export const MAX_BUILT_NAMED = 100;
const names = new Map<string, string>();
let builtNamed = 0;
const PLAN_ONCE = "set plan_cache_mode = force_generic_plan";

type QueryConfig = { text?: unknown; name?: unknown; values?: unknown; submit?: unknown };

const nameOf = (text: string) => `tt_${createHash("sha1").update(text).digest("hex").slice(0, 20)}`;

/** A statement defined at load time: named whatever the number of texts built per call. */
export function reserveStatementName(text: string): void {
  if (!names.has(text)) names.set(text, nameOf(text));
}

function nameFor(text: string): string | undefined {
  const known = names.get(text);
  if (known !== undefined || builtNamed >= MAX_BUILT_NAMED) return known;
  builtNamed += 1;
  const name = nameOf(text);
  names.set(text, name);
  return name;
}

const hasValues = (values: unknown) => Array.isArray(values) && values.length > 0;

/** The query as node-postgres takes it, named when it is a parameterized statement. */
export function namedQuery(config: unknown, values: unknown): unknown {
  if (typeof config === "string") {
    const name = hasValues(values) ? nameFor(config) : undefined;
    return name ? { text: config, name } : config;
  }
  const query = config as QueryConfig | null;
  if (!query || typeof query.submit === "function" || query.name || typeof query.text !== "string")
    return config;
  if (!hasValues(query.values) && !hasValues(values)) return config;
  const name = nameFor(query.text);
  return name ? { ...query, name } : config;
}

type QueryingClient = new (
  // biome-ignore lint/suspicious/noExplicitAny: a mixin base class takes any constructor arguments
  ...args: any[]
) => {
  connect(): Promise<unknown>;
  query(config: unknown, values?: unknown, callback?: unknown): unknown;
  end(): Promise<void>;
  on(event: "error", listener: (error: Error) => void): unknown;
};

type Callback = (error: unknown, result?: unknown) => void;

/**
 * A node-postgres (or Neon) client class whose parameterized statements are prepared, and whose
 * connection is ready only once it ran `setup` (generic plans, timeouts: see `timeouts.ts`).
 *
 * A statement the server never answered (`query_timeout` ran out: the server is stopped or
 * unreachable) leaves the connection stuck behind it, so the connection is closed at once: the
 * statements after it fail fast, and the pool drops it instead of lending it out again.
 */
export function preparingClient<Base extends QueryingClient>(Client: Base, setup: string): Base {
  return class PreparingClient extends Client {
    // biome-ignore lint/suspicious/noExplicitAny: a mixin constructor takes any arguments
    constructor(...args: any[]) {
      super(...args);
      // the pool stops listening to a connection it lent out; the statements in flight get the error
      this.on("error", () => undefined);
    }

    override connect(callback?: (error?: Error) => void): Promise<unknown> {
      const ready = super.connect().then(() => super.query(setup));
      if (!callback) return ready;
      // the pool connects with a callback
      ready.then(() => callback(), callback);
      return ready.catch(() => undefined);
    }

    override query(config: unknown, values?: unknown, callback?: unknown): unknown {
      const named = namedQuery(config, values);
      const done = (typeof values === "function" ? values : callback) as Callback | undefined;
      if (typeof done === "function") {
        const watched: Callback = (error, result) => {
          this.closeIfStuck(error);
          done(error, result);
        };
        return typeof values === "function"
          ? super.query(named, watched)
          : super.query(named, values, watched);
      }
      const result = super.query(named, values);
      if (!(result instanceof Promise)) return result;
      return result.catch((error: unknown) => {
        this.closeIfStuck(error);
        throw error;
      });
    }

    closeIfStuck(error: unknown): void {
      if (error instanceof Error && error.message === "Query read timeout") this.end().catch(() => undefined);
    }
  };
}

/** Text longer than this is bound as a parameter rather than pasted into the statement's text. */
export const MAX_LITERAL_CHARS = 64 * 1024;

/** A value inlined as an `execute` argument: text, finite numbers and booleans; else undefined. */
function literal(value: unknown): string | undefined {
  if (value === null || value === undefined) return "null";
  const text = typeof value === "number" && Number.isFinite(value) ? String(value) : value;
  if (typeof text === "boolean") return text ? "'true'" : "'false'";
  if (typeof text !== "string" || text.length > MAX_LITERAL_CHARS || text.includes("\u0000"))
    return undefined;
  // an untyped literal takes the parameter's type; an escape string reads the same whatever the
  // session's standard_conforming_strings, once its backslashes and quotes are doubled
  return `E'${text.replaceAll("\\", "\\\\").replaceAll("'", "''")}'`;
}

type PgliteQuery = (text: string, params?: unknown[], options?: object) => Promise<unknown>;

/**
 * PGlite has no named statements in its API: `query(text, values)` parses, describes, binds and
 * plans the text anew on every call (an unnamed statement, one round trip into the WebAssembly
 * Postgres per protocol message). So a parameterized statement is prepared once with SQL's
 * `prepare` and run with `execute`, which keeps its generic plan; `execute` takes no parameters,
 * so the values are inlined as escaped literals. Values that are not text, finite numbers or
 * booleans (bytes, dates, objects, NaN), text with NUL, and very long text go the usual way.
 *
 * What it buys, measured 2026-12-02 on the 2-core bench machine against PGlite's own binding
 * (`npm run bench -- --suite ingest --db pglite`, the pair run at load 0.3-3.7): ingest 190 vs
 * 102 emails/s at c16 and 198 vs 106 at c64, API CPU (the embedded database's work included)
 * 5.9 vs 10.3 ms per email at c16 (a second pair, at load 4-21: 8.8 vs 16.1). Staff calls in one
 * process, A and B interleaved (load 13-16): context 88 vs 51 req/s (3.8 vs 7.7 ms process CPU
 * each), presence heartbeats 144 vs 79 req/s (2.2 vs 5.1 ms). Worth the quoting, which
 * `statement-values.test.ts` holds to what pg and Neon give back.
 */
export async function preparePgliteStatements(client: {
  query: PgliteQuery;
  exec(sql: string): Promise<unknown>;
}) {
  await client.exec(PLAN_ONCE);
  const query = client.query.bind(client);
  // concurrent first runs of a statement wait for the one `prepare`
  const prepared = new Map<string, Promise<boolean>>();
  const prepare = (name: string, text: string) => {
    // a statement Postgres cannot prepare on its own (untyped parameters, say) runs the usual way
    const ok = query(`prepare ${name} as ${text}`).then(
      () => true,
      () => false,
    );
    prepared.set(name, ok);
    return ok;
  };
  client.query = async (text, params, options) => {
    const name = params?.length ? nameFor(text) : undefined;
    const values = name ? params!.map(literal) : [];
    if (!name || values.includes(undefined)) return query(text, params, options);
    const ready = await (prepared.get(name) ?? prepare(name, text));
    if (!ready) return query(text, params, options);
    return query(`execute ${name}(${values.join(", ")})`, undefined, options);
  };
}
