// The profile's bottom-k sample sketch (src/profile/sketch.ts documents the hash and the result): a hash
// pre-filter, and the whole running sketch (filter + candidate table + cut) over a table that lives in a
// host-pinned block, so that streaming add() never leaves WASM. Same hash, bit for bit, as sketch.ts.
import { argsortF64 } from './sort';

const SEED1: u32 = 0x9e3779b9;
const SEED2: u32 = 0x7f4a7c15;

@inline function fmix32(h: u32): u32 {
  h ^= h >>> 16;
  h *= 0x85ebca6b;
  h ^= h >>> 13;
  h *= 0xc2b2ae35;
  h ^= h >>> 16;
  return h;
}

/** For each 4-bit lane mask, the byte shuffle that packs the selected i32 lanes to the front. */
const COMPACT = memory.data<u8>([
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 1, 2, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  4, 5, 6, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 1, 2, 3, 4, 5, 6, 7, 0, 0, 0, 0, 0, 0, 0, 0,
  8, 9, 10, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 1, 2, 3, 8, 9, 10, 11, 0, 0, 0, 0, 0, 0, 0, 0,
  4, 5, 6, 7, 8, 9, 10, 11, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0, 0, 0, 0,
  12, 13, 14, 15, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 1, 2, 3, 12, 13, 14, 15, 0, 0, 0, 0, 0, 0, 0, 0,
  4, 5, 6, 7, 12, 13, 14, 15, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 1, 2, 3, 4, 5, 6, 7, 12, 13, 14, 15, 0, 0, 0, 0,
  8, 9, 10, 11, 12, 13, 14, 15, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 1, 2, 3, 8, 9, 10, 11, 12, 13, 14, 15, 0, 0, 0, 0,
  4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 0, 0, 0, 0,
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
]);

@inline function fmix4(h: v128): v128 {
  h = v128.xor(h, i32x4.shr_u(h, 16));
  h = i32x4.mul(h, i32x4.splat(0x85ebca6b));
  h = v128.xor(h, i32x4.shr_u(h, 13));
  h = i32x4.mul(h, i32x4.splat(0xc2b2ae35));
  return v128.xor(h, i32x4.shr_u(h, 16));
}

/**
 * Writes to out (i32) the indices i in [i0, i1) of finite values whose h1 = fmix32(hi ^ fmix32(lo ^ SEED1)) is
 * in [base, base + span] (lo/hi: the value's float64 bit halves, both 0 for ±0); returns how many. One
 * wrapping compare tests the range. Branch-free appends; the SIMD build hashes four values per step (the
 * per-row cost of the sketch is this loop).
 */
@inline function filter(values: usize, i0: i32, i1: i32, base: u32, span: u32, out: usize): i32 {
  let c: i32 = 0;
  let i = i0;
  if (ASC_FEATURE_SIMD) {
    const zero = f64x2.splat(0), seed = i32x4.splat(SEED1), t = i32x4.splat(span), b0 = i32x4.splat(base);
    const exp = i32x4.splat(0x7ff00000), four = i32x4.splat(4);
    let idx = i32x4.add(i32x4.splat(i), i32x4(0, 1, 2, 3));
    for (; i + 3 < i1; i += 4) {
      const a = v128.load(values + (<usize>i << 3)), b = v128.load(values + (<usize>i << 3), 16);
      // ±0 -> all-zero bits; then the four low halves and the four high halves
      const az = v128.and(a, f64x2.ne(a, zero)), bz = v128.and(b, f64x2.ne(b, zero));
      const lo = i32x4.shuffle(az, bz, 0, 2, 4, 6), hi = i32x4.shuffle(az, bz, 1, 3, 5, 7);
      const h1 = fmix4(v128.xor(hi, fmix4(v128.xor(lo, seed))));
      const finite = i32x4.ne(v128.and(hi, exp), exp); // NaN and ±Infinity have every exponent bit set
      const m = i32x4.bitmask(v128.and(i32x4.le_u(i32x4.sub(h1, b0), t), finite));
      // append the passing lanes' indices: a table swizzle moves them to the front of one 16-byte store
      // (c <= i - i0 here, so the store stays inside out's n slots)
      v128.store(out + (<usize>c << 2), i8x16.swizzle(idx, v128.load(COMPACT + (<usize>m << 4))));
      c += <i32>popcnt<u32>(m);
      idx = i32x4.add(idx, four);
    }
  }
  for (; i < i1; i++) {
    const x = load<f64>(values + (<usize>i << 3));
    const b = select<u64>(reinterpret<u64>(x), 0, x != 0);
    const h1 = fmix32(<u32>(b >> 32) ^ fmix32(<u32>b ^ SEED1));
    store<i32>(out + (<usize>c << 2), i);
    c += i32(h1 - base <= span) & i32(x - x == 0);
  }
  return c;
}

/** The pre-filter alone: indices of the finite values among values[0..n) whose h1 is <= thr, into out. */
export function sketchCandidates(values: usize, n: i32, thr: u32, out: usize): i32 {
  return filter(values, 0, n, 0, thr, out);
}

// ---- The running sketch table ------------------------------------------------------------------------
//
// Block layout (offsets from the block start t; the block holds no absolute pointers):
//   header (64 bytes): k, limit (= 2k), entCap (entries this block holds), mask (index slots - 1), size,
//   dropped, thr1 (u32 threshold on h1), base and whi (u32: the h1 window of a round, see sketchSettle),
//   thrKey (u64 threshold on the key)
//   keys u64[entCap]: the entries' keys, dense, in insertion order
//   ents (f64 value, f64 count)[entCap]: the entries, same order
//   index u64[slots]: open addressing (linear probing) from the key's low 32 bits, which are uniform (low
//   h1 bits and h2 bits); a slot is 0 (empty) or (low 32 key bits << 32 | entry + 1), so probing past
//   other values rarely touches their entries. slots >= 1.5 entCap.
// Dense entries make a cut sequential passes (a key histogram, a compaction) plus a re-index of the k kept,
// instead of a scan over a sparse table.
//
// A table holds exactly the distinct finite values seen whose key is <= thrKey, with their exact counts, and
// after a cut at least k of them, so the sketch's k values are in it. (An exact cut also drops values tied
// at the k-th key above the k-th value; such a value, if it comes back, stays behind k others for good.)

const H_K = 0, H_LIMIT = 4, H_ENTCAP = 8, H_MASK = 12, H_SIZE = 16, H_DROPPED = 20, H_THR1 = 24, H_BASE = 28;
const H_THRKEY = 32, H_WHI = 40;
const HEADER: usize = 64;
const NO_KEY: u64 = 0xffffffffffffffff;
const MAX_KEY: u64 = 0x1fffffffffffff; // keys have 53 bits
/** Values per filter chunk: the threshold tightens between chunks. */
const CHUNK: i32 = 2048;
/** Buckets of the cut's key histogram. */
const CUT_BITS: i32 = 12;

@inline function indexSlots(entCap: i32): i32 {
  let m: i32 = 4;
  while (m < entCap + (entCap >> 1)) m <<= 1;
  return m;
}

/** Bytes of a table block holding entCap entries. */
export function sketchBlockBytes(entCap: i32): i32 {
  return <i32>HEADER + entCap * 24 + indexSlots(entCap) * 8;
}

/**
 * Scratch bytes of sketchAdd on a block of entCap entries: chunk candidates (indices, keys, values), then
 * the cut's histogram and keys.
 */
export function sketchAddScratchBytes(entCap: i32): i32 {
  return CHUNK * 20 + (4 << CUT_BITS) + entCap * 8;
}

/** Scratch bytes of sketchSample on a table of n entries: the selection's, then the argsort buffers. */
export function sketchSampleScratchBytes(n: i32): i32 {
  return max((4 << CUT_BITS) + n * 8, n * 40 + 16 + 8 * 256 * 4);
}

@inline function keysOf(t: usize): usize { return t + HEADER; }
@inline function entsOf(t: usize, cap: i32): usize { return t + HEADER + (<usize>cap << 3); }
@inline function indexOf(t: usize, cap: i32): usize { return t + HEADER + <usize>cap * 24; }

/** A fresh, empty table for capacity k in the block t (sketchBlockBytes(entCap) bytes, any contents). */
export function sketchInit(t: usize, k: i32, entCap: i32): void {
  const slots = indexSlots(entCap);
  store<i32>(t, k, H_K);
  store<i32>(t, 2 * k, H_LIMIT);
  store<i32>(t, entCap, H_ENTCAP);
  store<i32>(t, slots - 1, H_MASK);
  store<i32>(t, 0, H_SIZE);
  store<i32>(t, 0, H_DROPPED);
  store<u32>(t, 0xffffffff, H_THR1);
  store<u32>(t, 0, H_BASE);
  store<u32>(t, 0xffffffff, H_WHI);
  store<u64>(t, NO_KEY, H_THRKEY);
  memory.fill(indexOf(t, entCap), 0, <usize>slots << 3);
}

/** The key threshold (every key up to it is in the table), as f64; Infinity before any cut. */
export function sketchThreshold(t: usize): f64 {
  const T = load<u64>(t, H_THRKEY);
  return T == NO_KEY ? Infinity : <f64>T;
}

/**
 * Restrict the next sketchAdd calls to values whose h1 is in [base, whi] (and, as always, <= thr1): the
 * host adds a large column in rounds over growing windows of h1 (see sketchSettle); base 0 and whi
 * 0xffffffff lift the restriction.
 */
export function sketchSetWindow(t: usize, base: u32, whi: u32): void {
  store<u32>(t, base, H_BASE);
  store<u32>(t, whi, H_WHI);
}

/**
 * After a round that added the column's values with h1 up to whi (earlier rounds took the lower h1s): if
 * more than k entries have a key at or below whi's last key K, or a cut already lowered the threshold to K
 * or below, the threshold becomes valid there: entries above K are dropped, the threshold is lowered to K,
 * and the column's values above it can be skipped; returns -1. Else returns how many entries are at or
 * below K (duplicates made the round too small: the host widens the window and goes on).
 */
export function sketchSettle(t: usize, whi: u32): i32 {
  const K = (<u64>whi << 21) | 0x1fffff;
  if (load<u64>(t, H_THRKEY) <= K) return -1;
  const n = load<i32>(t, H_SIZE), keys = keysOf(t);
  let c: i32 = 0;
  for (let i = 0; i < n; i++) c += i32(load<u64>(keys + (<usize>i << 3)) <= K);
  // more than k, not just k: the values skipped above K must leave a trace in `dropped`
  if (c <= load<i32>(t, H_K)) return c;
  keepUpTo(t, K, Infinity);
  return -1;
}

/** Index the entries 0..n of t into its zeroed index. */
function reindex(t: usize, n: i32): void {
  const cap = load<i32>(t, H_ENTCAP), mask = <u32>load<i32>(t, H_MASK);
  const keys = keysOf(t), index = indexOf(t, cap);
  for (let e = 0; e < n; e++) {
    const lo = <u32>load<u64>(keys + (<usize>e << 3));
    let s = lo & mask;
    while (load<u64>(index + (<usize>s << 3)) != 0) s = (s + 1) & mask;
    store<u64>(index + (<usize>s << 3), (<u64>lo << 32) | <u64>(e + 1));
  }
}

/** Copy the table in src into the block dst made for entCap (>= src's size) entries. */
export function sketchGrow(src: usize, dst: usize, entCap: i32): void {
  const n = load<i32>(src, H_SIZE), old = load<i32>(src, H_ENTCAP);
  sketchInit(dst, load<i32>(src, H_K), entCap);
  store<i32>(dst, n, H_SIZE);
  store<i32>(dst, load<i32>(src, H_DROPPED), H_DROPPED);
  store<u32>(dst, load<u32>(src, H_THR1), H_THR1);
  store<u32>(dst, load<u32>(src, H_BASE), H_BASE);
  store<u32>(dst, load<u32>(src, H_WHI), H_WHI);
  store<u64>(dst, load<u64>(src, H_THRKEY), H_THRKEY);
  memory.copy(keysOf(dst), keysOf(src), <usize>n << 3);
  memory.copy(entsOf(dst, entCap), entsOf(src, old), <usize>n << 4);
  reindex(dst, n);
}

/** The k-th smallest (0-based) of a[0..n) by Wirth's selection; reorders a. Keys are hashes: no bad pivots. */
function kth(a: usize, n: i32, k: i32): u64 {
  let l: i32 = 0, m: i32 = n - 1;
  while (l < m) {
    const x = load<u64>(a + (<usize>k << 3));
    let i = l, j = m;
    do {
      while (load<u64>(a + (<usize>i << 3)) < x) i++;
      while (x < load<u64>(a + (<usize>j << 3))) j--;
      if (i <= j) {
        const pi = a + (<usize>i << 3), pj = a + (<usize>j << 3);
        const s = load<u64>(pi);
        store<u64>(pi, load<u64>(pj));
        store<u64>(pj, s);
        i++; j--;
      }
    } while (i <= j);
    if (j < k) l = i;
    if (k < i) m = j;
  }
  return load<u64>(a + (<usize>k << 3));
}

/** Keep the entries with (key, value) <= (T, maxTie), in order, re-index them, and lower the threshold to T. */
function keepUpTo(t: usize, T: u64, maxTie: f64): void {
  const n = load<i32>(t, H_SIZE), cap = load<i32>(t, H_ENTCAP);
  const keys = keysOf(t), ents = entsOf(t, cap);
  let j: i32 = 0;
  for (let i = 0; i < n; i++) {
    const key = load<u64>(keys + (<usize>i << 3));
    const p = ents + (<usize>i << 4);
    const v = load<f64>(p);
    if (key > T || (key == T && v > maxTie)) continue;
    const q = ents + (<usize>j << 4);
    store<u64>(keys + (<usize>j << 3), key);
    store<f64>(q, v);
    store<f64>(q, load<f64>(p, 8), 8);
    j++;
  }
  store<i32>(t, j, H_SIZE);
  store<i32>(t, 1, H_DROPPED);
  store<u64>(t, T, H_THRKEY);
  store<u32>(t, <u32>(T >> 21), H_THR1);
  memory.fill(indexOf(t, cap), 0, <usize>(load<i32>(t, H_MASK) + 1) << 3);
  reindex(t, j);
}

/** Histogram of the n keys (all <= top) into 2^CUT_BITS buckets of hist (u32); returns the bucket shift. */
function keyHistogram(keys: usize, n: i32, top: u64, hist: usize): u64 {
  const shift = <u64>max(0, 64 - <i32>clz<u64>(top) - CUT_BITS);
  memory.fill(hist, 0, <usize>4 << CUT_BITS);
  for (let i = 0; i < n; i++) {
    const p = hist + (<usize>(load<u64>(keys + (<usize>i << 3)) >> shift) << 2);
    store<u32>(p, load<u32>(p) + 1);
  }
  return shift;
}

// selectKth's result: the k-th (key, value) of the table is (selKey, selTie).
let selKey: u64 = 0;
let selTie: f64 = 0;

/**
 * The k-th smallest (key, value) of a table of more than k entries: the key histogram finds the bucket
 * holding the k-th key, a selection among that bucket's few keys finds the key T, and of the entries whose
 * key is T (nearly always one) the smallest values fill the remaining places, up to selTie.
 * scratch: u32[2^CUT_BITS] then u64[size].
 */
function selectKth(t: usize, scratch: usize): void {
  const n = load<i32>(t, H_SIZE), k = load<i32>(t, H_K), cap = load<i32>(t, H_ENTCAP);
  const keys = keysOf(t), ents = entsOf(t, cap);
  const hist = scratch, sel = scratch + (<usize>4 << CUT_BITS);
  const shift = keyHistogram(keys, n, min(load<u64>(t, H_THRKEY), MAX_KEY), hist);
  let below: i32 = 0, b: u64 = 0;
  for (;; b++) {
    const c = <i32>load<u32>(hist + (<usize>b << 2));
    if (below + c >= k) break;
    below += c;
  }
  let m: i32 = 0;
  for (let i = 0; i < n; i++) {
    const key = load<u64>(keys + (<usize>i << 3));
    if (key >> shift != b) continue;
    store<u64>(sel + (<usize>m << 3), key);
    m++;
  }
  const T = kth(sel, m, k - 1 - below);
  for (let i = 0; i < m; i++) below += i32(load<u64>(sel + (<usize>i << 3)) < T);
  let maxTie: f64 = Infinity;
  if (below + 1 < k) {
    // sel is free again: collect the tied values and sort them (insertion sort: ties are key collisions)
    let c: i32 = 0;
    for (let i = 0; i < n; i++) {
      if (load<u64>(keys + (<usize>i << 3)) != T) continue;
      const v = load<f64>(ents + (<usize>i << 4));
      let j = c - 1;
      while (j >= 0 && load<f64>(sel + (<usize>j << 3)) > v) {
        store<f64>(sel + (<usize>(j + 1) << 3), load<f64>(sel + (<usize>j << 3)));
        j--;
      }
      store<f64>(sel + (<usize>(j + 1) << 3), v);
      c++;
    }
    maxTie = load<f64>(sel + (<usize>(k - below - 1) << 3));
  } else {
    for (let i = 0; i < n; i++) {
      if (load<u64>(keys + (<usize>i << 3)) == T) maxTie = min(maxTie, load<f64>(ents + (<usize>i << 4)));
    }
  }
  selKey = T;
  selTie = maxTie;
}

/**
 * The running cut at 2k entries: the key histogram (keys are all <= thrKey) finds the bucket holding the
 * k-th key, and the threshold drops to that bucket's upper end: every entry at or below it is kept (k plus
 * the bucket's few others), so the table still holds exactly the values with key <= thrKey, at least k of
 * them, and no selection or tie rule is needed (sketchSample's exact selection settles the order). A
 * crowded bucket (key collisions, tiny k) falls back to the exact k-th (key, value).
 * scratch: u32[2^CUT_BITS] then u64[size].
 */
function cutRunning(t: usize, scratch: usize): void {
  const n = load<i32>(t, H_SIZE), k = load<i32>(t, H_K);
  const top = min(load<u64>(t, H_THRKEY), MAX_KEY);
  const shift = keyHistogram(keysOf(t), n, top, scratch);
  let below: i32 = 0, b: i32 = 0;
  for (;; b++) {
    below += <i32>load<u32>(scratch + (<usize>b << 2));
    if (below >= k) break;
  }
  if (below > k + (k >> 1)) {
    selectKth(t, scratch);
    keepUpTo(t, selKey, selTie);
  } else {
    keepUpTo(t, min(((<u64>(b + 1)) << shift) - 1, top), Infinity);
  }
}

/**
 * The keys of the m candidates (indices into values) into keys (u64), their values (-0 as +0) into vals
 * (f64): hashing apart from the probing keeps the four dependent fmix32 chains off the branchy insert loop,
 * and the SIMD build hashes four candidates per step.
 */
@inline function candidateKeys(values: usize, cand: usize, m: i32, keys: usize, vals: usize): void {
  let j: i32 = 0;
  if (ASC_FEATURE_SIMD) {
    const zero = f64x2.splat(0), seed1 = i32x4.splat(SEED1), seed2 = i32x4.splat(SEED2);
    for (; j + 3 < m; j += 4) {
      const c = cand + (<usize>j << 2);
      let a = f64x2.splat(load<f64>(values + (<usize>load<i32>(c) << 3)));
      a = f64x2.replace_lane(a, 1, load<f64>(values + (<usize>load<i32>(c, 4) << 3)));
      let b = f64x2.splat(load<f64>(values + (<usize>load<i32>(c, 8) << 3)));
      b = f64x2.replace_lane(b, 1, load<f64>(values + (<usize>load<i32>(c, 12) << 3)));
      a = f64x2.add(a, zero); // -0 -> +0
      b = f64x2.add(b, zero);
      const lo = i32x4.shuffle(a, b, 0, 2, 4, 6), hi = i32x4.shuffle(a, b, 1, 3, 5, 7);
      const h1 = fmix4(v128.xor(hi, fmix4(v128.xor(lo, seed1))));
      const h2 = i32x4.shr_u(fmix4(v128.xor(lo, fmix4(v128.xor(h1, seed2)))), 11);
      const k = keys + (<usize>j << 3), v = vals + (<usize>j << 3);
      v128.store(k, v128.or(i64x2.shl(v128.extend_low<u32>(h1), 21), v128.extend_low<u32>(h2)));
      v128.store(k, v128.or(i64x2.shl(v128.extend_high<u32>(h1), 21), v128.extend_high<u32>(h2)), 16);
      v128.store(v, a);
      v128.store(v, b, 16);
    }
  }
  for (; j < m; j++) {
    const x = load<f64>(values + (<usize>load<i32>(cand + (<usize>j << 2)) << 3)) + 0;
    const bits = reinterpret<u64>(x);
    const lo = <u32>bits;
    const h1 = fmix32(<u32>(bits >> 32) ^ fmix32(lo ^ SEED1));
    const h2 = fmix32(lo ^ fmix32(h1 ^ SEED2));
    store<u64>(keys + (<usize>j << 3), (<u64>h1 << 21) | <u64>(h2 >>> 11));
    store<f64>(vals + (<usize>j << 3), x);
  }
}

/** Sink of the index prefetch, so that the optimiser keeps its loads. */
let touched: u64 = 0;

/**
 * Add values[start..n) (f64) to the table t: finite values only (±0 as +0); a value is a candidate when its
 * key is at or below the running threshold (and its h1 in the round's window), and is counted or inserted;
 * at 2k entries the table is cut.
 * Returns n when done, or the index to resume from when a new value finds the block full (entCap < 2k): the
 * host then moves the table to a larger block (sketchGrow) and calls again from there. scratch: sketchAddScratchBytes(entCap).
 */
export function sketchAdd(t: usize, values: usize, start: i32, n: i32, scratch: usize): i32 {
  const limit = load<i32>(t, H_LIMIT), cap = load<i32>(t, H_ENTCAP);
  const mask = <u32>load<i32>(t, H_MASK);
  const keys = keysOf(t), ents = entsOf(t, cap), index = indexOf(t, cap);
  const cand = scratch, ckeys = cand + (<usize>CHUNK << 2), cvals = ckeys + (<usize>CHUNK << 3);
  const cutScratch = cvals + (<usize>CHUNK << 3);
  const base = load<u32>(t, H_BASE), whi = load<u32>(t, H_WHI);
  let thr1 = load<u32>(t, H_THR1);
  let thrKey = load<u64>(t, H_THRKEY);
  let size = load<i32>(t, H_SIZE);
  for (let c0 = start; c0 < n; c0 += CHUNK) {
    const hi = min(thr1, whi);
    if (hi < base) break; // a round whose window a cut has emptied
    const m = filter(values, c0, min(n, c0 + CHUNK), base, hi - base, cand);
    candidateKeys(values, cand, m, ckeys, cvals);
    // touch the candidates' index slots first: these loads are independent, so their cache misses overlap,
    // where the probing loop below would take them one after another
    let touch: u64 = 0;
    for (let j = 0; j < m; j++) {
      touch |= load<u64>(index + (<usize>(<u32>load<u64>(ckeys + (<usize>j << 3)) & mask) << 3));
    }
    touched ^= touch;
    for (let j = 0; j < m; j++) {
      const key = load<u64>(ckeys + (<usize>j << 3));
      if (key > thrKey) continue; // also the chunk's candidates above a threshold lowered meanwhile
      const x = load<f64>(cvals + (<usize>j << 3));
      const tag = <u64><u32>key;
      let s = <u32>key & mask;
      let w: u64;
      let found = false;
      while ((w = load<u64>(index + (<usize>s << 3))) != 0) {
        if ((w >> 32) == tag) {
          const p = ents + (<usize>(<u32>w - 1) << 4);
          if (load<f64>(p) == x) { store<f64>(p, load<f64>(p, 8) + 1, 8); found = true; break; }
        }
        s = (s + 1) & mask;
      }
      if (found) continue;
      // a full block (entCap < 2k): stop before this value, which the host adds again after growing it
      if (size == cap) {
        store<i32>(t, size, H_SIZE);
        return load<i32>(cand + (<usize>j << 2));
      }
      const p = ents + (<usize>size << 4);
      store<u64>(keys + (<usize>size << 3), key);
      store<f64>(p, x);
      store<f64>(p, 1, 8);
      size++;
      store<u64>(index + (<usize>s << 3), (tag << 32) | <u64>size);
      if (size >= limit) {
        store<i32>(t, size, H_SIZE);
        cutRunning(t, cutScratch);
        size = load<i32>(t, H_SIZE);
        thr1 = load<u32>(t, H_THR1);
        thrKey = load<u64>(t, H_THRKEY);
      }
    }
  }
  store<i32>(t, size, H_SIZE);
  return n;
}

/** Entries in the table now (the sample has min(size, k) of them). */
export function sketchSize(t: usize): i32 {
  return load<i32>(t, H_SIZE);
}

/**
 * The sample: the k first entries in (key, value) order (all when there are at most k), values ascending
 * into outVals (f64) with their counts into outCnts (f64). The table is left as it is. Returns the number
 * of values, or -(number + 1) when the sample is not exact (some value was left out).
 * scratch: sketchSampleScratchBytes(size) bytes.
 */
export function sketchSample(t: usize, outVals: usize, outCnts: usize, scratch: usize): i32 {
  const size = load<i32>(t, H_SIZE), k = load<i32>(t, H_K), cap = load<i32>(t, H_ENTCAP);
  const keys = keysOf(t), ents = entsOf(t, cap);
  let T: u64 = NO_KEY, maxTie: f64 = Infinity;
  if (size > k) {
    selectKth(t, scratch);
    T = selKey;
    maxTie = selTie;
  }
  const n = min(size, k);
  // the kept entries, in table order: vals f64[n], cnts f64[n]; then argsort's keys, keys2 u64[n],
  // idx, idx2 u32[n] and digit histograms
  const vals = scratch, cnts = vals + (<usize>n << 3), k1 = cnts + (<usize>n << 3), k2 = k1 + (<usize>n << 3);
  const idx = k2 + (<usize>n << 3), i2 = idx + (<usize>n << 2);
  const hist = (i2 + (<usize>n << 2) + 15) & ~15;
  let j: i32 = 0;
  for (let i = 0; i < size; i++) {
    const key = load<u64>(keys + (<usize>i << 3));
    const p = ents + (<usize>i << 4);
    const v = load<f64>(p);
    if (key > T || (key == T && v > maxTie)) continue;
    store<f64>(vals + (<usize>j << 3), v);
    store<f64>(cnts + (<usize>j << 3), load<f64>(p, 8));
    j++;
  }
  argsortF64(vals, n, idx, k1, k2, i2, hist);
  for (let i = 0; i < n; i++) {
    const e = <usize>load<u32>(idx + (<usize>i << 2)) << 3;
    store<f64>(outVals + (<usize>i << 3), load<f64>(vals + e));
    store<f64>(outCnts + (<usize>i << 3), load<f64>(cnts + e));
  }
  return size > k || load<i32>(t, H_DROPPED) != 0 ? -n - 1 : n;
}
