/**
 * Event ids a stream already sent by replay. Each is skipped once if it also arrives live, until a
 * deadline after which the set is dropped on the next delivery: no timer per stream.
 */
export class RecentIds {
  private ids: Set<number> | null = new Set();
  private deadline = Number.POSITIVE_INFINITY;

  add(id: number): void {
    this.ids?.add(id);
  }

  forgetAfter(deadline: number): void {
    this.deadline = deadline;
    if (this.ids?.size === 0) this.ids = null;
  }

  /** Whether the id was replayed; forgets it, since it arrives live at most once. */
  take(id: number): boolean {
    if (!this.ids) return false;
    if (Date.now() > this.deadline) {
      this.ids = null;
      return false;
    }
    return this.ids.delete(id);
  }
}
