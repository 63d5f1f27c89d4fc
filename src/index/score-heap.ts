/**
 * The `capacity` largest scores offered so far, in a min-heap: its smallest is the score a new
 * one must beat to enter. One comparison rejects most offers, so a pass over many matches
 * costs little more than reading them.
 */
export class ScoreHeap {
  private readonly heap: Float64Array;
  private size = 0;

  constructor(readonly capacity: number) {
    this.heap = new Float64Array(Math.max(1, capacity));
  }

  /** True once `capacity` scores were offered. */
  get full(): boolean {
    return this.size === this.capacity;
  }

  /** The smallest score kept (once full, the capacity-th largest offered); -Infinity before any. */
  get smallest(): number {
    return this.size === 0 ? Number.NEGATIVE_INFINITY : (this.heap[0] as number);
  }

  /** Keeps `score` if it is among the `capacity` largest so far. */
  offer(score: number): void {
    const heap = this.heap;
    if (this.size < this.capacity) {
      let at = this.size++;
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if ((heap[parent] as number) <= score) break;
        heap[at] = heap[parent] as number;
        at = parent;
      }
      heap[at] = score;
      return;
    }
    if (score <= (heap[0] as number)) return;
    let at = 0;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= this.size) break;
      if (child + 1 < this.size && (heap[child + 1] as number) < (heap[child] as number)) child++;
      if ((heap[child] as number) >= score) break;
      heap[at] = heap[child] as number;
      at = child;
    }
    heap[at] = score;
  }
}
