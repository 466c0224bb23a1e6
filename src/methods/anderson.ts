// scipy.stats.anderson_ksamp (scipy/stats/_morestats.py, scipy 1.17.1): the k-sample Anderson–Darling test
// of Scholz & Stephens (1987), "K-Sample Anderson-Darling Tests", JASA 82, 918–924. The statistic is
// standardised with its exact finite-sample variance; the p-value is interpolated from the critical values
// of their Table 2 and capped / floored to [0.001, 0.25] as SciPy does (no permutation method here).
import { fail, optionsObject } from '../errors.js';
import { countNaN, oneOf, toFloat64, type NumericInput } from '../input.js';
import { crExp } from '../stats/crmath.js';
import { npSum } from '../stats/special.js';
import { searchsorted } from '../stats/searchsorted.js';

export type AndersonKsampVariant = 'midrank' | 'right' | 'continuous';

export interface AndersonKsampOptions {
  /**
   * 'midrank' (default; eq. 7, for continuous and discrete data), 'right' (eq. 6, right-continuous ECDF;
   * SciPy's old midrank=False) or 'continuous' (eq. 3; equals 'right' when there are no ties).
   */
  variant?: AndersonKsampVariant;
}

export interface AndersonKsampResult {
  /** Standardised statistic (A²kN − (k − 1)) / σN. */
  statistic: number;
  /** Interpolated p-value, capped at 0.25 and floored at 0.001 (then `warning` is set). */
  pValue: number;
  /** Critical values at the significance levels ANDERSON_KSAMP_LEVELS. */
  criticalValues: number[];
  /** SciPy's UserWarning text when the p-value is capped or floored, or when the statistic is undefined. */
  warning?: string;
}

/** Significance levels of `criticalValues`. */
export const ANDERSON_KSAMP_LEVELS: readonly number[] = [0.25, 0.1, 0.05, 0.025, 0.01, 0.005, 0.001];
// np.log of the levels (as numpy computes them).
const LOG_SIG = [
  -1.3862943611198906, -2.3025850929940455, -2.995732273553991, -3.6888794541139363, -4.605170185988091,
  -5.298317366548036, -6.907755278982137,
];
// Interpolation coefficients of Scholz & Stephens (1987), Table 2: critical value = b0 + b1/√m + b2/m.
const B0 = [0.675, 1.281, 1.645, 1.96, 2.326, 2.573, 3.085];
const B1 = [-0.245, 0.25, 0.678, 1.149, 1.822, 2.364, 3.615];
const B2 = [-0.105, -0.305, -0.362, -0.391, -0.396, -0.345, -0.154];


/** A²akN, eq. 7 of Scholz & Stephens (midrank ECDF), in SciPy's `_anderson_ksamp_midrank` operation order. */
function a2Midrank(sorted: Float64Array[], Z: Float64Array, Zstar: Float64Array, n: number[], N: number): number {
  const L = Zstar.length;
  const lj = new Float64Array(L), Bj = new Float64Array(L);
  for (let j = 0; j < L; j++) {
    const left = searchsorted(Z, Zstar[j], 'left');
    lj[j] = N === L ? 1 : searchsorted(Z, Zstar[j], 'right') - left;
    Bj[j] = left + lj[j] / 2;
  }
  const inner = new Float64Array(L);
  let A2akN = 0;
  for (let i = 0; i < sorted.length; i++) {
    const s = sorted[i];
    for (let j = 0; j < L; j++) {
      const right = searchsorted(s, Zstar[j], 'right');
      const fij = right - searchsorted(s, Zstar[j], 'left');
      const Mij = right - fij / 2;
      const d = N * Mij - Bj[j] * n[i];
      inner[j] = ((lj[j] / N) * (d * d)) / (Bj[j] * (N - Bj[j]) - (N * lj[j]) / 4);
    }
    A2akN += npSum(inner) / n[i];
  }
  return A2akN * ((N - 1) / N);
}

/** A²kN, eq. 6 (right-continuous ECDF), as SciPy's `_anderson_ksamp_right` (integer arithmetic is exact). */
function a2Right(sorted: Float64Array[], Z: Float64Array, Zstar: Float64Array, n: number[], N: number): number {
  const L = Zstar.length - 1;
  const lj = new Float64Array(L), Bj = new Float64Array(L);
  let cum = 0;
  for (let j = 0; j < L; j++) {
    lj[j] = searchsorted(Z, Zstar[j], 'right') - searchsorted(Z, Zstar[j], 'left');
    cum += lj[j];
    Bj[j] = cum;
  }
  const inner = new Float64Array(L);
  let A2kN = 0;
  for (let i = 0; i < sorted.length; i++) {
    for (let j = 0; j < L; j++) {
      const d = N * searchsorted(sorted[i], Zstar[j], 'right') - Bj[j] * n[i];
      inner[j] = ((lj[j] / N) * (d * d)) / (Bj[j] * (N - Bj[j]));
    }
    A2kN += npSum(inner) / n[i];
  }
  return A2kN;
}

/** A²kN, eq. 3 (continuous populations), as SciPy's `_anderson_ksamp_continuous`. */
function a2Continuous(sorted: Float64Array[], Z: Float64Array, n: number[], N: number): number {
  const inner = new Float64Array(N - 1);
  let A2kN = 0;
  for (let i = 0; i < sorted.length; i++) {
    for (let j = 1; j < N; j++) {
      const d = N * searchsorted(sorted[i], Z[j - 1], 'right') - j * n[i];
      inner[j - 1] = (d * d) / (j * (N - j));
    }
    A2kN += npSum(inner) / n[i];
  }
  return A2kN / N;
}

/**
 * Least-squares quadratic through (x, y) as numpy.polyfit(x, y, 2): columns of the Vandermonde matrix scaled
 * to unit norm, then solved by Householder QR (numpy uses LAPACK's SVD-based gelsd; both are backward
 * stable, and agree to ~1e-15 on this well-conditioned 7×3 problem). Returns [c2, c1, c0].
 */
function polyfit2(x: readonly number[], y: readonly number[]): number[] {
  const rows = x.length;
  const A = x.map((v) => [v * v, v, 1]);
  const scale = [0, 1, 2].map((c) => Math.sqrt(npSum(A.map((r) => r[c] * r[c]))));
  for (const r of A) for (let c = 0; c < 3; c++) r[c] /= scale[c];
  const b = [...y];
  for (let c = 0; c < 3; c++) {
    let norm = 0;
    for (let r = c; r < rows; r++) norm = Math.hypot(norm, A[r][c]);
    const alpha = A[c][c] > 0 ? -norm : norm;
    const v = new Array<number>(rows).fill(0);
    for (let r = c; r < rows; r++) v[r] = A[r][c];
    v[c] -= alpha;
    let vv = 0;
    for (let r = c; r < rows; r++) vv += v[r] * v[r];
    if (vv === 0) continue;
    for (let cc = c; cc < 3; cc++) {
      let dot = 0;
      for (let r = c; r < rows; r++) dot += v[r] * A[r][cc];
      const f = (2 * dot) / vv;
      for (let r = c; r < rows; r++) A[r][cc] -= f * v[r];
    }
    let dot = 0;
    for (let r = c; r < rows; r++) dot += v[r] * b[r];
    const f = (2 * dot) / vv;
    for (let r = c; r < rows; r++) b[r] -= f * v[r];
  }
  const coef = [0, 0, 0];
  for (let c = 2; c >= 0; c--) {
    let s = b[c];
    for (let cc = c + 1; cc < 3; cc++) s -= A[c][cc] * coef[cc];
    coef[c] = s / A[c][c];
  }
  return coef.map((v, c) => v / scale[c]);
}

/**
 * The k-sample Anderson–Darling test (scipy.stats.anderson_ksamp with `variant`). Each sample must be
 * non-empty and NaN-free (SciPy has no NaN handling and silently returns a meaningless statistic), there must
 * be at least two samples and two distinct values, and at least 3 observations in total (SciPy raises
 * IndexError for N = 2; for N = 3 the variance is undefined and, as in SciPy, the statistic is NaN).
 */
export function andersonKsamp(samples: readonly NumericInput[], options: AndersonKsampOptions = {}): AndersonKsampResult {
  optionsObject('andersonKsamp', options);
  const fn = 'andersonKsamp';
  const variant = oneOf(fn, 'variant', options.variant, ['midrank', 'right', 'continuous'] as const, 'midrank');
  if (!Array.isArray(samples)) fail(fn, 'samples', 'must be an array of samples');
  const k = samples.length;
  if (k < 2) fail(fn, 'samples', `must contain at least 2 samples; got ${k}`);
  const sorted: Float64Array[] = [];
  const n: number[] = [];
  for (let i = 0; i < k; i++) {
    const name = `samples[${i}]`;
    const s = Float64Array.from(toFloat64(fn, name, samples[i]));
    if (s.length === 0) fail(fn, name, 'must not be empty');
    const nan = countNaN(s);
    if (nan) fail(fn, name, `contains NaN (${nan} values); anderson_ksamp has no NaN handling, so remove them first`);
    sorted.push(s.sort());
    n.push(s.length);
  }
  const N = n.reduce((a, b) => a + b, 0);
  const Z = new Float64Array(N);
  for (let i = 0, o = 0; i < k; o += n[i], i++) Z.set(sorted[i], o);
  Z.sort();
  const uniq: number[] = [];
  for (let i = 0; i < N; i++) if (i === 0 || Z[i] !== Z[i - 1]) uniq.push(Z[i]);
  if (uniq.length < 2) fail(fn, 'samples', 'must contain at least 2 distinct values in total');
  if (N < 3) fail(fn, 'samples', `must contain at least 3 observations in total; got ${N}`);
  const Zstar = Float64Array.from(uniq);

  const A2kN = variant === 'midrank' ? a2Midrank(sorted, Z, Zstar, n, N)
    : variant === 'right' ? a2Right(sorted, Z, Zstar, n, N)
    : a2Continuous(sorted, Z, n, N);

  // Variance of A²kN (Scholz & Stephens 1987, eq. 4), in SciPy's operation order.
  const H = npSum(n.map((v) => 1 / v));
  const hsCs = new Float64Array(N - 2); // cumsum(1 / arange(N − 1, 1, −1))
  let acc = 0;
  for (let i = 0; i < N - 2; i++) hsCs[i] = acc += 1 / (N - 1 - i);
  const h = hsCs[N - 3] + 1;
  const g = npSum(hsCs.map((v, i) => v / (i + 2)));
  const a = (4 * g - 6) * (k - 1) + (10 - 6 * g) * H;
  const b = (2 * g - 4) * k ** 2 + 8 * h * k + (2 * g - 14 * h - 4) * H - 8 * h + 4 * g - 6;
  const c = (6 * h + 2 * g - 2) * k ** 2 + (4 * h - 4 * g + 6) * k + (2 * h - 6) * H + 4 * h;
  const d = (2 * h + 6) * k ** 2 - 4 * h * k;
  const bigN = BigInt(N);
  const N3 = Number(bigN ** 3n), N2 = Number(bigN ** 2n); // Python ints, rounded once
  const sigmasq = (a * N3 + b * N2 + c * N + d) / ((N - 1) * (N - 2) * (N - 3));
  const m = k - 1;
  const statistic = (A2kN - m) / Math.sqrt(sigmasq);

  const criticalValues = B0.map((b0, i) => b0 + B1[i] / Math.sqrt(m) + B2[i] / m);
  const lo = Math.min(...criticalValues), hi = Math.max(...criticalValues);
  if (statistic < lo) {
    return { statistic, pValue: 0.25, criticalValues, warning: `${fn}: p-value capped: true value larger than 0.25` };
  }
  if (statistic > hi) {
    return { statistic, pValue: 0.001, criticalValues, warning: `${fn}: p-value floored: true value smaller than 0.001` };
  }
  // Interpolate log(significance) against the critical values with a least-squares quadratic.
  const [c2, c1, c0] = polyfit2(criticalValues, LOG_SIG);
  const pValue = crExp((c2 * statistic + c1) * statistic + c0);
  const out: AndersonKsampResult = { statistic, pValue, criticalValues };
  if (Number.isNaN(statistic)) out.warning = `${fn}: the statistic is undefined for N = 3 observations (zero-denominator variance)`;
  return out;
}
