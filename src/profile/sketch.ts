// The numeric sample of a profile: a bottom-k distinct-value sketch with exact multiplicities.
//
// Every finite value v gets a 53-bit key from the bits of its float64 (-0 read as +0):
//   lo, hi = low and high 32 bits of v
//   h1 = fmix32(hi ^ fmix32(lo ^ 0x9e3779b9))
//   h2 = fmix32(lo ^ fmix32(h1 ^ 0x7f4a7c15))
//   key = h1 · 2^21 + (h2 >>> 11)
// with fmix32 the MurmurHash3 32-bit finaliser. The sketch keeps the k distinct values that come first in
// the order (key, value), each with the number of rows holding it. A value in the bottom k of a union is in
// the bottom k of every part it occurs in, so merging two sketches (union, counts added, bottom k again) gives
// exactly the sketch of the concatenated data. The hash is part of profile format version 1: changing it
// would make profiles of different versions unmergeable.
import { fail } from '../errors.js';
import { jsKernels } from '../engine/js/index.js';
import { fmix32, HI, kth, LO, SEED1, SEED2, TWO21, checkSketchCapacity } from '../engine/js/sketch.js';
import type { Kernels, SketchTable } from '../engine/types.js';

export interface Sample {
  values: number[];
  counts: number[];
  exact: boolean;
}

const one = new Float64Array(1);
const oneBits = new Uint32Array(one.buffer);

/** The sketch key of a finite value (exported for tests and for merging). */
export function sampleKey(x: number): number {
  one[0] = x === 0 ? 0 : x;
  const lo = oneBits[LO], hi = oneBits[HI];
  const h1 = fmix32(hi ^ fmix32(lo ^ SEED1));
  const h2 = fmix32(lo ^ fmix32(h1 ^ SEED2));
  return h1 * TWO21 + (h2 >>> 11);
}

/**
 * A running bottom-k sketch: add() columns one after another (the threshold carries over, so later columns
 * send ever fewer candidates to the table), sample() at any time. O(k) memory whatever the rows added. The
 * table lives with the kernels of the first add() (in WASM memory for the WASM kernels): dispose() frees it.
 */
export class SampleSketch {
  private K: Kernels | undefined;
  private table: SketchTable | undefined;
  private disposed = false;

  constructor(readonly capacity: number) {
    checkSketchCapacity('SampleSketch', capacity);
  }

  /**
   * Add a column's finite values (NaN and ±Infinity are skipped). K: the kernels to use; the sketch stays
   * bound to the first add()'s (default: the JS kernels), since each WASM instance holds its own tables.
   */
  add(values: Float64Array, K?: Kernels): void {
    if (this.disposed) fail('SampleSketch.add', 'sketch', 'has been disposed');
    if (!(values instanceof Float64Array)) fail('SampleSketch.add', 'values', 'must be a Float64Array');
    if (this.K === undefined) {
      const k = K ?? jsKernels;
      // The WASM kernels release the table when this sketch is collected, should dispose() never be called
      // (a FinalizationRegistry there: it knows the block without holding the table).
      this.table = k.sketchCreate(this.capacity, this);
      this.K = k;
    } else if (K !== undefined && K !== this.K) {
      fail('SampleSketch.add', 'K', 'is not the kernels instance this sketch was first used with (each WASM instance holds its own tables)');
    }
    this.K.sketchAdd(this.table!, values);
  }

  /** The sketch of everything added so far (adding may go on afterwards). */
  sample(): Sample {
    if (this.disposed) fail('SampleSketch.sample', 'sketch', 'has been disposed');
    if (this.K === undefined) return { values: [], counts: [], exact: true };
    const s = this.K.sketchSample(this.table!);
    return { values: toArray(s.values), counts: toArray(s.counts), exact: s.exact };
  }

  /** Free the table (idempotent). The sketch cannot be used afterwards. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.K === undefined) return;
    this.K.sketchFree(this.table!);
    this.K = undefined;
    this.table = undefined;
  }
}

/** A plain array copy (Array.from on a typed array goes through the iterator: several times slower). */
export function toArray(a: Float64Array): number[] {
  const out = new Array<number>(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i];
  return out;
}

/** The bottom-k sketch of a column's finite values (NaN and ±Infinity are skipped). One pass, O(k) memory. */
export function sampleColumn(values: Float64Array, k: number, K?: Kernels): Sample {
  const s = new SampleSketch(k);
  try {
    s.add(values, K);
    return s.sample();
  } finally {
    s.dispose();
  }
}

/**
 * The sketch of the union of two sketches' data with capacity k (at most either capacity): counts of a value
 * present in both are added; exact when both were exact and the union has at most k values. Both samples are
 * in ascending value order: one merge pass, then (when the union is over k) a selection of the k-th key.
 */
export function mergeSamples(a: Sample, b: Sample, k: number): Sample {
  const av = a.values, bv = b.values, ac = a.counts, bc = b.counts;
  const vals = new Float64Array(av.length + bv.length);
  const cnts = new Float64Array(vals.length);
  let i = 0, j = 0, n = 0;
  while (i < av.length || j < bv.length) {
    if (j === bv.length || (i < av.length && av[i] < bv[j])) { vals[n] = av[i]; cnts[n++] = ac[i++]; }
    else if (i === av.length || bv[j] < av[i]) { vals[n] = bv[j]; cnts[n++] = bc[j++]; }
    else { vals[n] = av[i]; cnts[n++] = ac[i++] + bc[j++]; }
  }
  const exact = a.exact && b.exact && n <= k;
  if (n <= k) return { values: toArray(vals.subarray(0, n)), counts: toArray(cnts.subarray(0, n)), exact };
  const keys = new Float64Array(n);
  for (let t = 0; t < n; t++) keys[t] = sampleKey(vals[t]);
  const T = kth(keys.slice(), n, k - 1);
  // keys below T are kept; of those equal to T (nearly always one), the smallest values fill the rest
  let room = k;
  for (let t = 0; t < n; t++) if (keys[t] < T) room--;
  const values: number[] = [], counts: number[] = [];
  for (let t = 0; t < n; t++) {
    if (keys[t] < T || (keys[t] === T && room-- > 0)) { values.push(vals[t]); counts.push(cnts[t]); }
  }
  return { values, counts, exact: false };
}

/**
 * numpy.quantile('linear') of the rows the sample stands for (each value repeated by its count), with the
 * same arithmetic as the quantile kernels, so it is bit-identical to them when the sample is exact.
 */
export function sampleQuantiles(values: readonly number[], counts: readonly number[], probs: readonly number[]): number[] {
  const cum = new Float64Array(counts.length);
  let n = 0;
  for (let i = 0; i < counts.length; i++) { n += counts[i]; cum[i] = n; }
  if (n === 0) return probs.map(() => NaN);
  // the r-th row (0-based): the first value whose cumulative count exceeds r
  const at = (r: number): number => {
    let lo = 0, hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cum[mid] > r) hi = mid; else lo = mid + 1;
    }
    return values[lo];
  };
  return probs.map((p) => {
    const h = (n - 1) * p;
    const lo = Math.floor(h);
    const g = h - lo;
    const a = at(lo);
    const b = h >= n - 1 ? at(n - 1) : at(lo + 1);
    const diff = b - a;
    return (g < 0.5 ? a + diff * g : b - diff * (1 - g)) + 0;
  });
}
