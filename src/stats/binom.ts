// scipy.special.binom for non-negative integer arguments (xsf/binom.h, Cephes beta.c and gamma.c;
// BSD-3-Clause, Cephes Copyright 1984-1992 Stephen L. Moshier), shared by the KS and Mann–Whitney exact
// paths. SciPy divides exact path counts by this total and _count_paths_outside_method subtracts nearly
// equal terms, so SciPy's own rounding is reproduced. `binomGlibc` evaluates exp/pow/log correctly rounded
// (src/stats/crmath.ts, as glibc does) for bit-equality where it is called once per test; `binom` uses V8's
// libm for the KS path-count loops, where the double-double versions cost ~10x the run time.
import { crExp, crLog, crPow } from './crmath.js';
import { gammaln, polevl } from './special.js';

/** The libm behind exp/pow/log: V8's (fast) or correctly rounded ones that agree with glibc's. */
interface Libm { exp(x: number): number; pow(x: number, y: number): number; log(x: number): number }
const FAST: Libm = { exp: Math.exp, pow: Math.pow, log: Math.log };
const GLIBC: Libm = { exp: crExp, pow: crPow, log: crLog };

const MAXGAM = 171.624376956302725;
const MAXLOG = 7.09782712893383996843e2;
const SQRT2PI_C = 2.50662827463100050242e0;
const MAXSTIR = 143.01608;

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
function stirf(x: number, m: Libm): number {
  if (x >= MAXGAM) return Infinity;
  let w = 1.0 / x;
  w = 1.0 + w * polevl(w, GAMMA_STIR);
  let y = m.exp(x);
  if (x > MAXSTIR) {
    // avoid overflow in pow()
    const v = m.pow(x, 0.5 * x - 0.25);
    y = v * (v / y);
  } else {
    y = m.pow(x, x - 0.5) / y;
  }
  return SQRT2PI_C * y * w;
}

/** Cephes Gamma for x > 0 (all binom needs). */
function gammaPos(x: number, m: Libm): number {
  if (!(x > 0)) return NaN;
  if (x === Infinity) return x;
  if (x > 33.0) return stirf(x, m);
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
function rgammaPos(x: number, m: Libm): number {
  if (x > 4.0) return 1.0 / gammaPos(x, m);
  let z = 1.0;
  let w = x;
  while (w > 1.0) {
    w -= 1.0;
    z *= w;
  }
  if (w === 1.0) return 1.0 / z;
  return (w * (1.0 + chbevl(4.0 * w - 2.0, RGAMMA_R))) / z;
}

/** Cephes lbeta_asymp for a >> b: avoids the loss of precision in lgam(a + b) − lgam(a). */
function lbetaAsymp(a: number, b: number, m: Libm): number {
  let r = gammaln(b) - b * m.log(a);
  r += (b * (1 - b)) / (2 * a);
  r += (b * (1 - b) * (1 - 2 * b)) / (12 * a * a);
  r += (-b * b * (1 - b) * (1 - b)) / (12 * a * a * a);
  return r;
}

/** Cephes beta(a, b) for a, b > 0. */
function betaPos(a: number, b: number, m: Libm): number {
  if (Math.abs(a) < Math.abs(b)) [a, b] = [b, a];
  if (Math.abs(a) > 1e6 * Math.abs(b) && a > 1e6) {
    return m.exp(lbetaAsymp(a, b, m));
  }
  let y = a + b;
  if (Math.abs(y) > MAXGAM || Math.abs(a) > MAXGAM || Math.abs(b) > MAXGAM) {
    y = gammaln(y);
    y = gammaln(b) - y;
    y = gammaln(a) + y;
    if (y > MAXLOG) return Infinity;
    return m.exp(y);
  }
  y = rgammaPos(y, m);
  const ga = gammaPos(a, m), gb = gammaPos(b, m);
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
function binomWith(n: number, k: number, m: Libm): number {
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
  if (n >= 1e10 * k && k > 0) return m.exp(-lbetaPos(1 + n - k, 1 + k, m) - m.log(n + 1));
  return 1 / (n + 1) / betaPos(1 + n - k, 1 + k, m);
}

/** Cephes lbeta(a, b) = log|beta(a, b)| for a, b > 0. */
function lbetaPos(a: number, b: number, m: Libm): number {
  if (Math.abs(a) < Math.abs(b)) [a, b] = [b, a];
  if (Math.abs(a) > 1e6 * Math.abs(b) && a > 1e6) {
    return lbetaAsymp(a, b, m);
  }
  const y = a + b;
  if (Math.abs(y) > MAXGAM || Math.abs(a) > MAXGAM || Math.abs(b) > MAXGAM) {
    return gammaln(a) + (gammaln(b) - gammaln(y));
  }
  return m.log(Math.abs(betaPos(a, b, m)));
}

/** scipy.special.binom(n, k), integers 0 <= k (k > n gives 0). */
export const binom = (n: number, k: number): number => binomWith(n, k, FAST);
/** The same with correctly rounded exp/pow/log: bit-equal to SciPy's more often, ~10x slower. */
export const binomGlibc = (n: number, k: number): number => binomWith(n, k, GLIBC);
