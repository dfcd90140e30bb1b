export type KeepAlive = {
  /** Calls `ping` on every tick until the returned function is called. */
  add(ping: () => void): () => void;
};

/** One timer for all the streams of a router, running only while a stream is open. */
export function createKeepAlive(intervalMs: number): KeepAlive {
  const pings = new Set<() => void>();
  let timer: ReturnType<typeof setInterval> | null = null;

  function tick() {
    for (const ping of pings) ping();
  }

  return {
    add(ping) {
      pings.add(ping);
      if (!timer) {
        timer = setInterval(tick, intervalMs);
        // open sockets keep the process alive; this timer alone should not
        timer.unref?.();
      }
      return () => {
        pings.delete(ping);
        if (pings.size === 0 && timer) {
          clearInterval(timer);
          timer = null;
        }
      };
    },
  };
}
