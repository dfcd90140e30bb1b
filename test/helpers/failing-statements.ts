import type { Db } from "../../api/src/db/client";

type Session = { prepareQuery(query: { sql: string }, ...rest: unknown[]): unknown };

/**
 * `db` with a database that fails the statements `failWith` answers an error for, however they are
 * run (SQL built per call, a defined statement, drizzle's query builder): every one reaches the
 * driver through the session's `prepareQuery`. Statements inside a transaction are left alone.
 */
export function failingStatements(db: Db, failWith: (text: string) => Error | undefined): Db {
  const session = (db as unknown as { session: Session }).session;
  const failing = new Proxy(session, {
    get(target, property, receiver) {
      if (property !== "prepareQuery") return Reflect.get(target, property, receiver);
      return (query: { sql: string }, ...rest: unknown[]) => {
        const error = failWith(query.sql);
        return error ? { execute: () => Promise.reject(error) } : target.prepareQuery(query, ...rest);
      };
    },
  });
  return new Proxy(db, {
    get: (target, property, receiver) =>
      property === "session" ? failing : Reflect.get(target, property, receiver),
  });
}
