// Plain-TS twin of assembly/resample.ts: identical algorithms consuming the identical PRNG stream.
import { Xoshiro128 } from './rng.js';
import { divergencesFromProportions, proportions } from './logratio.js';
import { cdfDistance, ksSweep } from './ecdf.js';
import type { SmoothingMode } from '../types.js';

const FC = [0.08106146679532726, 0.04134069595540929, 0.02767792568499834, 0.02079067210376509,
  0.01664469118982119, 0.01387612882307075, 0.01189670994589177, 0.01041126526197209,
  0.009255462182712733, 0.008330563433362871];

function fc(k: number): number {
  if (k < 10) return FC[Math.trunc(k)];
  const r = 1 / (k + 1), rr = r * r;
  return (1.0 / 12 - (1.0 / 360 - rr / 1260) * rr) * r;
}

export function binomial(rng: Xoshiro128, n: number, p: number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  const flip = p > 0.5;
  const pp = flip ? 1 - p : p;
  let k: number;
  if (n * pp < 10) {
    const q = 1 - pp, s = pp / q, a = (n + 1) * s;
    let r = Math.pow(q, n);
    let u = rng.nextF64();
    let x = 0;
    while (u > r) {
      u -= r;
      x++;
      if (x > n) { x = n; break; }
      r *= a / x - s;
      if (r <= 0) { x = n; break; }
    }
    k = x;
  } else {
    k = btrd(rng, n, pp);
  }
  return flip ? n - k : k;
}

function btrd(rng: Xoshiro128, n: number, p: number): number {
  const m = Math.floor((n + 1) * p);
  const r = p / (1 - p), nr = (n + 1) * r, npq = n * p * (1 - p), spq = Math.sqrt(npq);
  const b = 1.15 + 2.53 * spq;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = n * p + 0.5;
  const alpha = (2.83 + 5.1 / b) * spq;
  const vr = 0.92 - 4.2 / b;
  const urvr = 0.86 * vr;
  for (;;) {
    let v = rng.nextF64();
    let u: number;
    if (v <= urvr) {
      u = v / vr - 0.43;
      return Math.floor(((2 * a) / (0.5 - Math.abs(u)) + b) * u + c);
    }
    if (v >= vr) {
      u = rng.nextF64() - 0.5;
    } else {
      u = v / vr - 0.93;
      u = (u < 0 ? -0.5 : 0.5) - u;
      v = rng.nextF64() * vr;
    }
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + c);
    if (k < 0 || k > n) continue;
    v = (v * alpha) / (a / (us * us) + b);
    const km = Math.abs(k - m);
    if (km <= 15) {
      let f = 1;
      if (m < k) for (let i = m + 1; i <= k; i++) f *= nr / i - r;
      else if (m > k) for (let i = k + 1; i <= m; i++) v *= nr / i - r;
      if (v <= f) return k;
      continue;
    }
    const lv = Math.log(v);
    const rho = (km / npq) * (((km / 3 + 0.625) * km + 1.0 / 6) / npq + 0.5);
    const t = (-km * km) / (2 * npq);
    if (lv < t - rho) return k;
    if (lv > t + rho) continue;
    const nm = n - m + 1;
    const h = (m + 0.5) * Math.log((m + 1) / (r * nm)) + fc(m) + fc(n - m);
    const nk = n - k + 1;
    if (lv <= h + (n + 1) * Math.log(nm / nk) + (k + 0.5) * Math.log((nk * r) / (k + 1)) - fc(k) - fc(n - k)) return k;
  }
}

export function multinomial(rng: Xoshiro128, n: number, probs: Float64Array, out: Float64Array): void {
  const k = probs.length;
  let left = n, mass = 1;
  for (let i = 0; i < k - 1; i++) {
    const pi = probs[i];
    let x = 0;
    if (left > 0 && mass > 0) x = binomial(rng, left, Math.min(pi / mass, 1));
    out[i] = x;
    left -= x;
    mass -= pi;
  }
  out[k - 1] = left;
}

export function bootstrapBinned(ref: Float64Array, cur: Float64Array, B: number, seed: number, stat: number, eps: number, mode: SmoothingMode): Float64Array {
  const rng = new Xoshiro128(seed);
  const k = ref.length;
  let nr = 0, nc = 0;
  for (let i = 0; i < k; i++) { nr += ref[i]; nc += cur[i]; }
  const pr = ref.map((c) => c / nr), pc = cur.map((c) => c / nc);
  const cr = new Float64Array(k), cc = new Float64Array(k), p = new Float64Array(k), q = new Float64Array(k);
  const res = new Float64Array(8), out = new Float64Array(B);
  for (let b = 0; b < B; b++) {
    multinomial(rng, nr, pr, cr);
    multinomial(rng, nc, pc, cc);
    proportions(cr, eps, mode, p);
    proportions(cc, eps, mode, q);
    divergencesFromProportions(p, q, res);
    out[b] = res[stat];
  }
  return out;
}

export function sortedStat(x: Float64Array, y: Float64Array, stat: number): number {
  if (stat <= 2) {
    const s = ksSweep(x, y);
    const dp = s.maxDiff;
    const dm = Math.min(Math.max(-s.minDiff, 0), 1);
    return stat === 1 ? dp : stat === 2 ? dm : dm > dp ? dm : dp;
  }
  if (stat === 3) return cdfDistance(x, y, 1);
  return Math.SQRT2 * Math.sqrt(cdfDistance(x, y, 2));
}

function resampleSorted(rng: Xoshiro128, src: Float64Array, dst: Float64Array, counts: Int32Array): void {
  const n = src.length;
  counts.fill(0, 0, n);
  for (let t = 0; t < n; t++) counts[rng.nextIndex(n)]++;
  let w = 0;
  for (let i = 0; i < n; i++) {
    const v = src[i];
    for (let r = counts[i]; r > 0; r--) dst[w++] = v;
  }
}

export function bootstrapSorted(x: Float64Array, y: Float64Array, B: number, seed: number, stat: number): Float64Array {
  const rng = new Xoshiro128(seed);
  const xb = new Float64Array(x.length), yb = new Float64Array(y.length);
  const counts = new Int32Array(Math.max(x.length, y.length));
  const out = new Float64Array(B);
  for (let b = 0; b < B; b++) {
    resampleSorted(rng, x, xb, counts);
    resampleSorted(rng, y, yb, counts);
    out[b] = sortedStat(xb, yb, stat);
  }
  return out;
}

export function permutationSorted(pooled: Float64Array, n1: number, B: number, seed: number, stat: number): Float64Array {
  const rng = new Xoshiro128(seed);
  const N = pooled.length, n2 = N - n1;
  const xs = new Float64Array(n1), ys = new Float64Array(n2);
  const labels = new Uint8Array(N);
  labels.fill(1, 0, n1);
  const out = new Float64Array(B);
  for (let b = 0; b < B; b++) {
    for (let i = N - 1; i > 0; i--) {
      const j = rng.nextIndex(i + 1);
      const a = labels[i]; labels[i] = labels[j]; labels[j] = a;
    }
    let ix = 0, iy = 0;
    for (let i = 0; i < N; i++) {
      if (labels[i]) xs[ix++] = pooled[i]; else ys[iy++] = pooled[i];
    }
    out[b] = sortedStat(xs, ys, stat);
  }
  return out;
}

export function permutationBinned(pooledCounts: Float64Array, nRef: number, B: number, seed: number, stat: number, eps: number, mode: SmoothingMode): Float64Array {
  const rng = new Xoshiro128(seed);
  const k = pooledCounts.length;
  let N = 0;
  for (let i = 0; i < k; i++) N += pooledCounts[i];
  const labels = new Uint8Array(N);
  for (let i = 0, w = 0; i < k; i++) labels.fill(i, w, (w += pooledCounts[i]));
  const cr = new Float64Array(k), cc = new Float64Array(k), p = new Float64Array(k), q = new Float64Array(k);
  const res = new Float64Array(8), out = new Float64Array(B);
  for (let b = 0; b < B; b++) {
    cr.fill(0);
    for (let i = 0; i < nRef; i++) {
      const j = i + rng.nextIndex(N - i);
      const a = labels[i], l = labels[j];
      labels[i] = l; labels[j] = a;
      cr[l]++;
    }
    for (let i = 0; i < k; i++) cc[i] = pooledCounts[i] - cr[i];
    proportions(cr, eps, mode, p);
    proportions(cc, eps, mode, q);
    divergencesFromProportions(p, q, res);
    out[b] = res[stat];
  }
  return out;
}
