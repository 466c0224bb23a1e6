// ECDF sweeps over two sorted, NaN-free samples: two-sample KS, the CDF distances behind Wasserstein-1 and
// energy distance (unweighted and weighted), and the Cramér–von Mises U statistic (midranks).

@inline function at(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }

/**
 * KS sweep, SciPy's convention: at every distinct pooled value v, diff = i/n1 - j/n2 where i, j count
 * the x and y values <= v (searchsorted 'right'); the float value is tracked, not the integer numerator,
 * because SciPy takes the max of the float differences. Locations follow numpy's argmax over
 * concat(sorted x, sorted y): the smallest x value attaining the extreme if any, else the smallest value.
 * out: f64[4] = maxDiff, maxLocation, minDiff, minLocation.
 *
 * The merge is branch-free (the next element is chosen by selecting an address, which compiles to a
 * conditional move); only the end of a tie group branches, and that is predictable on continuous data.
 */
export function ksSweep(x: usize, n1: i32, y: usize, n2: i32, out: usize): void {
  sweep(x, ONE, 0, n1, y, ONE, 0, n2, out, false, true);
}

/** A count of 1.0 that samples without multiplicities read for every value (stride 0). */
const ONE = memory.data<f64>([1.0]);

/**
 * KS extremes and Wasserstein-1 in one sweep over two sorted samples given as values with integer
 * multiplicities (a profile's sample: distinct values and their counts), so a window of 1e6 rows holding
 * 24 distinct values costs 24 steps, not 1e6. Counts are read at c + i·8·s: stride s = 0 reads one count
 * for every value (pass a single 1.0 for a plain sorted sample, whose repeats then form tie groups).
 * Equals ksSweep and cdfDistance(p = 1) on the expanded samples bit for bit: the same cumulative counts,
 * the same order of additions (zero gaps inside a tie group add 0).
 * out: f64[5] = maxDiff, maxLocation, minDiff, minLocation, wasserstein.
 */
export function ecdfCounts(x: usize, cx: usize, sx: i32, n1: i32, y: usize, cy: usize, sy: i32, n2: i32, out: usize): void {
  sweep(x, cx, sx, n1, y, cy, sy, n2, out, true, false);
}

/** Rows of a sample: the sum of its counts (stride 0: n times the one count). */
@inline function total(c: usize, s: i32, n: i32): f64 {
  if (s == 0) return <f64>n * load<f64>(c);
  let t: f64 = 0;
  for (let k = 0; k < n; k++) t += load<f64>(c + (<usize>k << 3));
  return t;
}

/**
 * The merge behind ksSweep and ecdfCounts. withW and unit are constants at each call, so each caller's inlined
 * copy keeps only its branches: withW adds the Wasserstein-1 sum; unit (every count 1, both sides) counts rows
 * by index, as the plain KS sweep always did (a count per element costs ksSweep ~45% on 1e6 vs 1e6).
 */
@inline function sweep(x: usize, cx: usize, sx: i32, n1: i32, y: usize, cy: usize, sy: i32, n2: i32, out: usize, withW: bool, unit: bool): void {
  const t1 = total(cx, sx, n1), t2 = total(cy, sy, n2);
  const N = n1 + n2, lx = n1 - 1, ly = n2 - 1;
  let i: i32 = 0, j: i32 = 0, gi: i32 = 0, gj: i32 = 0;
  let I: f64 = 0, J: f64 = 0, prev: f64 = 0, acc: f64 = 0;
  let maxD = -Infinity, maxX = NaN, maxY = NaN, hasMaxX = false, hasMaxY = false;
  let minD = Infinity, minX = NaN, minY = NaN, hasMinX = false, hasMinY = false;
  for (let k = 0; k < N; k++) {
    const ix = min<i32>(i, lx), jy = min<i32>(j, ly);
    const px = x + (<usize>ix << 3), py = y + (<usize>jy << 3);
    const takeX = i32(i < n1) & (i32(j >= n2) | i32(load<f64>(px) <= load<f64>(py)));
    const v = load<f64>(select<usize>(px, py, takeX));
    if (withW) {
      if (k > 0) acc += Math.abs(I * t2 - J * t1) * (v - prev);
      prev = v;
    }
    if (!unit) {
      // multiply by 0 or 1 rather than select: V8 compiles an f64 select to a branch, mispredicted here
      const c = load<f64>(select<usize>(cx + (<usize>(ix * sx) << 3), cy + (<usize>(jy * sy) << 3), takeX));
      const tx = <f64>takeX;
      I += c * tx;
      J += c * (1 - tx);
    }
    i += takeX;
    j += takeX ^ 1;
    const inGroup = (i32(i < n1) & i32(load<f64>(x + (<usize>min<i32>(i, lx) << 3)) == v)) |
      (i32(j < n2) & i32(load<f64>(y + (<usize>min<i32>(j, ly) << 3)) == v));
    if (inGroup) continue;
    const d = unit ? <f64>i / t1 - <f64>j / t2 : I / t1 - J / t2;
    const inX = i > gi, inY = j > gj;
    const vx = load<f64>(x + (<usize>min<i32>(gi, lx) << 3)), vy = load<f64>(y + (<usize>min<i32>(gj, ly) << 3));
    gi = i;
    gj = j;
    if (d > maxD) { maxD = d; maxX = vx; hasMaxX = inX; maxY = vy; hasMaxY = inY; }
    else if (d == maxD) {
      if (inX && !hasMaxX) { maxX = vx; hasMaxX = true; }
      if (inY && !hasMaxY) { maxY = vy; hasMaxY = true; }
    }
    if (d < minD) { minD = d; minX = vx; hasMinX = inX; minY = vy; hasMinY = inY; }
    else if (d == minD) {
      if (inX && !hasMinX) { minX = vx; hasMinX = true; }
      if (inY && !hasMinY) { minY = vy; hasMinY = true; }
    }
  }
  store<f64>(out, maxD);
  store<f64>(out, hasMaxX ? maxX : maxY, 8);
  store<f64>(out, minD, 16);
  store<f64>(out, hasMinX ? minX : minY, 24);
  if (withW) store<f64>(out, acc / (t1 * t2), 32);
}

/**
 * Σ |U - V|^p · Δ over consecutive pooled values (SciPy's _cdf_distance), unweighted: U = i/n1, V = j/n2
 * with i, j the counts consumed so far. p = 1 accumulates the exact integer |i·n2 - j·n1| times the gap
 * and divides once; p = 2 returns Σ (U - V)² Δ (the caller takes sqrt and scales).
 * Gaps between equal values are 0 (and ∞ - ∞ = NaN, as in SciPy). Branch-free merge as in ksSweep.
 */
export function cdfDistance(x: usize, n1: i32, y: usize, n2: i32, p: i32): f64 {
  const f1 = <f64>n1, f2 = <f64>n2;
  const N = n1 + n2, lx = n1 - 1, ly = n2 - 1;
  let i: i32 = 0, j: i32 = 0, prev: f64 = 0;
  let acc: f64 = 0;
  for (let k = 0; k < N; k++) {
    const px = x + (<usize>min<i32>(i, lx) << 3), py = y + (<usize>min<i32>(j, ly) << 3);
    const takeX = i32(i < n1) & (i32(j >= n2) | i32(load<f64>(px) <= load<f64>(py)));
    const cur = load<f64>(select<usize>(px, py, takeX));
    if (k > 0) {
      const num = <f64>i * f2 - <f64>j * f1;
      acc += (p == 1 ? Math.abs(num) : num * num) * (cur - prev);
    }
    i += takeX;
    j += takeX ^ 1;
    prev = cur;
  }
  return p == 1 ? acc / (f1 * f2) : acc / (f1 * f2) / (f1 * f2);
}

/** Weighted version: x, y sorted with their weights permuted alongside; wx/wy are the weight totals. */
export function cdfDistanceWeighted(x: usize, xw: usize, n1: i32, y: usize, yw: usize, n2: i32, p: i32): f64 {
  let tx: f64 = 0, ty: f64 = 0;
  for (let k = 0; k < n1; k++) tx += at(xw, k);
  for (let k = 0; k < n2; k++) ty += at(yw, k);
  let i: i32 = 0, j: i32 = 0, cx: f64 = 0, cy: f64 = 0;
  let prev: f64;
  if (j == n2 || (i < n1 && at(x, 0) <= at(y, 0))) { prev = at(x, 0); cx = at(xw, 0); i = 1; }
  else { prev = at(y, 0); cy = at(yw, 0); j = 1; }
  let acc: f64 = 0;
  const total = n1 + n2;
  for (let k = 1; k < total; k++) {
    const takeX = j == n2 || (i < n1 && at(x, i) <= at(y, j));
    const cur = takeX ? at(x, i) : at(y, j);
    const delta = cur - prev;
    const d = cx / tx - cy / ty;
    if (p == 1) acc += Math.abs(d) * delta;
    else acc += d * d * delta;
    if (takeX) { cx += at(xw, i); i++; } else { cy += at(yw, j); j++; }
    prev = cur;
  }
  return acc;
}

/**
 * Cramér–von Mises two-sample U = nx·Σ(r_i − i)² + ny·Σ(s_j − j)² with midranks of the pooled sample
 * (scipy.stats.cramervonmises_2samp). Ties share the average rank of their block.
 */
export function cvmU(x: usize, n1: i32, y: usize, n2: i32): f64 {
  let i: i32 = 0, j: i32 = 0;
  let sx: f64 = 0, sy: f64 = 0;
  while (i < n1 || j < n2) {
    let v: f64;
    if (j == n2 || (i < n1 && at(x, i) <= at(y, j))) v = at(x, i); else v = at(y, j);
    const i0 = i, j0 = j;
    while (i < n1 && at(x, i) == v) i++;
    while (j < n2 && at(y, j) == v) j++;
    const c = (i - i0) + (j - j0);
    const r = <f64>(i0 + j0) + <f64>(c + 1) * 0.5;
    for (let k = i0 + 1; k <= i; k++) { const d = r - <f64>k; sx += d * d; }
    for (let k = j0 + 1; k <= j; k++) { const d = r - <f64>k; sy += d * d; }
  }
  return <f64>n1 * sx + <f64>n2 * sy;
}

/**
 * numpy.quantile(sorted, probs, method='linear'), computed as numpy does:
 * h = (n-1)p, lo = floor(h), g = h - lo; a + (b-a)g if g < 0.5 else b - (b-a)(1-g).
 */
export function quantilesLinear(sorted: usize, n: i32, probs: usize, k: i32, out: usize): void {
  for (let q = 0; q < k; q++) {
    const h = <f64>(n - 1) * at(probs, q);
    const lo = <i32>Math.floor(h);
    const g = h - <f64>lo;
    const a = at(sorted, lo);
    const b = h >= <f64>(n - 1) ? at(sorted, n - 1) : at(sorted, lo + 1);
    const diff = b - a;
    store<f64>(out + (<usize>q << 3), g < 0.5 ? a + diff * g : b - diff * (1 - g));
  }
}
