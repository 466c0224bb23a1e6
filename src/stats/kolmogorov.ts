// The exact one-sample two-sided Kolmogorov distribution, scipy.stats.kstwo (Pr(D_n <= d), Pr(D_n >= d)),
// and the one-sided Smirnov distribution scipy.special.smirnov, ported from SciPy so that driftkit's
// ks_2samp p-values agree with SciPy's to ~1e-12 wherever SciPy itself is accurate.
//
// - kolmogn: scipy/stats/_ksstats.py (`_kolmogn` and its helpers), which follows Simard & L'Ecuyer (2011),
//   "Computing the Two-Sided Kolmogorov-Smirnov Distribution", J. Stat. Softw. 39(11), to choose between
//   Ruben-Gambino closed forms, 2*smirnov, the Durbin (1968) matrix algorithm as arranged by Marsaglia,
//   Tsang & Wang (2003), the Pomeranz (1974) recursion, and the Pelz-Good (1976) asymptotic series.
// - smirnov: xsf/cephes/kolmogorov.h (`_smirnov`, van Mulbregt 2018, arXiv:1802.06966), which evaluates the
//   Birnbaum-Tingey sum in double-double arithmetic (xsf/cephes/dd_real.h, from the qd package).
//
// SciPy is BSD-3-Clause licensed (Copyright (c) 2001-2002 Enthought, Inc. 2003, SciPy Developers); qd is
// Copyright (c) 2003-2009 The Regents of the University of California (BSD-LBNL license).
//
// Floating-point order follows the originals. Two places in _ksstats.py silently switch to x87 long double
// (multiplying a float64 by the np.longdouble scale factor 2^±128); there the p-value is carried as a
// double-double, which reproduces SciPy's extra precision, and 1 - p is taken before rounding, as SciPy does.

import { npSum } from './special.js';

// ---------------------------------------------------------------------------------------------------------
// Bit-level helpers (C's frexp / ldexp)

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer); // little-endian: U32[1] holds sign, exponent and top mantissa bits

/** 2^e for an integer e in [-1022, 1023], built from its bits so that it is exact. */
function pow2i(e: number): number {
  F64[0] = 0;
  U32[1] = (e + 1023) << 20;
  return F64[0];
}

/** C ldexp(x, e) (musl scalbn): x * 2^e, correctly rounded even when the result is subnormal. */
function ldexp(x: number, e: number): number {
  if (e > 1023) {
    x *= pow2i(1023);
    e -= 1023;
    if (e > 1023) {
      x *= pow2i(1023);
      e -= 1023;
      if (e > 1023) e = 1023;
    }
  } else if (e < -1022) {
    // 2^-1022 * 2^53: keep the intermediate normal so that only the final product rounds.
    x *= pow2i(-969);
    e += 969;
    if (e < -1022) {
      x *= pow2i(-969);
      e += 969;
      if (e < -1022) e = -1022;
    }
  }
  return x * pow2i(e);
}

let frexpExp = 0;
/** C frexp: returns m with 0.5 <= |m| < 1 and sets frexpExp so that x = m * 2^frexpExp. */
function frexp(x: number): number {
  if (x === 0 || !Number.isFinite(x)) {
    frexpExp = 0;
    return x;
  }
  F64[0] = x;
  let ex = (U32[1] >>> 20) & 0x7ff;
  let adj = 0;
  if (ex === 0) {
    // subnormal: normalise first
    F64[0] = x * pow2i(54);
    ex = (U32[1] >>> 20) & 0x7ff;
    adj = -54;
  }
  frexpExp = ex - 1022 + adj;
  U32[1] = (U32[1] & 0x800fffff) | (1022 << 20);
  return F64[0];
}

// ---------------------------------------------------------------------------------------------------------
// Double-double arithmetic (xsf/cephes/dd_real.h, from qd 2.3.18). The error of a product is computed with
// Dekker's split, which is exact and so equals the fma(a, b, -p) that xsf uses.

class DD {
  constructor(readonly hi: number, readonly lo: number) {}
}
const dd = (hi: number, lo = 0) => new DD(hi, lo);

let err = 0; // second output of the error-free transformations below

function quickTwoSum(a: number, b: number): number {
  const s = a + b;
  err = b - (s - a);
  return s;
}

function twoSum(a: number, b: number): number {
  const s = a + b;
  const c = s - a;
  const d = b - c;
  const e = s - c;
  err = (a - e) + d;
  return s;
}

const SPLITTER = 134217729.0; // 2^27 + 1
const SPLIT_THRESH = 6.69692879491417e299; // 2^996
let splitHi = 0;
let splitLo = 0;
function split(a: number): void {
  if (a > SPLIT_THRESH || a < -SPLIT_THRESH) {
    a *= 3.7252902984619140625e-9; // 2^-28
    const t = SPLITTER * a;
    splitHi = (t - (t - a)) * 268435456.0;
    splitLo = (a - (t - (t - a))) * 268435456.0;
  } else {
    const t = SPLITTER * a;
    splitHi = t - (t - a);
    splitLo = a - splitHi;
  }
}

function twoProd(a: number, b: number): number {
  const p = a * b;
  split(a);
  const ah = splitHi, al = splitLo;
  split(b);
  const bh = splitHi, bl = splitLo;
  err = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
  return p;
}

function ddAdd(a: DD, b: DD): DD {
  let s1 = twoSum(a.hi, b.hi);
  let s2 = err;
  const t1 = twoSum(a.lo, b.lo);
  const t2 = err;
  s2 += t1;
  s1 = quickTwoSum(s1, s2);
  s2 = err + t2;
  s1 = quickTwoSum(s1, s2);
  return dd(s1, err);
}

function ddAddD(a: DD, b: number): DD {
  let s1 = twoSum(a.hi, b);
  const s2 = err + a.lo;
  s1 = quickTwoSum(s1, s2);
  return dd(s1, err);
}

function ddSub(a: DD, b: DD): DD {
  return ddAdd(a, dd(-b.hi, -b.lo));
}

function ddSubD(a: DD, b: number): DD {
  let s1 = twoSum(a.hi, -b);
  const s2 = err + a.lo;
  s1 = quickTwoSum(s1, s2);
  return dd(s1, err);
}

/** double - double_double */
function dSubDD(a: number, b: DD): DD {
  let s1 = twoSum(a, -b.hi);
  const s2 = err - b.lo;
  s1 = quickTwoSum(s1, s2);
  return dd(s1, err);
}

function ddMul(a: DD, b: DD): DD {
  let p1 = twoProd(a.hi, b.hi);
  let p2 = err;
  p2 += a.hi * b.lo + a.lo * b.hi;
  p1 = quickTwoSum(p1, p2);
  return dd(p1, err);
}

function ddMulD(a: DD, b: number): DD {
  let p1 = twoProd(a.hi, b);
  const e1 = err;
  const p2 = twoProd(a.lo, b);
  const e2 = err;
  p1 = quickTwoSum(p1, e2 + p2 + e1);
  return dd(p1, err);
}

function ddDiv(a: DD, b: DD): DD {
  let q1 = a.hi / b.hi;
  let r = ddSub(a, ddMulD(b, q1));
  let q2 = r.hi / b.hi;
  r = ddSub(r, ddMulD(b, q2));
  const q3 = r.hi / b.hi;
  q1 = quickTwoSum(q1, q2);
  q2 = err;
  return ddAddD(dd(q1, q2), q3);
}

const ddDivD = (a: DD, b: number): DD => ddDiv(a, dd(b));

function ddFloor(a: DD): DD {
  let hi = Math.floor(a.hi);
  let lo = 0;
  if (hi === a.hi) {
    lo = Math.floor(a.lo);
    hi = quickTwoSum(hi, lo);
    lo = err;
  }
  return dd(hi, lo);
}

const ddLdexp = (a: DD, e: number): DD => dd(ldexp(a.hi, e), ldexp(a.lo, e));

/** frexp of a double-double: 0.5 <= |hi| < 1 (or |hi| == 1 with hi*lo < 0); exponent in frexpExp. */
function ddFrexp(a: DD): DD {
  let man = frexp(a.hi);
  let e = frexpExp;
  let b1 = ldexp(a.lo, -e);
  if (Math.abs(man) === 0.5 && man * b1 < 0) {
    man *= 2;
    b1 *= 2;
    e -= 1;
  }
  frexpExp = e;
  return dd(man, b1);
}

const ddIsZero = (a: DD) => a.hi === 0 && a.lo === 0;

/** np.clip(p, 0, 1) on a value SciPy holds in long double. */
function ddClip01(a: DD): DD {
  if (Number.isNaN(a.hi)) return a;
  if (a.hi < 0 || (a.hi === 0 && a.lo < 0)) return dd(0);
  if (a.hi > 1 || (a.hi === 1 && a.lo > 0)) return dd(1);
  return a;
}

// ---------------------------------------------------------------------------------------------------------
// Cephes expm1 (xsf/cephes/unity.h), used by pow_D.

function cephesExpm1(x: number): number {
  if (!Number.isFinite(x)) return Number.isNaN(x) || x > 0 ? x : -1;
  if (x < -0.5 || x > 0.5) return Math.exp(x) - 1;
  const xx = x * x;
  let r = x * ((1.2617719307481059087798e-4 * xx + 3.0299440770744196129956e-2) * xx + 9.9999999999999999991025e-1);
  r = r / ((((3.0019850513866445504159e-6 * xx + 2.5244834034968410419224e-3) * xx + 2.2726554820815502876593e-1) * xx + 2.0000000000000000000897e0) - r);
  return r + r;
}

// ---------------------------------------------------------------------------------------------------------
// scipy.special.smirnov: Pr(D_n^+ >= d), xsf/cephes/kolmogorov.h `_smirnov`.

const MINLOG = -7.451332191019412076235245305675398106812e2; // log(2^-1075)
const SMIRNOV_MAX_COMPUTE_N = 1000000;
const SM_UPPER_MAX_TERMS = 3;
const SM_UPPERSUM_MIN_N = 10;
const SM_MAX_EXPONENT = 960;
const DBL_EPSILON = 2.220446049250313e-16;

/** a^m for a double-double a, trading accuracy for speed as xsf's pow_D does. */
function powD(a: DD, m: number): DD {
  if (m <= 0) {
    if (m === 0) return dd(1);
    return ddDiv(dd(1), powD(a, -m));
  }
  if (ddIsZero(a)) return dd(0);
  const ans = Math.pow(a.hi, m);
  const r = a.lo / a.hi;
  let adj = m * r;
  if (Math.abs(adj) > 1e-8) {
    if (Math.abs(adj) < 1e-4) {
      adj += (m * r) * (((m - 1) / 2.0) * r); // first two Taylor terms of (1+r)^m
    } else {
      adj = cephesExpm1(m * Math.log1p(r));
    }
  }
  return ddAddD(dd(ans), ans * adj);
}

/** (a + b)^m, rounded to double. */
function pow2(a: number, b: number, m: number): number {
  return powD(ddAddD(dd(a), b), m).hi;
}

/** xsf nextPowerOf2 (used only to split very large exponentiations). */
function nextPowerOf2(x: number): number {
  const q = ldexp(x, 1 - 53);
  let L = Math.abs(q + x);
  if (L === 0) {
    L = Math.abs(x);
  } else {
    const Lint = Math.trunc(L) | 0;
    if (Lint === L) L = Lint;
  }
  return L;
}

let scaledExp = 0; // exponent output of pow2ScaledD
/** a^m = significand * 2^scaledExp, with the significand returned (xsf pow2Scaled_D). */
function pow2ScaledD(a: DD, m: number): DD {
  let maxExpt = SM_MAX_EXPONENT;
  if (m <= 0) {
    if (m === 0) {
      scaledExp = 0;
      return dd(1);
    }
    const ans0 = pow2ScaledD(a, -m);
    const aE1 = scaledExp;
    const ans = ddFrexp(ddDiv(dd(1), ans0));
    scaledExp = -aE1 + frexpExp;
    return ans;
  }
  const y = ddFrexp(a);
  const yE = frexpExp;
  if (m === 1) {
    scaledExp = yE;
    return y;
  }
  // y^maxExpt must stay >= 2^-960; check cheaply, then carefully with log().
  if ((m * (y.hi - 1)) / y.hi < -SM_MAX_EXPONENT * Math.LN2) {
    const lg2y = Math.log(y.hi) / Math.LN2;
    const lgAns = m * lg2y;
    if (lgAns <= -SM_MAX_EXPONENT) {
      maxExpt = Math.trunc(nextPowerOf2(-SM_MAX_EXPONENT / lg2y + 1) / 2);
    }
  }
  if (m <= maxExpt) {
    const ans = ddFrexp(powD(y, m));
    scaledExp = frexpExp + m * yE;
    return ans;
  }
  const q = Math.trunc(m / maxExpt);
  const r = m % maxExpt;
  // y^m = (y^maxExpt)^q * y^r
  const y2r = pow2ScaledD(y, r);
  const y2rE = scaledExp;
  const y2m = pow2ScaledD(y, maxExpt);
  const y2mE = scaledExp;
  const y2mq = pow2ScaledD(y2m, q);
  let y2mqE = scaledExp;
  const ans = ddFrexp(ddMul(y2r, y2mq));
  let ansE = frexpExp;
  y2mqE += y2mE * q;
  ansE += y2mqE + y2rE;
  ansE += m * yE;
  scaledExp = ansE;
  return ans;
}

/** ((a+b)/(c+d))^m (xsf pow4_D). */
function pow4D(a: number, b: number, c: number, d: number, m: number): DD {
  if (m <= 0) {
    if (m === 0) return dd(1);
    return pow4D(c, d, a, b, -m);
  }
  const A = ddAddD(dd(a), b);
  const C = ddAddD(dd(c), d);
  if (ddIsZero(A)) return ddIsZero(C) ? dd(NaN, NaN) : dd(0);
  if (ddIsZero(C)) return A.hi < 0 || (A.hi === 0 && A.lo < 0) ? dd(-Infinity, -Infinity) : dd(Infinity, Infinity);
  return powD(ddDiv(A, C), m);
}

interface SfCdf {
  sf: number;
  cdf: number;
}

const clamp01 = (v: number) => Math.min(Math.max(v, 0), 1);

/** xsf `_smirnov` (sf and cdf only; the pdf terms do not feed back into them). */
function smirnovBoth(n: number, x: number): SfCdf {
  if (!(n > 0 && x >= 0.0 && x <= 1.0)) return { sf: NaN, cdf: NaN };
  if (n === 1) return { sf: 1 - x, cdf: x };
  if (x === 0.0) return { sf: 1, cdf: 0 };
  if (x === 1.0) return { sf: 0, cdf: 1 };

  // modNX: floor(n*x) and its fractional part, exactly (double-double).
  const nxD = ddMulD(dd(x), n);
  const nxfloorD = ddFloor(nxD);
  let alpha = ddSub(nxD, nxfloorD).hi;
  let nxfl = Math.trunc(nxfloorD.hi);
  if (alpha === 1) {
    nxfl += 1;
    alpha = 0;
  }

  let n1mxfl = n - nxfl - (alpha === 0 ? 0 : 1);
  let n1mxceil = n - nxfl;
  // If alpha is 0, the last term is excluded from both the lower and the upper sum.
  if (alpha === 0) {
    n1mxfl -= 1;
    n1mxceil += 1;
  }

  // x <= 1/n
  if (nxfl === 0 || (nxfl === 1 && alpha === 0)) {
    const t = pow2(1, x, n - 1);
    const cdf = x * t;
    return { sf: 1 - cdf, cdf };
  }
  // sf underflows
  if (-2 * n * x * x < MINLOG) return { sf: 0, cdf: 1 };
  // x >= 1 - 1/n
  if (nxfl >= n - 1) {
    const sf = pow2(1, -x, n);
    return { sf, cdf: 1 - sf };
  }
  // n too large to sum: p ~ e^(-(6nx+1)^2 / 18n)
  if (n > SMIRNOV_MAX_COMPUTE_N) {
    const logp = -Math.pow(6.0 * n * x + 1, 2) / 18.0 / n;
    if (logp < -Math.LN2) {
      const sf = Math.exp(logp);
      return { sf, cdf: 1 - sf };
    }
    const cdf = -cephesExpm1(logp);
    return { sf: 1 - cdf, cdf };
  }

  // Use the upper sum only when it has very few terms: its terms alternate and lose ~1.6 bits each.
  const nUpperTerms = n - n1mxceil + 1;
  let bUseUpperSum = nUpperTerms <= 1 && x < 0.5;
  bUseUpperSum = bUseUpperSum ||
    (n >= SM_UPPERSUM_MIN_N && nUpperTerms <= SM_UPPER_MAX_TERMS && x <= 0.5 / Math.sqrt(n));

  let start = 0, step = 1, nTerms = n1mxfl + 1;
  const vmid = Math.trunc(n / 2);
  let Cman = dd(1);
  let Cexpt = 0;
  let Aj: DD;
  let AjSum = dd(0);
  if (bUseUpperSum) {
    start = n;
    step = -1;
    nTerms = n - n1mxceil + 1;
    Aj = pow4D(1, x, 1, 0, n - 1);
  } else {
    Aj = ddDivD(pow4D(1, -x, 1, 0, n), x);
  }
  AjSum = ddAdd(AjSum, Aj);

  // Binomial coefficient C(n, j) kept as a double-double significand and an integer exponent.
  const updateBinomial = (j: number) => {
    const rat = ddDivD(dd(n - j), j + 1.0);
    Cman = ddFrexp(ddMul(Cman, rat));
    Cexpt += frexpExp;
  };
  updateBinomial(0);

  for (let j = 1; j < nTerms; j++) {
    const v = start + j * step;
    // A_v(n, x) = C(n, v) (1 - x - v/n)^(n-v) (x + v/n)^(v-1)
    const t2 = pow2ScaledD(ddSubD(ddDivD(dd(n - v), n), x), n - v);
    const t2E = scaledExp;
    const t1 = pow2ScaledD(ddAddD(ddDivD(dd(v), n), x), v - 1);
    const t1E = scaledExp;
    const ans = ddMul(ddMul(t1, t2), Cman);
    Aj = ddLdexp(ans, Cexpt + t1E + t2E);

    if (Number.isFinite(Aj.hi) && !ddIsZero(Aj)) AjSum = ddAdd(AjSum, Aj);
    // Safe to terminate early?
    if (!ddIsZero(Aj)) {
      if (4 * (nTerms - j) * Math.abs(Aj.hi) < DBL_EPSILON * AjSum.hi && j !== nTerms - 1) break;
    } else if (j > vmid) {
      break;
    }
    updateBinomial(j);
  }
  const prob = ddMulD(AjSum, x).hi;
  const out = step < 0 ? { cdf: prob, sf: 1 - prob } : { cdf: 1 - prob, sf: prob };
  return { sf: clamp01(out.sf), cdf: clamp01(out.cdf) };
}

/** scipy.special.smirnov(n, d): Pr(D_n^+ >= d), the exact one-sided one-sample KS survival function. */
export function smirnovSf(n: number, d: number): number {
  if (Number.isNaN(d)) return NaN;
  return smirnovBoth(n, d).sf;
}

// ---------------------------------------------------------------------------------------------------------
// scipy/stats/_ksstats.py

const E128 = 128;
const EP128 = 3.402823669209385e38; // 2^128
const EM128 = 2.938735877055719e-39; // 2^-128
const SQRT2PI = 2.5066282746310002; // np.sqrt(2*np.pi)
const LOG_2PI = 1.8378770664093453; // np.log(2*np.pi)
const MIN_LOG = -708;
const SQRT3 = 1.7320508075688772;
const PI_SQUARED = 9.869604401089358; // np.pi**2
const PI_FOUR = 97.40909103400242;
const PI_SIX = 961.3891935753043;

// B_{2j}/(2j)/(2j-1), j = 8..1 (from _loggamma.pxd)
const STIRLING_COEFFS = [
  -2.955065359477124183e-2, 6.4102564102564102564e-3, -1.9175269175269175269e-3, 8.4175084175084175084e-4,
  -5.952380952380952381e-4, 7.9365079365079365079e-4, -2.7777777777777777778e-3, 8.3333333333333333333e-2,
];

/** log(n!/n^n) by Stirling's series with n*log(n) removed up front (`_log_nfactorial_div_n_pow_n`). */
function logNFactorialDivNPowN(n: number): number {
  const rn = 1.0 / n;
  const x = rn / n;
  let y = 0;
  for (const c of STIRLING_COEFFS) y = y * x + c; // np.polyval
  return Math.log(n) / 2 - n + LOG_2PI / 2 + rn * y;
}

/** C = A @ B for m x m row-major matrices (C must not alias A or B). */
function matmulInto(A: Float64Array, B: Float64Array, C: Float64Array, m: number): void {
  C.fill(0);
  for (let i = 0; i < m; i++) {
    const ci = i * m;
    for (let k = 0; k < m; k++) {
      const a = A[ci + k];
      if (a === 0) continue;
      const bk = k * m;
      for (let j = 0; j < m; j++) C[ci + j] += a * B[bk + j];
    }
  }
}

/**
 * Pr(D_n <= d) by the Durbin matrix algorithm (Durbin 1968; Marsaglia, Tsang & Wang 2003):
 * `_kolmogn_DMTW(n, d, cdf=True)`. Returned as a double-double because SciPy finishes in long double.
 */
function kolmognDMTW(n: number, d: number): DD {
  if (d >= 1.0) return dd(1);
  const nd = n * d;
  if (nd <= 0.5) return dd(0);
  // d = (k - h)/n with k a positive integer and 0 <= h < 1; H is (2k-1) x (2k-1).
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;

  let H = new Float64Array(m * m);
  const v = new Float64Array(m);
  const w = new Float64Array(m);
  let fac = 1.0;
  for (let j = 1; j <= m; j++) {
    v[j - 1] = 1.0 - Math.pow(h, j);
    w[j - 1] = fac;
    fac /= j; // may underflow; harmless
    v[j - 1] *= fac;
  }
  const tt = Math.pow(Math.max(2 * h - 1.0, 0), m) - 2 * Math.pow(h, m);
  v[m - 1] = (1.0 + tt) * fac;
  for (let i = 1; i < m; i++) for (let r = i - 1; r < m; r++) H[r * m + i] = w[r - i + 1];
  for (let r = 0; r < m; r++) H[r * m] = v[r];
  for (let c = 0; c < m; c++) H[(m - 1) * m + c] = v[m - 1 - c];

  // Hpwr = H^n by repeated squaring, rescaling by 2^-128 when the (k,k) entry grows past 2^128.
  let Hpwr: Float64Array<ArrayBuffer> | null = null; // null stands for the identity
  let tmp = new Float64Array(m * m);
  let nn = n;
  let expnt = 0;
  let Hexpnt = 0;
  const kk = (k - 1) * m + (k - 1);
  while (nn > 0) {
    if (nn % 2) {
      if (Hpwr === null) {
        Hpwr = H.slice();
      } else {
        matmulInto(Hpwr, H, tmp, m);
        [Hpwr, tmp] = [tmp, Hpwr];
      }
      expnt += Hexpnt;
    }
    nn = Math.floor(nn / 2);
    if (nn === 0) break; // SciPy squares once more, but the result is never used
    matmulInto(H, H, tmp, m);
    [H, tmp] = [tmp, H];
    Hexpnt *= 2;
    if (Math.abs(H[kk]) > EP128) {
      for (let i = 0; i < H.length; i++) H[i] /= EP128;
      Hexpnt += E128;
    }
  }

  // Multiply by n!/n^n. Once p is rescaled by np.longdouble(2^128) SciPy continues in long double.
  let p = (Hpwr as Float64Array)[kk];
  let pl: DD | null = null;
  for (let i = 1; i <= n; i++) {
    if (pl === null) {
      p = (i * p) / n;
      if (Math.abs(p) < EM128) {
        pl = dd(p * EP128);
        expnt -= E128;
      }
    } else {
      pl = ddDivD(ddMulD(pl, i), n);
      if (Math.abs(pl.hi) < EM128) {
        pl = dd(pl.hi * EP128, pl.lo * EP128);
        expnt -= E128;
      }
    }
  }
  let res = pl === null ? dd(p) : pl;
  if (expnt !== 0) res = pl === null ? dd(ldexp(p, expnt)) : ddLdexp(res, expnt);
  return ddClip01(res);
}

/** Row-interval endpoints for the Pomeranz recursion (`_pomeranz_compute_j1j2`). */
function pomeranzJ1J2(i: number, n: number, ll: number, ceilf: number, roundf: number): [number, number] {
  let j1: number, j2: number;
  if (i === 0) {
    j1 = -ll - ceilf - 1;
    j2 = ll + ceilf - 1;
  } else {
    const ip1div2 = Math.floor((i + 1) / 2);
    const ip1mod2 = (i + 1) % 2;
    if (ip1mod2 === 0) {
      if (ip1div2 === n + 1) {
        j1 = n - ll - ceilf - 1;
        j2 = n + ll + ceilf - 1;
      } else {
        j1 = ip1div2 - 1 - ll - roundf - 1;
        j2 = ip1div2 + ll - 1 + ceilf - 1;
      }
    } else {
      j1 = ip1div2 - 1 - ll - 1;
      j2 = ip1div2 + ll + roundf - 1;
    }
  }
  return [Math.max(j1 + 2, 0), Math.min(j2, n)];
}

/** Python slice bounds [start, stop) of a sequence of length len. */
function pySlice(start: number, stop: number, len: number): [number, number] {
  const norm = (i: number) => (i < 0 ? Math.max(i + len, 0) : Math.min(i, len));
  const s = norm(start);
  return [s, Math.max(norm(stop), s)];
}

/** Pr(D_n <= x) by the Pomeranz (1974) recursion, `_kolmogn_Pomeranz(n, x, cdf=True)`. */
function kolmognPomeranz(n: number, x: number): DD {
  // Each row of V is the previous row convolved with (almost) Poisson probabilities; only two rows are kept,
  // and only the contiguous window [j1, j2] of each can be non-zero.
  const t = n * x;
  const ll = Math.floor(t);
  const f = 1.0 * (t - ll);
  const g = Math.min(f, 1.0 - f);
  const ceilf = f > 0 ? 1 : 0;
  const roundf = f > 0.5 ? 1 : 0;
  const npwrs = 2 * (ll + 1);
  const gpower = new Float64Array(npwrs);
  const twogpower = new Float64Array(npwrs);
  const onem2gpower = new Float64Array(npwrs);
  gpower[0] = 1.0;
  twogpower[0] = 1.0;
  onem2gpower[0] = 1.0;
  let expnt = 0;
  const gOverN = g / n, twoGOverN = (2 * g) / n, oneMinusTwoGOverN = (1 - 2 * g) / n;
  for (let m = 1; m < npwrs; m++) {
    gpower[m] = (gpower[m - 1] * gOverN) / m;
    twogpower[m] = (twogpower[m - 1] * twoGOverN) / m;
    onem2gpower[m] = (onem2gpower[m - 1] * oneMinusTwoGOverN) / m;
  }

  let V0 = new Float64Array(npwrs);
  let V1 = new Float64Array(npwrs);
  V1[0] = 1;
  let V0s = 0, V1s = 0;
  const conv = new Float64Array(2 * npwrs);

  let [j1, j2] = pomeranzJ1J2(0, n, ll, ceilf, roundf);
  for (let i = 1; i < 2 * n + 2; i++) {
    const k1 = j1;
    [V0, V1] = [V1, V0];
    [V0s, V1s] = [V1s, V0s];
    V1.fill(0.0);
    [j1, j2] = pomeranzJ1J2(i, n, ll, ceilf, roundf);
    const pwrs = i === 1 || i === 2 * n + 1 ? gpower : i % 2 ? twogpower : onem2gpower;
    const ln2 = j2 - k1 + 1;
    if (ln2 > 0) {
      // conv = np.convolve(V0[k1 - V0s : k1 - V0s + ln2], pwrs[:ln2])
      const [as, ae] = pySlice(k1 - V0s, k1 - V0s + ln2, npwrs);
      const la = ae - as;
      const lb = Math.min(ln2, npwrs);
      const lc = la + lb - 1;
      for (let c = 0; c < lc; c++) {
        let s = 0;
        const lo = Math.max(0, c - lb + 1), hi = Math.min(c, la - 1);
        for (let a = lo; a <= hi; a++) s += V0[as + a] * pwrs[c - a];
        conv[c] = s;
      }
      const convStart = j1 - k1;
      const convLen = j2 - j1 + 1;
      let vmax = -Infinity;
      for (let c = 0; c < convLen; c++) V1[c] = conv[convStart + c];
      for (let c = 0; c < npwrs; c++) if (V1[c] > vmax) vmax = V1[c];
      // Scale to avoid underflow.
      if (vmax > 0 && vmax < EM128) {
        for (let c = 0; c < npwrs; c++) V1[c] *= EP128;
        expnt -= E128;
      }
      V1s = V0s + j1 - k1;
    }
  }

  // Multiply by n!; once scaled by np.longdouble(2^-128) SciPy continues in long double.
  let ans = V1[n - V1s];
  let al: DD | null = null;
  for (let m = 1; m <= n; m++) {
    if (al === null) {
      if (Math.abs(ans) > EP128) {
        al = dd(ans * EM128);
        expnt += E128;
        al = ddMulD(al, m);
      } else {
        ans *= m;
      }
    } else {
      if (Math.abs(al.hi) > EP128) {
        al = dd(al.hi * EM128, al.lo * EM128);
        expnt += E128;
      }
      al = ddMulD(al, m);
    }
  }
  let res = al === null ? dd(ans) : al;
  if (expnt !== 0) res = al === null ? dd(ldexp(ans, expnt)) : ddLdexp(res, expnt);
  return ddClip01(res);
}

/**
 * Pelz-Good (1976) approximation to Pr(D_n <= x): the Li-Chien/Korolyuk expansion
 * K0 + K1/sqrt(n) + K2/n + K3/n^1.5 rewritten with Jacobi theta identities (`_kolmogn_PelzGood`, cdf=True).
 */
function kolmognPelzGood(n: number, x: number): number {
  if (x <= 0.0) return 0;
  if (x >= 1.0) return 1;
  const z = Math.sqrt(n) * x;
  const zsquared = Math.pow(z, 2), zthree = Math.pow(z, 3), zfour = Math.pow(z, 4), zsix = Math.pow(z, 6);
  const qlog = -PI_SQUARED / 8 / zsquared;
  if (qlog < MIN_LOG) return 0; // z ~ 0.0417
  let q = Math.exp(qlog);

  const k1a = -zsquared;
  const k1b = PI_SQUARED / 4;
  const k2a = 6 * zsix + 2 * zfour;
  const k2b = ((2 * zfour - 5 * zsquared) * PI_SQUARED) / 4;
  const k2c = (PI_FOUR * (1 - 2 * zsquared)) / 16;
  const k3d = (PI_SIX * (5 - 30 * zsquared)) / 64;
  const k3c = (PI_FOUR * (-60 * zsquared + 212 * zfour)) / 16;
  const k3b = (PI_SQUARED * (135 * zfour - 96 * zsix)) / 4;
  const k3a = -30 * zsix - 90 * Math.pow(z, 8);

  // Horner scheme in q^(8k) for sum c_i q^(i^2) over odd i.
  const K = [0, 0, 0, 0];
  const maxk = Math.ceil((16 * z) / Math.PI);
  for (let k = maxk; k > 0; k--) {
    const m = 2 * k - 1;
    const msquared = m * m, mfour = msquared * msquared, msix = mfour * msquared; // exact integers
    const qpower = Math.pow(q, 8 * k);
    const coeffs = [
      1.0,
      k1a + k1b * msquared,
      k2a + k2b * msquared + k2c * mfour,
      k3a + k3b * msquared + k3c * mfour + k3d * msix,
    ];
    for (let i = 0; i < 4; i++) K[i] = K[i] * qpower + coeffs[i];
  }
  const div = [z, 6 * zfour, 72 * Math.pow(z, 7), 6480 * Math.pow(z, 10)];
  for (let i = 0; i < 4; i++) K[i] = ((K[i] * q) * SQRT2PI) / div[i];

  // The other sums, over all integers k, for K2 and K3.
  q = Math.exp(-PI_SQUARED / 2 / zsquared);
  const t2 = new Float64Array(maxk);
  const t3 = new Float64Array(maxk);
  const sqrt3z = SQRT3 * z;
  for (let idx = 0; idx < maxk; idx++) {
    const ks = maxk - idx;
    const ksquared = ks * ks;
    const kspi = Math.PI * ks;
    const qpwers = Math.pow(q, ksquared);
    t2[idx] = ksquared * qpwers;
    t3[idx] = (sqrt3z + kspi) * (sqrt3z - kspi) * ksquared * qpwers;
  }
  let k2extra = npSum(t2); // np.sum: numpy's pairwise order
  k2extra *= (PI_SQUARED * SQRT2PI) / (-36 * zthree);
  K[2] += k2extra;
  let k3extra = npSum(t3);
  k3extra *= (PI_SQUARED * SQRT2PI) / (216 * zsix);
  K[3] += k3extra;
  const nn = n * 1.0;
  const powersOfN = [1, Math.pow(nn, 0.5), Math.pow(nn, 1), Math.pow(nn, 1.5)];
  let Ksum = 0;
  for (let i = 0; i < 4; i++) Ksum += K[i] / powersOfN[i];
  return Ksum;
}

/** Ruben-Gambino for 1/(2n) < x <= 1/n: Pr(D_n <= x) = n!/n^n (2nx - 1)^n. */
function rubenGambinoLow(n: number, t: number): number {
  if (n <= 140) {
    const rn = 1.0 / n, b = 2 * t - 1;
    let prob = 1;
    for (let i = 1; i <= n; i++) prob *= (i * rn) * b; // np.prod, sequential
    return prob;
  }
  return Math.exp(logNFactorialDivNPowN(n) + n * Math.log(2 * t - 1));
}

/**
 * x^1.5 correctly rounded (x * sqrt(x) in double-double). It decides Durbin matrix vs Pelz-Good, so it
 * should not depend on Math.pow's last-ulp error; SciPy evaluates it with numpy's (SIMD) power.
 */
function pow15(x: number): number {
  const s = Math.sqrt(x);
  const p = twoProd(s, s);
  const sLo = (x - p - err) / (2 * s); // sqrt(x) = s + sLo to ~106 bits
  const h = twoProd(x, s);
  return h + (err + x * sLo);
}

/** A cdf (held in long double by SciPy) -> the requested tail, clipped to [0, 1]. */
function selectDD(cdfprob: DD, cdf: boolean): number {
  return cdf ? ddClip01(cdfprob).hi : ddClip01(dSubDD(1.0, cdfprob)).hi;
}

const select = (cdfprob: number, sfprob: number, cdf: boolean) => {
  const p = cdf ? cdfprob : sfprob;
  return Number.isNaN(p) ? p : clamp01(p);
};

/**
 * CDF (cdf = true) or SF of the two-sided one-sample KS statistic D_n, SciPy's `_kolmogn(n, x, cdf)`
 * (Simard & L'Ecuyer 2011). n must be a positive integer; anything else gives NaN.
 */
function kolmogn(n: number, x: number, cdf: boolean): number {
  if (Number.isNaN(n) || Number.isNaN(x)) return NaN;
  if (!Number.isInteger(n) || n <= 0) return NaN;
  if (x >= 1.0) return select(1.0, 0.0, cdf);
  if (x <= 0.0) return select(0.0, 1.0, cdf);
  const t = n * x;
  if (t <= 1.0) {
    // Ruben-Gambino: 1/2n <= x <= 1/n
    if (t <= 0.5) return select(0.0, 1.0, cdf);
    const prob = rubenGambinoLow(n, t);
    return select(prob, 1.0 - prob, cdf);
  }
  if (t >= n - 1) {
    // Ruben-Gambino: 1 - 1/n <= x < 1
    const prob = 2 * Math.pow(1.0 - x, n);
    return select(1 - prob, prob, cdf);
  }
  if (x >= 0.5) {
    // D_n+ >= x and D_n- >= x are disjoint: exactly 2*smirnov
    const prob = 2 * smirnovSf(n, x);
    return select(1.0 - prob, prob, cdf);
  }
  const nxsquared = t * x;
  if (n <= 140) {
    if (nxsquared <= 0.754693) return selectDD(kolmognDMTW(n, x), cdf);
    if (nxsquared <= 4) return selectDD(kolmognPomeranz(n, x), cdf);
    // 2*smirnov (Miller's approximation) is accurate enough here.
    const prob = 2 * smirnovSf(n, x);
    return select(1.0 - prob, prob, cdf);
  }
  // The CDF and the SF have different cutoffs on n*x^2.
  if (!cdf) {
    if (nxsquared >= 370.0) return 0.0;
    if (nxsquared >= 2.2) {
      const prob = 2 * smirnovSf(n, x);
      return Number.isNaN(prob) ? prob : clamp01(prob);
    }
    // fall through and compute the SF as 1 - CDF
  }
  let cdfprob: DD;
  if (nxsquared >= 18.0) cdfprob = dd(1.0);
  else if (n <= 100000 && n * pow15(x) <= 1.4) cdfprob = kolmognDMTW(n, x);
  else cdfprob = dd(kolmognPelzGood(n, x));
  return selectDD(cdfprob, cdf);
}

/** scipy.stats.kstwo's argument handling: invalid n -> NaN, support (0.5/n, 1). */
function kstwo(d: number, n: number, cdf: boolean): number {
  if (!(n >= 1 && Number.isInteger(n)) || Number.isNaN(d)) return NaN;
  if (d <= 0.5 / n) return cdf ? 0 : 1;
  if (d >= 1) return cdf ? 1 : 0;
  return kolmogn(n, d, cdf);
}

/** scipy.stats.kstwo.sf(d, n) = Pr(D_n >= d), the exact two-sided one-sample Kolmogorov distribution. */
export function kstwoSf(d: number, n: number): number {
  return kstwo(d, n, false);
}

/** scipy.stats.kstwo.cdf(d, n) = Pr(D_n <= d). */
export function kstwoCdf(d: number, n: number): number {
  return kstwo(d, n, true);
}
