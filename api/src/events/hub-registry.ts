import type { Database } from "../db/client";
import type { Deps } from "../deps";
import { createEventHub, type EventHub } from "./event-hub";

// one hub per database handle, which in a server is one per process; tests open many
const hubs = new WeakMap<Database, EventHub>();

/** The process's hub for this database, created on first use (its LISTEN starts with the first stream). */
export function eventHubFor(deps: Pick<Deps, "database" | "log">): EventHub {
  let hub = hubs.get(deps.database);
  if (!hub) {
    hub = createEventHub(deps.database, deps.log);
    hubs.set(deps.database, hub);
  }
  return hub;
}

/**
 * Ends every open event stream and releases the LISTEN connection. Call it on shutdown before
 * closing the HTTP server (open streams would keep it waiting) and before closing the database.
 * The stopped hub stays registered, so streams opened afterwards are refused rather than restarting it.
 */
export function stopEventHub(deps: Pick<Deps, "database" | "log">): Promise<void> {
  return eventHubFor(deps).stop();
}
