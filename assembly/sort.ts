// f64 sort: NaNs are compacted out first (the caller decides the policy), then a radix sort on the
// order-preserving integer key (sign bit flipped for positives, all bits for negatives); digit passes whose
// digit is constant are skipped. -0 sorts before +0, as TypedArray.prototype.sort does.

const SMALL: i32 = 64;

@inline function toKey(b: u64): u64 {
  return b ^ (<u64>(<i64>b >> 63) | 0x8000000000000000);
}
@inline function fromKey(k: u64): u64 {
  return k ^ (((k >> 63) - 1) | 0x8000000000000000);
}

/** Adds key k's eight 8-bit digits to the eight 256-bucket histograms. */
@inline function countDigits(hist: usize, k: u64): void {
  for (let d = 0; d < 8; d++) {
    const p = hist + ((<usize>d << 10) + (<usize>((k >> (<u64>d << 3)) & 0xff) << 2));
    store<u32>(p, load<u32>(p) + 1);
  }
}

/**
 * Turns one digit's histogram into bucket start offsets. Returns false when every key has the same digit
 * (the pass would not move anything and is skipped).
 */
@inline function bucketOffsets(h: usize, n: i32): bool {
  for (let b = 0; b < 256; b++) {
    const c = load<u32>(h + (<usize>b << 2));
    if (c != 0) { if (c == <u32>n) return false; break; }
  }
  let sum: u32 = 0;
  for (let b = 0; b < 256; b++) {
    const p = h + (<usize>b << 2);
    const c = load<u32>(p);
    store<u32>(p, sum);
    sum += c;
  }
  return true;
}

function insertionSort(p: usize, n: i32): void {
  for (let i = 1; i < n; i++) {
    const v = load<f64>(p + (<usize>i << 3));
    let j = i - 1;
    while (j >= 0 && load<f64>(p + (<usize>j << 3)) > v) {
      store<f64>(p + (<usize>(j + 1) << 3), load<f64>(p + (<usize>j << 3)));
      j--;
    }
    store<f64>(p + (<usize>(j + 1) << 3), v);
  }
  // -0 before +0 for equal runs (insertion sort compares them equal)
  for (let i = 1; i < n; i++) {
    const a = load<u64>(p + (<usize>(i - 1) << 3)), b = load<u64>(p + (<usize>i << 3));
    if (a == 0 && b == 0x8000000000000000) {
      store<u64>(p + (<usize>(i - 1) << 3), b);
      store<u64>(p + (<usize>i << 3), a);
      if (i > 1) i -= 2;
    }
  }
}

// A 16-bit MSD digit splits the data into buckets small enough for cache on typical data; each bucket is
// then LSD-sorted on the bits below the digit while it is cache-resident.
const TOP_W: i32 = 16;
const TOP: i32 = 1 << TOP_W;
/** Bytes of `hist` scratch that sortF64 needs: the top-digit table plus six 256-bucket digit tables. */
export const SORT_HIST_BYTES: i32 = TOP * 4 + 6 * 1024;
const INSERTION_MAX: i32 = 48;

function insertionKeys(p: usize, n: i32): void {
  for (let i = 1; i < n; i++) {
    const v = load<u64>(p + (<usize>i << 3));
    let j = i - 1;
    while (j >= 0 && load<u64>(p + (<usize>j << 3)) > v) {
      store<u64>(p + (<usize>(j + 1) << 3), load<u64>(p + (<usize>j << 3)));
      j--;
    }
    store<u64>(p + (<usize>(j + 1) << 3), v);
  }
}

/** LSD radix sort of keys a[0..n) on 8-bit digits 0..digits-1, b as the ping-pong buffer; result in a. */
function lsdKeys(a: usize, b: usize, n: i32, digits: i32, hist: usize): void {
  memory.fill(hist, 0, <usize>digits << 10);
  for (let i = 0; i < n; i++) {
    const k = load<u64>(a + (<usize>i << 3));
    for (let d = 0; d < digits; d++) {
      const p = hist + ((<usize>d << 10) + (<usize>((k >> (<u64>d << 3)) & 0xff) << 2));
      store<u32>(p, load<u32>(p) + 1);
    }
  }
  let src = a, dst = b;
  for (let d = 0; d < digits; d++) {
    const h = hist + (<usize>d << 10);
    if (!bucketOffsets(h, n)) continue;
    const shift = <u64>d << 3;
    for (let i = 0; i < n; i++) {
      const k = load<u64>(src + (<usize>i << 3));
      const p = h + (<usize>((k >> shift) & 0xff) << 2);
      const pos = load<u32>(p);
      store<u32>(p, pos + 1);
      store<u64>(dst + (<usize>pos << 3), k);
    }
    const t = src; src = dst; dst = t;
  }
  if (src != a) memory.copy(a, src, <usize>n << 3);
}

/**
 * Sorts values[0..n) ascending in place; NaNs end up at [m, n) where m (returned) is the non-NaN count.
 * One MSD pass on a 16-bit digit (see topShift), then each bucket LSD-sorted on the bits below it (or
 * insertion-sorted when tiny) while it is cache-resident. scratch: f64[n]; hist: SORT_HIST_BYTES.
 */
export function sortF64(values: usize, n: i32, scratch: usize, hist: usize): i32 {
  const m = compactNaN(values, n);
  if (m < SMALL) { insertionSort(values, m); return m; }
  const top = hist, digitHist = hist + (<usize>TOP << 2);
  const shift = keysAndTopHistogram(values, m, top);
  if (shift < 0) {
    // every value is the same key: restore the values (already in order)
    for (let i = 0; i < m; i++) store<u64>(values + (<usize>i << 3), fromKey(load<u64>(values + (<usize>i << 3))));
    return m;
  }
  const digits = (shift + 7) >> 3;
  bucketOffsetsTop(top);
  for (let i = 0; i < m; i++) {
    const k = load<u64>(values + (<usize>i << 3));
    const p = top + (<usize>((k >> <u64>shift) & <u64>(TOP - 1)) << 2);
    const pos = load<u32>(p);
    store<u32>(p, pos + 1);
    store<u64>(scratch + (<usize>pos << 3), k);
  }
  // after the scatter, top[b] holds the end of bucket b
  let start: i32 = 0;
  for (let b = 0; b < TOP; b++) {
    const end = <i32>load<u32>(top + (<usize>b << 2));
    const c = end - start;
    if (c > 1) {
      const seg = scratch + (<usize>start << 3);
      if (c <= INSERTION_MAX) insertionKeys(seg, c);
      else lsdKeys(seg, values + (<usize>start << 3), c, digits, digitHist);
    }
    start = end;
  }
  for (let i = 0; i < m; i++) {
    store<u64>(values + (<usize>i << 3), fromKey(load<u64>(scratch + (<usize>i << 3))));
  }
  return m;
}

// Bounds of the last compactNaN call's values (for the MSD digit choice).
let lastMin: f64 = 0, lastMax: f64 = 0;

/** Moves non-NaN values to the front (order kept), fills the rest with NaN; returns the non-NaN count. */
function compactNaN(values: usize, n: i32): i32 {
  let m: i32 = 0;
  let mn = Infinity, mx = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = load<f64>(values + (<usize>i << 3));
    if (x == x) {
      store<f64>(values + (<usize>m << 3), x);
      m++;
      if (x < mn) mn = x;
      if (x > mx) mx = x;
    }
  }
  for (let i = m; i < n; i++) store<f64>(values + (<usize>i << 3), NaN);
  lastMin = mn;
  lastMax = mx;
  return m;
}

/**
 * The MSD digit is the 16 key bits just below the prefix that every key shares: the top 16 bits for data
 * spanning signs or exponents, lower bits for data such as Unix timestamps whose top bits are constant (so
 * buckets stay small). Bounds come from compactNaN's min/max; zeros widen them to cover both -0 and +0.
 * Converts values[0..m) to keys in place and counts the digit into top. Returns the digit's shift, or -1
 * when all keys are equal.
 */
function keysAndTopHistogram(values: usize, m: i32, top: usize): i32 {
  const kmin = lastMin == 0 ? toKey(0x8000000000000000) : toKey(reinterpret<u64>(lastMin));
  const kmax = lastMax == 0 ? toKey(0) : toKey(reinterpret<u64>(lastMax));
  const diff = kmin ^ kmax;
  if (diff == 0) {
    for (let i = 0; i < m; i++) store<u64>(values + (<usize>i << 3), toKey(load<u64>(values + (<usize>i << 3))));
    return -1;
  }
  const hb = 63 - <i32>clz<u64>(diff);
  const shift = hb >= TOP_W ? hb - (TOP_W - 1) : 0;
  memory.fill(top, 0, <usize>TOP << 2);
  for (let i = 0; i < m; i++) {
    const k = toKey(load<u64>(values + (<usize>i << 3)));
    store<u64>(values + (<usize>i << 3), k);
    const p = top + (<usize>((k >> <u64>shift) & <u64>(TOP - 1)) << 2);
    store<u32>(p, load<u32>(p) + 1);
  }
  return shift;
}

/** Turns the 65536-bucket digit histogram into bucket start offsets. */
function bucketOffsetsTop(h: usize): void {
  let sum: u32 = 0;
  for (let b = 0; b < TOP; b++) {
    const p = h + (<usize>b << 2);
    const c = load<u32>(p);
    store<u32>(p, sum);
    sum += c;
  }
}

/**
 * Stable argsort of NaN-free values: idx[0..n) receives the permutation that sorts values ascending, ties
 * keeping their input order (LSD radix on the same keys, carrying u32 indices). Used to carry weights along.
 * keys: u64[n], keys2: u64[n], idx2: u32[n], hist: u32[8 * 256].
 */
export function argsortF64(values: usize, n: i32, idx: usize, keys: usize, keys2: usize, idx2: usize, hist: usize): void {
  memory.fill(hist, 0, 8 * 256 * 4);
  for (let i = 0; i < n; i++) {
    const k = toKey(load<u64>(values + (<usize>i << 3)));
    store<u64>(keys + (<usize>i << 3), k);
    store<u32>(idx + (<usize>i << 2), <u32>i);
    countDigits(hist, k);
  }
  let sk = keys, dk = keys2, si = idx, di = idx2;
  for (let d = 0; d < 8; d++) {
    const h = hist + (<usize>d << 10);
    if (!bucketOffsets(h, n)) continue;
    const shift = <u64>d << 3;
    for (let i = 0; i < n; i++) {
      const k = load<u64>(sk + (<usize>i << 3));
      const p = h + (<usize>((k >> shift) & 0xff) << 2);
      const pos = load<u32>(p);
      store<u32>(p, pos + 1);
      store<u64>(dk + (<usize>pos << 3), k);
      store<u32>(di + (<usize>pos << 2), load<u32>(si + (<usize>i << 2)));
    }
    let t = sk; sk = dk; dk = t;
    t = si; si = di; di = t;
  }
  if (si != idx) memory.copy(idx, si, <usize>n << 2);
}

/** Bytes of `hist` scratch that selectRanksF64 needs for k ranks. */
export function selectHistBytes(k: i32): i32 {
  return SORT_HIST_BYTES + TOP * 4 + TOP + k * 4;
}

/**
 * Order statistics without a full sort: out[q] = the ranks[q]-th smallest (0-based) of the m NaN-free
 * values. Keys are bucketed on their top 16 bits; only the buckets holding a requested rank are gathered
 * and sorted. values is working space (its content is lost). scratch: f64[m]; hist: selectHistBytes(k).
 */
function selectRanks(values: usize, m: i32, ranks: usize, k: i32, out: usize, scratch: usize, hist: usize): void {
  if (m < 4096) {
    // small: a full sort is as cheap
    sortF64(values, m, scratch, hist);
    for (let q = 0; q < k; q++) store<f64>(out + (<usize>q << 3), load<f64>(values + (<usize>load<i32>(ranks + (<usize>q << 2)) << 3)));
    return;
  }
  const top = hist, digitHist = hist + (<usize>TOP << 2);
  const starts = hist + <usize>SORT_HIST_BYTES, flags = starts + (<usize>TOP << 2), bucketOf = flags + <usize>TOP;
  const shift = keysAndTopHistogram(values, m, top);
  if (shift < 0) {
    // all values equal
    for (let q = 0; q < k; q++) store<u64>(out + (<usize>q << 3), fromKey(load<u64>(values)));
    return;
  }
  const digits = (shift + 7) >> 3;
  bucketOffsetsTop(top);
  memory.copy(starts, top, <usize>TOP << 2);
  memory.fill(flags, 0, <usize>TOP);
  for (let q = 0; q < k; q++) {
    // the bucket holding rank r is the last one whose start is <= r (empty buckets share starts but
    // always precede the non-empty bucket with the same start)
    const r = <u32>load<i32>(ranks + (<usize>q << 2));
    let lo: i32 = 0, hi: i32 = TOP - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (load<u32>(starts + (<usize>mid << 2)) <= r) lo = mid; else hi = mid - 1;
    }
    store<u8>(flags + <usize>lo, 1);
    store<i32>(bucketOf + (<usize>q << 2), lo);
  }
  // gather the flagged buckets at their global positions, then sort each once
  for (let i = 0; i < m; i++) {
    const key = load<u64>(values + (<usize>i << 3));
    const b = <usize>((key >> <u64>shift) & <u64>(TOP - 1));
    if (load<u8>(flags + b)) {
      const p = top + (b << 2);
      const pos = load<u32>(p);
      store<u32>(p, pos + 1);
      store<u64>(scratch + (<usize>pos << 3), key);
    }
  }
  for (let q = 0; q < k; q++) {
    const b = <usize>load<i32>(bucketOf + (<usize>q << 2));
    if (load<u8>(flags + b) == 1) {
      const s0 = <i32>load<u32>(starts + (b << 2));
      const c = <i32>load<u32>(top + (b << 2)) - s0;
      if (c > 1) {
        const seg = scratch + (<usize>s0 << 3);
        if (c <= INSERTION_MAX) insertionKeys(seg, c);
        else lsdKeys(seg, values + (<usize>s0 << 3), c, digits, digitHist);
      }
      store<u8>(flags + b, 2);
    }
    const r = load<i32>(ranks + (<usize>q << 2));
    store<u64>(out + (<usize>q << 3), fromKey(load<u64>(scratch + (<usize>r << 3))));
  }
}

/** Bytes of `hist` scratch that quantilesSelect needs for k probabilities. */
export function quantilesSelectBytes(k: i32): i32 {
  const K = 2 * k + 2;
  return selectHistBytes(K) + K * 12;
}

/**
 * numpy.quantile(values, probs) ('linear') of the non-NaN values, plus their min and max, by selecting the
 * needed order statistics instead of sorting. out: f64[k + 2] = quantiles..., min, max. Returns the non-NaN
 * count (0: nothing written). values is working space. scratch: f64[n]; hist: quantilesSelectBytes(k).
 */
export function quantilesSelect(values: usize, n: i32, probs: usize, k: i32, out: usize, scratch: usize, hist: usize): i32 {
  const m = compactNaN(values, n);
  if (m == 0) return 0;
  const K = 2 * k + 2;
  const ranks = hist + <usize>selectHistBytes(K), stats = ranks + (<usize>K << 2);
  for (let q = 0; q < k; q++) {
    const h = <f64>(m - 1) * load<f64>(probs + (<usize>q << 3));
    const lo = <i32>Math.floor(h);
    store<i32>(ranks + (<usize>(2 * q) << 2), lo);
    store<i32>(ranks + (<usize>(2 * q + 1) << 2), h >= <f64>(m - 1) ? m - 1 : lo + 1);
  }
  store<i32>(ranks + (<usize>(2 * k) << 2), 0);
  store<i32>(ranks + (<usize>(2 * k + 1) << 2), m - 1);
  selectRanks(values, m, ranks, K, stats, scratch, hist);
  for (let q = 0; q < k; q++) {
    const h = <f64>(m - 1) * load<f64>(probs + (<usize>q << 3));
    const g = h - Math.floor(h);
    const a = load<f64>(stats + (<usize>(2 * q) << 3)), b = load<f64>(stats + (<usize>(2 * q + 1) << 3));
    const diff = b - a;
    store<f64>(out + (<usize>q << 3), g < 0.5 ? a + diff * g : b - diff * (1 - g));
  }
  store<f64>(out + (<usize>k << 3), load<f64>(stats + (<usize>(2 * k) << 3)));
  store<f64>(out + (<usize>(k + 1) << 3), load<f64>(stats + (<usize>(2 * k + 1) << 3)));
  return m;
}
