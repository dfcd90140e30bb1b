import type { Clock } from "../../api/src/deps";

export type FakeClock = Clock & { advance(ms: number): void; set(date: Date): void };

/** A clock that stands still until a test moves it. */
export function fakeClock(start = new Date()): FakeClock {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance(ms) {
      current += ms;
    },
    set(date) {
      current = date.getTime();
    },
  };
}
