// Resampling: bootstrap of binned statistics by multinomial draws of the bin counts (exact for a statistic
// of counts over fixed edges, and O(bins) per replicate), row bootstrap of sorted samples for KS and
// Wasserstein (a resample of a sorted array is the array with multiplicities, so no re-sort), and
// permutation null distributions. All randomness comes from rng.ts, in the same order as the JS twin.
import { nextF64, nextIndex, seedRng } from './rng';
import { binnedDivergences } from './logratio';
import { ksSweep, cdfDistance } from './ecdf';

@inline function at(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }
@inline function put(p: usize, i: i32, v: f64): void { store<f64>(p + (<usize>i << 3), v); }

// log-factorial Stirling tail corrections fc(k) = ln k! - [(k+1/2)ln(k+1) - (k+1) + ln√(2π)], k < 10
@inline function fc(k: f64): f64 {
  if (k < 10) {
    const i = <i32>k;
    switch (i) {
      case 0: return 0.08106146679532726;
      case 1: return 0.04134069595540929;
      case 2: return 0.02767792568499834;
      case 3: return 0.02079067210376509;
      case 4: return 0.01664469118982119;
      case 5: return 0.01387612882307075;
      case 6: return 0.01189670994589177;
      case 7: return 0.01041126526197209;
      case 8: return 0.009255462182712733;
      default: return 0.008330563433362871;
    }
  }
  const r = 1 / (k + 1), rr = r * r;
  return (1.0 / 12 - (1.0 / 360 - rr / 1260) * rr) * r;
}

/**
 * Binomial(n, p) variate: inversion (sequential search) when n·min(p, 1-p) < 10, otherwise Hörmann's
 * BTRD (1993, "The generation of binomial random variates"), an exact rejection method.
 */
export function binomial(n: i32, p: f64): i32 {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  const flip = p > 0.5;
  const pp = flip ? 1 - p : p;
  const fn = <f64>n;
  let k: i32;
  if (fn * pp < 10) {
    // inversion: walk the pmf from 0
    const q = 1 - pp;
    const s = pp / q;
    const a = (fn + 1) * s;
    let r = Math.pow(q, fn);
    let u = nextF64();
    let x: i32 = 0;
    while (u > r) {
      u -= r;
      x++;
      if (x > n) { x = n; break; }
      r *= a / <f64>x - s;
      if (r <= 0) { x = n; break; }
    }
    k = x;
  } else {
    k = btrd(n, pp);
  }
  return flip ? n - k : k;
}

function btrd(n: i32, p: f64): i32 {
  const fn = <f64>n;
  const m = Math.floor((fn + 1) * p);
  const r = p / (1 - p);
  const nr = (fn + 1) * r;
  const npq = fn * p * (1 - p);
  const spq = Math.sqrt(npq);
  const b = 1.15 + 2.53 * spq;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = fn * p + 0.5;
  const alpha = (2.83 + 5.1 / b) * spq;
  const vr = 0.92 - 4.2 / b;
  const urvr = 0.86 * vr;
  while (true) {
    let v = nextF64();
    let u: f64;
    if (v <= urvr) {
      u = v / vr - 0.43;
      return <i32>Math.floor((2 * a / (0.5 - Math.abs(u)) + b) * u + c);
    }
    if (v >= vr) {
      u = nextF64() - 0.5;
    } else {
      u = v / vr - 0.93;
      u = (u < 0 ? -0.5 : 0.5) - u;
      v = nextF64() * vr;
    }
    const us = 0.5 - Math.abs(u);
    const k = Math.floor((2 * a / us + b) * u + c);
    if (k < 0 || k > fn) continue;
    v = v * alpha / (a / (us * us) + b);
    const km = Math.abs(k - m);
    if (km <= 15) {
      let f: f64 = 1;
      if (m < k) {
        for (let i = m + 1; i <= k; i++) f *= nr / i - r;
      } else if (m > k) {
        for (let i = k + 1; i <= m; i++) v *= nr / i - r;
      }
      if (v <= f) return <i32>k;
      continue;
    }
    const lv = Math.log(v);
    const rho = (km / npq) * (((km / 3 + 0.625) * km + 1.0 / 6) / npq + 0.5);
    const t = -km * km / (2 * npq);
    if (lv < t - rho) return <i32>k;
    if (lv > t + rho) continue;
    const nm = fn - m + 1;
    const h = (m + 0.5) * Math.log((m + 1) / (r * nm)) + fc(m) + fc(fn - m);
    const nk = fn - k + 1;
    if (lv <= h + (fn + 1) * Math.log(nm / nk) + (k + 0.5) * Math.log(nk * r / (k + 1)) - fc(k) - fc(fn - k)) return <i32>k;
  }
}

/** Multinomial(n, probs[0..k)) by conditional binomials; counts written as f64. */
export function multinomial(n: i32, probs: usize, k: i32, out: usize): void {
  let left = n;
  let mass: f64 = 1;
  for (let i = 0; i < k - 1; i++) {
    const pi = at(probs, i);
    let x: i32 = 0;
    if (left > 0 && mass > 0) {
      let q = pi / mass;
      if (q > 1) q = 1;
      x = binomial(left, q);
    }
    put(out, i, <f64>x);
    left -= x;
    mass -= pi;
  }
  put(out, k - 1, <f64>left);
}

/**
 * Bootstrap of binned divergences: B replicates, each drawing reference counts ~ Multinomial(nRef, p̂_ref)
 * and current counts ~ Multinomial(nCur, p̂_cur), then computing statistic `stat` (an OUT_* index of
 * logratio.ts) with smoothing (eps, mode). scratch: f64[6k + 8]. out: f64[B].
 */
export function bootstrapBinned(ref: usize, cur: usize, k: i32, B: i32, seed: u32, stat: i32, eps: f64, mode: i32, scratch: usize, out: usize): void {
  seedRng(seed);
  const pr = scratch, pc = scratch + (<usize>k << 3);
  const cr = pc + (<usize>k << 3), cc = cr + (<usize>k << 3);
  const p = cc + (<usize>k << 3), q = p + (<usize>k << 3), res = q + (<usize>k << 3);
  let nr: f64 = 0, nc: f64 = 0;
  for (let i = 0; i < k; i++) { nr += at(ref, i); nc += at(cur, i); }
  for (let i = 0; i < k; i++) { put(pr, i, at(ref, i) / nr); put(pc, i, at(cur, i) / nc); }
  for (let b = 0; b < B; b++) {
    multinomial(<i32>nr, pr, k, cr);
    multinomial(<i32>nc, pc, k, cc);
    binnedDivergences(cr, cc, k, eps, mode, p, q, res, 0);
    put(out, b, at(res, stat));
  }
}

// Statistics over sorted samples, shared by bootstrap and permutation: 0 KS two-sided D, 1 KS D+ (greater),
// 2 KS D- (less), 3 Wasserstein-1, 4 energy distance.
function sortedStat(x: usize, n1: i32, y: usize, n2: i32, stat: i32, tmp: usize): f64 {
  if (stat <= 2) {
    ksSweep(x, n1, y, n2, tmp);
    const dp = at(tmp, 0);
    let dm = -at(tmp, 2);
    if (dm < 0) dm = 0; else if (dm > 1) dm = 1;
    return stat == 1 ? dp : stat == 2 ? dm : (dm > dp ? dm : dp);
  }
  if (stat == 3) return cdfDistance(x, n1, y, n2, 1);
  return Math.SQRT2 * Math.sqrt(cdfDistance(x, n1, y, n2, 2));
}

/** Expands a row resample of sorted src[0..n) into dst (still sorted): counts draw n indices with replacement. */
function resampleSorted(src: usize, n: i32, dst: usize, counts: usize): void {
  memory.fill(counts, 0, <usize>n << 2);
  for (let t = 0; t < n; t++) {
    const p = counts + (<usize>nextIndex(n) << 2);
    store<i32>(p, load<i32>(p) + 1);
  }
  let w: i32 = 0;
  for (let i = 0; i < n; i++) {
    const c = load<i32>(counts + (<usize>i << 2));
    const v = at(src, i);
    for (let r = 0; r < c; r++) { put(dst, w, v); w++; }
  }
}

/** Row bootstrap of a statistic of two sorted samples. scratch: f64[n1 + n2 + 8] + i32[max(n1, n2)]. */
export function bootstrapSorted(x: usize, n1: i32, y: usize, n2: i32, B: i32, seed: u32, stat: i32, scratch: usize, out: usize): void {
  seedRng(seed);
  const xb = scratch, yb = xb + (<usize>n1 << 3), tmp = yb + (<usize>n2 << 3), counts = tmp + 64;
  for (let b = 0; b < B; b++) {
    resampleSorted(x, n1, xb, counts);
    resampleSorted(y, n2, yb, counts);
    put(out, b, sortedStat(xb, n1, yb, n2, stat, tmp));
  }
}

/**
 * Permutation null distribution for two sorted samples: each replicate shuffles the group labels of the
 * pooled sorted sample (Fisher–Yates) and splits it back into two sorted samples, so no re-sort is needed.
 * pooled: f64[N] sorted. scratch: f64[N + 8] + u8[N].
 */
export function permutationSorted(pooled: usize, N: i32, n1: i32, B: i32, seed: u32, stat: i32, scratch: usize, out: usize): void {
  seedRng(seed);
  const n2 = N - n1;
  const xs = scratch, ys = xs + (<usize>n1 << 3), tmp = ys + (<usize>n2 << 3), labels = tmp + 64;
  for (let i = 0; i < N; i++) store<u8>(labels + <usize>i, <u8>(i < n1 ? 1 : 0));
  for (let b = 0; b < B; b++) {
    for (let i = N - 1; i > 0; i--) {
      const j = nextIndex(i + 1);
      const a = load<u8>(labels + <usize>i);
      store<u8>(labels + <usize>i, load<u8>(labels + <usize>j));
      store<u8>(labels + <usize>j, a);
    }
    let ix: i32 = 0, iy: i32 = 0;
    for (let i = 0; i < N; i++) {
      const v = at(pooled, i);
      if (load<u8>(labels + <usize>i)) { put(xs, ix, v); ix++; } else { put(ys, iy, v); iy++; }
    }
    put(out, b, sortedStat(xs, n1, ys, n2, stat, tmp));
  }
}

/**
 * Permutation null distribution for a binned statistic: bin labels of the pooled rows (u8 bin ids, k ≤ 255)
 * are shuffled; the first nRef become the reference. scratch: f64[6k + 8] + u8[N].
 */
export function permutationBinned(pooledCounts: usize, k: i32, nRef: i32, B: i32, seed: u32, stat: i32, eps: f64, mode: i32, scratch: usize, out: usize): void {
  seedRng(seed);
  const cr = scratch, cc = cr + (<usize>k << 3), p = cc + (<usize>k << 3), q = p + (<usize>k << 3);
  const res = q + (<usize>k << 3), labels = res + 64;
  let N: i32 = 0;
  for (let i = 0; i < k; i++) {
    const c = <i32>at(pooledCounts, i);
    for (let r = 0; r < c; r++) store<u8>(labels + <usize>(N + r), <u8>i);
    N += c;
  }
  for (let b = 0; b < B; b++) {
    // partial Fisher–Yates: the first nRef positions become a uniform random subset
    memory.fill(cr, 0, <usize>k << 3);
    for (let i = 0; i < nRef; i++) {
      const j = i + nextIndex(N - i);
      const a = load<u8>(labels + <usize>i);
      const l = load<u8>(labels + <usize>j);
      store<u8>(labels + <usize>i, l);
      store<u8>(labels + <usize>j, a);
      put(cr, l, at(cr, l) + 1);
    }
    for (let i = 0; i < k; i++) put(cc, i, at(pooledCounts, i) - at(cr, i));
    binnedDivergences(cr, cc, k, eps, mode, p, q, res, 0);
    put(out, b, at(res, stat));
  }
}
