// The p-value half of scipy.stats.ks_2samp (scipy/stats/_stats_py.py, scipy 1.17.1): everything that
// happens after the statistic d has been computed from the two ECDFs. Method choice, the exact lattice-path
// computations, the silent fallback to the asymptotic distribution and its warnings are reproduced step
// for step, because SciPy's p-value depends on each of them (including the rounding of d to h/lcm).
//
// SciPy is BSD-3-Clause licensed (Copyright (c) 2001-2002 Enthought, Inc. 2003, SciPy Developers). The
// binomial coefficient follows xsf/binom.h and Cephes beta/Gamma (Copyright 1984-1992 Stephen L. Moshier).
import { binom } from './binom.js';
import { kstwoSf } from './kolmogorov.js';

export type KsAlternative = 'two-sided' | 'less' | 'greater';
export type KsMethod = 'auto' | 'exact' | 'asymp';
export interface KsPValue {
  statistic: number;
  pValue: number;
  method: 'exact' | 'asymp';
  warning?: string;
}

/** ks_2samp's MAX_AUTO_N: 'auto' is exact iff max(n1, n2) <= this. */
const MAX_AUTO_N = 10000;
const INT32_MAX = 2147483647;

export const KS_EXACT_FAILED_WARNING = 'ks_2samp: Exact calculation unsuccessful. Switching to method=asymp.';

/** numpy.round (round half to even); -0 is normalised to 0 as Python's int() does. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return (r - x === 0.5 && r % 2 !== 0 ? r - 1 : r) + 0;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** Python's a // b for integers (b > 0), exact for |a| < 2^53. */
function floorDiv(a: number, b: number): number {
  let q = Math.floor(a / b);
  if (q * b > a) q -= 1;
  else if ((q + 1) * b <= a) q += 1;
  return q;
}

const clip01 = (p: number) => (Number.isNaN(p) ? p : Math.min(Math.max(p, 0), 1));

// ---------------------------------------------------------------------------------------------------------
// Exact two-sample probabilities (scipy/stats/_stats_py.py and _stats_pythran.py)

/**
 * Pr(D_{n,n} >= h/n): the alternating series 2*sum_k (-1)^(k-1) binom(2n, n-kh)/binom(2n, n), evaluated as
 * SciPy's `_compute_prob_outside_square` does, Horner-like from the innermost term to limit cancellation.
 */
function computeProbOutsideSquare(n: number, h: number): number {
  let P = 0.0;
  let k = Math.floor(n / h);
  while (k >= 0) {
    let p1 = 1.0;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    P = p1 * (1.0 - P);
    k -= 1;
  }
  return 2 * P;
}

/**
 * 1 - Pr(|x/m - y/n| < h/lcm along the whole lattice path): `_compute_outer_prob_inside_method`, the
 * Hodges (1958) "inside method" rearranged to compute 1 - p directly (Viehmann 2021, arXiv:2102.08037).
 * One column of the path-count matrix is kept, and only its window of admissible rows.
 */
function computeOuterProbInsideMethod(m: number, n: number, g: number, h: number): number {
  if (m < n) [m, n] = [n, m];
  const mg = Math.floor(m / g);
  const ng = Math.floor(n / g);
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const lenA = Math.min(2 * maxj + 2, n + 1);
  const A = new Float64Array(lenA).fill(1);
  A.fill(0, minj, Math.min(maxj, lenA));
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.max(Math.floor((ng * i - h) / mg) + 1, 0);
    minj = Math.min(minj, n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1.0;
    let val = minj === 0 ? 0.0 : 1.0;
    const off = minj - lastminj;
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj;
      val = (A[jj + off] * i + val * j) / (i + j);
      A[jj] = val;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) A.fill(1, maxj - minj, Math.min(maxj - minj + (lastlen - curlen), lenA));
  }
  return A[maxj - minj - 1];
}

/**
 * Number of lattice paths from (0,0) to (m,n) that reach m*y <= n*x - h*g somewhere:
 * `_count_paths_outside_method` (Hodges 1958, after Drion/Gnedenko/Korolyuk). SciPy evaluates it under
 * np.errstate(over='raise', invalid='raise'); any non-finite intermediate there ends in the asymp fallback,
 * so this returns NaN as soon as one appears.
 */
function countPathsOutsideMethod(m: number, n: number, g: number, h: number): number {
  if (m < n) [m, n] = [n, m];
  const mg = Math.floor(m / g);
  const ng = Math.floor(n / g);
  // Only the x where n*x/m + ng*h crosses an integer need to be checked.
  const lxj = n + floorDiv(mg - h, mg);
  if (lxj === 0) return binom(m + n, n);
  if (lxj < 0) return NaN; // SciPy: np.zeros(negative) raises; unreachable for h <= lcm
  const xj = new Float64Array(lxj);
  for (let j = 0; j < lxj; j++) xj[j] = floorDiv(h + mg * j + ng - 1, ng);
  // B[j] = number of paths from (0,0) to (xj[j], j) that do not cross the boundary before.
  const B = new Float64Array(lxj);
  B[0] = 1;
  for (let j = 1; j < lxj; j++) {
    let Bj = binom(xj[j] + j, j);
    if (!Number.isFinite(Bj)) return NaN;
    for (let i = 0; i < j; i++) {
      const b = binom(xj[j] - xj[i] + j - i, j - i);
      Bj -= b * B[i];
      if (!Number.isFinite(Bj)) return NaN;
    }
    B[j] = Bj;
  }
  // Multiply by the number of path extensions from (xj[j], j) to (m, n) and sum.
  let numPaths = 0;
  for (let j = 0; j < lxj; j++) {
    const b = binom(m - xj[j] + (n - j), n - j);
    numPaths += B[j] * b;
    if (!Number.isFinite(numPaths)) return NaN;
  }
  return numPaths;
}

interface ExactAttempt {
  success: boolean;
  d: number;
  prob: number;
}

/** `_attempt_exact_2kssamp`: d is first rounded to the lattice, h/lcm. */
function attemptExact2kssamp(n1: number, n2: number, g: number, d: number, alternative: KsAlternative): ExactAttempt {
  const lcm = Math.floor(n1 / g) * n2;
  const h = roundHalfEven(d * lcm);
  d = (h * 1.0) / lcm;
  if (h === 0) return { success: true, d, prob: 1.0 };
  let prob: number;
  if (alternative === 'two-sided') {
    prob = n1 === n2 ? computeProbOutsideSquare(n1, h) : computeOuterProbInsideMethod(n1, n2, g, h);
  } else if (n1 === n2) {
    // binom(2n, n-h)/binom(2n, n) as a product, which avoids binom's rounding
    prob = 1;
    for (let j = 0; j < h; j++) prob *= (n1 - j) / (n1 + j + 1.0);
  } else {
    const numPaths = countPathsOutsideMethod(n1, n2, g, h);
    if (Number.isNaN(numPaths)) return { success: false, d, prob: NaN };
    const bin = binom(n1 + n2, n1);
    if (numPaths > bin || !Number.isFinite(bin)) return { success: false, d, prob: NaN };
    prob = numPaths / bin;
  }
  if (!(prob >= 0 && prob <= 1)) return { success: false, d, prob };
  return { success: true, d, prob };
}

/**
 * The p-value of scipy.stats.ks_2samp for a statistic d that was already chosen for the alternative
 * (D+ for 'greater', D- for 'less', the larger for 'two-sided'), with n1 = len(x) and n2 = len(y).
 * Reproduces SciPy 1.17.1 exactly: on the exact path the returned statistic is d rounded to h/lcm(n1, n2).
 */
export function ks2sampPValue(d: number, n1: number, n2: number, alternative: KsAlternative, method: KsMethod): KsPValue {
  const g = gcd(n1, n2);
  const n1g = Math.floor(n1 / g);
  const n2g = Math.floor(n2 / g);
  let mode: 'exact' | 'asymp';
  let warning: string | undefined;
  if (method === 'auto') {
    mode = Math.max(n1, n2) <= MAX_AUTO_N ? 'exact' : 'asymp';
  } else if (method === 'exact') {
    mode = 'exact';
    // lcm(n1, n2) must fit an int32
    if (n1g >= INT32_MAX / n2g) {
      mode = 'asymp';
      warning = `Exact ks_2samp calculation not possible with samples sizes ${n1} and ${n2}. Switching to 'asymp'.`;
    }
  } else {
    mode = 'asymp';
  }
  if (Number.isNaN(d)) return withWarning({ statistic: NaN, pValue: NaN, method: mode }, warning);

  let prob = -Infinity;
  if (mode === 'exact') {
    const r = attemptExact2kssamp(n1, n2, g, d, alternative);
    d = r.d;
    prob = r.prob;
    if (!r.success) {
      mode = 'asymp';
      warning = KS_EXACT_FAILED_WARNING;
    }
  }
  if (mode === 'asymp') {
    // Smirnov's asymptotics with m >= n (the one-sided formula is not symmetric).
    const m = Math.max(n1, n2), n = Math.min(n1, n2);
    const en = (m * n) / (m + n);
    if (alternative === 'two-sided') {
      // The exact one-sample distribution at n = round(en), not the limiting Kolmogorov distribution.
      prob = kstwoSf(d, roundHalfEven(en));
    } else {
      // Hodges (1958) eq. 5.3
      const z = Math.sqrt(en) * d;
      const expt = -2 * (z * z) - (2 * z * (m + 2 * n)) / Math.sqrt(m * n * (m + n)) / 3.0;
      prob = Math.exp(expt);
    }
  }
  return withWarning({ statistic: d, pValue: clip01(prob), method: mode }, warning);
}

function withWarning(r: KsPValue, warning: string | undefined): KsPValue {
  if (warning !== undefined) r.warning = warning;
  return r;
}

