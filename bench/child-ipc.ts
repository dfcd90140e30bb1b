/** The messages a bench child and the bench exchange over the IPC channel of `fork`. */
export type ToChild = { id: number; command: string; input: unknown };
export type FromChild =
  | { type: "ready"; port: number; detail: string }
  | { type: "progress"; line: string }
  | { type: "reply"; id: number; result: unknown }
  | { type: "failure"; id: number; message: string };

export type CommandHandlers = Record<string, (input: unknown) => Promise<unknown> | unknown>;

function send(message: FromChild): void {
  process.send?.(message);
}

/** Cumulative CPU time of this process in milliseconds (user + system). */
export function cpuMillis(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/**
 * Child side: answers the bench's commands, and shuts down when the bench goes away, so a killed
 * bench never leaves a server behind.
 */
export function serveCommands(handlers: CommandHandlers, shutdown: () => Promise<void>): void {
  const stop = () => {
    shutdown().finally(() => process.exit(0));
  };
  process.on("disconnect", stop);
  process.on("SIGTERM", stop);
  process.on("message", (raw) => {
    const message = raw as ToChild;
    if (message.command === "exit") {
      stop();
      return;
    }
    const handler = handlers[message.command];
    Promise.resolve()
      .then(() => {
        if (!handler) throw new Error(`unknown command ${message.command}`);
        return handler(message.input);
      })
      .then(
        (result) => send({ type: "reply", id: message.id, result }),
        (error: unknown) => send({ type: "failure", id: message.id, message: String(error) }),
      );
  });
  handlers.cpu ??= cpuMillis;
}

export function announceReady(port: number, detail: string): void {
  send({ type: "ready", port, detail });
}

export function reportProgress(line: string): void {
  send({ type: "progress", line });
}
