import type { Db } from "../db/client";
import { insertLiveEvent } from "./events.statements";

export type LiveEventType = "presence" | "thread" | "message" | "draft" | "note";
export type LiveEventInput = {
  orgId: string;
  threadId: string | null;
  type: LiveEventType;
  data: Record<string, unknown>;
};

/**
 * Records a live event and wakes every API instance. Called inside the transaction that made the
 * change, so subscribers hear of it only once it is committed.
 */
export function publishEvent(db: Db, event: LiveEventInput): Promise<number> {
  return insertLiveEvent(db, event);
}

// until inbound/'s statements import it from events.statements
export { EVENTS_CHANNEL } from "./events.statements";
