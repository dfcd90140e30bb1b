import type { Presence, PresenceActivity } from "../common/api-types";
import type { Api } from "./api-client";

/** Presence lasts 30 s without a heartbeat; twice in that window keeps it through one lost beat. */
export const HEARTBEAT_MS = 15_000;
const RECONNECT_DELAYS_MS = [1_000, 2_000, 5_000, 10_000, 30_000];

export type StreamLike = {
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void;
  close(): void;
  onerror: ((event: Event) => void) | null;
  onopen: ((event: Event) => void) | null;
};

/** The events after which what the pane shows of a thread is out of date. */
export const THREAD_CHANGES = ["thread", "message", "note", "draft"] as const;
export type ThreadChange = (typeof THREAD_CHANGES)[number];

export type LiveOptions = {
  api: Api;
  apiUrl: string;
  ref: string;
  activity: PresenceActivity;
  /** Others present now, after every change the stream told of and every heartbeat. */
  onPresence(presence: Presence[]): void;
  /** The thread, its messages, notes or suggested replies changed: reload what the pane shows. */
  onThreadChanged(kind: ThreadChange, data: Record<string, unknown>): void;
  /** The stream dropped (false) or is back (true). */
  onConnection(connected: boolean): void;
  /** A heartbeat failed: the error, for the pane to show in plain words. */
  onError(error: unknown): void;
  openStream?: (url: string) => StreamLike;
};

/**
 * Keeps the pane live on one thread: heartbeats every 15 s, one event stream opened with a fresh
 * ticket (they live 60 s) and opened again after a drop, never two at once. `stop` leaves.
 */
export function followThread(options: LiveOptions) {
  const open = options.openStream ?? ((url: string) => new EventSource(url) as StreamLike);
  let stopped = false;
  let stream: StreamLike | null = null;
  let lastEventId: string | null = null;
  let failures = 0;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  let refreshing: Promise<void> | null = null;
  let refreshAgain = false;
  let opens = 0;

  async function beat(): Promise<void> {
    try {
      const { presence } = await options.api.heartbeat(options.ref, options.activity);
      if (!stopped) options.onPresence(presence);
    } catch (error) {
      if (!stopped) options.onError(error);
    }
  }

  // a burst of presence events is one heartbeat in flight and at most one more after it
  function refreshPresence(): void {
    if (refreshing) {
      refreshAgain = true;
      return;
    }
    refreshing = beat().finally(() => {
      refreshing = null;
      if (refreshAgain && !stopped) {
        refreshAgain = false;
        refreshPresence();
      }
    });
  }

  function remember(event: MessageEvent<string>): Record<string, unknown> {
    if (event.lastEventId) lastEventId = event.lastEventId;
    try {
      return JSON.parse(event.data) as Record<string, unknown>;
    } catch {
      return {};
    }
  }

  async function connect(): Promise<void> {
    reconnectTimer = null;
    if (stopped) return;
    let ticket: string;
    try {
      ticket = (await options.api.streamTicket(options.ref)).ticket;
    } catch (error) {
      options.onError(error);
      scheduleReconnect();
      return;
    }
    if (stopped) return;
    const resume = lastEventId === null ? "" : `&lastEventId=${encodeURIComponent(lastEventId)}`;
    const url = `${options.apiUrl}/api/v1/threads/${encodeURIComponent(options.ref)}/events?ticket=${encodeURIComponent(ticket)}${resume}`;
    const current = open(url);
    stream = current;
    current.onopen = () => {
      failures = 0;
      options.onConnection(true);
      // events missed while away are replayed; a heartbeat also catches expiries nobody announced
      if (opens++ > 0) refreshPresence();
      // what changed between the pane's first load and this first stream has no event to replay
      // (the stream starts now): load the thread once more, so a note or a suggested reply made
      // in that moment is not missed until the next change
      else options.onThreadChanged("thread", {});
    };
    // EventSource would retry with the same ticket, which expires: we reconnect with a new one
    current.onerror = () => {
      if (stream !== current) return;
      current.close();
      stream = null;
      options.onConnection(false);
      scheduleReconnect();
    };
    current.addEventListener("presence", (event) => {
      remember(event);
      refreshPresence();
    });
    for (const kind of THREAD_CHANGES) {
      current.addEventListener(kind, (event) => options.onThreadChanged(kind, remember(event)));
    }
  }

  function scheduleReconnect(): void {
    if (stopped || reconnectTimer) return;
    const delay = RECONNECT_DELAYS_MS[Math.min(failures, RECONNECT_DELAYS_MS.length - 1)]!;
    failures += 1;
    reconnectTimer = setTimeout(() => void connect(), delay);
  }

  const heartbeat = setInterval(() => void beat(), HEARTBEAT_MS);
  void connect();

  return {
    /** Closes the stream, stops the heartbeats and leaves the thread. */
    async stop(): Promise<void> {
      if (stopped) return;
      stopped = true;
      clearInterval(heartbeat);
      if (reconnectTimer) clearTimeout(reconnectTimer);
      stream?.close();
      stream = null;
      try {
        await options.api.leave(options.ref, options.activity);
      } catch {
        // presence expires by itself within 30 s
      }
    },
    /** Whether a stream is open or being opened: at most one ever is. */
    streaming: () => stream !== null,
  };
}

export type LiveThread = ReturnType<typeof followThread>;
