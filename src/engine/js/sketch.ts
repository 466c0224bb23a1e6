// Plain-TS twin of assembly/sketch.ts: the sample sketch's hash pre-filter and its running table (the
// fallback for backend 'js' and the oracle for the WASM table in tests). src/profile/sketch.ts documents
// the hash and what the sketch keeps.
import { fail } from '../../errors.js';
import type { SketchSample, SketchTable } from '../types.js';

/** The sketch hash's seeds and the murmur3 finaliser (shared with src/profile/sketch.ts). */
export const SEED1 = 0x9e3779b9 | 0;
export const SEED2 = 0x7f4a7c15 | 0;
export const TWO21 = 2097152;
/** Largest sketch capacity the kernels accept (the profile's MAX_SAMPLE_CAPACITY). */
export const MAX_SKETCH_CAPACITY = 10_000_000;

export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const LITTLE = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
/** Indices of a float64's low and high 32-bit halves in a Uint32Array view. */
export const LO = LITTLE ? 0 : 1;
export const HI = 1 - LO;

export function sketchCandidates(values: Float64Array, thr: number): Int32Array {
  const n = values.length;
  const bits = new Uint32Array(values.buffer, values.byteOffset, 2 * n);
  const out = new Int32Array(n);
  const t = thr >>> 0;
  let c = 0;
  for (let i = 0; i < n; i++) {
    const x = values[i];
    if (x - x !== 0) continue;
    const lo = x === 0 ? 0 : bits[2 * i + LO], hi = x === 0 ? 0 : bits[2 * i + HI];
    if (fmix32(hi ^ fmix32(lo ^ SEED1)) <= t) out[c++] = i;
  }
  return out.slice(0, c);
}

/** The k-th smallest (0-based) of a[0..n) by Wirth's selection; reorders a. Keys are hashes: no bad pivots. */
export function kth(a: Float64Array, n: number, k: number): number {
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

  finish(): SketchSample {
    this.cut(this.k);
    const idx: number[] = [];
    for (let s = 0; s < this.cap; s++) if (this.cnts[s] !== 0) idx.push(s);
    idx.sort((i, j) => this.vals[i] - this.vals[j]);
    return {
      values: Float64Array.from(idx, (s) => this.vals[s]),
      counts: Float64Array.from(idx, (s) => this.cnts[s]),
      exact: !this.dropped,
    };
  }
}

/** Add a column's finite values (NaN and ±Infinity skipped) to the table. */
function addColumn(t: Table, values: Float64Array): void {
  const n = values.length;
  const bits = new Uint32Array(values.buffer, values.byteOffset, 2 * n);
  for (let i = 0; i < n; i++) {
    const x = values[i];
    if (x - x !== 0) continue; // NaN, ±Infinity
    let lo = 0, hi = 0;
    if (x !== 0) { lo = bits[2 * i + LO]; hi = bits[2 * i + HI]; }
    const h1 = fmix32(hi ^ fmix32(lo ^ SEED1));
    if (h1 > t.thrH1) continue;
    const h2 = fmix32(lo ^ fmix32(h1 ^ SEED2));
    const key = h1 * TWO21 + (h2 >>> 11);
    if (key > t.thrKey) continue;
    t.add(x + 0, key, h2 | 0, 1);
  }
}

/** Checks shared by both backends: a capacity the kernels accept. */
export function checkSketchCapacity(fn: string, capacity: unknown): number {
  if (typeof capacity !== 'number' || !Number.isInteger(capacity) || capacity < 1 || capacity > MAX_SKETCH_CAPACITY) {
    fail(fn, 'capacity', `must be an integer between 1 and ${MAX_SKETCH_CAPACITY}; got ${typeof capacity === 'number' ? capacity : JSON.stringify(capacity)}`);
  }
  return capacity;
}

export function checkSketchValues(fn: string, values: unknown): Float64Array {
  if (!(values instanceof Float64Array)) fail(fn, 'values', 'must be a Float64Array');
  return values;
}

class JsSketchTable implements SketchTable {
  table: Table | undefined;
  constructor(readonly capacity: number) { this.table = new Table(capacity); }
}

function own(fn: string, table: SketchTable): Table {
  if (!(table instanceof JsSketchTable)) fail(fn, 'table', 'was not created by the JS kernels (a sketch table is bound to the kernels that created it)');
  if (!table.table) fail(fn, 'table', 'has been freed');
  return table.table;
}

export const sketchCreate = (capacity: number): SketchTable => new JsSketchTable(checkSketchCapacity('sketchCreate', capacity));
export const sketchAdd = (table: SketchTable, values: Float64Array): void =>
  addColumn(own('sketchAdd', table), checkSketchValues('sketchAdd', values));
export const sketchSample = (table: SketchTable): SketchSample => own('sketchSample', table).finish();
export function sketchFree(table: SketchTable): void {
  if (!(table instanceof JsSketchTable)) fail('sketchFree', 'table', 'was not created by the JS kernels (a sketch table is bound to the kernels that created it)');
  table.table = undefined;
}
