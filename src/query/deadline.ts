import { SearchTimeoutError } from '../errors.js';

/**
 * The moment a search must be done by. The stages of a search call `check` between units of
 * work; past the deadline it throws SearchTimeoutError. A search runs on the only thread,
 * synchronously, so its wall time is the CPU it takes from every other request.
 */
export class SearchDeadline {
  /** A deadline that never passes. */
  static readonly NONE = new SearchDeadline(Number.POSITIVE_INFINITY);

  private readonly endsAt: number;
  private steps = 0;

  constructor(readonly budgetMs: number) {
    this.endsAt = performance.now() + budgetMs;
  }

  /** Throws SearchTimeoutError when the budget is spent. */
  check(): void {
    if (performance.now() > this.endsAt) throw new SearchTimeoutError(this.budgetMs);
  }

  /** `check` once every 1,024 calls: for the innermost loops, where reading the clock each time would cost more than the work. */
  step = (): void => {
    this.steps += 1;
    if ((this.steps & 1023) === 0) this.check();
  };
}
