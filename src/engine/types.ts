// The kernel interface both backends implement. Inputs are Float64Array (Int32Array for codes); results are
// fresh arrays owned by the caller (never views into WASM memory, which may be detached by memory.grow).

export type Backend = 'wasm' | 'js';

/** Histogram over edges e_0..e_{E-1}: bins [e_i, e_{i+1}), the last closed (numpy.histogram). */
export interface HistogramCounts {
  counts: Float64Array; // E - 1 bins
  under: number; // x < e_0
  over: number; // x > e_{E-1}
  nan: number;
}

/** Single-pass moments; min/max/mean/m2 over finite values only. */
export interface Moments {
  count: number; // finite values
  nanCount: number;
  posInfCount: number;
  negInfCount: number;
  min: number;
  max: number;
  mean: number;
  m2: number; // sum of squared deviations from the mean
}

export interface QuantileSummary {
  quantiles: Float64Array;
  count: number; // non-NaN values
  min: number;
  max: number;
}

export interface KsSweepResult {
  maxDiff: number; // max over pooled values of cdf_x - cdf_y
  maxLocation: number;
  minDiff: number;
  minLocation: number;
}

/** ecdfCounts: the KS extremes and the Wasserstein-1 distance of two samples with multiplicities. */
export interface EcdfCountsResult extends KsSweepResult {
  wasserstein: number;
}

export interface DivergenceSums {
  psi: number;
  klReferenceCurrent: number;
  klCurrentReference: number;
  jsDivergence: number; // nats
  jsDistance: number;
  hellinger: number;
  totalVariation: number;
  referenceProportions: Float64Array;
  currentProportions: Float64Array;
  psiContributions: Float64Array;
}

/** Smoothing of proportions: 0 = clip at epsilon then renormalise; 1 = additive (c + eps)/(n + k·eps). */
export type SmoothingMode = 0 | 1;

/** Index into the divergence layout (logratio.ts OUT_*), used by resampling kernels. */
export const BinnedStat = {
  psi: 0, klReferenceCurrent: 1, klCurrentReference: 2, jsDivergence: 3, jsDistance: 4, hellinger: 5,
  totalVariation: 6,
} as const;
export type BinnedStatName = keyof typeof BinnedStat;

/** Statistics of two sorted samples for resampling kernels. */
export const SortedStat = { ks: 0, ksGreater: 1, ksLess: 2, wasserstein: 3, energy: 4 } as const;
export type SortedStatName = keyof typeof SortedStat;

/**
 * A running bottom-k sample-sketch table (src/profile/sketch.ts documents the sketch), owned by the kernels
 * instance that created it: WASM tables live in that instance's memory until sketchFree.
 */
export interface SketchTable {
  readonly capacity: number;
}

/** A sketch's sample: distinct values ascending, their row counts, and whether no value was dropped. */
export interface SketchSample {
  values: Float64Array;
  counts: Float64Array;
  exact: boolean;
}

export interface Kernels {
  readonly backend: Backend;
  histogram(values: Float64Array, edges: Float64Array): HistogramCounts;
  histogramUniform(values: Float64Array, lo: number, hi: number, bins: number): HistogramCounts;
  histogramMoments(values: Float64Array, edges: Float64Array): { histogram: HistogramCounts; moments: Moments };
  moments(values: Float64Array): Moments;
  /** counts[0..k) of codes 0..k-1; counts[k] = codes outside [0, k) (negative = missing). */
  countCodes(codes: Int32Array, k: number): Float64Array;
  /** Sorted copy without NaN, and how many NaN were dropped. */
  sort(values: Float64Array): { sorted: Float64Array; nanCount: number };
  /** Stable permutation sorting NaN-free values ascending (-0 before +0, ties in input order). */
  argsort(values: Float64Array): Uint32Array;
  ksSweep(xSorted: Float64Array, ySorted: Float64Array): KsSweepResult;
  /**
   * ksSweep and cdfDistance(p = 1) in one sweep over sorted values with multiplicities (undefined: 1 each),
   * equal to both on the expanded samples; costs O(distinct values), not O(rows).
   */
  ecdfCounts(x: Float64Array, xCounts: Float64Array | undefined, y: Float64Array, yCounts: Float64Array | undefined): EcdfCountsResult;
  /**
   * The current side of a numeric comparison with one copy of the column: its histogram over edges, then
   * its non-NaN values sorted and swept (ecdfCounts) against a reference sample with multiplicities.
   * sweep is undefined when either side has no value; sorted = the column's non-NaN count.
   */
  columnVsSample(values: Float64Array, edges: Float64Array, refValues: Float64Array, refCounts: Float64Array):
    { histogram: HistogramCounts; sorted: number; sweep: EcdfCountsResult | undefined };
  /** p = 1: Σ|U−V|Δ (Wasserstein-1); p = 2: Σ(U−V)²Δ (energy distance before sqrt(2·)). */
  cdfDistance(xSorted: Float64Array, ySorted: Float64Array, p: 1 | 2): number;
  cdfDistanceWeighted(xSorted: Float64Array, xWeights: Float64Array, ySorted: Float64Array, yWeights: Float64Array, p: 1 | 2): number;
  cvmU(xSorted: Float64Array, ySorted: Float64Array): number;
  quantiles(sorted: Float64Array, probs: Float64Array): Float64Array;
  /**
   * numpy.quantile(values, probs) ('linear') over the non-NaN values, with their min, max and count, from
   * unsorted input (WASM: selects only the needed order statistics). count 0: quantiles are NaN.
   */
  quantileSummary(values: Float64Array, probs: Float64Array): QuantileSummary;
  binnedDivergences(ref: Float64Array, cur: Float64Array, epsilon: number, mode: SmoothingMode): DivergenceSums;
  bootstrapBinned(ref: Float64Array, cur: Float64Array, B: number, seed: number, stat: number, epsilon: number, mode: SmoothingMode): Float64Array;
  bootstrapSorted(xSorted: Float64Array, ySorted: Float64Array, B: number, seed: number, stat: number): Float64Array;
  permutationSorted(pooledSorted: Float64Array, n1: number, B: number, seed: number, stat: number): Float64Array;
  permutationBinned(pooledCounts: Float64Array, nRef: number, B: number, seed: number, stat: number, epsilon: number, mode: SmoothingMode): Float64Array;
  /**
   * Indices of finite values whose sample-sketch hash h1 is <= thr (u32): the profile sketch's pre-filter
   * (src/profile/sketch.ts documents the hash).
   */
  sketchCandidates(values: Float64Array, thr: number): Int32Array;
  /**
   * An empty sample-sketch table keeping `capacity` (1..1e7) values. WASM: its memory is also released when
   * `owner` (default: the table) has been garbage-collected, should sketchFree never be called.
   */
  sketchCreate(capacity: number, owner?: object): SketchTable;
  /** Add a column's finite values (NaN and ±Infinity skipped, -0 counted as +0) to a table of these kernels. */
  sketchAdd(table: SketchTable, values: Float64Array): void;
  /** The table's sample so far (adding may go on afterwards). */
  sketchSample(table: SketchTable): SketchSample;
  /** Release the table's memory (idempotent); the table is unusable afterwards. */
  sketchFree(table: SketchTable): void;
  /** Raw PRNG stream (xoshiro128**), for tests of twin equality. */
  rng(seed: number, n: number): Uint32Array;
}
