// scipy.stats.wasserstein_distance and energy_distance (1-D): the CDF distance of two samples,
// optionally weighted. Like SciPy there is no nan_policy: NaN gives NaN, ±Infinity on one side gives
// Infinity, on both sides NaN. Empty inputs, negative weights and weights not summing to a positive
// finite number are errors naming the argument.
import { fail, optionsObject } from '../errors.js';
import { countNaN, toFloat64, type NumericInput } from '../input.js';
import { kernels, type Backend, type Kernels } from '../engine/index.js';

export interface CdfDistanceOptions {
  backend?: Backend;
}

function checkWeights(fn: string, name: string, w: Float64Array, n: number, valuesName: string): void {
  if (w.length !== n) fail(fn, name, `must have the same length as ${valuesName} (${n}); got ${w.length}`);
  let s = 0;
  for (let i = 0; i < w.length; i++) {
    const v = w[i];
    if (v !== v) fail(fn, name, `must not contain NaN (index ${i})`);
    if (v < 0) fail(fn, name, `must be non-negative; index ${i} is ${v}`);
    s += v;
  }
  if (!(s > 0 && s < Infinity)) fail(fn, name, `must sum to a positive, finite number; sum is ${s}`);
}

/** Sort values ascending with their weights carried along (NaN-free input). */
function sortWithWeights(K: Kernels, values: Float64Array, weights: Float64Array): [Float64Array, Float64Array] {
  const idx = K.argsort(values);
  const v = new Float64Array(idx.length), w = new Float64Array(idx.length);
  for (let i = 0; i < idx.length; i++) { v[i] = values[idx[i]]; w[i] = weights[idx[i]]; }
  return [v, w];
}

function cdfDistance(fn: string, p: 1 | 2, uIn: unknown, vIn: unknown, uwIn: unknown, vwIn: unknown, opts: CdfDistanceOptions): number {
  const u = toFloat64(fn, 'u', uIn), v = toFloat64(fn, 'v', vIn);
  if (u.length === 0) fail(fn, 'u', 'must not be empty');
  if (v.length === 0) fail(fn, 'v', 'must not be empty');
  const uw = uwIn == null ? undefined : toFloat64(fn, 'uWeights', uwIn);
  const vw = vwIn == null ? undefined : toFloat64(fn, 'vWeights', vwIn);
  if (uw) checkWeights(fn, 'uWeights', uw, u.length, 'u');
  if (vw) checkWeights(fn, 'vWeights', vw, v.length, 'v');
  const K: Kernels = kernels(fn, opts.backend);
  if (countNaN(u) + countNaN(v) > 0) return NaN;
  let s: number;
  if (!uw && !vw) {
    s = K.cdfDistance(K.sort(u).sorted, K.sort(v).sorted, p);
  } else {
    const [us, uws] = sortWithWeights(K, u, uw ?? new Float64Array(u.length).fill(1));
    const [vs, vws] = sortWithWeights(K, v, vw ?? new Float64Array(v.length).fill(1));
    s = K.cdfDistanceWeighted(us, uws, vs, vws, p);
  }
  return p === 1 ? s : Math.SQRT2 * Math.sqrt(s);
}

/** First Wasserstein distance between two 1-D distributions (scipy.stats.wasserstein_distance). */
export function wassersteinDistance(u: NumericInput, v: NumericInput, uWeights?: NumericInput | null, vWeights?: NumericInput | null, options: CdfDistanceOptions = {}): number {
  optionsObject('wassersteinDistance', options);
  return cdfDistance('wassersteinDistance', 1, u, v, uWeights, vWeights, options);
}

/** Energy distance between two 1-D distributions (scipy.stats.energy_distance): sqrt(2)·‖U − V‖₂. */
export function energyDistance(u: NumericInput, v: NumericInput, uWeights?: NumericInput | null, vWeights?: NumericInput | null, options: CdfDistanceOptions = {}): number {
  optionsObject('energyDistance', options);
  return cdfDistance('energyDistance', 2, u, v, uWeights, vWeights, options);
}
