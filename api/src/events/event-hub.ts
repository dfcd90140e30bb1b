import type { Database, Listener } from "../db/client";
import type { Logger } from "../deps";
import { AppError } from "../errors";
import { EVENTS_CHANNEL } from "./events.statements";
import { type LiveEvent, loadEventsById, type StreamScope } from "./live-events";

/** One open stream as the hub sees it. */
export type Subscriber = StreamScope & {
  deliver(event: LiveEvent): void;
  /** The hub is stopping: the stream should end. */
  end(): void;
};

export type EventHub = {
  /** Starts the process's one LISTEN connection if it is not running yet. */
  ready(): Promise<void>;
  /** Adds a stream; the returned function removes it. */
  subscribe(subscriber: Subscriber): () => void;
  /** Ends every stream and closes the LISTEN connection; the hub takes no new streams after this. */
  stop(): Promise<void>;
  subscriberCount(): number;
};

const BATCH_SIZE = 500;
// past this many orgs the filter costs more than the rows it saves
const MAX_ORG_FILTER = 500;
const RETRY_DELAY_MS = 1_000;
const MAX_ATTEMPTS = 5;

/**
 * Fans committed live events out to this process's streams. NOTIFY carries the event id; the hub
 * loads the ids it was told about in batches, one query per batch whatever the number of streams.
 * It loads by the notified ids rather than `id > lastSeen` because ids are handed out at insert
 * but become visible at commit, so a lower id can commit after a higher one has been seen.
 */
export function createEventHub(database: Database, log: Pick<Logger, "warn" | "error">): EventHub {
  const byOrg = new Map<string, Set<Subscriber>>();
  const byThread = new Map<string, Set<Subscriber>>();
  const orgRefs = new Map<string, number>();
  const pending = new Set<number>();
  let listening: Promise<Listener> | null = null;
  let draining: Promise<void> | null = null;
  let attempts = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;

  function onPayload(payload: string) {
    const id = Number(payload);
    if (!Number.isSafeInteger(id) || id <= 0) {
      log.warn("live event notification without an event id", { payload: payload.slice(0, 40) });
      return;
    }
    if (stopped || orgRefs.size === 0) return;
    pending.add(id);
    schedule();
  }

  /**
   * The LISTEN connection broke: notifications sent meanwhile are gone, so streams are ended and
   * their clients reconnect with Last-Event-ID, which replays what they missed from live_events.
   */
  function onLost(error: Error) {
    log.warn("live event listener lost its connection; streams will reconnect", { error: error.message });
    listening = null;
    const streams = [...byOrg.values(), ...byThread.values()].flatMap((set) => [...set]);
    for (const subscriber of streams) subscriber.end();
  }

  function schedule() {
    if (draining || retryTimer || stopped) return;
    draining = drain().finally(() => {
      draining = null;
      if (pending.size > 0) schedule();
    });
  }

  async function drain() {
    while (pending.size > 0 && !stopped) {
      const ids = [...pending].slice(0, BATCH_SIZE);
      for (const id of ids) pending.delete(id);
      const orgIds = orgRefs.size <= MAX_ORG_FILTER ? [...orgRefs.keys()] : null;
      if (orgIds?.length === 0) continue;
      try {
        const events = await loadEventsById(database.db, ids, orgIds);
        attempts = 0;
        for (const event of events) dispatch(event);
      } catch (error) {
        retryLater(ids, error);
        return;
      }
    }
  }

  // a database hiccup must not lose events that live streams are waiting for
  function retryLater(ids: number[], error: unknown) {
    attempts += 1;
    const message = error instanceof Error ? error.message : String(error);
    if (attempts >= MAX_ATTEMPTS) {
      log.error("live events dropped after repeated load failures", { count: ids.length, error: message });
      attempts = 0;
      return;
    }
    log.warn("live events could not be loaded; retrying", {
      count: ids.length,
      attempt: attempts,
      error: message,
    });
    for (const id of ids) pending.add(id);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      schedule();
    }, RETRY_DELAY_MS);
    retryTimer.unref?.();
  }

  function dispatch(event: LiveEvent) {
    const receivers = [
      ...(byOrg.get(event.orgId) ?? []),
      ...(event.threadId ? (byThread.get(event.threadId) ?? []) : []),
    ];
    for (const subscriber of receivers) {
      // thread ids are unique across orgs; checking the org as well keeps tenants apart by construction
      if (subscriber.orgId !== event.orgId) continue;
      try {
        subscriber.deliver(event);
      } catch (error) {
        log.error("live event delivery failed", { eventId: event.id, error: String(error) });
      }
    }
  }

  function index(subscriber: Subscriber): Map<string, Set<Subscriber>> {
    return subscriber.threadId === null ? byOrg : byThread;
  }

  function add(subscriber: Subscriber) {
    const key = subscriber.threadId ?? subscriber.orgId;
    const map = index(subscriber);
    const set = map.get(key) ?? new Set<Subscriber>();
    set.add(subscriber);
    map.set(key, set);
    orgRefs.set(subscriber.orgId, (orgRefs.get(subscriber.orgId) ?? 0) + 1);
  }

  function remove(subscriber: Subscriber) {
    const key = subscriber.threadId ?? subscriber.orgId;
    const map = index(subscriber);
    const set = map.get(key);
    if (!set?.delete(subscriber)) return;
    if (set.size === 0) map.delete(key);
    const refs = (orgRefs.get(subscriber.orgId) ?? 1) - 1;
    if (refs === 0) orgRefs.delete(subscriber.orgId);
    else orgRefs.set(subscriber.orgId, refs);
  }

  function refuseWhenStopped() {
    if (stopped)
      throw new AppError("unavailable", "The server is shutting down; reconnect shortly.", {
        "Retry-After": "5",
      });
  }

  return {
    async ready() {
      refuseWhenStopped();
      listening ??= database.listen(EVENTS_CHANNEL, onPayload, onLost).catch((error: unknown) => {
        listening = null;
        throw error;
      });
      await listening;
    },
    subscribe(subscriber) {
      refuseWhenStopped();
      add(subscriber);
      return () => remove(subscriber);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      const streams = [...byOrg.values(), ...byThread.values()].flatMap((set) => [...set]);
      byOrg.clear();
      byThread.clear();
      orgRefs.clear();
      pending.clear();
      for (const subscriber of streams) subscriber.end();
      await draining;
      const listener = await listening?.catch(() => null);
      await listener?.close();
    },
    subscriberCount: () => [...orgRefs.values()].reduce((sum, refs) => sum + refs, 0),
  };
}
