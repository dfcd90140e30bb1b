import type { Db } from "../db/client";
import { insertLiveEvent } from "./events.statements";
import type { LiveEventData, LiveEventType } from "./payloads";

export type LiveEventInput<T extends LiveEventType = LiveEventType> = {
  orgId: string;
  threadId: string | null;
  type: T;
  data: LiveEventData<T>;
};

/**
 * Records a live event and wakes every API instance. Called inside the transaction that made the
 * change, so subscribers hear of it only once it is committed.
 */
export function publishEvent<T extends LiveEventType>(db: Db, event: LiveEventInput<T>): Promise<number> {
  return insertLiveEvent(db, event);
}
