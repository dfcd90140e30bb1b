import { createTokenVerifiers } from "./auth/token-verifiers";
import type { Deps } from "./deps";
import { createEventHub } from "./events/event-hub";

/** The dependencies that hold state for as long as the app runs. */
export type AppState = Pick<Deps, "eventHub" | "tokenVerifiers" | "lastSweptAt">;

/**
 * Built once per app, by `startService` and by the tests alike; whoever builds it stops the hub
 * on shutdown. The hub's LISTEN connection opens with the first event stream, not here.
 */
export function createAppState({
  database,
  config,
  log,
}: Pick<Deps, "database" | "config" | "log">): AppState {
  return {
    eventHub: createEventHub(database, log),
    tokenVerifiers: createTokenVerifiers(config),
    lastSweptAt: { rateLimits: undefined, presence: undefined },
  };
}
