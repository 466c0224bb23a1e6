// The p-value half of scipy.stats.ks_2samp (scipy/stats/_stats_py.py, scipy 1.17.1): everything that
// happens after the statistic d has been computed from the two ECDFs. Method choice, the exact lattice-path
// computations, the silent fallback to the asymptotic distribution and its warnings are reproduced step
// for step, because SciPy's p-value depends on each of them (including the rounding of d to h/lcm).
//
// SciPy is BSD-3-Clause licensed (Copyright (c) 2001-2002 Enthought, Inc. 2003, SciPy Developers). The
// binomial coefficient follows xsf/binom.h and Cephes beta/Gamma (Copyright 1984-1992 Stephen L. Moshier).
import { kstwoSf } from './kolmogorov.js';
import { gammaln } from './special.js';

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

// ---------------------------------------------------------------------------------------------------------
// scipy.special.binom for the non-negative integer arguments used above (xsf/binom.h, Cephes beta.c and
// gamma.c). Matching SciPy's rounding matters: _count_paths_outside_method subtracts nearly equal terms.

const MAXGAM = 171.624376956302725;
const MAXLOG = 7.09782712893383996843e2;
const SQRT2PI_C = 2.50662827463100050242e0;
const MAXSTIR = 143.01608;

function polevl(x: number, c: readonly number[]): number {
  let ans = c[0];
  for (let i = 1; i < c.length; i++) ans = ans * x + c[i];
  return ans;
}

const GAMMA_P = [
  1.60119522476751861407e-4, 1.19135147006586384913e-3, 1.04213797561761569935e-2, 4.76367800457137231464e-2,
  2.07448227648435975150e-1, 4.94214826801497100753e-1, 9.99999999999999996796e-1,
];
const GAMMA_Q = [
  -2.31581873324120129819e-5, 5.39605580493303397842e-4, -4.45641913851797240494e-3, 1.18139785222060435552e-2,
  3.58236398605498653373e-2, -2.34591795718243348568e-1, 7.14304917030273074085e-2, 1.00000000000000000320e0,
];
const GAMMA_STIR = [
  7.87311395793093628397e-4, -2.29549961613378126380e-4, -2.68132617805781232825e-3, 3.47222221605458667310e-3,
  8.33333333333482257126e-2,
];

/** Cephes Stirling formula for Gamma, 33 <= x <= 172. */
function stirf(x: number): number {
  if (x >= MAXGAM) return Infinity;
  let w = 1.0 / x;
  w = 1.0 + w * polevl(w, GAMMA_STIR);
  let y = Math.exp(x);
  if (x > MAXSTIR) {
    // avoid overflow in pow()
    const v = Math.pow(x, 0.5 * x - 0.25);
    y = v * (v / y);
  } else {
    y = Math.pow(x, x - 0.5) / y;
  }
  return SQRT2PI_C * y * w;
}

/** Cephes Gamma for x > 0 (all binom needs). */
function gammaPos(x: number): number {
  if (!(x > 0)) return NaN;
  if (x === Infinity) return x;
  if (x > 33.0) return stirf(x);
  let z = 1.0;
  while (x >= 3.0) {
    x -= 1.0;
    z *= x;
  }
  while (x < 2.0) {
    if (x < 1e-9) return z / ((1.0 + 0.5772156649015329 * x) * x);
    z /= x;
    x += 1.0;
  }
  if (x === 2.0) return z;
  x -= 2.0;
  return (z * polevl(x, GAMMA_P)) / polevl(x, GAMMA_Q);
}

const RGAMMA_R = [
  3.13173458231230000000e-17, -6.70718606477908000000e-16, 2.20039078172259550000e-15, 2.47691630348254132600e-13,
  -6.60074100411295197440e-12, 5.13850186324226978840e-11, 1.08965386454418662084e-9, -3.33964630686836942556e-8,
  2.68975996440595483619e-7, 2.96001177518801696639e-6, -8.04814124978471142852e-5, 4.16609138709688864714e-4,
  5.06579864028608725080e-3, -6.41925436109158228810e-2, -4.98558728684003594785e-3, 1.27546015610523951063e-1,
];

function chbevl(x: number, c: readonly number[]): number {
  let b0 = c[0], b1 = 0, b2 = 0;
  for (let i = 1; i < c.length; i++) {
    b2 = b1;
    b1 = b0;
    b0 = x * b1 - b2 + c[i];
  }
  return 0.5 * (b0 - b2);
}

/** Cephes rgamma = 1/Gamma for x > 0. */
function rgammaPos(x: number): number {
  if (x > 4.0) return 1.0 / gammaPos(x);
  let z = 1.0;
  let w = x;
  while (w > 1.0) {
    w -= 1.0;
    z *= w;
  }
  if (w === 1.0) return 1.0 / z;
  return (w * (1.0 + chbevl(4.0 * w - 2.0, RGAMMA_R))) / z;
}

/** Cephes beta(a, b) for a, b > 0. */
function betaPos(a: number, b: number): number {
  if (Math.abs(a) < Math.abs(b)) [a, b] = [b, a];
  if (Math.abs(a) > 1e6 * Math.abs(b) && a > 1e6) {
    // lbeta_asymp: avoid loss of precision in lgam(a + b) - lgam(a)
    let r = gammaln(b) - b * Math.log(a);
    r += (b * (1 - b)) / (2 * a);
    r += (b * (1 - b) * (1 - 2 * b)) / (12 * a * a);
    r += (-b * b * (1 - b) * (1 - b)) / (12 * a * a * a);
    return Math.exp(r);
  }
  let y = a + b;
  if (Math.abs(y) > MAXGAM || Math.abs(a) > MAXGAM || Math.abs(b) > MAXGAM) {
    y = gammaln(y);
    y = gammaln(b) - y;
    y = gammaln(a) + y;
    if (y > MAXLOG) return Infinity;
    return Math.exp(y);
  }
  y = rgammaPos(y);
  const ga = gammaPos(a), gb = gammaPos(b);
  if (!Number.isFinite(y)) return Infinity;
  if (Math.abs(Math.abs(ga * y) - 1.0) > Math.abs(Math.abs(gb * y) - 1.0)) {
    y = gb * y;
    y *= ga;
  } else {
    y = ga * y;
    y *= gb;
  }
  return y;
}

/** scipy.special.binom(n, k) for integers 0 <= k (k > n gives 0, as SciPy's does). */
function binom(n: number, k: number): number {
  let kx = k;
  if (n > 0 && kx > n / 2) kx = n - kx; // symmetry, for the product formula only
  if (kx >= 0 && kx < 20) {
    // multiplication formula: exact whenever the result is an exactly representable integer
    let num = 1.0, den = 1.0;
    for (let i = 1; i < 1 + kx; i++) {
      num *= i + n - kx;
      den *= i;
      if (Math.abs(num) > 1e50) {
        num /= den;
        den = 1.0;
      }
    }
    return num / den;
  }
  if (k > n) return 0; // 1/(n+1)/beta(non-positive integer, ...) = 1/(n+1)/inf
  if (n >= 1e10 * k && k > 0) return Math.exp(-lbetaPos(1 + n - k, 1 + k) - Math.log(n + 1));
  return 1 / (n + 1) / betaPos(1 + n - k, 1 + k);
}

/** Cephes lbeta(a, b) = log|beta(a, b)| for a, b > 0. */
function lbetaPos(a: number, b: number): number {
  if (Math.abs(a) < Math.abs(b)) [a, b] = [b, a];
  if (Math.abs(a) > 1e6 * Math.abs(b) && a > 1e6) {
    let r = gammaln(b) - b * Math.log(a);
    r += (b * (1 - b)) / (2 * a);
    r += (b * (1 - b) * (1 - 2 * b)) / (12 * a * a);
    r += (-b * b * (1 - b) * (1 - b)) / (12 * a * a * a);
    return r;
  }
  const y = a + b;
  if (Math.abs(y) > MAXGAM || Math.abs(a) > MAXGAM || Math.abs(b) > MAXGAM) {
    return gammaln(a) + (gammaln(b) - gammaln(y));
  }
  return Math.log(Math.abs(betaPos(a, b)));
}
