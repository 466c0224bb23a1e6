// NumPy's binning conventions: quantile edges with numpy.quantile's default 'linear' method (duplicates
// removed, outer edges opened to ±Infinity so values outside the reference range are counted), and
// numpy.histogram's bins [e_i, e_{i+1}) with the last bin closed.
import { fail } from '../errors.js';
import { toFloat64, type NumericInput } from '../input.js';
import { kernels, type Backend } from '../engine/index.js';
import { quantilesLinear } from '../engine/js/ecdf.js';
import type { HistogramCounts } from '../engine/types.js';

export interface BinningOptions {
  backend?: Backend;
}

export function checkBins(fn: string, bins: unknown): number {
  if (bins === undefined) return 10;
  if (typeof bins !== 'number' || !Number.isInteger(bins) || bins < 1 || bins > 100_000) {
    fail(fn, 'bins', `must be an integer between 1 and 100000; got ${JSON.stringify(bins)}`);
  }
  return bins;
}

/**
 * Quantile edges from an already sorted, NaN-free, finite reference. The bins + 1 quantiles are a few
 * lookups, computed here with the JS twin's arithmetic (identical to the kernel's), which saves copying
 * the sorted reference back into WASM memory.
 */
export function edgesFromSorted(sorted: Float64Array, bins: number): Float64Array {
  const probs = new Float64Array(bins + 1);
  for (let k = 0; k <= bins; k++) probs[k] = k / bins;
  const q = quantilesLinear(sorted, probs);
  const uniq: number[] = [];
  for (let i = 0; i < q.length; i++) if (i === 0 || q[i] !== uniq[uniq.length - 1]) uniq.push(q[i]);
  if (uniq.length < 2) return Float64Array.of(-Infinity, Infinity);
  uniq[0] = -Infinity;
  uniq[uniq.length - 1] = Infinity;
  return Float64Array.from(uniq);
}

/**
 * Bin edges at numpy.quantile(reference, k/bins), k = 0..bins ('linear'), exact duplicates removed, outer
 * edges replaced by ±Infinity: at most `bins` bins (fewer for heavily tied data; one for a constant).
 * NaN in the reference is ignored; ±Infinity is an error (numpy's interpolation would give NaN edges).
 */
export function quantileEdges(reference: NumericInput, bins = 10, options: BinningOptions = {}): Float64Array {
  const fn = 'quantileEdges';
  const ref = toFloat64(fn, 'reference', reference);
  const b = checkBins(fn, bins);
  const K = kernels(fn, options.backend);
  const { sorted } = K.sort(ref);
  return edgesFromSorted(checkedReference(fn, 'reference', sorted), b);
}

/** A sorted reference must have values and no infinities. */
export function checkedReference(fn: string, name: string, sorted: Float64Array): Float64Array {
  if (sorted.length === 0) fail(fn, name, 'must contain at least one non-NaN value');
  if (sorted[0] === -Infinity || sorted[sorted.length - 1] === Infinity) {
    fail(fn, name, 'must be finite to fit quantile bin edges (contains ±Infinity)');
  }
  return sorted;
}

export function checkEdges(fn: string, edgesIn: unknown): Float64Array {
  const edges = toFloat64(fn, 'edges', edgesIn);
  if (edges.length < 2) fail(fn, 'edges', `must have at least 2 values; got ${edges.length}`);
  for (let i = 0; i < edges.length; i++) {
    if (edges[i] !== edges[i]) fail(fn, 'edges', `must not contain NaN (index ${i})`);
    if (i > 0 && !(edges[i] > edges[i - 1])) fail(fn, 'edges', `must increase strictly; edges[${i}] = ${edges[i]} <= edges[${i - 1}] = ${edges[i - 1]}`);
  }
  return edges;
}

/**
 * numpy.histogram(values, edges)[0]: counts in [e_i, e_{i+1}), the last bin [e_{k-1}, e_k] closed. Values
 * outside [e_0, e_k] and NaN are not counted (use histogramDetailed to see how many).
 */
export function histogram(values: NumericInput, edges: NumericInput, options: BinningOptions = {}): Float64Array {
  return histogramDetailed(values, edges, options).counts;
}

/** histogram() plus the number of values below, above and NaN. */
export function histogramDetailed(values: NumericInput, edges: NumericInput, options: BinningOptions = {}) {
  const fn = 'histogram';
  const v = toFloat64(fn, 'values', values);
  const e = checkEdges(fn, edges);
  return kernels(fn, options.backend).histogram(v, e);
}

/** First index with sorted[i] >= v (lower) or > v (upper). */
function bound(sorted: Float64Array, v: number, upper: boolean): number {
  let lo = 0, hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (upper ? sorted[mid] <= v : sorted[mid] < v) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/**
 * The histogram of an already sorted, NaN-free sample by binary search at each edge: O(bins · log n)
 * instead of a pass over the values. Same bins as histogram() ([e_i, e_i+1), last closed).
 */
export function histogramOfSorted(sorted: Float64Array, edges: Float64Array): HistogramCounts {
  const E = edges.length;
  const lower = new Float64Array(E);
  for (let i = 0; i < E; i++) lower[i] = bound(sorted, edges[i], false);
  const lastUpper = bound(sorted, edges[E - 1], true);
  const counts = new Float64Array(E - 1);
  for (let b = 0; b < E - 1; b++) counts[b] = (b === E - 2 ? lastUpper : lower[b + 1]) - lower[b];
  return { counts, under: lower[0], over: sorted.length - lastUpper, nan: 0 };
}
