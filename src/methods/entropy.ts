// scipy.stats.entropy and scipy.spatial.distance.jensenshannon for 1-D inputs, plus elementwise
// rel_entr / kl_div / entr. Each input is normalised by its own sum, terms use SciPy's special-function
// branches and sums use numpy's pairwise order, so results agree with SciPy to the last ulp or two.
import { fail, optionsObject } from '../errors.js';
import { checkOptions, toFloat64, type NumericInput } from '../input.js';
import { entr, klDiv, npSum, relEntr } from '../stats/special.js';

export interface EntropyOptions {
  /** Logarithm base; undefined/null means natural log (nats). Must be positive and not 1. */
  base?: number | null;
}

/** log(base), or undefined for nats. SciPy rejects base <= 0; base 1 (division by log 1 = 0) is rejected too. */
function logBase(fn: string, base: unknown): number | undefined {
  if (base === undefined || base === null) return undefined;
  if (typeof base !== 'number' || Number.isNaN(base)) fail(fn, 'base', `must be a positive number or null; got ${String(base)}`);
  if (base <= 0) fail(fn, 'base', `must be a positive number or null; got ${base}`);
  if (base === 1 || !Number.isFinite(base)) fail(fn, 'base', `must be a finite positive number other than 1; got ${base}`);
  return Math.log(base);
}

/** Probabilities or counts: any non-negative numbers (NaN propagates), at least one. */
function distribution(fn: string, name: string, x: unknown): Float64Array {
  const a = toFloat64(fn, name, x);
  if (a.length === 0) fail(fn, name, 'must not be empty');
  for (let i = 0; i < a.length; i++) {
    if (a[i] < 0) fail(fn, name, `must not contain negative values; element ${i} is ${a[i]}`);
  }
  return a;
}

/** x / sum(x) with numpy's summation order (all zeros gives NaN, as in SciPy). */
function normalise(x: Float64Array): Float64Array {
  const s = npSum(x);
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = x[i] / s;
  return out;
}


/**
 * Shannon entropy of pk, or the Kullback-Leibler divergence D(pk || qk) when qk is given
 * (scipy.stats.entropy). pk and qk are each normalised to sum to 1. qk = 0 where pk > 0 gives Infinity.
 */
export function entropy(pk: NumericInput, qk?: NumericInput | null, options: EntropyOptions = {}): number {
  optionsObject('entropy', options);
  const fn = 'entropy';
  checkOptions(fn, options, ['base']);
  const lb = logBase(fn, options.base);
  const p = normalise(distribution(fn, 'pk', pk));
  let vec: Float64Array;
  if (qk === undefined || qk === null) {
    vec = p.map(entr);
  } else {
    const qRaw = distribution(fn, 'qk', qk);
    if (qRaw.length !== p.length) fail(fn, 'qk', `must have the same length as pk (${p.length}); got length ${qRaw.length}`);
    const q = normalise(qRaw);
    vec = new Float64Array(p.length);
    for (let i = 0; i < p.length; i++) vec[i] = relEntr(p[i], q[i]);
  }
  const s = npSum(vec);
  return lb === undefined ? s : s / lb;
}

/**
 * Jensen-Shannon distance (scipy.spatial.distance.jensenshannon): the square root of the JS divergence
 * between p and q after normalising each, in nats unless a base is given.
 */
export function jensenshannon(p: NumericInput, q: NumericInput, options: EntropyOptions = {}): number {
  optionsObject('jensenshannon', options);
  const fn = 'jensenshannon';
  checkOptions(fn, options, ['base']);
  const lb = logBase(fn, options.base);
  const pp = distribution(fn, 'p', p);
  const qq = distribution(fn, 'q', q);
  if (qq.length !== pp.length) fail(fn, 'q', `must have the same length as p (${pp.length}); got length ${qq.length}`);
  const pn = normalise(pp);
  const qn = normalise(qq);
  const n = pn.length;
  const left = new Float64Array(n);
  const right = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const m = (pn[i] + qn[i]) / 2.0;
    left[i] = relEntr(pn[i], m);
    right[i] = relEntr(qn[i], m);
  }
  let js = npSum(left) + npSum(right);
  if (lb !== undefined) js /= lb;
  return Math.sqrt(js / 2.0);
}

function pairwiseInputs(fn: string, x: unknown, y: unknown): [Float64Array, Float64Array] {
  const a = toFloat64(fn, 'x', x);
  const b = toFloat64(fn, 'y', y);
  if (a.length !== b.length) fail(fn, 'y', `must have the same length as x (${a.length}); got length ${b.length}`);
  return [a, b];
}

/** Elementwise scipy.special.rel_entr(x, y) = x*log(x/y) (0 at x = 0 <= y, Infinity for other non-positive). */
export function relEntrArray(x: NumericInput, y: NumericInput): Float64Array {
  const [a, b] = pairwiseInputs('relEntrArray', x, y);
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = relEntr(a[i], b[i]);
  return out;
}

/** Elementwise scipy.special.kl_div(x, y) = x*log(x/y) - x + y. */
export function klDivArray(x: NumericInput, y: NumericInput): Float64Array {
  const [a, b] = pairwiseInputs('klDivArray', x, y);
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = klDiv(a[i], b[i]);
  return out;
}

/** Elementwise scipy.special.entr(x) = -x*log(x). */
export function entrArray(x: NumericInput): Float64Array {
  const a = toFloat64('entrArray', 'x', x);
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = entr(a[i]);
  return out;
}
