import pg from "pg";

export type QueryCounts = { statements: number; transactions: number; autocommits: number };

/**
 * Counts the statements node-postgres sends, by wrapping `Client.prototype.query` (bench only).
 * A statement outside BEGIN…COMMIT is its own transaction: with a write in it, its own durable commit.
 */
export function countPgQueries(): () => QueryCounts {
  const counts: QueryCounts = { statements: 0, transactions: 0, autocommits: 0 };
  const inTransaction = new WeakSet<object>();
  const original = pg.Client.prototype.query;
  const wrapped = function (this: pg.Client, ...args: unknown[]) {
    const first = args[0];
    const text = typeof first === "string" ? first : ((first as { text?: string } | null)?.text ?? "");
    const verb = text.trimStart().slice(0, 8).toLowerCase();
    counts.statements++;
    if (verb.startsWith("begin")) {
      counts.transactions++;
      inTransaction.add(this);
    } else if (verb.startsWith("commit") || verb.startsWith("rollback")) {
      inTransaction.delete(this);
    } else if (!inTransaction.has(this)) {
      counts.autocommits++;
    }
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  };
  pg.Client.prototype.query = wrapped as typeof original;
  return () => ({ ...counts });
}
