/**
 * Work done only so that someone can watch (the decision boundary's grid predictions, the page's
 * redraws) paced by what it costs: after a run that took `cost` ms, the next may start no sooner
 * than `cost / share` ms after this one started, so the work takes at most `share` of the time,
 * and never more often than every `minIntervalMs`. Where the work is cheap (a real GPU) it runs as
 * often as the minimum allows; where it is dear (software rendering on two cores) it runs less
 * often instead of slowing training. While a run's cost is still being measured, none is due.
 */

export interface Pace {
  /** The fraction of the time the work may take, in (0, 1]. */
  share: number;
  /** The shortest interval between two starts. */
  minIntervalMs: number;
}

/** When work that started at `startedAt` and cost `costMs` lets the next start. */
export function nextStartAt(startedAt: number, costMs: number, pace: Pace): number {
  return startedAt + Math.max(pace.minIntervalMs, Math.max(0, costMs) / pace.share);
}

export class Pacer {
  private nextAt = -Infinity;
  private measuring = false;

  constructor(private readonly pace: Pace) {}

  /** Whether the work may start at `now`: its last run has been paid for and is not in flight. */
  due(now: number): boolean {
    return !this.measuring && now >= this.nextAt;
  }

  /** Milliseconds from `now` until the work is due; Infinity while a run is being measured. */
  waitFrom(now: number): number {
    return this.measuring ? Infinity : Math.max(0, this.nextAt - now);
  }

  /** A run starts whose cost is known only later (`ran` ends the wait). */
  begin(): void {
    this.measuring = true;
  }

  /** One run of the work, from `startedAt`, cost `costMs`. */
  ran(startedAt: number, costMs: number): void {
    this.measuring = false;
    this.nextAt = nextStartAt(startedAt, costMs, this.pace);
  }

  /** Forgets the last run: the next is due at once (a new run of training starts). */
  reset(): void {
    this.measuring = false;
    this.nextAt = -Infinity;
  }
}
