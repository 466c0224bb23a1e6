// Scalar special functions that reproduce SciPy's (xsf / Cephes) algorithms branch for branch, so that
// p-values agree with scipy.stats to the last few ulps rather than to "a good approximation".
//
// Algorithms and coefficients follow Cephes (Copyright 1984-1992 Stephen L. Moshier) as translated and
// extended in SciPy's xsf library (BSD-3-Clause, Copyright (c) SciPy Developers), including the Temme
// uniform asymptotic series for the incomplete gamma function (DLMF 8.12) and the Boost-derived Lanczos
// approximation (Copyright John Maddock 2006, Boost Software License 1.0).

const MACHEP = 1.11022302462515654042e-16; // 2^-53
const MAXLOG = 7.09782712893383996843e2; // log(DBL_MAX)
const LOGPI = 1.1447298858494001741434273513530587116472948129153;
const LS2PI = 0.91893853320467274178; // log(sqrt(2*pi))
const MAXLGM = 2.556348e305;
const DBL_MIN = 2.2250738585072014e-308;
const EULER = 0.577215664901532860606512090082402431;

/** Horner with coefficients highest degree first (Cephes polevl). */
export function polevl(x: number, c: readonly number[]): number {
  let ans = c[0];
  for (let i = 1; i < c.length; i++) ans = ans * x + c[i];
  return ans;
}

/** As polevl with an implicit leading coefficient 1 (Cephes p1evl). */
function p1evl(x: number, c: readonly number[]): number {
  let ans = x + c[0];
  for (let i = 1; i < c.length; i++) ans = ans * x + c[i];
  return ans;
}

/**
 * Rational function num/den with coefficients highest degree first (xsf ratevl); for |x| > 1 it is evaluated
 * as a polynomial in 1/x so that large arguments do not overflow.
 */
function ratevl(x: number, num: readonly number[], den: readonly number[]): number {
  const m = num.length - 1;
  const n = den.length - 1;
  if (Math.abs(x) > 1) {
    const y = 1 / x;
    let a = num[m];
    for (let i = m - 1; i >= 0; i--) a = a * y + num[i];
    let b = den[n];
    for (let i = n - 1; i >= 0; i--) b = b * y + den[i];
    return (Math.pow(x, m - n) * a) / b;
  }
  return polevl(x, num) / polevl(x, den);
}

function sinpi(x: number): number {
  let s = 1;
  if (x < 0) {
    x = -x;
    s = -1;
  }
  const r = x % 2;
  if (r < 0.5) return s * Math.sin(Math.PI * r);
  if (r > 1.5) return s * Math.sin(Math.PI * (r - 2));
  return -s * Math.sin(Math.PI * (r - 1));
}

// ---------------------------------------------------------------------------------------------------------
// log Gamma (Cephes lgam: recurrence to [2,3] + rational approximation below 13, Stirling above)

const LG_A = [
  8.11614167470508450300e-4, -5.95061904284301438324e-4, 7.93650340457716943945e-4,
  -2.77777777730099687205e-3, 8.33333333333331927722e-2,
];
const LG_B = [
  -1.37825152569120859100e3, -3.88016315134637840924e4, -3.31612992738871184744e5,
  -1.16237097492762307383e6, -1.72173700820839662146e6, -8.53555664245765465627e5,
];
const LG_C = [
  -3.51815701436523470549e2, -1.70642106651881159223e4, -2.20528590553854454839e5,
  -1.13933444367982507207e6, -2.53252307177582951285e6, -2.01889141433532773231e6,
];

/** log|Gamma(x)| (scipy.special.gammaln). Poles (0, negative integers) give +Infinity. */
export function gammaln(x: number): number {
  if (!Number.isFinite(x)) return x; // as Cephes: NaN -> NaN, +-inf -> +-inf
  if (x < -34) {
    const q = -x;
    const w = gammaln(q);
    let p = Math.floor(q);
    if (p === q) return Infinity;
    let z = q - p;
    if (z > 0.5) {
      p += 1;
      z = p - q;
    }
    z = q * sinpi(z);
    if (z === 0) return Infinity;
    return LOGPI - Math.log(z) - w;
  }
  if (x < 13) {
    let z = 1;
    let p = 0;
    let u = x;
    while (u >= 3) {
      p -= 1;
      u = x + p;
      z *= u;
    }
    while (u < 2) {
      if (u === 0) return Infinity;
      z /= u;
      p += 1;
      u = x + p;
    }
    if (z < 0) z = -z;
    if (u === 2) return Math.log(z);
    p -= 2;
    const xx = x + p;
    return Math.log(z) + (xx * polevl(xx, LG_B)) / p1evl(xx, LG_C);
  }
  if (x > MAXLGM) return Infinity;
  const q = (x - 0.5) * Math.log(x) - x + LS2PI;
  if (x >= 1000) {
    if (x > 1.0e8) return q;
    const p = 1 / (x * x);
    return q + ((7.9365079365079365079365e-4 * p - 2.7777777777777777777778e-3) * p + 0.0833333333333333333333) / x;
  }
  const p = 1 / (x * x);
  return q + polevl(p, LG_A) / x;
}

// lgam(1+x) near x = 0 by its Taylor series; coefficients use zeta(n) for n = 2..41.
const ZETA_2_41 = [
  1.6449340668482266, 1.202056903159594, 1.0823232337111381, 1.0369277551433704, 1.0173430619844488,
  1.008349277381923, 1.0040773561979446, 1.0020083928260826, 1.0009945751278182, 1.0004941886041194,
  1.0002460865533078, 1.0001227133475785, 1.0000612481350586, 1.0000305882363072, 1.0000152822594084,
  1.0000076371976376, 1.000003817293265, 1.0000019082127163, 1.0000009539620338, 1.0000004769329867,
  1.0000002384505027, 1.000000119219926, 1.000000059608189, 1.0000000298035034, 1.0000000149015549,
  1.0000000074507118, 1.000000003725334, 1.0000000018626598, 1.0000000009313275, 1.0000000004656628,
  1.000000000232831, 1.0000000001164155, 1.0000000000582077, 1.0000000000291038, 1.000000000014552,
  1.000000000007276, 1.000000000003638, 1.000000000001819, 1.0000000000009095, 1.0000000000004547,
];

function lgam1pTaylor(x: number): number {
  if (x === 0) return 0;
  let res = -EULER * x;
  let xfac = -x;
  for (let n = 2; n < 42; n++) {
    xfac *= -x;
    const coeff = (ZETA_2_41[n - 2] * xfac) / n;
    res += coeff;
    if (Math.abs(coeff) < MACHEP * Math.abs(res)) break;
  }
  return res;
}

/** log Gamma(1 + x), accurate near x = 0 and x = 1 (where gammaln(1+x) would cancel). */
export function gammaln1p(x: number): number {
  if (Math.abs(x) <= 0.5) return lgam1pTaylor(x);
  if (Math.abs(x - 1) < 0.5) return Math.log(x) + lgam1pTaylor(x - 1);
  return gammaln(x + 1);
}

// ---------------------------------------------------------------------------------------------------------
// log1p / expm1 / log1pmx. Cephes' versions are used (not Math's) so that results are identical to SciPy's.

const LP = [
  4.5270000862445199635215e-5, 4.9854102823193375972212e-1, 6.5787325942061044846969e0,
  2.9911919328553073277375e1, 6.0949667980987787057556e1, 5.7112963590585538103336e1,
  2.0039553499201281259648e1,
];
const LQ = [
  1.5062909083469192043167e1, 8.3047565967967209469434e1, 2.2176239823732856465394e2,
  3.0909872225312059774938e2, 2.1642788614495947685003e2, 6.0118660497603843919306e1,
];

function cephesLog1p(x: number): number {
  const z = 1 + x;
  if (z < Math.SQRT1_2 || z > Math.SQRT2) return Math.log(z);
  const zz = x * x;
  return x + (-0.5 * zz + x * ((zz * polevl(x, LP)) / p1evl(x, LQ)));
}

/** log(1 + x) - x without cancellation for small x. */
export function log1pmx(x: number): number {
  if (Math.abs(x) < 0.5) {
    let xfac = x;
    let res = 0;
    for (let n = 2; n < 500; n++) {
      xfac *= -x;
      const term = xfac / n;
      res += term;
      if (Math.abs(term) < MACHEP * Math.abs(res)) break;
    }
    return res;
  }
  return cephesLog1p(x) - x;
}

const EP = [1.2617719307481059087798e-4, 3.0299440770744196129956e-2, 9.9999999999999999991025e-1];
const EQ = [3.0019850513866445504159e-6, 2.5244834034968410419224e-3, 2.2726554820815502876593e-1, 2.0000000000000000000897e0];

function cephesExpm1(x: number): number {
  if (!Number.isFinite(x)) return Number.isNaN(x) || x > 0 ? x : -1;
  if (x < -0.5 || x > 0.5) return Math.exp(x) - 1;
  const xx = x * x;
  let r = x * polevl(xx, EP);
  r = r / (polevl(xx, EQ) - r);
  return r + r;
}

// ---------------------------------------------------------------------------------------------------------
// erf / erfc / ndtr (Cephes ndtr.c)

const ND_P = [
  2.46196981473530512524e-10, 5.64189564831068821977e-1, 7.46321056442269912687e0, 4.86371970985681366614e1,
  1.96520832956077098242e2, 5.26445194995477358631e2, 9.34528527171957607540e2, 1.02755188689515710272e3,
  5.57535335369399327526e2,
];
const ND_Q = [
  1.32281951154744992508e1, 8.67072140885989742329e1, 3.54937778887819891062e2, 9.75708501743205489753e2,
  1.82390916687909736289e3, 2.24633760818710981792e3, 1.65666309194161350182e3, 5.57535340817727675546e2,
];
const ND_R = [
  5.64189583547755073984e-1, 1.27536670759978104416e0, 5.01905042251180477414e0, 6.16021097993053585195e0,
  7.40974269950448939160e0, 2.97886665372100240670e0,
];
const ND_S = [
  2.26052863220117276590e0, 9.39603524938001434673e0, 1.20489539808096656605e1, 1.70814450747565897222e1,
  9.60896809063285878198e0, 3.36907645100081516050e0,
];
const ND_T = [
  9.60497373987051638749e0, 9.00260197203842689217e1, 2.23200534594684319226e3, 7.00332514112805075473e3,
  5.55923013010394962768e4,
];
const ND_U = [
  3.35617141647503099647e1, 5.21357949780152679795e2, 4.59432382970980127987e3, 2.26290000613890934246e4,
  4.92673942608635921086e4,
];

/** Error function. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return -erf(-x);
  if (x > 1) return 1 - erfc(x);
  const z = x * x;
  return (x * polevl(z, ND_T)) / p1evl(z, ND_U);
}

/** Complementary error function 1 - erf(x), accurate (relative) for large positive x until underflow. */
export function erfc(a: number): number {
  if (Number.isNaN(a)) return NaN;
  const x = Math.abs(a);
  if (x < 1) return 1 - erf(a);
  const z0 = -a * a;
  if (z0 < -MAXLOG) return a < 0 ? 2 : 0;
  const z = Math.exp(z0);
  let p: number, q: number;
  if (x < 8) {
    p = polevl(x, ND_P);
    q = p1evl(x, ND_Q);
  } else {
    p = polevl(x, ND_R);
    q = p1evl(x, ND_S);
  }
  let y = (z * p) / q;
  if (a < 0) y = 2 - y;
  if (y !== 0) return y;
  return a < 0 ? 2 : 0;
}

/** Standard normal CDF (scipy.special.ndtr). */
export function ndtr(a: number): number {
  if (Number.isNaN(a)) return NaN;
  const x = a * Math.SQRT1_2;
  const z = Math.abs(x);
  if (z < 1) return 0.5 + 0.5 * erf(x);
  const y = 0.5 * erfc(z);
  return x > 0 ? 1 - y : y;
}

/** Standard normal survival function, scipy.stats.norm.sf(x) = ndtr(-x); relative accuracy in the upper tail. */
export function normSf(x: number): number {
  return ndtr(-x);
}

// ---------------------------------------------------------------------------------------------------------
// Regularized incomplete gamma functions (Cephes igam/igamc with SciPy's 2016 improvements)

const LANCZOS_G = 6.024680040776729583740234375;
const LANCZOS_EXPG_SCALED_NUM = [
  0.006061842346248906525783753964555936883222, 0.5098416655656676188125178644804694509993,
  19.51992788247617482847860966235652136208, 449.9445569063168119446858607650988409623,
  6955.999602515376140356310115515198987526, 75999.29304014542649875303443598909137092,
  601859.6171681098786670226533699352302507, 3481712.15498064590882071018964774556468,
  14605578.08768506808414169982791359218571, 43338889.32467613834773723740590533316085,
  86363131.28813859145546927288977868422342, 103794043.1163445451906271053616070238554,
  56906521.91347156388090791033559122686859,
];
const LANCZOS_EXPG_SCALED_DEN = [
  1, 66, 1925, 32670, 357423, 2637558, 13339535, 45995730, 105258076, 150917976, 120543840, 39916800, 0,
];

function lanczosSumExpgScaled(x: number): number {
  return ratevl(x, LANCZOS_EXPG_SCALED_NUM, LANCZOS_EXPG_SCALED_DEN);
}

/** x^a e^-x / Gamma(a), via Lanczos near a ~ x to avoid the cancellation in a*log(x) - x - lgam(a). */
function igamFac(a: number, x: number): number {
  if (Math.abs(a - x) > 0.4 * Math.abs(a)) {
    const ax = a * Math.log(x) - x - gammaln(a);
    if (ax < -MAXLOG) return 0;
    return Math.exp(ax);
  }
  const fac = a + LANCZOS_G - 0.5;
  let res = Math.sqrt(fac / Math.exp(1)) / lanczosSumExpgScaled(a);
  if (a < 200 && x < 200) {
    res *= Math.exp(a - x) * Math.pow(x / fac, a);
  } else {
    const num = x - a - LANCZOS_G + 0.5;
    res *= Math.exp(a * log1pmx(num / fac) + (x * (0.5 - LANCZOS_G)) / fac);
  }
  return res;
}

const IGAM_MAXITER = 2000;
const IGAM_BIG = 4.503599627370496e15;
const IGAM_BIGINV = 2.22044604925031308085e-16;

/** Q(a, x) by the continued fraction DLMF 8.9.2 (x > a). */
function igamcContinuedFraction(a: number, x: number): number {
  const ax = igamFac(a, x);
  if (ax === 0) return 0;
  let y = 1 - a;
  let z = x + y + 1;
  let c = 0;
  let pkm2 = 1;
  let qkm2 = x;
  let pkm1 = x + 1;
  let qkm1 = z * x;
  let ans = pkm1 / qkm1;
  for (let i = 0; i < IGAM_MAXITER; i++) {
    c += 1;
    y += 1;
    z += 2;
    const yc = y * c;
    const pk = pkm1 * z - pkm2 * yc;
    const qk = qkm1 * z - qkm2 * yc;
    let t: number;
    if (qk !== 0) {
      const r = pk / qk;
      t = Math.abs((ans - r) / r);
      ans = r;
    } else t = 1;
    pkm2 = pkm1;
    pkm1 = pk;
    qkm2 = qkm1;
    qkm1 = qk;
    if (Math.abs(pk) > IGAM_BIG) {
      pkm2 *= IGAM_BIGINV;
      pkm1 *= IGAM_BIGINV;
      qkm2 *= IGAM_BIGINV;
      qkm1 *= IGAM_BIGINV;
    }
    if (t <= MACHEP) break;
  }
  return ans * ax;
}

/** P(a, x) by the power series DLMF 8.11.4 (x < a). */
function igamSeries(a: number, x: number): number {
  const ax = igamFac(a, x);
  if (ax === 0) return 0;
  let r = a;
  let c = 1;
  let ans = 1;
  for (let i = 0; i < IGAM_MAXITER; i++) {
    r += 1;
    c *= x / r;
    ans += c;
    if (c <= MACHEP * ans) break;
  }
  return (ans * ax) / a;
}

/** Q(a, x) for small x by DLMF 8.7.3, arranged to avoid cancellation. */
function igamcSeries(a: number, x: number): number {
  let fac = 1;
  let sum = 0;
  for (let n = 1; n < IGAM_MAXITER; n++) {
    fac *= -x / n;
    const term = fac / (a + n);
    sum += term;
    if (Math.abs(term) <= MACHEP * Math.abs(sum)) break;
  }
  const logx = Math.log(x);
  const term = -cephesExpm1(a * logx - gammaln1p(a));
  return term - Math.exp(a * logx - gammaln(a)) * sum;
}

/** Temme's uniform asymptotic expansion (DLMF 8.12.3/8.12.4) for a ~ x, large a. */
function igamAsymptotic(a: number, x: number, lower: boolean): number {
  const sgn = lower ? -1 : 1;
  const lambda = x / a;
  const sigma = (x - a) / a;
  let eta: number;
  if (lambda > 1) eta = Math.sqrt(-2 * log1pmx(sigma));
  else if (lambda < 1) eta = -Math.sqrt(-2 * log1pmx(sigma));
  else eta = 0;
  let res = 0.5 * erfc(sgn * eta * Math.sqrt(a / 2));

  const etapow = new Float64Array(IGAM_ASYMP_N);
  etapow[0] = 1;
  let maxpow = 0;
  let sum = 0;
  let afac = 1;
  let absoldterm = Infinity;
  for (let k = 0; k < IGAM_ASYMP_K; k++) {
    const dk = IGAM_ASYMP_D[k];
    let ck = dk[0];
    for (let n = 1; n < IGAM_ASYMP_N; n++) {
      if (n > maxpow) {
        etapow[n] = eta * etapow[n - 1];
        maxpow += 1;
      }
      const ckterm = dk[n] * etapow[n];
      ck += ckterm;
      if (Math.abs(ckterm) < MACHEP * Math.abs(ck)) break;
    }
    const term = ck * afac;
    const absterm = Math.abs(term);
    if (absterm > absoldterm) break;
    sum += term;
    if (absterm < MACHEP * Math.abs(sum)) break;
    absoldterm = absterm;
    afac /= a;
  }
  res += (sgn * Math.exp(-0.5 * a * eta * eta) * sum) / Math.sqrt(2 * Math.PI * a);
  return res;
}

function useAsymptotic(a: number, x: number): boolean {
  const r = Math.abs(x - a) / a;
  return (a > 20 && a < 200 && r < 0.3) || (a > 200 && r < 4.5 / Math.sqrt(a));
}

/** Regularized lower incomplete gamma P(a, x) = scipy.special.gammainc. NaN outside a >= 0, x >= 0. */
export function gammaincP(a: number, x: number): number {
  if (Number.isNaN(a) || Number.isNaN(x)) return NaN;
  if (x < 0 || a < 0) return NaN;
  if (a === 0) return x > 0 ? 1 : NaN;
  if (x === 0) return 0;
  if (a === Infinity) return x === Infinity ? NaN : 0;
  if (x === Infinity) return 1;
  if (useAsymptotic(a, x)) return igamAsymptotic(a, x, true);
  if (x > 1 && x > a) return 1 - gammaincQ(a, x);
  return igamSeries(a, x);
}

/** Regularized upper incomplete gamma Q(a, x) = scipy.special.gammaincc; relative accuracy deep in the tail. */
export function gammaincQ(a: number, x: number): number {
  if (Number.isNaN(a) || Number.isNaN(x)) return NaN;
  if (x < 0 || a < 0) return NaN;
  if (a === 0) return x > 0 ? 0 : NaN;
  if (x === 0) return 1;
  if (a === Infinity) return x === Infinity ? NaN : 1;
  if (x === Infinity) return 0;
  if (useAsymptotic(a, x)) return igamAsymptotic(a, x, false);
  if (x > 1.1) {
    return x < a ? 1 - igamSeries(a, x) : igamcContinuedFraction(a, x);
  }
  if (x <= 0.5) {
    return -0.4 / Math.log(x) < a ? 1 - igamSeries(a, x) : igamcSeries(a, x);
  }
  return x * 1.1 < a ? 1 - igamSeries(a, x) : igamcSeries(a, x);
}

/** Chi-square survival function, scipy.stats.chi2.sf(x, df) (= scipy.special.chdtrc). */
/**
 * scipy.special.chdtrc(df, x): Q(df/2, x/2) with the special-function domain (x < 0 or df < 0 -> NaN,
 * df == 0 -> 0 for x > 0). SciPy's hypothesis tests (chisquare, power_divergence) use this, not chi2.sf.
 */
export function chdtrc(df: number, x: number): number {
  if (x < 0) return NaN;
  return gammaincQ(df / 2, x / 2);
}

/** scipy.special.chdtr(df, x) = P(df/2, x/2), same domain as chdtrc. */
export function chdtr(df: number, x: number): number {
  if (x < 0) return NaN;
  return gammaincP(df / 2, x / 2);
}

export function chi2Sf(x: number, df: number): number {
  if (Number.isNaN(x) || Number.isNaN(df)) return NaN;
  if (!(df > 0)) return NaN;
  if (x < 0) return 1;
  return gammaincQ(df / 2, x / 2);
}

/** Chi-square CDF, scipy.stats.chi2.cdf(x, df) (= scipy.special.chdtr). */
export function chi2Cdf(x: number, df: number): number {
  if (Number.isNaN(x) || Number.isNaN(df)) return NaN;
  if (!(df > 0)) return NaN;
  if (x < 0) return 0;
  return gammaincP(df / 2, x / 2);
}

// ---------------------------------------------------------------------------------------------------------
// Entropy-type elementwise functions (xsf convex_analysis.h / special functions)

/** x*log(y), with 0 when x == 0 and y is not NaN (scipy.special.xlogy). */
export function xlogy(x: number, y: number): number {
  if (x === 0 && !Number.isNaN(y)) return 0;
  return x * Math.log(y);
}

/** -x*log(x) for x > 0, 0 at 0, -inf for x < 0 (scipy.special.entr). */
export function entr(x: number): number {
  if (Number.isNaN(x)) return x;
  if (x > 0) return -x * Math.log(x);
  if (x === 0) return 0;
  return -Infinity;
}

/**
 * x*log(x/y) (scipy.special.rel_entr). Branches as in xsf: log1p for 0.5 < x/y < 2 (no cancellation when
 * x ~ y), log of the ratio when it is a normal finite number, and log x - log y when the ratio under- or
 * overflows.
 */
export function relEntr(x: number, y: number): number {
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
  if (x <= 0 || y <= 0) return x === 0 && y >= 0 ? 0 : Infinity;
  const r = x / y;
  if (0.5 < r && r < 2) return x * Math.log1p((x - y) / y);
  if (DBL_MIN < r && r < Infinity) return x * Math.log(r);
  return x * (Math.log(x) - Math.log(y));
}

/** x*log(x/y) - x + y (scipy.special.kl_div). */
export function klDiv(x: number, y: number): number {
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
  if (x > 0 && y > 0) return x * Math.log(x / y) - x + y;
  if (x === 0 && y >= 0) return y;
  return Infinity;
}

// ---------------------------------------------------------------------------------------------------------
// d[k][n] coefficients of Temme's expansion (DLMF 8.12.12), as generated by SciPy's
// scipy/special/_precompute/gammainc_asy.py (K = N = 25).

const IGAM_ASYMP_K = 25;
const IGAM_ASYMP_N = 25;
const IGAM_ASYMP_D: readonly (readonly number[])[] = [
  [-3.3333333333333333e-1, 8.3333333333333333e-2, -1.4814814814814815e-2, 1.1574074074074074e-3, 3.527336860670194e-4, -1.7875514403292181e-4, 3.9192631785224378e-5, -2.1854485106799922e-6, -1.85406221071516e-6, 8.296711340953086e-7, -1.7665952736826079e-7, 6.7078535434014986e-9, 1.0261809784240308e-8, -4.3820360184533532e-9, 9.1476995822367902e-10, -2.551419399494625e-11, -5.8307721325504251e-11, 2.4361948020667416e-11, -5.0276692801141756e-12, 1.1004392031956135e-13, 3.3717632624009854e-13, -1.3923887224181621e-13, 2.8534893807047443e-14, -5.1391118342425726e-16, -1.9752288294349443e-15],
  [-1.8518518518518519e-3, -3.4722222222222222e-3, 2.6455026455026455e-3, -9.9022633744855967e-4, 2.0576131687242798e-4, -4.0187757201646091e-7, -1.8098550334489978e-5, 7.6491609160811101e-6, -1.6120900894563446e-6, 4.6471278028074343e-9, 1.378633446915721e-7, -5.752545603517705e-8, 1.1951628599778147e-8, -1.7543241719747648e-11, -1.0091543710600413e-9, 4.1627929918425826e-10, -8.5639070264929806e-11, 6.0672151016047586e-14, 7.1624989648114854e-12, -2.9331866437714371e-12, 5.9966963656836887e-13, -2.1671786527323314e-16, -4.9783399723692616e-14, 2.0291628823713425e-14, -4.13125571381061e-15],
  [4.1335978835978836e-3, -2.6813271604938272e-3, 7.7160493827160494e-4, 2.0093878600823045e-6, -1.0736653226365161e-4, 5.2923448829120125e-5, -1.2760635188618728e-5, 3.4235787340961381e-8, 1.3721957309062933e-6, -6.298992138380055e-7, 1.4280614206064242e-7, -2.0477098421990866e-10, -1.4092529910867521e-8, 6.228974084922022e-9, -1.3670488396617113e-9, 9.4283561590146782e-13, 1.2872252400089318e-10, -5.5645956134363321e-11, 1.1975935546366981e-11, -4.1689782251838635e-15, -1.0940640427884594e-12, 4.6622399463901357e-13, -9.905105763906906e-14, 1.8931876768373515e-17, 8.8592218725911273e-15],
  [6.4943415637860082e-4, 2.2947209362139918e-4, -4.6918949439525571e-4, 2.6772063206283885e-4, -7.5618016718839764e-5, -2.3965051138672967e-7, 1.1082654115347302e-5, -5.6749528269915966e-6, 1.4230900732435884e-6, -2.7861080291528142e-11, -1.6958404091930277e-7, 8.0994649053880824e-8, -1.9111168485973654e-8, 2.3928620439808118e-12, 2.0620131815488798e-9, -9.4604966618551322e-10, 2.1541049775774908e-10, -1.388823336813903e-14, -2.1894761681963939e-11, 9.7909989511716851e-12, -2.1782191880180962e-12, 6.2088195734079014e-17, 2.126978363279737e-13, -9.3446887915174333e-14, 2.0453671226782849e-14],
  [-8.618882909167117e-4, 7.8403922172006663e-4, -2.9907248030319018e-4, -1.4638452578843418e-6, 6.6414982154651222e-5, -3.9683650471794347e-5, 1.1375726970678419e-5, 2.5074972262375328e-10, -1.6954149536558306e-6, 8.9075075322053097e-7, -2.2929348340008049e-7, 2.956794137544049e-11, 2.8865829742708784e-8, -1.4189739437803219e-8, 3.4463580499464897e-9, -2.3024517174528067e-13, -3.9409233028046405e-10, 1.8602338968504502e-10, -4.356323005056618e-11, 1.2786001016296231e-15, 4.6792750266579195e-12, -2.1492464706134829e-12, 4.9088156148096522e-13, -6.3385914848915603e-18, -5.0453320690800944e-14],
  [-3.3679855336635815e-4, -6.9728137583658578e-5, 2.7727532449593921e-4, -1.9932570516188848e-4, 6.7977804779372078e-5, 1.419062920643967e-7, -1.3594048189768693e-5, 8.0184702563342015e-6, -2.2914811765080952e-6, -3.252473551298454e-10, 3.4652846491085265e-7, -1.8447187191171343e-7, 4.8240967037894181e-8, -1.7989466721743515e-14, -6.3061945000135234e-9, 3.1624176287745679e-9, -7.8409242536974293e-10, 5.1926791652540407e-15, 9.3589442423067836e-11, -4.5134262161632782e-11, 1.0799129993116827e-11, -3.661886712685252e-17, -1.210902069055155e-12, 5.6807435849905643e-13, -1.3249659916340829e-13],
  [5.3130793646399222e-4, -5.9216643735369388e-4, 2.7087820967180448e-4, 7.9023532326603279e-7, -8.1539693675619688e-5, 5.6116827531062497e-5, -1.8329116582843376e-5, -3.0796134506033048e-9, 3.4651553688036091e-6, -2.0291327396058604e-6, 5.7887928631490037e-7, 2.338630673826657e-13, -8.8286007463304835e-8, 4.7435958880408128e-8, -1.2545415020710382e-8, 8.6496488580102925e-14, 1.6846058979264063e-9, -8.5754928235775947e-10, 2.1598224929232125e-10, -7.6132305204761539e-16, -2.6639822008536144e-11, 1.3065700536611057e-11, -3.1799163902367977e-12, 4.7109761213674315e-18, 3.6902800842763467e-13],
  [3.4436760689237767e-4, 5.1717909082605922e-5, -3.3493161081142236e-4, 2.812695154763237e-4, -1.0976582244684731e-4, -1.2741009095484485e-7, 2.7744451511563644e-5, -1.8263488805711333e-5, 5.7876949497350524e-6, 4.9387589339362704e-10, -1.0595367014026043e-6, 6.1667143761104075e-7, -1.7562973359060462e-7, -1.2974473287015439e-12, 2.695423606288966e-8, -1.4578352908731271e-8, 3.887645959386175e-9, -3.8810022510194121e-17, -5.3279941738772867e-10, 2.7437977643314845e-10, -6.9957960920705679e-11, 2.5899863874868481e-17, 8.8566890996696381e-12, -4.403168815871311e-12, 1.0865561947091654e-12],
  [-6.5262391859530942e-4, 8.3949872067208728e-4, -4.3829709854172101e-4, -6.969091458420552e-7, 1.6644846642067548e-4, -1.2783517679769219e-4, 4.6299532636913043e-5, 4.5579098679227077e-9, -1.0595271125805195e-5, 6.7833429048651666e-6, -2.1075476666258804e-6, -1.7213731432817145e-11, 3.7735877416110979e-7, -2.1867506700122867e-7, 6.2202288040189269e-8, 6.5977038267330006e-16, -9.5903864974256858e-9, 5.2132144922808078e-9, -1.3991589583935709e-9, 5.382058999060575e-16, 1.9484714275467745e-10, -1.0127287556389682e-10, 2.6077347197254926e-11, -5.0904186999932993e-18, -3.3721464474854592e-12],
  [-5.9676129019274625e-4, -7.2048954160200106e-5, 6.7823088376673284e-4, -6.4014752602627585e-4, 2.7750107634328704e-4, 1.8197008380465151e-7, -8.4795071170685032e-5, 6.105192082501531e-5, -2.1073920183404862e-5, -8.8585890141255994e-10, 4.5284535953805377e-6, -2.8427815022504408e-6, 8.7082341778646412e-7, 3.6886101871706965e-12, -1.5344695190702061e-7, 8.862466778790695e-8, -2.5184812301826817e-8, -1.0225912098215092e-14, 3.8969470758154777e-9, -2.1267304792235635e-9, 5.7370135528051385e-10, -1.887749850169741e-19, -8.0931538694657866e-11, 4.2382723283449199e-11, -1.1002224534207726e-11],
  [1.3324454494800656e-3, -1.9144384985654775e-3, 1.1089369134596637e-3, 9.932404122642299e-7, -5.0874501293093199e-4, 4.2735056665392884e-4, -1.6858853767910799e-4, -8.1301893922784998e-9, 4.5284402370562147e-5, -3.127053674781734e-5, 1.044986828530338e-5, 4.8435226265680926e-11, -2.1482565873456258e-6, 1.329369701097492e-6, -4.0295693092101029e-7, -1.7567877666323291e-13, 7.0145043163668257e-8, -4.040787734999483e-8, 1.1474026743371963e-8, 3.9642746853563325e-18, -1.7804938269892714e-9, 9.7480262548731646e-10, -2.6405338676507616e-10, 5.794875163403742e-18, 3.7647749553543836e-11],
  [1.579727660730835e-3, 1.6251626278391582e-4, -2.0633421035543276e-3, 2.1389686185689098e-3, -1.0108559391263003e-3, -3.9912705529919201e-7, 3.6235025084764691e-4, -2.8143901463712154e-4, 1.0449513336495887e-4, 2.1211418491830297e-9, -2.5779417251947842e-5, 1.7281818956040463e-5, -5.6413773872904282e-6, -1.1024320105776174e-11, 1.1223224418895175e-6, -6.8693396379526735e-7, 2.0653236975414887e-7, 4.6714772409838506e-14, -3.5609886164949055e-8, 2.0470855345905963e-8, -5.8091738633283358e-9, -1.332821287582869e-16, 9.0354604391335133e-10, -4.9598782517330834e-10, 1.3481607129399749e-10],
  [-4.0725121195140166e-3, 6.4033628338080698e-3, -4.0410161081676618e-3, -2.183732802866233e-6, 2.1740441801254639e-3, -1.9700440518418892e-3, 8.3595469747962458e-4, 1.9445447567109655e-8, -2.5779387120421696e-4, 1.9009987368139304e-4, -6.7696499937438965e-5, -1.4440629666426572e-10, 1.5712512518742269e-5, -1.0304008744776893e-5, 3.304517767401387e-6, 7.9829760242325709e-13, -6.4097794149313004e-7, 3.8894624761300056e-7, -1.1618347644948869e-7, -2.816808630596451e-15, 1.9878012911297093e-8, -1.1407719956357511e-8, 3.2355857064185555e-9, 4.1759468293455945e-20, -5.0423112718105824e-10],
  [-5.9475779383993003e-3, -5.4016476789260452e-4, 8.7910413550767898e-3, -9.8576315587856125e-3, 5.0134695031021538e-3, 1.2807521786221875e-6, -2.0626019342754683e-3, 1.7109128573523058e-3, -6.7695312714133799e-4, -6.9011545676562133e-9, 1.8855128143995902e-4, -1.3395215663491969e-4, 4.6263183033528039e-5, 4.0034230613321351e-11, -1.0255652921494033e-5, 6.612086372797651e-6, -2.0913022027253008e-6, -2.0951775649603837e-13, 3.9756029041993247e-7, -2.3956211978815887e-7, 7.1182883382145864e-8, 8.925574873053455e-16, -1.2101547235064676e-8, 6.9350618248334386e-9, -1.9661464453856102e-9],
  [1.7402027787522711e-2, -2.9527880945699121e-2, 2.0045875571402799e-2, 7.0289515966903407e-6, -1.2375421071343148e-2, 1.1976293444235254e-2, -5.4156038466518525e-3, -6.3290893396418616e-8, 1.8855118129005065e-3, -1.473473274825001e-3, 5.5515810097708387e-4, 5.2406834412550662e-10, -1.4357913535784836e-4, 9.9181293224943297e-5, -3.3460834749478311e-5, -3.5755837291098993e-12, 7.1560851960630076e-6, -4.5516802628155526e-6, 1.4236576649271475e-6, 1.8803149082089664e-14, -2.6623403898929211e-7, 1.5950642189595716e-7, -4.7187514673841102e-8, -6.5107872958755177e-17, 7.9795091026746235e-9],
  [3.0249124160905891e-2, 2.4817436002649977e-3, -4.9939134373457022e-2, 5.9915643009307869e-2, -3.2483207601623391e-2, -5.7212968652103441e-6, 1.5085251778569354e-2, -1.3261324005088445e-2, 5.5515262632426148e-3, 3.0263182257030016e-8, -1.7229548406756723e-3, 1.2893570099929637e-3, -4.6845138348319876e-4, -1.830259937893045e-10, 1.1449739014822654e-4, -7.7378565221244477e-5, 2.5625836246985201e-5, 1.0766165333192814e-12, -5.3246809282422621e-6, 3.349634863064464e-6, -1.0381253128684018e-6, -5.608909920621128e-15, 1.9150821930676591e-7, -1.1418365800203486e-7, 3.3654425209171788e-8],
  [-9.9051020880159045e-2, 1.7954011706123486e-1, -1.2989606383463778e-1, -3.1478872752284357e-5, 9.0510635276848131e-2, -9.2828824411184397e-2, 4.4412112839877808e-2, 2.7779236316835888e-7, -1.7229543805449697e-2, 1.4182925050891573e-2, -5.6214161633747336e-3, -2.39598509186381e-9, 1.6029634366079908e-3, -1.1606784674435773e-3, 4.1001337768153873e-4, 1.8365800754090661e-11, -9.5844256563655903e-5, 6.3643062337764708e-5, -2.076250624489065e-5, -1.1806020912804483e-13, 4.2131808239120649e-6, -2.6262241337012467e-6, 8.0770620494930662e-7, 6.0125912123632725e-16, -1.4729737374018841e-7],
  [-1.9994542198219728e-1, -1.5056113040026424e-2, 3.6470239469348489e-1, -4.6435192311733545e-1, 2.6640934719197893e-1, 3.4038266027147191e-5, -1.3784338709329624e-1, 1.276467178337056e-1, -5.6213828755200985e-2, -1.753150885483011e-7, 1.9235592956768113e-2, -1.5088821281095315e-2, 5.7401854451350123e-3, 1.0622382710310225e-9, -1.5335082692563998e-3, 1.0819320643228214e-3, -3.7372510193945659e-4, -6.6170909729031985e-12, 8.4263617380909628e-5, -5.5150706827483479e-5, 1.7769536448348069e-5, 3.8827923210205533e-14, -3.53513697488768e-6, 2.1865832130045269e-6, -6.6812849447625594e-7],
  [7.2438608504029431e-1, -1.3918010932653375, 1.0654143352413968, 1.876173868950258e-4, -8.2705501176152696e-1, 8.9352433347828414e-1, -4.4971003995291339e-1, -1.6107401567546652e-6, 1.9235590165271091e-1, -1.6597702160042609e-1, 6.8882222681814333e-2, 1.3910091724608687e-8, -2.146911561508663e-2, 1.6228980898865892e-2, -5.9796016172584256e-3, -1.1287469112826745e-10, 1.5167451119784857e-3, -1.0478634293553899e-3, 3.5539072889126421e-4, 8.1704322111801517e-13, -7.7773013442452395e-5, 5.0291413897007722e-5, -1.6035083867000518e-5, 1.2469354315487605e-14, 3.1369106244517615e-6],
  [1.6668949727276811, 1.165462765994632e-1, -3.3288393225018906, 4.4692325482864037, -2.6977693045875807, -2.600667859891061e-4, 1.5389017615694539, -1.4937962361134612, 6.8881964633233148e-1, 1.3077482004552385e-6, -2.5762963325596288e-1, 2.1097676102125449e-1, -8.3714408359219882e-2, -7.7920428881354753e-9, 2.4267923064833599e-2, -1.7813678334552311e-2, 6.3970330388900056e-3, 4.9430807090480523e-11, -1.5554602758465635e-3, 1.0561196919903214e-3, -3.5277184460472902e-4, 9.3002334645022459e-14, 7.5285855026557172e-5, -4.8186515569156351e-5, 1.5227271505597605e-5],
  [-6.6188298861372935, 1.3397985455142589e1, -1.0789350606845146e1, -1.4352254537875018e-3, 9.2333694596189809, -1.0456552819547769e1, 5.5105526029033471, 1.2024439690716742e-5, -2.5762961164755816, 2.3207442745387179, -1.0045728797216284, -1.0207833290021914e-7, 3.3975092171169466e-1, -2.6720517450757468e-1, 1.0235252851562706e-1, 8.4329730484871625e-10, -2.7998284958442595e-2, 2.0066274144976813e-2, -7.0554368915086242e-3, 1.9402238183698188e-12, 1.6562888105449611e-3, -1.1082898580743683e-3, 3.654545161310169e-4, -5.1290032026971794e-11, -7.6340103696869031e-5],
  [-1.7112706061976095e1, -1.1208044642899116, 3.7131966511885444e1, -5.2298271025348962e1, 3.3058589696624618e1, 2.4791298976200222e-3, -2.061089403411526e1, 2.088672775145582e1, -1.0045703956517752e1, -1.2238783449063012e-5, 4.0770134274221141, -3.473667358470195, 1.4329352617312006, 7.1359914411879712e-8, -4.4797257159115612e-1, 3.4112666080644461e-1, -1.2699786326594923e-1, -2.8953677269081528e-10, 3.3125776278259863e-2, -2.3274087021036101e-2, 8.0399993503648882e-3, -1.177805216235265e-9, -1.8321624891071668e-3, 1.2108282933588665e-3, -3.9479941246822517e-4],
  [7.389033153567425e1, -1.5680141270402273e2, 1.322177542759164e2, 1.3692876877324546e-2, -1.2366496885920151e2, 1.4620689391062729e2, -8.0365587724865346e1, -1.1259851148881298e-4, 4.0770132196179938e1, -3.8210340013273034e1, 1.719522294277362e1, 9.3519707955168356e-7, -6.2716159907747034, 5.1168999071852637, -2.0319658112299095, -4.9507215582761543e-9, 5.9626397294332597e-1, -4.4220765337238094e-1, 1.6079998700166273e-1, -2.4733786203223402e-8, -4.0307574759979762e-2, 2.7849050747097869e-2, -9.4751858992054221e-3, 6.419922235909132e-6, 2.1250180774699461e-3],
  [2.1216837098382522e2, 1.3107863022633868e1, -4.9698285932871748e2, 7.3121595266969204e2, -4.8213821720890847e2, -2.8817248692894889e-2, 3.2616720302947102e2, -3.4389340280087117e2, 1.7195193870816232e2, 1.4038077378096158e-4, -7.52594195897599e1, 6.651969984520934e1, -2.8447519748152462e1, -7.613702615875391e-7, 9.5402237105304373, -7.5175301113311376, 2.8943997568871961, -4.6612194999538201e-7, -8.0615149598794088e-1, 5.8483006570631029e-1, -2.0845408972964956e-1, 1.4765818959305817e-4, 5.1000433863753019e-2, -3.3066252141883665e-2, 1.5109265210467774e-2],
  [-9.8959643098322368e2, 2.1925555360905233e3, -1.9283586782723356e3, -1.5925738122215253e-1, 1.9569985945919857e3, -2.4072514765081556e3, 1.3756149959336496e3, 1.2920735237496668e-3, -7.525941715948055e2, 7.3171668742208716e2, -3.4137023466220065e2, -9.9857390260608043e-6, 1.3356313181291573e2, -1.1276295161252794e2, 4.6310396098204458e1, -7.9237387133614756e-6, -1.4510726927018646e1, 1.1111771248100563e1, -4.1690817945270892, 3.1008219800117808e-3, 1.1220095449981468, -7.6052379926149916e-1, 3.6262236505085254e-1, 2.216867741940747e-1, 4.8683443692930507e-1],
];

// ---------------------------------------------------------------------------------------------------------

/**
 * Sum in numpy's order (np.add.reduce over a contiguous float64 axis): pairwise summation with 8
 * interleaved accumulators in blocks of at most 128. Matching this order keeps statistics bit-identical to
 * SciPy's instead of drifting by ~n ulps.
 */
export function npSum(x: ArrayLike<number>, start = 0, n = x.length - start): number {
  return n <= 0 ? 0 : pairwise(x, start, n);
}

function pairwise(a: ArrayLike<number>, s: number, n: number): number {
  if (n < 8) {
    let res = 0; // as numpy: a sum of -0.0 values is +0.0
    for (let i = 0; i < n; i++) res += a[s + i];
    return res;
  }
  if (n <= 128) {
    let r0 = a[s], r1 = a[s + 1], r2 = a[s + 2], r3 = a[s + 3];
    let r4 = a[s + 4], r5 = a[s + 5], r6 = a[s + 6], r7 = a[s + 7];
    const m = n - (n % 8);
    let i = 8;
    for (; i < m; i += 8) {
      r0 += a[s + i];
      r1 += a[s + i + 1];
      r2 += a[s + i + 2];
      r3 += a[s + i + 3];
      r4 += a[s + i + 4];
      r5 += a[s + i + 5];
      r6 += a[s + i + 6];
      r7 += a[s + i + 7];
    }
    let res = (r0 + r1 + (r2 + r3)) + (r4 + r5 + (r6 + r7));
    for (; i < n; i++) res += a[s + i];
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwise(a, s, n2) + pairwise(a, s + n2, n - n2);
}
