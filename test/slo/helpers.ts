// Shared by the SLO tests: a settable clock and synthetic event streams at one record per minute.
import { SloTracker, type SloTrackerOptions, type Sli } from '../../src/slo/index.js';

export const MIN = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
/** A midnight, so that minute, hour and day buckets start together. */
export const T0 = Date.UTC(2025, 0, 1);

export class Clock {
  t = T0;
  readonly now = (): number => this.t;
}

export function tracker(options: Omit<SloTrackerOptions, 'now'> = {}, clock = new Clock()): { tr: SloTracker; clock: Clock } {
  return { tr: new SloTracker({ ...options, now: clock.now }), clock };
}

/**
 * `minutes` records of `perMinute` events with `bad` of them bad, at the start of each minute from `fromMin`
 * (minutes after T0); the clock ends at the last record. `each(m)` runs after every record.
 */
export function stream(
  tr: SloTracker, clock: Clock, sli: Sli, fromMin: number, minutes: number, perMinute: number, bad: number,
  each?: (m: number) => void,
): void {
  for (let m = 0; m < minutes; m++) {
    clock.t = T0 + (fromMin + m) * MIN;
    tr.record(sli, perMinute - bad, perMinute);
    each?.(m);
  }
}
