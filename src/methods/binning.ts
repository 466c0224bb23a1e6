// NumPy's binning conventions: quantile edges with numpy.quantile's default 'linear' method (duplicates
// removed, outer edges opened to ±Infinity so values outside the reference range are counted), and
// numpy.histogram's bins [e_i, e_{i+1}) with the last bin closed.
import { fail } from '../errors.js';
import { toFloat64, type NumericInput } from '../input.js';
import { kernels, type Backend, type Kernels } from '../engine/index.js';

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

/** probs k/bins, k = 0..bins (each the correctly rounded division, as numpy's k/bins). */
export function binProbs(bins: number): Float64Array {
  const probs = new Float64Array(bins + 1);
  for (let k = 0; k <= bins; k++) probs[k] = k / bins;
  return probs;
}

/** Edges from the bins + 1 quantiles: exact duplicates removed, outer edges opened to ±Infinity. */
export function edgesFromQuantiles(q: Float64Array): Float64Array {
  const uniq: number[] = [];
  for (let i = 0; i < q.length; i++) if (i === 0 || q[i] !== uniq[uniq.length - 1]) uniq.push(q[i]);
  if (uniq.length < 2) return Float64Array.of(-Infinity, Infinity);
  uniq[0] = -Infinity;
  uniq[uniq.length - 1] = Infinity;
  return Float64Array.from(uniq);
}

/**
 * Quantile edges of a reference (kernel: order statistics by selection, no full sort). NaN is ignored;
 * an empty or all-NaN reference, or one holding ±Infinity, is an error naming the argument.
 */
export function referenceEdges(fn: string, name: string, K: Kernels, ref: Float64Array, bins: number): Float64Array {
  const s = K.quantileSummary(ref, binProbs(bins));
  if (s.count === 0) fail(fn, name, ref.length ? 'has no non-NaN values' : 'must not be empty');
  if (s.min === -Infinity || s.max === Infinity) fail(fn, name, 'must be finite to fit quantile bin edges (contains ±Infinity)');
  return edgesFromQuantiles(s.quantiles);
}

/**
 * Bin edges at numpy.quantile(reference, k/bins), k = 0..bins ('linear'), exact duplicates removed, outer
 * edges replaced by ±Infinity: at most `bins` bins (fewer for heavily tied data; one for a constant).
 * NaN in the reference is ignored; ±Infinity is an error (numpy's interpolation would give NaN edges).
 */
export function quantileEdges(reference: NumericInput, bins = 10, options: BinningOptions = {}): Float64Array {
  const fn = 'quantileEdges';
  const ref = toFloat64(fn, 'reference', reference);
  return referenceEdges(fn, 'reference', kernels(fn, options.backend), ref, checkBins(fn, bins));
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

