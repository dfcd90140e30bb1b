import type { SSEStreamingApi } from "hono/streaming";
import type { Db } from "../db/client";
import type { Logger } from "../deps";
import type { EventHub } from "./event-hub";
import type { KeepAlive } from "./keep-alive";
import { type LiveEvent, loadEventsAfter, type StreamScope } from "./live-events";
import { RecentIds } from "./recent-ids";

const KEEP_ALIVE_FRAME = new TextEncoder().encode(": keep-alive\n\n");
const REPLAY_PAGE = 500;
// a client this far behind is not reading; it reconnects with Last-Event-ID and catches up
const MAX_BACKLOG = 1_000;
// far longer than a NOTIFY takes to arrive
const REPLAYED_MEMORY_MS = 60_000;

export type EventStreamOptions = {
  db: Db;
  log: Pick<Logger, "error">;
  hub: EventHub;
  keepAlive: KeepAlive;
  scope: StreamScope;
  /** Replay kept events after this id before going live. */
  lastEventId: number | null;
  retryMs: number;
};

/**
 * Writes the scope's live events to one SSE stream until the client leaves or the hub stops.
 * The stream subscribes before it replays and holds live events back meanwhile, so nothing
 * committed during the replay is missed. An event can be both replayed and, its NOTIFY still on
 * the way, delivered live afterwards: replayed ids are skipped for a while after the replay.
 */
export async function pipeLiveEvents(stream: SSEStreamingApi, options: EventStreamOptions): Promise<void> {
  let end = () => {};
  const ended = new Promise<void>((resolve) => {
    end = resolve;
  });
  stream.onAbort(end);
  if (stream.aborted) return;
  const out = frameWriter(stream, end);
  let heldBack: LiveEvent[] | null = [];
  const replayed = new RecentIds();
  const unsubscribe = options.hub.subscribe({
    ...options.scope,
    deliver(event) {
      if (heldBack) heldBack.push(event);
      else if (!replayed.take(event.id)) out.write(event.frame);
    },
    end,
  });
  const stopKeepAlive = options.keepAlive.add(() => out.write(KEEP_ALIVE_FRAME));
  try {
    out.write(`retry: ${options.retryMs}\n\n`);
    if (options.lastEventId !== null) await replay(out, options, options.lastEventId, replayed);
    replayed.forgetAfter(Date.now() + REPLAYED_MEMORY_MS);
    for (const event of heldBack) if (!replayed.take(event.id)) out.write(event.frame);
    heldBack = null;
    await ended;
  } catch (error) {
    options.log.error("event stream replay failed", {
      error: error instanceof Error ? error.message : String(error),
    });
  } finally {
    unsubscribe();
    stopKeepAlive();
  }
}

async function replay(out: FrameWriter, options: EventStreamOptions, afterId: number, replayed: RecentIds) {
  let cursor = afterId;
  for (;;) {
    const page = await loadEventsAfter(options.db, options.scope, cursor, REPLAY_PAGE);
    for (const event of page) {
      out.write(event.frame);
      replayed.add(event.id);
    }
    const last = page.at(-1);
    if (!last || page.length < REPLAY_PAGE) return;
    cursor = last.id;
  }
}

type FrameWriter = { write(frame: Uint8Array | string): void };

// the stream's writable queues writes in order, so the hub never waits on a slow client
function frameWriter(stream: SSEStreamingApi, end: () => void): FrameWriter {
  let backlog = 0;
  const written = () => {
    backlog -= 1;
  };
  return {
    write(frame) {
      if (stream.aborted) return;
      if (backlog >= MAX_BACKLOG) {
        stream.abort();
        end();
        return;
      }
      backlog += 1;
      void stream.write(frame).then(written);
    },
  };
}
