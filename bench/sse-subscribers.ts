import { Agent, type ClientRequest, request } from "node:http";
import { performance } from "node:perf_hooks";

/** One Server-Sent Event as a subscriber received it, `at` on the bench's performance clock. */
export type ReceivedEvent = { type: string; id: string; data: string; at: number };

export type SubscriberSet = {
  opened: number;
  failures: string[];
  openSeconds: number;
  close(): void;
};

const OPEN_TIMEOUT_MS = 10_000;

type OpenPlan = {
  port: number;
  path: string;
  tokens: string[];
  count: number;
  /** How many streams are being opened at once. */
  parallel: number;
  timeoutMs: number;
  onEvent(subscriber: number, event: ReceivedEvent): void;
  progress?: (line: string) => void;
};

/** Splits the `event:` / `id:` / `data:` lines of complete frames; comments (`: keep-alive`) are skipped. */
function frameParser(onFrame: (frame: Omit<ReceivedEvent, "at">) => void) {
  let buffer = "";
  return (chunk: string) => {
    buffer += chunk;
    for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const frame = { type: "", id: "", data: "" };
      for (const line of block.split("\n")) {
        if (line.startsWith("event:")) frame.type = line.slice(6).trim();
        else if (line.startsWith("id:")) frame.id = line.slice(3).trim();
        else if (line.startsWith("data:")) frame.data += line.slice(5).trimStart();
        else if (line.startsWith("retry:")) frame.type = "retry";
      }
      if (frame.type) onFrame(frame);
    }
  };
}

/**
 * Opens `count` SSE streams with plain node:http, `parallel` at a time, each with a member's bearer
 * token in turn. A stream counts as open once its `retry:` frame arrived: the API writes it after
 * subscribing the stream to its event hub, so from then on it receives every event.
 */
export async function openSubscribers(plan: OpenPlan): Promise<SubscriberSet> {
  const agent = new Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });
  const requests: ClientRequest[] = [];
  const failures: string[] = [];
  let opened = 0;
  const started = performance.now();
  const deadline = started + plan.timeoutMs;

  const openOne = (index: number) =>
    new Promise<void>((resolve) => {
      const fail = (problem: string) => {
        clearTimeout(timer);
        if (failures.length < 5) failures.push(problem);
        resolve();
      };
      const timer = setTimeout(() => {
        req.destroy();
        fail(`no retry frame within ${OPEN_TIMEOUT_MS / 1000} s`);
      }, OPEN_TIMEOUT_MS);
      const headers = {
        authorization: `Bearer ${plan.tokens[index % plan.tokens.length]}`,
        accept: "text/event-stream",
      };
      const req = request({ host: "127.0.0.1", port: plan.port, path: plan.path, agent, headers }, (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          fail(`HTTP ${res.statusCode}`);
          return;
        }
        res.setEncoding("utf8");
        let ready = false;
        const parse = frameParser((frame) => {
          if (frame.type === "retry") {
            if (!ready) opened++;
            ready = true;
            clearTimeout(timer);
            resolve();
            return;
          }
          plan.onEvent(index, { ...frame, at: performance.now() });
        });
        res.on("data", parse);
        res.on("error", () => undefined);
      });
      req.on("error", (error) => fail(error.message));
      req.end();
      requests.push(req);
    });

  let next = 0;
  const opener = async () => {
    while (next < plan.count && performance.now() < deadline) await openOne(next++);
  };
  const ticker = setInterval(() => plan.progress?.(`  streams open: ${opened}/${plan.count}`), 2000);
  ticker.unref();
  await Promise.all(Array.from({ length: plan.parallel }, opener));
  clearInterval(ticker);
  return {
    opened,
    failures,
    openSeconds: (performance.now() - started) / 1000,
    close() {
      for (const req of requests) req.destroy();
      agent.destroy();
    },
  };
}
