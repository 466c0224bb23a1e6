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

// The top 16 key bits (sign, exponent, 4 mantissa bits) split the data into buckets that are small enough
// for cache on typical data; each bucket is then LSD-sorted on the low 48 bits while it is cache-resident.
const TOP_BITS: u64 = 48;
const TOP: i32 = 65536;
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
 * One MSD pass on the top 16 key bits, then each bucket LSD-sorted on the low 48 bits (or insertion-sorted
 * when tiny). scratch: f64[n]; hist: SORT_HIST_BYTES.
 */
export function sortF64(values: usize, n: i32, scratch: usize, hist: usize): i32 {
  let m: i32 = 0;
  for (let i = 0; i < n; i++) {
    const x = load<f64>(values + (<usize>i << 3));
    if (x == x) { store<f64>(values + (<usize>m << 3), x); m++; }
  }
  for (let i = m; i < n; i++) store<f64>(values + (<usize>i << 3), NaN);
  if (m < SMALL) { insertionSort(values, m); return m; }

  const top = hist, digitHist = hist + (<usize>TOP << 2);
  memory.fill(top, 0, <usize>TOP << 2);
  for (let i = 0; i < m; i++) {
    const k = toKey(load<u64>(values + (<usize>i << 3)));
    store<u64>(values + (<usize>i << 3), k);
    const p = top + (<usize>(k >> TOP_BITS) << 2);
    store<u32>(p, load<u32>(p) + 1);
  }
  if (bucketOffsetsTop(top, m)) {
    for (let i = 0; i < m; i++) {
      const k = load<u64>(values + (<usize>i << 3));
      const p = top + (<usize>(k >> TOP_BITS) << 2);
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
        else lsdKeys(seg, values + (<usize>start << 3), c, 6, digitHist);
      }
      start = end;
    }
  } else {
    // every key shares its top 16 bits: sort on the low 48 directly
    lsdKeys(values, scratch, m, 6, digitHist);
    memory.copy(scratch, values, <usize>m << 3);
  }
  for (let i = 0; i < m; i++) {
    store<u64>(values + (<usize>i << 3), fromKey(load<u64>(scratch + (<usize>i << 3))));
  }
  return m;
}

/** As bucketOffsets for the 65536-bucket top digit; false when all keys fall in one bucket. */
function bucketOffsetsTop(h: usize, n: i32): bool {
  let sum: u32 = 0;
  for (let b = 0; b < TOP; b++) {
    const p = h + (<usize>b << 2);
    const c = load<u32>(p);
    if (c == <u32>n) return false;
    store<u32>(p, sum);
    sum += c;
  }
  return true;
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
