// Bootstrap confidence intervals and permutation p-values for drift scores, reproducible from a seed.
// Randomness: xoshiro128** seeded through splitmix32 (identical streams in WASM and JS).
// - Binned scores (PSI, KL, JS, Hellinger, TV): edges are fitted once on the full reference; a bootstrap
//   replicate draws each side's bin counts from a multinomial with the observed proportions, which is exactly
//   the distribution of the counts of a row resample, at O(bins) per replicate. Permutation replicates
//   shuffle the pooled rows' bin labels.
// - KS, Wasserstein, energy: rows are resampled (a resample of a sorted sample is the sample with random
//   multiplicities, so it stays sorted); permutations split the pooled sorted sample by shuffled labels.
import { fail, optionsObject } from '../errors.js';
import type { NumericInput } from '../input.js';
import { kernels, type Kernels } from '../engine/index.js';
import { BinnedStat, SortedStat } from '../engine/types.js';
import { binnedComparison, smoothingOf, type BinnedOptions } from './divergences.js';
import { sortedPair } from './samples.js';

/** The binned drift scores (fields of binnedDivergences()'s result) and the sorted-sample statistics. */
export type ResampleStatistic =
  | 'psi' | 'klReferenceCurrent' | 'klCurrentReference' | 'jsDivergence' | 'jsDistance' | 'hellinger' | 'totalVariation'
  | 'ks' | 'wasserstein' | 'energy';
// spelled out for the public declarations; kept equal to the kernels' list at compile time
const sameStatistics: [keyof typeof BinnedStat | 'ks' | 'wasserstein' | 'energy'] extends [ResampleStatistic]
  ? [ResampleStatistic] extends [keyof typeof BinnedStat | 'ks' | 'wasserstein' | 'energy'] ? true : false : false = true;
void sameStatistics;

export interface ResampleOptions extends BinnedOptions {
  statistic?: ResampleStatistic;
  nResamples?: number;
  /** Seed of the PRNG (integer in [0, 2^32)); default 0, so results are reproducible unless you vary it. */
  seed?: number;
}

export interface BootstrapOptions extends ResampleOptions {
  confidenceLevel?: number;
}

export interface BootstrapResult {
  statistic: ResampleStatistic;
  /** The score on the observed data. */
  value: number;
  /** Percentile interval of the bootstrap distribution (numpy 'linear' percentiles, as SciPy). */
  confidenceInterval: { low: number; high: number };
  confidenceLevel: number;
  /** Standard deviation (ddof 1) of the bootstrap distribution. */
  standardError: number;
  distribution: Float64Array;
  method: 'multinomial-counts' | 'row-resampling';
  nResamples: number;
  seed: number;
}

export interface PermutationResult {
  statistic: ResampleStatistic;
  value: number;
  /** (#{null ≥ observed} + 1)/(B + 1), SciPy permutation_test's randomized 'greater' p-value. */
  pValue: number;
  nullDistribution: Float64Array;
  nResamples: number;
  seed: number;
}

const SORTED: Record<string, number> = { ks: SortedStat.ks, wasserstein: SortedStat.wasserstein, energy: SortedStat.energy };

function common(fn: string, o: ResampleOptions): { stat: ResampleStatistic; B: number; seed: number } {
  const stat = o.statistic ?? 'psi';
  if (!(stat in BinnedStat) && !(stat in SORTED)) {
    fail(fn, 'statistic', `must be one of ${[...Object.keys(BinnedStat), ...Object.keys(SORTED)].join(', ')}; got ${JSON.stringify(stat)}`);
  }
  const B = o.nResamples ?? 1000;
  if (!Number.isInteger(B) || B < 1 || B > 10_000_000) fail(fn, 'nResamples', `must be an integer in [1, 1e7]; got ${JSON.stringify(B)}`);
  const seed = o.seed ?? 0;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) fail(fn, 'seed', `must be an integer in [0, 2^32); got ${JSON.stringify(seed)}`);
  return { stat, B, seed };
}

/** Observed value and resampling context for a sorted-sample statistic. */
function sortedContext(fn: string, reference: NumericInput, current: NumericInput, o: ResampleOptions, stat: string) {
  const s = sortedPair(fn, reference, current, { nanPolicy: 'omit', backend: o.backend }, ['reference', 'current']);
  const id = SORTED[stat];
  const K: Kernels = s.K;
  let value: number;
  if (id === SortedStat.ks) {
    const w = K.ksSweep(s.x, s.y);
    value = Math.max(w.maxDiff, Math.min(Math.max(-w.minDiff, 0), 1));
  } else {
    const d = K.cdfDistance(s.x, s.y, id === SortedStat.wasserstein ? 1 : 2);
    value = id === SortedStat.wasserstein ? d : Math.SQRT2 * Math.sqrt(d);
  }
  return { K, x: s.x, y: s.y, id, value };
}

function percentile(K: Kernels, dist: Float64Array, probs: number[]): Float64Array {
  const { sorted } = K.sort(dist);
  if (sorted.length === 0) return new Float64Array(probs.length).fill(NaN);
  return K.quantiles(sorted, Float64Array.from(probs));
}

function stdDdof1(x: Float64Array): number {
  if (x.length < 2) return NaN;
  let m = 0;
  for (let i = 0; i < x.length; i++) m += x[i];
  m /= x.length;
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] - m) ** 2;
  return Math.sqrt(s / (x.length - 1));
}

/** Bootstrap confidence interval of a drift score between reference and current. */
export function bootstrap(reference: NumericInput, current: NumericInput, options: BootstrapOptions = {}): BootstrapResult {
  optionsObject('bootstrap', options);
  const fn = 'bootstrap';
  const { stat, B, seed } = common(fn, options);
  const cl = options.confidenceLevel ?? 0.95;
  if (typeof cl !== 'number' || !(cl > 0 && cl < 1)) fail(fn, 'confidenceLevel', `must be a number in (0, 1); got ${JSON.stringify(cl)}`);
  let K: Kernels, value: number, dist: Float64Array, method: BootstrapResult['method'];
  if (stat in BinnedStat) {
    const b = binnedComparison(fn, reference, current, options);
    const { eps, mode } = smoothingOf(fn, options);
    K = kernelsOf(fn, options);
    value = b[stat as keyof typeof BinnedStat];
    dist = K.bootstrapBinned(b.referenceCounts, b.currentCounts, B, seed, BinnedStat[stat as keyof typeof BinnedStat], eps, mode);
    method = 'multinomial-counts';
  } else {
    const c = sortedContext(fn, reference, current, options, stat);
    K = c.K; value = c.value;
    dist = K.bootstrapSorted(c.x, c.y, B, seed, c.id);
    method = 'row-resampling';
  }
  const alpha = (1 - cl) / 2;
  const [low, high] = percentile(K, dist, [alpha, 1 - alpha]);
  return {
    statistic: stat, value, confidenceInterval: { low, high }, confidenceLevel: cl, standardError: stdDdof1(dist),
    distribution: dist, method, nResamples: B, seed,
  };
}

/** Permutation test of "reference and current come from one distribution", large scores being evidence. */
export function permutationTest(reference: NumericInput, current: NumericInput, options: ResampleOptions = {}): PermutationResult {
  optionsObject('permutationTest', options);
  const fn = 'permutationTest';
  const { stat, B, seed } = common(fn, options);
  let value: number, nulls: Float64Array;
  if (stat in BinnedStat) {
    const b = binnedComparison(fn, reference, current, options);
    const { eps, mode } = smoothingOf(fn, options);
    if (b.edges.length - 1 > 255) fail(fn, 'bins', 'must be at most 255 for permutation tests of binned scores');
    const pooled = b.referenceCounts.map((c, i) => c + b.currentCounts[i]);
    let nRef = 0;
    for (const c of b.referenceCounts) nRef += c;
    value = b[stat as keyof typeof BinnedStat];
    nulls = kernelsOf(fn, options).permutationBinned(pooled, nRef, B, seed, BinnedStat[stat as keyof typeof BinnedStat], eps, mode);
  } else {
    const c = sortedContext(fn, reference, current, options, stat);
    value = c.value;
    const pooled = new Float64Array(c.x.length + c.y.length);
    pooled.set(c.x); pooled.set(c.y, c.x.length);
    nulls = c.K.permutationSorted(c.K.sort(pooled).sorted, c.x.length, B, seed, c.id);
  }
  // SciPy compares with a relative slack of 100 ulps so that ties with the observed value count.
  const threshold = value - Math.abs(value) * 100 * Number.EPSILON;
  let ge = 0;
  for (let i = 0; i < nulls.length; i++) if (nulls[i] >= threshold) ge++;
  return { statistic: stat, value, pValue: (ge + 1) / (B + 1), nullDistribution: nulls, nResamples: B, seed };
}

const kernelsOf = (fn: string, o: ResampleOptions): Kernels => kernels(fn, o.backend);
