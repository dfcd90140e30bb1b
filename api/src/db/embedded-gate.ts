/** What of PGlite's API the gate wraps: its entry points that each take the one connection. */
type EmbeddedClient = {
  query: (...args: never[]) => Promise<unknown>;
  exec: (...args: never[]) => Promise<unknown>;
  transaction: (...args: never[]) => Promise<unknown>;
};

/**
 * PGlite runs one statement at a time on its one connection, and cannot be interrupted: a
 * statement, once started, runs to its end (it ignores `statement_timeout`). What can be bounded is
 * the wait for it, as a pool's acquire timeout bounds the wait for a connection: a statement that
 * could not start within `waitMs` fails as unavailable instead of queuing without end.
 */
export function gateEmbedded(client: EmbeddedClient, waitMs: number): void {
  let tail: Promise<unknown> = Promise.resolve();
  const gate =
    <Args extends never[]>(run: (...args: Args) => Promise<unknown>) =>
    (...args: Args): Promise<unknown> => {
      let timedOut = false;
      let timer: NodeJS.Timeout | undefined;
      const turn = tail.catch(() => undefined);
      const waited = new Promise<void>((resolve, reject) => {
        timer = setTimeout(() => {
          timedOut = true;
          reject(new Error(`the database is not answering: the embedded database was busy for ${waitMs} ms`));
        }, waitMs);
        turn.then(() => resolve());
      });
      const result = waited.then(() => {
        clearTimeout(timer);
        return run(...args);
      });
      // the next caller waits for this one to finish, or for its turn to have passed unused
      tail = result.catch(() => undefined).then(() => (timedOut ? turn : undefined));
      return result;
    };
  client.query = gate(client.query.bind(client)) as EmbeddedClient["query"];
  client.exec = gate(client.exec.bind(client)) as EmbeddedClient["exec"];
  client.transaction = gate(client.transaction.bind(client)) as EmbeddedClient["transaction"];
}
