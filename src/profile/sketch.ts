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
import type { Kernels } from '../engine/types.js';
import { fmix32, HI, LO, SEED1 } from '../engine/js/sketch.js';

export interface Sample {
  values: number[];
  counts: number[];
  exact: boolean;
}

const SEED2 = 0x7f4a7c15 | 0;
const TWO21 = 2097152;
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

/** The k-th smallest (0-based) of a[0..n) by Wirth's selection; reorders a. Keys are hashes: no bad pivots. */
function kth(a: Float64Array, n: number, k: number): number {
  let l = 0, m = n - 1;
  while (l < m) {
    const x = a[k];
    let i = l, j = m;
    do {
      while (a[i] < x) i++;
      while (x < a[j]) j--;
      if (i <= j) { const t = a[i]; a[i] = a[j]; a[j] = t; i++; j--; }
    } while (i <= j);
    if (j < k) l = i;
    if (k < i) m = j;
  }
  return a[k];
}

/**
 * Open-addressing table of the candidates (distinct values whose key is at or below the running threshold).
 * When it holds 2k values it is cut back to the k first in (key, value) order and the threshold drops to the
 * k-th key: memory stays O(k) whatever the number of rows.
 */
class Table {
  private cap: number;
  private mask: number;
  private keys: Float64Array;
  private vals: Float64Array;
  private cnts: Float64Array;
  private slot: Int32Array;
  private size = 0;
  private readonly limit: number;
  private readonly maxCap: number;
  private scratch: Float64Array | undefined;
  thrKey = Infinity;
  thrH1 = Infinity;
  dropped = false;

  constructor(private readonly k: number) {
    this.limit = 2 * k;
    let m = 4;
    while (m < 2 * this.limit) m *= 2;
    this.maxCap = m; // load factor <= 1/2 at the limit
    this.cap = Math.min(m, 1024);
    this.mask = this.cap - 1;
    this.keys = new Float64Array(this.cap);
    this.vals = new Float64Array(this.cap);
    this.cnts = new Float64Array(this.cap);
    this.slot = new Int32Array(this.cap);
  }

  add(x: number, key: number, h: number, c: number): void {
    const { vals, cnts, mask } = this;
    let s = h & mask;
    while (cnts[s] !== 0) {
      if (vals[s] === x) { cnts[s] += c; return; }
      s = (s + 1) & mask;
    }
    this.keys[s] = key; vals[s] = x; cnts[s] = c; this.slot[s] = h;
    this.size++;
    if (this.size >= this.limit) this.cut(this.k);
    else if (2 * this.size > this.cap && this.cap < this.maxCap) this.rebuild(this.cap * 2, Infinity, 0);
  }

  /** Keep the k first values in (key, value) order; the threshold drops to the k-th key. */
  private cut(k: number): void {
    const n = this.size;
    if (n <= k) return;
    const { keys, vals, cnts, cap } = this;
    const a = this.scratch && this.scratch.length >= n ? this.scratch : (this.scratch = new Float64Array(Math.max(n, this.limit)));
    let j = 0;
    for (let s = 0; s < cap; s++) if (cnts[s] !== 0) a[j++] = keys[s];
    const T = kth(a, n, k - 1);
    let below = 0;
    for (let i = 0; i < n; i++) if (a[i] < T) below++;
    // of the values whose key is T (nearly always one), the smallest fill the remaining places
    let maxTie = Infinity;
    if (below + 1 < k) {
      const ties: number[] = [];
      for (let s = 0; s < cap; s++) if (cnts[s] !== 0 && keys[s] === T) ties.push(vals[s]);
      ties.sort((x, y) => x - y);
      maxTie = ties[k - below - 1];
    } else {
      maxTie = Infinity;
      for (let s = 0; s < cap; s++) if (cnts[s] !== 0 && keys[s] === T && vals[s] < maxTie) maxTie = vals[s];
    }
    this.dropped = true;
    this.thrKey = T;
    this.thrH1 = Math.floor(T / TWO21);
    this.rebuild(cap, T, maxTie);
  }

  /** Rehash into `cap` slots the entries with (key, value) <= (T, maxTie). */
  private rebuild(cap: number, T: number, maxTie: number): void {
    const { keys, vals, cnts, slot } = this;
    const old = this.cap;
    this.cap = cap;
    this.mask = cap - 1;
    this.keys = new Float64Array(cap);
    this.vals = new Float64Array(cap);
    this.cnts = new Float64Array(cap);
    this.slot = new Int32Array(cap);
    this.size = 0;
    for (let s = 0; s < old; s++) {
      if (cnts[s] === 0 || keys[s] > T || (keys[s] === T && vals[s] > maxTie)) continue;
      let t = slot[s] & this.mask;
      while (this.cnts[t] !== 0) t = (t + 1) & this.mask;
      this.keys[t] = keys[s]; this.vals[t] = vals[s]; this.cnts[t] = cnts[s]; this.slot[t] = slot[s];
      this.size++;
    }
  }

  finish(): Sample {
    this.cut(this.k);
    const idx: number[] = [];
    for (let s = 0; s < this.cap; s++) if (this.cnts[s] !== 0) idx.push(s);
    idx.sort((i, j) => this.vals[i] - this.vals[j]);
    return { values: idx.map((s) => this.vals[s]), counts: idx.map((s) => this.cnts[s]), exact: !this.dropped };
  }
}

/**
 * A running bottom-k sketch: add() columns one after another (the threshold carries over, so later columns
 * send ever fewer candidates to the table), sample() at any time. O(k) memory whatever the rows added.
 */
export class SampleSketch {
  private readonly t: Table;
  constructor(readonly capacity: number) { this.t = new Table(capacity); }

  /** Add a column's finite values (NaN and ±Infinity are skipped). */
  add(values: Float64Array, K?: Kernels): void {
    const t = this.t;
    const n = values.length;
    const bits = new Uint32Array(values.buffer, values.byteOffset, 2 * n);
    const visit = (i: number): void => {
      const x = values[i];
      if (x - x !== 0) return; // NaN, ±Infinity
      let lo = 0, hi = 0;
      if (x !== 0) { lo = bits[2 * i + LO]; hi = bits[2 * i + HI]; }
      const h1 = fmix32(hi ^ fmix32(lo ^ SEED1));
      if (h1 > t.thrH1) return;
      const h2 = fmix32(lo ^ fmix32(h1 ^ SEED2));
      const key = h1 * TWO21 + (h2 >>> 11);
      if (key > t.thrKey) return;
      t.add(x + 0, key, h2 | 0, 1);
    };
    if (!K || K.backend !== 'wasm' || n < 4096) {
      for (let i = 0; i < n; i++) visit(i);
      return;
    }
    // The WASM kernel pre-filters each chunk by the running threshold on h1; only candidates reach the table.
    for (let start = 0; start < n; start += CHUNK) {
      const end = Math.min(n, start + CHUNK);
      const thr = t.thrH1 >= 0xffffffff ? 0xffffffff : t.thrH1;
      const idx = K.sketchCandidates(values.subarray(start, end), thr);
      for (let j = 0; j < idx.length; j++) visit(start + idx[j]);
    }
  }

  /** The sketch of everything added so far (adding may go on afterwards). */
  sample(): Sample { return this.t.finish(); }
}

/** The bottom-k sketch of a column's finite values (NaN and ±Infinity are skipped). One pass, O(k) memory. */
export function sampleColumn(values: Float64Array, k: number, K?: Kernels): Sample {
  const s = new SampleSketch(k);
  s.add(values, K);
  return s.sample();
}

// Rows per pre-filter call: the threshold tightens between chunks.
const CHUNK = 65536;

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
  if (n <= k) return { values: Array.from(vals.subarray(0, n)), counts: Array.from(cnts.subarray(0, n)), exact };
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
