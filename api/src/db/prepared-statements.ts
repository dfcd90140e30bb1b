import { createHash } from "node:crypto";

/**
 * Postgres spends more time parsing and planning our statements than running them (an indexed
 * lookup: ~0.5 ms to plan, ~0.05 ms to run). A named statement is parsed once per connection and,
 * after a few runs, keeps a generic plan. node-postgres prepares a statement when the query has a
 * `name`; drizzle names only its own `.prepare()`d queries, so the pool's client names every
 * parameterized statement after a hash of its text. Statements without parameters (migrations,
 * BEGIN, LISTEN) stay unnamed, and past `MAX_NAMED` distinct texts new ones do too, so a statement
 * whose text varies cannot fill the server's memory.
 *
 * Postgres keeps re-planning a named statement whose generic plan it estimates dearer than the
 * custom plans of its first five runs, which our CTE statements often are (estimates of unknown
 * parameters, JSON sets); the pool's connections therefore always use the generic plan. Our
 * statements look rows up by key, where a plan made for the values adds nothing.
 */
const MAX_NAMED = 500;
const names = new Map<string, string>();

type QueryConfig = { text?: unknown; name?: unknown; values?: unknown; submit?: unknown };

function nameFor(text: string): string | undefined {
  const known = names.get(text);
  if (known !== undefined || names.size >= MAX_NAMED) return known;
  const name = `tt_${createHash("sha1").update(text).digest("hex").slice(0, 20)}`;
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
};

/**
 * A node-postgres (or Neon) client class whose parameterized statements are prepared, and whose
 * connection is ready only once it uses generic plans.
 */
export function preparingClient<Base extends QueryingClient>(Client: Base): Base {
  return class PreparingClient extends Client {
    override connect(callback?: (error?: Error) => void): Promise<unknown> {
      const ready = super.connect().then(() => super.query("set plan_cache_mode = force_generic_plan"));
      if (!callback) return ready;
      // the pool connects with a callback
      ready.then(() => callback(), callback);
      return ready.catch(() => undefined);
    }

    override query(config: unknown, values?: unknown, callback?: unknown): unknown {
      return super.query(namedQuery(config, values), values, callback);
    }
  };
}
