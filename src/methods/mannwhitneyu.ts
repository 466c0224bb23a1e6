// scipy.stats.mannwhitneyu (scipy/stats/_mannwhitneyu.py, scipy 1.17.1): U1 of x from midranks; p-value from
// the exact null distribution (Löffler 1983 recursion, SciPy's `_MWU`) or the tie-corrected normal
// approximation with continuity correction. method 'permutation' is not offered.
import { fail, optionsObject } from '../errors.js';
import { checkNanPolicy, countNaN, dropNaN, oneOf, toFloat64, type NanPolicy, type NumericInput } from '../input.js';
import { binomGlibc as binom } from '../stats/binom.js';
import { ndtr, npSum } from '../stats/special.js';
import { searchsorted } from '../stats/searchsorted.js';

export type MannWhitneyUAlternative = 'two-sided' | 'less' | 'greater';

export interface MannWhitneyUOptions {
  alternative?: MannWhitneyUAlternative;
  /** 'auto' (default): exact iff min(nx, ny) <= 8 and there are no ties, else asymptotic (as SciPy). */
  method?: 'auto' | 'exact' | 'asymptotic';
  /** Continuity correction of the normal approximation (default true); no effect on 'exact'. */
  useContinuity?: boolean;
  nanPolicy?: NanPolicy;
}

export interface MannWhitneyUResult {
  /** U1, the Mann–Whitney statistic of x: R1 − nx(nx + 1)/2. U2 = nx·ny − U1. */
  statistic: number;
  pValue: number;
  /** The p-value path taken (absent when NaN propagated). */
  method?: 'exact' | 'asymptotic';
}


// ---------------------------------------------------------------------------------------------------------
// Exact null distribution of U (SciPy `_MWU`, after Löffler 1983 via @toobaz's build_sigma_array /
// build_u_freqs_array): counts of U = u for u <= maxu by the recursion u·c(u) = Σ_{i<u} c(i)·σ(u − i).

/** Path counts c(0..maxu) exactly as SciPy holds them: float64 products, stored truncated (uint64) below 2^64. */
function mwuCounts(n1: number, n2: number, maxu: number): Float64Array {
  // σ(a) = Σ_{d | a, d <= n1} d − Σ_{d | a, n2 < d <= n1+n2} d
  const sigma = new Float64Array(maxu + 1);
  for (let d = 1; d <= n1; d++) for (let i = d; i <= maxu; i += d) sigma[i] += d;
  for (let d = n2 + 1; d <= n2 + n1; d++) for (let i = d; i <= maxu; i += d) sigma[i] -= d;
  const c = new Float64Array(maxu + 1);
  c[0] = 1;
  let isUint = true;
  for (let u = 1; u <= maxu; u++) {
    let dot = 0; // np.dot(configurations[:u], s_array[u-1::-1]) in float64
    for (let i = 0; i < u; i++) dot += c[i] * sigma[u - i];
    const nv = dot / u;
    if (nv > 18446744073709551615 && isUint) isUint = false; // SciPy switches the array to float64
    c[u] = isUint ? Math.trunc(nv) : nv;
  }
  return c;
}

/** P(U >= k) under H0, SciPy `_MWU.sf` (symmetric: sums from the nearer tail; includes the mass at k). */
function mwuSf(k: number, nx: number, ny: number): number {
  const n1 = Math.min(nx, ny), n2 = Math.max(nx, ny);
  const total = binom(n1 + n2, n1);
  let kc = n1 * n2 - k;
  const lower = k < kc;
  if (lower) kc = k;
  const c = mwuCounts(n1, n2, kc);
  let cdf = 0;
  for (let i = 0; i <= kc; i++) cdf += c[i] / total; // np.cumsum(configurations / total)
  return lower ? 1 - cdf + c[kc] / total : cdf;
}

// ---------------------------------------------------------------------------------------------------------



/**
 * Mann–Whitney U rank test on two independent samples, as scipy.stats.mannwhitneyu (scipy 1.17.1).
 * NaN: 'propagate' (default) gives NaN results, 'omit' drops NaN, 'raise' throws. An empty sample (also
 * after omitting NaN) is an error naming the argument; SciPy returns NaN with a warning there.
 */
export function mannwhitneyu(x: NumericInput, y: NumericInput, options: MannWhitneyUOptions = {}): MannWhitneyUResult {
  optionsObject('mannwhitneyu', options);
  const fn = 'mannwhitneyu';
  const alternative = oneOf(fn, 'alternative', options.alternative, ['two-sided', 'less', 'greater'] as const, 'two-sided');
  let method: 'auto' | 'exact' | 'asymptotic' = oneOf(fn, 'method', options.method, ['auto', 'exact', 'asymptotic'] as const, 'auto');
  const useContinuity = options.useContinuity ?? true;
  if (typeof useContinuity !== 'boolean') fail(fn, 'useContinuity', `must be true or false; got ${JSON.stringify(useContinuity)}`);
  const policy = checkNanPolicy(fn, options.nanPolicy);
  let xs = toFloat64(fn, 'x', x);
  let ys = toFloat64(fn, 'y', y);
  if (xs.length === 0) fail(fn, 'x', 'must not be empty');
  if (ys.length === 0) fail(fn, 'y', 'must not be empty');
  const nanX = countNaN(xs), nanY = countNaN(ys);
  if (nanX + nanY > 0) {
    if (policy === 'raise') fail(fn, nanX ? 'x' : 'y', `contains NaN (${nanX || nanY} values) and nanPolicy is 'raise'`);
    if (policy === 'propagate') return { statistic: NaN, pValue: NaN };
    xs = dropNaN(xs);
    ys = dropNaN(ys);
    if (xs.length === 0) fail(fn, 'x', "has no values left after omitting NaN (nanPolicy 'omit')");
    if (ys.length === 0) fail(fn, 'y', "has no values left after omitting NaN (nanPolicy 'omit')");
  }
  const n1 = xs.length, n2 = ys.length, n = n1 + n2;

  // Midranks (rankdata 'average'): a value's rank is the mean of the pooled positions of its tie group.
  const pooled = new Float64Array(n);
  pooled.set(xs);
  pooled.set(ys, n1);
  pooled.sort();
  let R1 = 0;
  for (let i = 0; i < n1; i++) R1 += (searchsorted(pooled, xs[i], 'left') + searchsorted(pooled, xs[i], 'right') + 1) / 2;
  // Tie counts t at each group's first sorted position (SciPy's _rankdata layout), reduced as np.sum(t³ − t).
  const tieTerms = new Float64Array(n);
  let ties = false;
  for (let i = 0; i < n;) {
    let j = i + 1;
    while (j < n && pooled[j] === pooled[i]) j++;
    const t = j - i;
    if (t > 1) ties = true;
    tieTerms[i] = t ** 3 - t;
    i = j;
  }
  const U1 = R1 - (n1 * (n1 + 1)) / 2;
  const U2 = n1 * n2 - U1;
  let U: number, f: number;
  if (alternative === 'greater') [U, f] = [U1, 1];
  else if (alternative === 'less') [U, f] = [U2, 1]; // SF of U2 rather than CDF of U1, by symmetry
  else [U, f] = [Math.max(U1, U2), 2];

  if (method === 'auto') method = (n1 > 8 && n2 > 8) || ties ? 'asymptotic' : 'exact';
  let p: number;
  if (method === 'exact') {
    // No tie correction (SciPy); a half-integer U from ties is truncated, as np.asarray(U, np.int64).
    p = mwuSf(Math.trunc(U), n1, n2);
  } else {
    // Tie-corrected normal approximation; the continuity correction always subtracts 1/2 because the SF is
    // used. With zero variance (e.g. x = [1], y = [1]) z = −0.5/0 = −∞ and p = 1: scipy 1.17.1 returns 1.0
    // for mannwhitneyu(1, 1, method='asymptotic') two-sided, which we follow; SciPy main returns NaN there.
    const mu = (n1 * n2) / 2;
    const tieTerm = npSum(tieTerms);
    const s = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
    let numerator = U - mu;
    if (useContinuity) numerator -= 0.5;
    p = ndtr(-(numerator / s));
  }
  p *= f;
  p = Math.min(Math.max(p, 0), 1); // two-sided exact with U = n1·n2/2 exceeds 1
  return { statistic: U1, pValue: p, method };
}
