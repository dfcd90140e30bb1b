/** One block of a Server-Sent Events stream, as an EventSource would parse it. */
export type SseBlock = {
  event: string | null;
  id: string | null;
  data: string | null;
  retry: number | null;
  comments: string[];
};

export type LiveEvent = { event: string; id: number; data: Record<string, unknown> };

export type Fetcher = (path: string, init: RequestInit) => Promise<Response>;

export type EventStreamReader = {
  response: Response;
  /** The next block of any kind (comments, retry hints included). */
  nextBlock(timeoutMs?: number): Promise<SseBlock>;
  /** The next block that carries an event, parsed. */
  nextEvent(timeoutMs?: number): Promise<LiveEvent>;
  close(): Promise<void>;
};

function parseBlock(text: string): SseBlock {
  const block: SseBlock = { event: null, id: null, data: null, retry: null, comments: [] };
  for (const line of text.split("\n")) {
    if (line.startsWith(":")) {
      block.comments.push(line.slice(1).trim());
      continue;
    }
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "event") block.event = value;
    if (field === "id") block.id = value;
    if (field === "retry") block.retry = Number(value);
    if (field === "data") block.data = block.data === null ? value : `${block.data}\n${value}`;
  }
  return block;
}

/**
 * Opens a stream and, when it answers 200, waits for its first block (the retry hint): from then
 * on the server is subscribed, so whatever the test publishes next must arrive.
 */
export async function openEventStream(
  fetcher: Fetcher,
  path: string,
  headers: Record<string, string> = {},
): Promise<EventStreamReader> {
  const controller = new AbortController();
  const response = await fetcher(path, { headers, signal: controller.signal });
  const blocks: SseBlock[] = [];
  const waiters: (() => void)[] = [];
  let ended = false;
  const reader = response.status === 200 && response.body ? response.body.getReader() : null;

  const pump = (async () => {
    if (!reader) return;
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end = buffer.indexOf("\n\n");
        while (end >= 0) {
          blocks.push(parseBlock(buffer.slice(0, end)));
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf("\n\n");
        }
        for (const wake of waiters.splice(0)) wake();
      }
    } catch {
      // the test closed the stream
    } finally {
      ended = true;
      for (const wake of waiters.splice(0)) wake();
    }
  })();

  async function nextBlock(timeoutMs = 10_000): Promise<SseBlock> {
    const deadline = Date.now() + timeoutMs;
    while (blocks.length === 0) {
      if (ended) throw new Error("the event stream ended");
      const left = deadline - Date.now();
      if (left <= 0) throw new Error("no event arrived in time");
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return blocks.shift()!;
  }

  async function nextEvent(timeoutMs = 10_000): Promise<LiveEvent> {
    for (;;) {
      const block = await nextBlock(timeoutMs);
      if (block.data === null) continue;
      return {
        event: block.event ?? "message",
        id: Number(block.id),
        data: JSON.parse(block.data) as Record<string, unknown>,
      };
    }
  }

  const stream: EventStreamReader = {
    response,
    nextBlock,
    nextEvent,
    async close() {
      await reader?.cancel().catch(() => undefined);
      controller.abort();
      await pump;
    },
  };
  if (reader) {
    const first = await nextBlock();
    if (first.retry === null) throw new Error("the stream did not open with a retry hint");
  }
  return stream;
}

/** Streams through `app.request`, in process. */
export const viaApp =
  (app: { request(path: string, init: RequestInit): Response | Promise<Response> }): Fetcher =>
  async (path, init) =>
    app.request(path, init);

/** Streams over HTTP from a server at `base`. */
export const viaHttp =
  (base: string): Fetcher =>
  (path, init) =>
    fetch(`${base}${path}`, init);
