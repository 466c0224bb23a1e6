// A ring of good/total counts in fixed-width time buckets: the only memory an SLO keeps, whatever the traffic.
// Bucket i covers [i·width, (i+1)·width); the ring holds the `size` newest buckets up to `head`.
import { fail } from '../errors.js';

export interface RingJSON {
  /** Index of the newest bucket; null when nothing was ever counted. */
  head: number | null;
  /** Counts of buckets head − n + 1 … head, oldest first (leading empty buckets are left out). */
  good: number[];
  total: number[];
}

export class Ring {
  readonly #good: Float64Array;
  readonly #total: Float64Array;
  #head: number | null = null;

  constructor(readonly width: number, readonly size: number) {
    this.#good = new Float64Array(size);
    this.#total = new Float64Array(size);
  }

  get head(): number | null { return this.#head; }

  #slot(i: number): number { return ((i % this.size) + this.size) % this.size; }

  /**
   * The oldest bucket kept once the ring has moved on to bucket `at` (now): events before it are gone.
   * Taking `at` into account lets a window ending now ignore slots that a record would already have reused.
   */
  oldest(at: number): number {
    return (this.#head === null ? at : Math.max(this.#head, at)) - this.size + 1;
  }

  /** Counts into bucket i; false (nothing counted) when i is older than the ring keeps. */
  add(i: number, good: number, total: number): boolean {
    if (this.#head === null || i > this.#head) {
      // Clear the slots the ring moves over: at most `size` of them, however long the gap.
      const from = this.#head === null ? i : Math.max(this.#head + 1, i - this.size + 1);
      for (let k = from; k <= i; k++) {
        const s = this.#slot(k);
        this.#good[s] = 0;
        this.#total[s] = 0;
      }
      this.#head = i;
    } else if (i <= this.#head - this.size) {
      return false;
    }
    const s = this.#slot(i);
    this.#good[s] += good;
    this.#total[s] += total;
    return true;
  }

  /** Sums of buckets lo … hi (inclusive) that the ring still holds as of bucket `at`. */
  sum(lo: number, hi: number, at: number): { good: number; total: number } {
    let good = 0;
    let total = 0;
    if (this.#head !== null) {
      const from = Math.max(lo, this.oldest(at));
      const to = Math.min(hi, this.#head);
      for (let k = from; k <= to; k++) {
        const s = this.#slot(k);
        good += this.#good[s];
        total += this.#total[s];
      }
    }
    return { good, total };
  }

  toJSON(): RingJSON {
    if (this.#head === null) return { head: null, good: [], total: [] };
    let first = this.#head - this.size + 1;
    while (first <= this.#head && this.#total[this.#slot(first)] === 0) first++;
    const good: number[] = [];
    const total: number[] = [];
    for (let k = first; k <= this.#head; k++) {
      good.push(this.#good[this.#slot(k)]);
      total.push(this.#total[this.#slot(k)]);
    }
    return { head: this.#head, good, total };
  }

  /** Adds a toJSON() document's buckets (checked; `path` names it in errors). Any ring size can load it. */
  load(fn: string, path: string, json: unknown): void {
    if (json === null || typeof json !== 'object') fail(fn, path, 'must be a bucket ring { head, good, total }');
    const { head, good, total } = json as Record<string, unknown>;
    if (head === null) return;
    if (typeof head !== 'number' || !Number.isSafeInteger(head)) fail(fn, `${path}.head`, 'must be an integer bucket index or null');
    if (!Array.isArray(good) || !Array.isArray(total) || good.length !== total.length) {
      fail(fn, path, 'must have good and total lists of equal length');
    }
    const n = total.length;
    for (let j = 0; j < n; j++) {
      const g: unknown = good[j];
      const t: unknown = total[j];
      if (typeof t !== 'number' || typeof g !== 'number' || !(g >= 0 && g <= t && t < Infinity)) {
        fail(fn, `${path}.total[${j}]`, 'and good must be counts with 0 ≤ good ≤ total');
      }
      // Keep the head even when its bucket is empty, so the ring resumes where it stopped.
      if (t > 0 || j === n - 1) this.add(head - n + 1 + j, g, t);
    }
    if (n === 0 && (this.#head === null || head > this.#head)) this.add(head, 0, 0);
  }
}
