// Histogram accumulation over sorted edges, an equal-width fast path, dictionary-code counts, and a
// fused single pass of moments. Counts are i32 slots; the host folds them into bins (see slot layout).
//
// Slot layout for histogramEdges (E edges e_0..e_{E-1}, nb = E-1 bins):
//   slot = #(e_j <= x, j < E) + (x > e_{E-1})   (branch-free; NaN compares false everywhere)
//   0: x < e_0 (under) · 1..E-1: bin slot-1 · E: x == e_{E-1} (numpy closes the last bin) ·
//   E+1: x > e_{E-1} (over) · E+2: NaN
// With ±Infinity outer edges nothing is under/over, and +Infinity lands in slot E (the last bin).

// Edge counts up to this use branch-free linear compares; above it, binary search.
const LINEAR_MAX: i32 = 32;

@inline function slotOf(x: f64, edges: usize, E: i32): i32 {
  let s: i32 = 0;
  if (E <= LINEAR_MAX) {
    for (let j = 0; j < E; j++) s += i32(x >= load<f64>(edges + (<usize>j << 3)));
  } else {
    // first index with e > x (upper bound) == #(e <= x)
    let lo: i32 = 0, hi: i32 = E;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (load<f64>(edges + (<usize>mid << 3)) <= x) lo = mid + 1; else hi = mid;
    }
    s = lo;
  }
  s += i32(x > load<f64>(edges + (<usize>(E - 1) << 3)));
  return select(E + 2, s, x != x);
}

/**
 * counts: i32[E + 3], zeroed by the caller; scratch: i32[4 * (E + 3)] (any contents), used as four
 * interleaved count tables so that consecutive values landing in the same bin do not serialise on one
 * memory slot (store-to-load forwarding), then folded into counts.
 */
export function histogramEdges(values: usize, n: i32, edges: usize, E: i32, counts: usize, scratch: usize): void {
  const S = E + 3;
  const tbytes = <usize>S << 2;
  if (ASC_FEATURE_SIMD && E <= LINEAR_MAX) {
    memory.fill(scratch, 0, tbytes << 2);
    const t0 = scratch, t1 = scratch + tbytes, t2 = t1 + tbytes, t3 = t2 + tbytes;
    // Two values per vector: each edge compare yields an all-ones lane mask (-1), so subtracting masks
    // counts the edges <= x without branches; NaN lanes (all compares false) are routed to slot E+2.
    const last = f64x2.splat(load<f64>(edges + (<usize>(E - 1) << 3)));
    const nanSlot = i64x2.splat(<i64>(E + 2));
    let i: i32 = 0;
    for (; i + 3 < n; i += 4) {
      const v0 = v128.load(values + (<usize>i << 3));
      const v1 = v128.load(values + (<usize>i << 3), 16);
      let a0 = i64x2.splat(0), a1 = i64x2.splat(0);
      for (let j = 0; j < E; j++) {
        const e = f64x2.splat(load<f64>(edges + (<usize>j << 3)));
        a0 = i64x2.sub(a0, f64x2.ge(v0, e));
        a1 = i64x2.sub(a1, f64x2.ge(v1, e));
      }
      a0 = i64x2.add(i64x2.sub(a0, f64x2.gt(v0, last)), v128.and(f64x2.ne(v0, v0), nanSlot));
      a1 = i64x2.add(i64x2.sub(a1, f64x2.gt(v1, last)), v128.and(f64x2.ne(v1, v1), nanSlot));
      const p0 = t0 + (<usize>i64x2.extract_lane(a0, 0) << 2);
      store<i32>(p0, load<i32>(p0) + 1);
      const p1 = t1 + (<usize>i64x2.extract_lane(a0, 1) << 2);
      store<i32>(p1, load<i32>(p1) + 1);
      const p2 = t2 + (<usize>i64x2.extract_lane(a1, 0) << 2);
      store<i32>(p2, load<i32>(p2) + 1);
      const p3 = t3 + (<usize>i64x2.extract_lane(a1, 1) << 2);
      store<i32>(p3, load<i32>(p3) + 1);
    }
    for (let s = 0; s < S; s++) {
      const o = <usize>s << 2;
      store<i32>(counts + o, load<i32>(counts + o) + load<i32>(t0 + o) + load<i32>(t1 + o) + load<i32>(t2 + o) + load<i32>(t3 + o));
    }
    for (; i < n; i++) {
      const p = counts + (<usize>slotOf(load<f64>(values + (<usize>i << 3)), edges, E) << 2);
      store<i32>(p, load<i32>(p) + 1);
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    const p = counts + (<usize>slotOf(load<f64>(values + (<usize>i << 3)), edges, E) << 2);
    store<i32>(p, load<i32>(p) + 1);
  }
}

/**
 * numpy.histogram(values, bins=nb, range=(lo, hi)) fast path: index = floor((x - lo) * nb / (hi - lo)),
 * corrected against the linspace edges exactly as numpy does, so results equal the edge search.
 * edges: f64[nb + 1] (numpy.linspace(lo, hi, nb + 1)). counts: i32[nb + 3]: 0 under, 1..nb bins,
 * nb+1 over, nb+2 NaN.
 */
export function histogramUniform(values: usize, n: i32, lo: f64, hi: f64, nb: i32, edges: usize, counts: usize): void {
  const norm = <f64>nb / (hi - lo);
  for (let i = 0; i < n; i++) {
    const x = load<f64>(values + (<usize>i << 3));
    let s: i32;
    if (x != x) s = nb + 2;
    else if (x < lo) s = 0;
    else if (x > hi) s = nb + 1;
    else {
      let b = <i32>((x - lo) * norm);
      if (b >= nb) b = nb - 1;
      if (x < load<f64>(edges + (<usize>b << 3))) b--;
      else if (b != nb - 1 && x >= load<f64>(edges + (<usize>(b + 1) << 3))) b++;
      s = b + 1;
    }
    const p = counts + (<usize>s << 2);
    store<i32>(p, load<i32>(p) + 1);
  }
}

/** Counts of dictionary codes 0..k-1; any other code (negative = missing) goes to slot k. counts: i32[k+1]. */
export function countCodes(codes: usize, n: i32, k: i32, counts: usize): void {
  for (let i = 0; i < n; i++) {
    const c = load<i32>(codes + (<usize>i << 2));
    const s = select(c, k, <u32>c < <u32>k);
    const p = counts + (<usize>s << 2);
    store<i32>(p, load<i32>(p) + 1);
  }
}

// Moments layout (f64[8]): finite count, NaN count, +Inf count, -Inf count, min, max, mean, M2
// (sum of squared deviations) — min/max/mean/M2 over finite values only. Sums are shifted by the first
// finite value, which keeps the one-pass variance accurate when the mean is far from zero.
@inline function momentsInto(values: usize, n: i32, out: usize, edges: usize, E: i32, counts: usize, withHist: bool): void {
  let shift: f64 = 0, found = false;
  for (let i = 0; i < n; i++) {
    const x = load<f64>(values + (<usize>i << 3));
    if (x - x == 0) { shift = x; found = true; break; }
  }
  let cnt: f64 = 0, nan: f64 = 0, pinf: f64 = 0, ninf: f64 = 0;
  let mn = Infinity, mx = -Infinity, s1: f64 = 0, s2: f64 = 0;
  for (let i = 0; i < n; i++) {
    const x = load<f64>(values + (<usize>i << 3));
    if (withHist) {
      const p = counts + (<usize>slotOf(x, edges, E) << 2);
      store<i32>(p, load<i32>(p) + 1);
    }
    if (x - x == 0) {
      cnt += 1;
      const d = x - shift;
      s1 += d; s2 += d * d;
      if (x < mn) mn = x;
      if (x > mx) mx = x;
    } else if (x != x) nan += 1;
    else if (x > 0) pinf += 1;
    else ninf += 1;
  }
  store<f64>(out, cnt);
  store<f64>(out, nan, 8);
  store<f64>(out, pinf, 16);
  store<f64>(out, ninf, 24);
  store<f64>(out, found ? mn : NaN, 32);
  store<f64>(out, found ? mx : NaN, 40);
  store<f64>(out, cnt > 0 ? shift + s1 / cnt : NaN, 48);
  store<f64>(out, cnt > 0 ? max<f64>(s2 - s1 * s1 / cnt, 0) : NaN, 56);
}

export function moments(values: usize, n: i32, out: usize): void {
  momentsInto(values, n, out, 0, 0, 0, false);
}

/**
 * histogramEdges and moments. With SIMD and few edges, two passes (the SIMD histogram, then the moments)
 * beat one fused scalar pass: the scalar bin search is ~E compares per value, the second pass reads values
 * the first has just brought into cache. scratch: i32[4 * (E + 3)] as for histogramEdges.
 */
export function histogramMoments(values: usize, n: i32, edges: usize, E: i32, counts: usize, out: usize, scratch: usize): void {
  if (ASC_FEATURE_SIMD && E <= LINEAR_MAX) {
    histogramEdges(values, n, edges, E, counts, scratch);
    momentsInto(values, n, out, 0, 0, 0, false);
  } else momentsInto(values, n, out, edges, E, counts, true);
}
