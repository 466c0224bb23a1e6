// NumPy's binning conventions: quantile edges with numpy.quantile's default 'linear' method (duplicates
// removed, outer edges opened to ±Infinity so values outside the reference range are counted), and
// numpy.histogram's bins [e_i, e_{i+1}) with the last bin closed.
import { fail, optionsObject } from '../errors.js';
import { toFloat64, type NumericInput } from '../input.js';
import { kernels, type Backend, type Kernels } from '../engine/index.js';
import { linspaceEdges } from '../engine/slots.js';
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

/** probs k/bins, k = 0..bins (each the correctly rounded division, as numpy's k/bins). */
export function binProbs(bins: number): Float64Array {
  const probs = new Float64Array(bins + 1);
  for (let k = 0; k <= bins; k++) probs[k] = k / bins;
  return probs;
}

/**
 * Outer edges opened to ±Infinity, and inner ones kept only while finite and increasing: NumPy's linear
 * interpolation overflows between values near ±1.8e308 (a + (b − a)·t with b − a = Infinity) and gives ±Infinity
 * or NaN quantiles, which as edges would be out of order.
 */
function openEdges(e: readonly number[]): Float64Array {
  const out = [-Infinity];
  for (let i = 1; i < e.length - 1; i++) if (Number.isFinite(e[i]) && e[i] > out[out.length - 1]) out.push(e[i]);
  out.push(Infinity);
  return Float64Array.from(out);
}

/** Edges from the bins + 1 quantiles: exact duplicates removed, outer edges opened to ±Infinity. */
export function edgesFromQuantiles(q: Float64Array): Float64Array {
  const uniq: number[] = [];
  for (let i = 0; i < q.length; i++) if (i === 0 || q[i] !== uniq[uniq.length - 1]) uniq.push(q[i]);
  if (uniq.length < 2) return Float64Array.of(-Infinity, Infinity);
  return openEdges(uniq);
}

/** The next double above x (x finite). */
function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  const b = new Float64Array([x]);
  const u = new BigInt64Array(b.buffer);
  u[0] += x > 0 ? 1n : -1n;
  return b[0];
}

/**
 * A profile's bin edges from the bins + 1 quantiles: as edgesFromQuantiles, except that a value repeated among
 * the quantiles (a point mass of at least 1/bins of the rows, e.g. the zeros of a mostly-zero column, or each
 * value of a 0/1 column) gets a bin of its own, [v, nextUp(v)). Plain quantile edges merge such a mass with its
 * neighbours — all of a 98%-zero column, or both values of a 0/1 column, fall in one bin — and a binned
 * statistic over one bin is 0 whatever the data do.
 */
export function profileEdges(q: Float64Array): Float64Array {
  const out: number[] = [];
  for (let i = 0; i < q.length; i++) {
    const v = q[i];
    if (i > 0 && v === q[i - 1]) continue;
    // the previous mass's own bin may end exactly here
    if (!(out.length && v === out[out.length - 1])) out.push(v);
    if (i + 1 < q.length && q[i + 1] === v) out.push(nextUp(v));
  }
  if (out.length < 2) return Float64Array.of(-Infinity, Infinity);
  return openEdges(out);
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
 * Edges from numpy.quantile's k/bins quantiles of a reference holding ±Infinity: the outer edges are ±Infinity
 * as always; an inner quantile NumPy interpolates to ±Infinity or NaN (its interpolation touches an infinite
 * value) is no edge, so the infinite values and the finite ones next to them share the outer bin. Inner edges
 * that are finite are NumPy's; exact duplicates (and inner values equal to an outer quantile) are removed as in
 * edgesFromQuantiles.
 */
export function edgesFromQuantilesWithInfinity(q: Float64Array): Float64Array {
  const first = q[0], last = q[q.length - 1];
  const out = [-Infinity];
  for (let i = 1; i < q.length - 1; i++) {
    const x = q[i];
    if (Number.isFinite(x) && x !== first && x !== last && x !== out[out.length - 1]) out.push(x);
  }
  out.push(Infinity);
  return Float64Array.from(out);
}

/**
 * Bin edges at numpy.quantile(reference, k/bins), k = 0..bins ('linear'), exact duplicates removed, outer
 * edges replaced by ±Infinity: at most `bins` bins (fewer for heavily tied data; one for a constant).
 * NaN in the reference is ignored. ±Infinity is accepted as NumPy accepts it: an infinite value ranks below
 * or above every finite one and belongs to the outer bin; an inner edge NumPy would interpolate as ±Infinity
 * or NaN (next to an infinite value) is left out, merging its bin into the outer one. A reference of only
 * infinite values gives the single bin [-Infinity, Infinity]. Empty or all-NaN is an error.
 */
export function quantileEdges(reference: NumericInput, bins = 10, options: BinningOptions = {}): Float64Array {
  optionsObject('quantileEdges', options);
  const fn = 'quantileEdges';
  const ref = toFloat64(fn, 'reference', reference);
  const nb = checkBins(fn, bins);
  const s = kernels(fn, options.backend).quantileSummary(ref, binProbs(nb));
  if (s.count === 0) fail(fn, 'reference', ref.length ? 'has no non-NaN values' : 'must not be empty');
  return s.min === -Infinity || s.max === Infinity ? edgesFromQuantilesWithInfinity(s.quantiles) : edgesFromQuantiles(s.quantiles);
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

export interface HistogramOptions extends BinningOptions {
  /** With an integer bin count: the range [lo, hi] of the equal-width bins (default: min and max of values). */
  range?: [number, number];
}

export interface HistogramResult extends HistogramCounts {
  edges: Float64Array;
}

/**
 * numpy.histogram(values, bins)[0]. `bins` is either the edges (bins [e_i, e_{i+1}), the last closed) or a
 * number of equal-width bins over `range` (default the min and max of the values, widened by ±0.5 when they
 * are equal, as numpy does), computed by the equal-width fast path. Values outside the edges and NaN are
 * not counted (histogramDetailed reports how many).
 */
export function histogram(values: NumericInput, bins: NumericInput | number, options: HistogramOptions = {}): Float64Array {
  optionsObject('histogram', options);
  return histogramDetailed(values, bins, options).counts;
}

/** histogram() plus the edges and the number of values below, above and NaN. */
export function histogramDetailed(values: NumericInput, bins: NumericInput | number, options: HistogramOptions = {}): HistogramResult {
  optionsObject('histogramDetailed', options);
  const fn = 'histogram';
  const v = toFloat64(fn, 'values', values);
  const K = kernels(fn, options.backend);
  if (typeof bins !== 'number') {
    if (options.range !== undefined) fail(fn, 'range', 'applies only when bins is a number of bins');
    const e = checkEdges(fn, bins);
    return { ...K.histogram(v, e), edges: e };
  }
  const nb = checkBins(fn, bins);
  let lo: number, hi: number;
  if (options.range !== undefined) {
    const r = options.range;
    if (!Array.isArray(r) || r.length !== 2 || !Number.isFinite(r[0]) || !Number.isFinite(r[1]) || !(r[0] <= r[1])) {
      fail(fn, 'range', `must be [lo, hi] with finite lo <= hi; got ${JSON.stringify(r)}`);
    }
    [lo, hi] = r;
  } else {
    const m = K.moments(v);
    if (m.posInfCount + m.negInfCount > 0) fail(fn, 'values', 'contain ±Infinity, so the automatic range is not finite; pass options.range');
    if (m.count === 0) fail(fn, 'values', 'have no finite values to take the range from; pass options.range');
    lo = m.min; hi = m.max;
  }
  if (lo === hi) { lo -= 0.5; hi += 0.5; }
  const h = K.histogramUniform(v, lo, hi, nb);
  return { ...h, edges: linspaceEdges(lo, hi, nb) };
}
