import { connect, createServer, type Socket } from "node:net";

export type FreezableProxy = {
  port: number;
  /** Stops passing bytes either way, as a stopped (SIGSTOP) database server would: nothing is lost. */
  freeze(): void;
  /** Passes on what was held, in order, and everything after. */
  thaw(): void;
  close(): Promise<void>;
};

/**
 * A TCP proxy in front of a real server that can stall every connection through it at once: the
 * client's connections stay open and accepted, and simply get no answer until thawed.
 */
export async function startFreezableProxy(target: { host: string; port: number }): Promise<FreezableProxy> {
  const sockets = new Set<Socket>();
  let held: [Socket, Buffer][] | null = null;
  const forward = (from: Socket, to: Socket) =>
    from.on("data", (chunk: Buffer) => {
      if (held) held.push([to, chunk]);
      else to.write(chunk);
    });
  const server = createServer((client) => {
    const upstream = connect(target);
    for (const socket of [client, upstream]) sockets.add(socket);
    forward(client, upstream);
    forward(upstream, client);
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on("error", close).on("close", close);
    upstream.on("error", close).on("close", close);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    freeze() {
      held ??= [];
    },
    thaw() {
      const pending = held ?? [];
      held = null;
      for (const [to, chunk] of pending) if (!to.destroyed) to.write(chunk);
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
