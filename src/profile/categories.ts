// Bounded categories that still merge exactly. A categorical profile tracks at most `categoryCapacity`
// categories with exact counts; every other value is counted in one "other" bucket: its exact row count plus
// a bottom-k sample of its distinct values (k = categoryCapacity) with exact counts, which names new categories
// and estimates how many distinct values the bucket holds.
//
// Which categories are tracked:
//  - a reference profiled whole (profile()): its most frequent categoryCapacity categories, ties by name
//    (code-unit order); a column with at most that many distinct values is tracked whole and has no bucket;
//  - a summary against a reference (windows, panes, timeline chunks, compare()'s current side): the
//    reference's categories, so summaries of one reference merge by adding counts;
//  - mergeProfiles(a, b): categories whose count is known on both sides (a side with no bucket knows every
//    count; a side with a bucket knows its listed ones), then capped by frequency; the rest move, with exact
//    counts, into the bucket. Parts tracking the same categories therefore merge exactly, associatively and
//    commutatively; uncapped parts merge into what profile() of the whole gives.
// A profile with a bucket lists every tracked category, with count 0 where none occurred, so a merge can tell
// "tracked, none seen" from "not tracked".
//
// The sample's hash (a category's 53-bit key): two MurmurHash3 x86_32 passes over the UTF-16 code units (two
// units per 32-bit block, seeds SEED1 and SEED2), key = h1 · 2^21 + (h2 >>> 11). The sample keeps the values
// first in the order (key, value). It is part of the profile format (version 2).
import { fmix32, SEED1, SEED2, TWO21 } from '../engine/js/sketch.js';

/** Default most categories a categorical profile tracks (options.categoryCapacity). */
export const DEFAULT_CATEGORY_CAPACITY = 1000;
/** Largest accepted categoryCapacity. */
export const MAX_CATEGORY_CAPACITY = 1_000_000;
/** Longest category name kept; longer values are cut to this many UTF-16 code units (a bound on memory and JSON). */
export const MAX_CATEGORY_LENGTH = 256;

/** Values not among the tracked categories: their rows, and a bottom-k sample of them. */
export interface OtherBucket {
  /** Rows whose value is not a tracked category. */
  count: number;
  /** The untracked values first by hash key, with their exact row counts (values in code-unit order). */
  sample: { values: string[]; counts: number[]; capacity: number; exact: boolean };
}

const C1 = 0xcc9e2d51, C2 = 0x1b873593;

function murmur(s: string, seed: number): number {
  let h = seed >>> 0;
  const n = s.length;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    let k = (s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16)) >>> 0;
    k = Math.imul(k, C1); k = (k << 15) | (k >>> 17); k = Math.imul(k, C2);
    h ^= k; h = (h << 13) | (h >>> 19); h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  if (i < n) {
    let k = s.charCodeAt(i);
    k = Math.imul(k, C1); k = (k << 15) | (k >>> 17); k = Math.imul(k, C2);
    h ^= k;
  }
  return fmix32((h ^ (n * 2)) >>> 0);
}

/** A category's 53-bit sample key. */
export function categoryKey(s: string): number {
  const h1 = murmur(s, SEED1);
  return h1 * TWO21 + (murmur(s, SEED2 ^ h1) >>> 11);
}

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const byKey = (a: [string, number, number], b: [string, number, number]): number => a[2] - b[2] || byName(a[0], b[0]);

/**
 * The largest key among a sample's values: the threshold below which a sample that is not exact still holds every
 * value (a loop, not Math.max(...): a sample may hold up to MAX_CATEGORY_CAPACITY values).
 */
export function largestKey(values: readonly string[]): number {
  let max = -Infinity;
  for (const v of values) { const k = categoryKey(v); if (k > max) max = k; }
  return max;
}

/** A category name as kept: values longer than MAX_CATEGORY_LENGTH are cut (on a code-point boundary). */
export function categoryName(v: string): string {
  if (v.length <= MAX_CATEGORY_LENGTH) return v;
  const end = (v.charCodeAt(MAX_CATEGORY_LENGTH - 1) & 0xfc00) === 0xd800 ? MAX_CATEGORY_LENGTH - 1 : MAX_CATEGORY_LENGTH;
  return v.slice(0, end);
}

/**
 * A running bottom-k sample of untracked values: O(k) memory whatever is added (the table is pruned back to k
 * when it doubles). Counts of kept values are exact: a value is either kept from its first row on, or its key
 * is above a threshold that only falls.
 */
export class OtherSketch {
  count = 0;
  private readonly table = new Map<string, [string, number, number]>();
  private threshold = Infinity;
  private pruned = false;

  constructor(readonly capacity: number) {}

  add(value: string, rows: number): void {
    if (rows <= 0) return;
    this.count += rows;
    const hit = this.table.get(value);
    if (hit) { hit[1] += rows; return; }
    const key = categoryKey(value);
    if (key > this.threshold) return;
    this.table.set(value, [value, rows, key]);
    if (this.table.size >= 2 * this.capacity) this.prune();
  }

  /** Add a bucket (its count, and its sample's values). */
  addBucket(b: OtherBucket): void {
    this.count += b.count;
    b.sample.values.forEach((v, i) => { this.count -= b.sample.counts[i]; this.add(v, b.sample.counts[i]); });
    if (!b.sample.exact) {
      // b knows nothing of its values past its own k-th key: the merged sample cannot reach past it either
      this.pruned = true;
      const max = largestKey(b.sample.values);
      if (max < this.threshold) this.threshold = max;
      this.prune();
    }
  }

  /** Keep the entries at or under the threshold, at most k of them (lowering the threshold to the k-th key). */
  private prune(): void {
    let entries = [...this.table.values()].filter((e) => e[2] <= this.threshold);
    if (entries.length > this.capacity) {
      entries.sort(byKey);
      entries = entries.slice(0, this.capacity);
      this.threshold = entries[this.capacity - 1][2];
      this.pruned = true;
    }
    this.table.clear();
    for (const e of entries) this.table.set(e[0], e);
  }

  /** The bucket (undefined when nothing was added). */
  bucket(): OtherBucket | undefined {
    if (this.count === 0) return undefined;
    const kept = [...this.table.values()].sort(byKey).slice(0, this.capacity);
    const exact = !this.pruned && kept.length === this.table.size;
    kept.sort((a, b) => byName(a[0], b[0]));
    return {
      count: this.count,
      sample: { values: kept.map((e) => e[0]), counts: kept.map((e) => e[1]), capacity: this.capacity, exact },
    };
  }
}

/** Distinct values in a bucket: exact when its sample is, else the KMV estimate (k - 1) / (k-th key / 2^53). */
export function otherDistinct(b: OtherBucket): { distinct: number; exact: boolean } {
  const s = b.sample;
  if (s.exact) return { distinct: s.values.length, exact: true };
  const k = s.values.length;
  if (k < 2) return { distinct: k, exact: false };
  const max = largestKey(s.values);
  return { distinct: Math.max(k, Math.round((k - 1) / (max / 2 ** 53))), exact: false };
}

/** Categories ordered by count (descending), then by name: the profile's canonical order. */
export function orderedCategories(counts: Map<string, number>, keepZero: boolean): Record<string, number> {
  const entries = [...counts].filter(([, c]) => keepZero || c > 0);
  entries.sort((a, b) => b[1] - a[1] || byName(a[0], b[0]));
  return Object.fromEntries(entries);
}

/** Tracked categories (canonical order) and the bucket, from exact counts: the most frequent `capacity`. */
export function capCategories(counts: Map<string, number>, capacity: number): { categories: Record<string, number>; other?: OtherBucket } {
  const entries = [...counts].filter(([, c]) => c > 0);
  if (entries.length <= capacity) return { categories: orderedCategories(counts, false) };
  entries.sort((a, b) => b[1] - a[1] || byName(a[0], b[0]));
  const sketch = new OtherSketch(capacity);
  for (let i = capacity; i < entries.length; i++) sketch.add(entries[i][0], entries[i][1]);
  return { categories: Object.fromEntries(entries.slice(0, capacity)), other: sketch.bucket() };
}

/** Exact counts split by a tracked set (a summary against a reference): see CategoryCounter. */
export function splitCategories(counts: Map<string, number>, tracked: ReadonlySet<string>, capacity: number): { categories: Record<string, number>; other?: OtherBucket } {
  const c = new CategoryCounter(capacity, tracked);
  c.add(counts);
  return c.result();
}

/** One side of a categorical merge. */
export interface CategorySide { categories: Record<string, number>; other?: OtherBucket }

/** Two sides merged (see the header): exact counts, tracked categories known on both sides, capped. */
export function mergeCategories(a: CategorySide, b: CategorySide, capacity: number): { categories: Record<string, number>; other?: OtherBucket } {
  const counts = new Map<string, number>();
  for (const s of [a, b]) for (const [k, c] of Object.entries(s.categories)) counts.set(k, (counts.get(k) ?? 0) + c);
  if (!a.other && !b.other) return capCategories(counts, capacity);
  const known = (s: CategorySide, k: string): boolean => !s.other || Object.prototype.hasOwnProperty.call(s.categories, k);
  const sketch = new OtherSketch(capacity);
  for (const s of [a, b]) if (s.other) sketch.addBucket(s.other);
  const tracked = new Map<string, number>();
  for (const [k, c] of counts) {
    if (known(a, k) && known(b, k)) tracked.set(k, c);
    else sketch.add(k, c);
  }
  // tracked keys never exceed a capped side's; a smaller capacity than a side's still caps by frequency
  let entries = [...tracked];
  if (entries.length > capacity) {
    entries.sort((x, y) => y[1] - x[1] || byName(x[0], y[0]));
    for (const [k, c] of entries.slice(capacity)) sketch.add(k, c);
    entries = entries.slice(0, capacity);
  }
  const other = sketch.bucket();
  return { categories: orderedCategories(new Map(entries), Boolean(other)), ...(other ? { other } : {}) };
}

/**
 * Category counts of a column that arrives in batches, in bounded memory. With a tracked set (a summary against
 * a reference): tracked counts exact, the rest in an OtherSketch. Without one (a reference read in parts): exact
 * counts while the column has at most `limit` distinct values; past that, Misra-Gries (keep the `limit` largest,
 * subtract the next one's count from all), so `exact` turns false and the tracked set (`candidates()`, the
 * most frequent by the summary, whose counts are low by at most rows / (limit + 1)) needs a recount pass.
 */
export class CategoryCounter {
  readonly counts = new Map<string, number>();
  private readonly sketch: OtherSketch | undefined;
  private pruned = false;
  private readonly limit: number;

  constructor(readonly capacity: number, private readonly tracked?: ReadonlySet<string>) {
    this.sketch = tracked ? new OtherSketch(capacity) : undefined;
    this.limit = Math.max(10 * capacity, 10_000);
  }

  add(counts: Map<string, number>): void {
    if (this.sketch) {
      for (const [k, c] of counts) {
        if (this.tracked!.has(k)) this.counts.set(k, (this.counts.get(k) ?? 0) + c);
        else this.sketch.add(k, c);
      }
      return;
    }
    for (const [k, c] of counts) this.counts.set(k, (this.counts.get(k) ?? 0) + c);
    if (this.counts.size > 2 * this.limit) this.shrink();
  }

  /** Misra-Gries, batched: keep the `limit` largest counts minus the (limit + 1)-th. */
  private shrink(): void {
    const sorted = [...this.counts.values()].sort((a, b) => b - a);
    const cut = sorted[this.limit];
    for (const [k, c] of this.counts) {
      if (c > cut) this.counts.set(k, c - cut);
      else this.counts.delete(k);
    }
    this.pruned = true;
  }

  /** Whether the counts are exact (a tracked set, or a column that never outgrew `limit`). */
  get exact(): boolean { return !this.pruned; }

  /** The most frequent `capacity` categories by the counts so far (ties by name). */
  candidates(): Set<string> {
    const entries = [...this.counts].filter(([, c]) => c > 0).sort((a, b) => b[1] - a[1] || byName(a[0], b[0]));
    return new Set(entries.slice(0, this.capacity).map(([k]) => k));
  }

  /** Tracked categories and bucket; only while `exact`. */
  result(): { categories: Record<string, number>; other?: OtherBucket } {
    if (this.pruned) throw new Error('CategoryCounter.result: counts are a Misra-Gries summary; recount against candidates()');
    if (!this.sketch) return capCategories(this.counts, this.capacity);
    const other = this.sketch.bucket();
    if (!other) return { categories: orderedCategories(this.counts, false) };
    const all = new Map(this.counts);
    for (const k of this.tracked!) if (!all.has(k)) all.set(k, 0);
    return { categories: orderedCategories(all, true), other };
  }
}
