import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Presence } from "../../../outlook-addin/src/common/api-types";
import type { Api } from "../../../outlook-addin/src/taskpane/api-client";
import { followThread, HEARTBEAT_MS, type StreamLike } from "../../../outlook-addin/src/taskpane/live-thread";

class FakeStream implements StreamLike {
  closed = false;
  onerror: ((event: Event) => void) | null = null;
  onopen: ((event: Event) => void) | null = null;
  private listeners = new Map<string, ((event: MessageEvent<string>) => void)[]>();
  constructor(readonly url: string) {}
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close(): void {
    this.closed = true;
  }
  emit(type: string, id: string, data: unknown): void {
    for (const listener of this.listeners.get(type) ?? []) {
      listener(new MessageEvent(type, { data: JSON.stringify(data), lastEventId: id }));
    }
  }
}

function fakeApi() {
  const calls = { heartbeats: 0, leaves: 0, tickets: 0 };
  const api = {
    heartbeat: vi.fn(async () => {
      calls.heartbeats += 1;
      return { presence: [] as Presence[] };
    }),
    leave: vi.fn(async () => {
      calls.leaves += 1;
      return { presence: [] as Presence[] };
    }),
    streamTicket: vi.fn(async () => {
      calls.tickets += 1;
      return { ticket: `ticket-${calls.tickets}`, expiresAt: "" };
    }),
  };
  return { api: api as unknown as Api, calls };
}

describe("following a thread live", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function start() {
    const { api, calls } = fakeApi();
    const streams: FakeStream[] = [];
    const connection: boolean[] = [];
    const changes: [string, unknown][] = [];
    const live = followThread({
      api,
      apiUrl: "https://tisket.example",
      ref: "THD-42",
      activity: "viewing",
      onPresence: () => {},
      onThreadChanged: (kind, data) => changes.push([kind, data]),
      onConnection: (connected) => connection.push(connected),
      onError: () => {},
      openStream: (url) => {
        const stream = new FakeStream(url);
        streams.push(stream);
        return stream;
      },
    });
    const open = () => streams.filter((stream) => !stream.closed);
    return { live, calls, streams, open, connection, changes };
  }

  it("tells the pane of each change to the thread, its mail, notes and suggested replies, not of presence", async () => {
    const { streams, changes } = start();
    await vi.advanceTimersByTimeAsync(0);
    streams[0]!.emit("thread", "1", { status: "resolved" });
    streams[0]!.emit("message", "2", { direction: "inbound" });
    streams[0]!.emit("note", "3", { note: "n-1" });
    streams[0]!.emit("draft", "4", { action: "created", draft: "d-1" });
    streams[0]!.emit("presence", "5", { activity: "viewing" });
    expect(changes).toEqual([
      ["thread", { status: "resolved" }],
      ["message", { direction: "inbound" }],
      ["note", { note: "n-1" }],
      ["draft", { action: "created", draft: "d-1" }],
    ]);
  });

  it("reloads the thread once its first stream opens, for what changed before it, and not on a resumed one", async () => {
    const { streams, changes } = start();
    await vi.advanceTimersByTimeAsync(0);
    expect(changes).toEqual([]);
    streams[0]!.onopen?.(new Event("open"));
    expect(changes).toEqual([["thread", {}]]);
    streams[0]!.emit("draft", "9", { action: "created", draft: "d-1" });
    streams[0]!.onerror?.(new Event("error"));
    await vi.advanceTimersByTimeAsync(1_000);
    // the reconnected stream replays from event 9: nothing to reload
    streams[1]!.onopen?.(new Event("open"));
    expect(changes).toEqual([
      ["thread", {}],
      ["draft", { action: "created", draft: "d-1" }],
    ]);
  });

  it("heartbeats every 15 s while open and leaves on stop, then stays quiet", async () => {
    const { live, calls, open } = start();
    await vi.advanceTimersByTimeAsync(HEARTBEAT_MS * 4);
    expect(calls.heartbeats).toBe(4);
    await live.stop();
    expect(calls.leaves).toBe(1);
    expect(open()).toEqual([]);
    await vi.advanceTimersByTimeAsync(HEARTBEAT_MS * 10);
    expect(calls.heartbeats).toBe(4);
  });

  it("reconnects after a drop with a fresh ticket, resuming after the last event, one stream at a time", async () => {
    const { streams, open, calls, connection } = start();
    await vi.advanceTimersByTimeAsync(0);
    expect(streams[0]!.url).toBe("https://tisket.example/api/v1/threads/THD-42/events?ticket=ticket-1");
    streams[0]!.onopen?.(new Event("open"));
    streams[0]!.emit("thread", "17", { status: "resolved" });
    streams[0]!.onerror?.(new Event("error"));
    streams[0]!.onerror?.(new Event("error"));
    expect(open()).toEqual([]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(streams).toHaveLength(2);
    expect(streams[1]!.url).toBe(
      "https://tisket.example/api/v1/threads/THD-42/events?ticket=ticket-2&lastEventId=17",
    );
    // the server stays away: each try takes a new ticket, later each time, and never overlaps
    for (let attempt = 0; attempt < 5; attempt += 1) {
      streams.at(-1)!.onerror?.(new Event("error"));
      await vi.advanceTimersByTimeAsync(30_000);
      expect(open()).toHaveLength(1);
    }
    expect(calls.tickets).toBe(7);
    expect(connection).toEqual([true, false, false, false, false, false, false]);
  });

  it("answers a burst of presence events with one heartbeat in flight and one after", async () => {
    const { streams, calls } = start();
    await vi.advanceTimersByTimeAsync(0);
    for (let id = 1; id <= 5; id += 1) streams[0]!.emit("presence", String(id), { activity: "viewing" });
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.heartbeats).toBe(2);
  });

  it("opens no stream once stopped, even if its ticket arrives late", async () => {
    const { live, streams } = start();
    await live.stop();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(streams).toEqual([]);
  });
});
