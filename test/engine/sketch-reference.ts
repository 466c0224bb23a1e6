// A frozen copy of the sample sketch as it was before the table moved into WASM (src/profile/sketch.ts at the
// time): the oracle the new kernels must match value for value. Self-contained on purpose.
export interface Sample {
  values: number[];
  counts: number[];
  exact: boolean;
}

const SEED1 = 0x9e3779b9 | 0;
const SEED2 = 0x7f4a7c15 | 0;
const TWO21 = 2097152;
const LO = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1 ? 0 : 1;
const HI = 1 - LO;

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
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
export class ReferenceSketch {
  private readonly t: Table;
  constructor(readonly capacity: number) { this.t = new Table(capacity); }

  /** Add a column's finite values (NaN and ±Infinity are skipped). */
  add(values: Float64Array): void {
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
    for (let i = 0; i < n; i++) visit(i);
  }

  /** The sketch of everything added so far (adding may go on afterwards). */
  sample(): Sample { return this.t.finish(); }
}

export function referenceSampleColumn(values: Float64Array, k: number): Sample {
  const s = new ReferenceSketch(k);
  s.add(values);
  return s.sample();
}
