/** Bytes of webhook bodies being read and filed at once: bounds the memory a burst of large mail takes. */
export type BodyBudget = {
  /**
   * Waits until `bytes` fit, in order of arrival; answers the release, or null when they did not fit
   * within `waitMs`. A body larger than the whole budget waits until it is alone.
   */
  reserve(bytes: number, waitMs: number): Promise<(() => void) | null>;
};

export function bodyBudget(totalBytes: number): BodyBudget {
  let used = 0;
  const waiting: { bytes: number; admit(): void }[] = [];

  const fits = (bytes: number) => used === 0 || used + bytes <= totalBytes;
  const admitWaiting = () => {
    while (waiting.length > 0 && fits(waiting[0]!.bytes)) waiting.shift()!.admit();
  };
  const take = (bytes: number) => {
    used += bytes;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      used -= bytes;
      admitWaiting();
    };
  };

  return {
    reserve(bytes, waitMs) {
      // first come, first served: a small body does not overtake a large one that waits
      if (waiting.length === 0 && fits(bytes)) return Promise.resolve(take(bytes));
      return new Promise((resolve) => {
        const entry = {
          bytes,
          admit() {
            clearTimeout(timer);
            resolve(take(bytes));
          },
        };
        const timer = setTimeout(() => {
          waiting.splice(waiting.indexOf(entry), 1);
          admitWaiting();
          resolve(null);
        }, waitMs);
        waiting.push(entry);
      });
    },
  };
}
