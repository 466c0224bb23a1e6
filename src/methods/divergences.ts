// Binned divergences between a reference and a current sample: PSI with per-bin contributions, KL in
// both directions, Jensen–Shannon, Hellinger and total variation.
//
// Smoothing (the `epsilon` and `smoothing` options): by default proportions are clipped at
// epsilon = 1e-6 and renormalised ('clip', as drift tools do), which keeps PSI/KL finite when a bin empties
// while changing no bin that holds at least one row in a million. `smoothing: 'additive'` uses
// (c + epsilon)/(n + k·epsilon) instead; `epsilon: 0` gives raw proportions (an emptied bin then makes
// PSI and KL infinite, as SciPy's entropy would).
import { fail, optionsObject } from '../errors.js';
import { toFloat64, type NumericInput } from '../input.js';
import { kernels, type Backend } from '../engine/index.js';
import type { SmoothingMode } from '../engine/types.js';
import { relEntr } from '../engine/js/logratio.js';
import { checkBins, checkEdges, referenceEdges } from './binning.js';

export const DEFAULT_EPSILON = 1e-6;

export interface SmoothingOptions {
  epsilon?: number;
  smoothing?: 'clip' | 'additive';
  backend?: Backend;
}

export function smoothingOf(fn: string, o: SmoothingOptions): { eps: number; mode: SmoothingMode } {
  if (o.smoothing !== undefined && o.smoothing !== 'clip' && o.smoothing !== 'additive') {
    fail(fn, 'smoothing', `must be 'clip' or 'additive'; got ${JSON.stringify(o.smoothing)}`);
  }
  const additive = o.smoothing === 'additive';
  const eps = o.epsilon ?? DEFAULT_EPSILON;
  // clip: a floor on proportions, so below 1; additive: a pseudo-count per bin (1 = Laplace)
  if (typeof eps !== 'number' || !(eps >= 0 && (additive ? eps < Infinity : eps < 1))) {
    fail(fn, 'epsilon', `must be a number in ${additive ? '[0, Infinity) for additive smoothing' : '[0, 1)'}; got ${JSON.stringify(o.epsilon)}`);
  }
  return { eps, mode: additive ? 1 : 0 };
}

export interface BinnedDivergencesResult {
  psi: number;
  psiContributions: Float64Array;
  klReferenceCurrent: number;
  klCurrentReference: number;
  /** sqrt of jsDivergence (natural log), as scipy.spatial.distance.jensenshannon. */
  jsDistance: number;
  /** Jensen–Shannon divergence in nats. */
  jsDivergence: number;
  hellinger: number;
  totalVariation: number;
  referenceProportions: Float64Array;
  currentProportions: Float64Array;
}

export function checkCounts(fn: string, name: string, countsIn: unknown): Float64Array {
  const c = toFloat64(fn, name, countsIn);
  if (c.length === 0) fail(fn, name, 'must not be empty');
  let total = 0;
  for (let i = 0; i < c.length; i++) {
    if (!(c[i] >= 0 && c[i] < Infinity)) fail(fn, name, `must hold non-negative finite counts; index ${i} is ${c[i]}`);
    total += c[i];
  }
  if (!(total > 0)) fail(fn, name, 'must have a positive total');
  return c;
}

/** Divergences between two count vectors over the same bins. */
export function binnedDivergences(referenceCounts: NumericInput, currentCounts: NumericInput, options: SmoothingOptions = {}): BinnedDivergencesResult {
  optionsObject('binnedDivergences', options);
  const fn = 'binnedDivergences';
  const r = checkCounts(fn, 'referenceCounts', referenceCounts);
  const c = checkCounts(fn, 'currentCounts', currentCounts);
  if (r.length !== c.length) fail(fn, 'currentCounts', `must have the same length as referenceCounts (${r.length}); got ${c.length}`);
  const { eps, mode } = smoothingOf(fn, options);
  return kernels(fn, options.backend).binnedDivergences(r, c, eps, mode);
}

export interface BinnedOptions extends SmoothingOptions {
  /** Number of quantile bins fitted on the reference (default 10). */
  bins?: number;
  /** Explicit bin edges instead of quantiles; the outer edges are opened to ±Infinity. */
  edges?: NumericInput;
}

export interface BinnedComparison extends BinnedDivergencesResult {
  edges: Float64Array;
  referenceCounts: Float64Array;
  currentCounts: Float64Array;
  /** NaN values ignored on each side (missing values are not binned). */
  referenceNaN: number;
  currentNaN: number;
}

/** Fit edges on the reference (or take given ones), count both sides, and compute every divergence. */
export function binnedComparison(fn: string, reference: NumericInput, current: NumericInput, o: BinnedOptions): BinnedComparison {
  const ref = toFloat64(fn, 'reference', reference);
  const cur = toFloat64(fn, 'current', current);
  const { eps, mode } = smoothingOf(fn, o);
  const K = kernels(fn, o.backend);
  let edges: Float64Array;
  let refHist;
  if (o.edges !== undefined) {
    edges = checkEdges(fn, o.edges).slice();
    edges[0] = -Infinity;
    edges[edges.length - 1] = Infinity;
    refHist = K.histogram(ref, edges);
  } else {
    edges = referenceEdges(fn, 'reference', K, ref, checkBins(fn, o.bins));
    refHist = K.histogram(ref, edges);
  }
  const curHist = K.histogram(cur, edges);
  if (refHist.nan === ref.length) fail(fn, 'reference', ref.length ? 'has no non-NaN values' : 'must not be empty');
  if (curHist.nan === cur.length) fail(fn, 'current', cur.length ? 'has no non-NaN values' : 'must not be empty');
  const d = K.binnedDivergences(refHist.counts, curHist.counts, eps, mode);
  return { ...d, edges, referenceCounts: refHist.counts, currentCounts: curHist.counts, referenceNaN: refHist.nan, currentNaN: curHist.nan };
}

export interface BinnedMetricResult {
  value: number;
  edges: Float64Array;
  referenceCounts: Float64Array;
  currentCounts: Float64Array;
  referenceProportions: Float64Array;
  currentProportions: Float64Array;
  /** Per-bin terms that sum to `value` (for Hellinger and JS distance: to value², the quantity under the root). */
  contributions: Float64Array;
  referenceNaN: number;
  currentNaN: number;
}

function metric(b: BinnedComparison, value: number, contributions: Float64Array): BinnedMetricResult {
  return {
    value, edges: b.edges, referenceCounts: b.referenceCounts, currentCounts: b.currentCounts,
    referenceProportions: b.referenceProportions, currentProportions: b.currentProportions, contributions,
    referenceNaN: b.referenceNaN, currentNaN: b.currentNaN,
  };
}

const perBin = (p: Float64Array, q: Float64Array, f: (a: number, b: number) => number): Float64Array => {
  const out = new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) out[i] = f(p[i], q[i]);
  return out;
};

/**
 * Population Stability Index: Σ (q − p)·ln(q/p) over quantile bins of the reference (default 10 bins,
 * epsilon 1e-6 clip). Usual reading: < 0.1 stable, 0.1–0.25 moderate shift, > 0.25 major shift.
 */
export function psi(reference: NumericInput, current: NumericInput, options: BinnedOptions = {}): BinnedMetricResult {
  optionsObject('psi', options);
  const b = binnedComparison('psi', reference, current, options);
  return metric(b, b.psi, b.psiContributions);
}

export interface KlOptions extends BinnedOptions {
  /**
   * 'reference-current' (default) is KL(P_ref ‖ P_cur) = scipy.stats.entropy(p_ref, p_cur), the expected
   * extra surprise of reference-like data under the current distribution; it is what Evidently reports.
   */
  direction?: 'reference-current' | 'current-reference';
}

export function klDivergence(reference: NumericInput, current: NumericInput, options: KlOptions = {}): BinnedMetricResult {
  optionsObject('klDivergence', options);
  const fn = 'klDivergence';
  const dir = options.direction ?? 'reference-current';
  if (dir !== 'reference-current' && dir !== 'current-reference') {
    fail(fn, 'direction', `must be 'reference-current' or 'current-reference'; got ${JSON.stringify(dir)}`);
  }
  const b = binnedComparison(fn, reference, current, options);
  const [p, q] = dir === 'reference-current' ? [b.referenceProportions, b.currentProportions] : [b.currentProportions, b.referenceProportions];
  return metric(b, dir === 'reference-current' ? b.klReferenceCurrent : b.klCurrentReference, perBin(p, q, relEntr));
}

export interface JsOptions extends BinnedOptions {
  /** Logarithm base of the divergence (default e; 2 bounds it by 1). */
  base?: number;
}

/** Jensen–Shannon divergence (not its square root; see `distance`) in the chosen base. */
export function jsDivergence(reference: NumericInput, current: NumericInput, options: JsOptions = {}): BinnedMetricResult & { distance: number } {
  optionsObject('jsDivergence', options);
  const fn = 'jsDivergence';
  const base = options.base;
  if (base !== undefined && !(typeof base === 'number' && base > 0 && base !== 1)) fail(fn, 'base', `must be a positive number other than 1; got ${JSON.stringify(base)}`);
  const b = binnedComparison(fn, reference, current, options);
  const scale = base === undefined ? 1 : 1 / Math.log(base);
  const contrib = perBin(b.referenceProportions, b.currentProportions, (a, c) => {
    const m = (a + c) / 2;
    return ((relEntr(a, m) + relEntr(c, m)) / 2) * scale;
  });
  const value = b.jsDivergence * scale;
  return { ...metric(b, value, contrib), distance: Math.sqrt(value) };
}

/** Hellinger distance sqrt(½ Σ (√p − √q)²), in [0, 1]. */
export function hellinger(reference: NumericInput, current: NumericInput, options: BinnedOptions = {}): BinnedMetricResult {
  optionsObject('hellinger', options);
  const b = binnedComparison('hellinger', reference, current, options);
  return metric(b, b.hellinger, perBin(b.referenceProportions, b.currentProportions, (a, c) => (Math.sqrt(a) - Math.sqrt(c)) ** 2 / 2));
}

/** Total variation distance ½ Σ |p − q|, in [0, 1]. */
export function totalVariation(reference: NumericInput, current: NumericInput, options: BinnedOptions = {}): BinnedMetricResult {
  optionsObject('totalVariation', options);
  const b = binnedComparison('totalVariation', reference, current, options);
  return metric(b, b.totalVariation, perBin(b.referenceProportions, b.currentProportions, (a, c) => Math.abs(a - c) / 2));
}
