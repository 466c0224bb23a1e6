// Chi-square family: scipy.stats.chisquare, power_divergence, chi2_contingency and
// scipy.stats.contingency.expected_freq, reproduced operation for operation (numpy's summation order,
// SciPy's sum check, Yates' correction with the gh-13875 no-overshoot rule, chdtrc for the p-value).
import { fail, optionsObject } from '../errors.js';
import { checkOptions, toFloat64, type NumericInput } from '../input.js';
import { chdtrc, npSum, xlogy } from '../stats/special.js';

export interface ChisquareResult {
  statistic: number;
  pValue: number;
}

/** SciPy's named Cressie-Read exponents. */
export const LAMBDA_NAMES = {
  pearson: 1,
  'log-likelihood': 0,
  'freeman-tukey': -0.5,
  'mod-log-likelihood': -1,
  neyman: -2,
  'cressie-read': 2 / 3,
} as const;
/** SciPy's names for Cressie-Read exponents (the keys of LAMBDA_NAMES). */
export type LambdaName = 'pearson' | 'log-likelihood' | 'freeman-tukey' | 'mod-log-likelihood' | 'neyman' | 'cressie-read';
// spelled out for the public declarations; kept equal to LAMBDA_NAMES's keys at compile time
const sameLambdaNames: [keyof typeof LAMBDA_NAMES] extends [LambdaName] ? [LambdaName] extends [keyof typeof LAMBDA_NAMES] ? true : false : false = true;
void sameLambdaNames;
export type Lambda = number | LambdaName;

export interface ChisquareOptions {
  /** Delta degrees of freedom: df = k - 1 - ddof. Default 0. */
  ddof?: number;
  /** Require sum(fObs) and sum(fExp) to agree within sqrt(eps) relative (SciPy's sum_check). Default true. */
  sumCheck?: boolean;
}

export interface PowerDivergenceOptions extends ChisquareOptions {
  /** Cressie-Read exponent or one of SciPy's names; undefined/null means 1 (Pearson). */
  lambda?: Lambda | null;
}

/** fExp: omitted/null for equal expected frequencies, a number to broadcast, or an array like fObs. */
export type ExpectedInput = NumericInput | number | null | undefined;

// numpy's float64 eps ** 0.5, the tolerance SciPy uses "to pass existing tests".
const SUM_RTOL = Math.sqrt(Number.EPSILON);

export function chisquare(fObs: NumericInput, fExp?: ExpectedInput, options: ChisquareOptions = {}): ChisquareResult {
  optionsObject('chisquare', options);
  checkOptions('chisquare', options, ['ddof', 'sumCheck']);
  return powerDivergenceImpl('chisquare', fObs, fExp, { ...options, lambda: 1 });
}

export function powerDivergence(
  fObs: NumericInput,
  fExp?: ExpectedInput,
  options: PowerDivergenceOptions = {},
): ChisquareResult {
  checkOptions('powerDivergence', options, ['ddof', 'sumCheck', 'lambda']);
  return powerDivergenceImpl('powerDivergence', fObs, fExp, options);
}

export function resolveLambda(fn: string, lambda: unknown): number {
  if (lambda === undefined || lambda === null) return 1;
  if (typeof lambda === 'string') {
    if (Object.prototype.hasOwnProperty.call(LAMBDA_NAMES, lambda)) return LAMBDA_NAMES[lambda as LambdaName];
    fail(fn, 'lambda', `must be a finite number or one of ${Object.keys(LAMBDA_NAMES).map((k) => `'${k}'`).join(', ')}; got ${JSON.stringify(lambda)}`);
  }
  if (typeof lambda !== 'number' || !Number.isFinite(lambda)) {
    fail(fn, 'lambda', `must be a finite number or a SciPy lambda name; got ${String(lambda)}`);
  }
  return lambda;
}

function checkDdof(fn: string, ddof: unknown): number {
  if (ddof === undefined) return 0;
  if (typeof ddof !== 'number' || !Number.isFinite(ddof)) fail(fn, 'ddof', `must be a finite number; got ${String(ddof)}`);
  return ddof;
}

function checkBool(fn: string, name: string, v: unknown, dflt: boolean): boolean {
  if (v === undefined) return dflt;
  if (typeof v !== 'boolean') fail(fn, name, `must be a boolean; got ${typeof v}`);
  return v;
}

/** Frequencies can be NaN (propagates, as in SciPy) but never negative. */
function checkNonNegative(fn: string, name: string, x: Float64Array): void {
  for (let i = 0; i < x.length; i++) {
    if (x[i] < 0) fail(fn, name, `must not contain negative frequencies; element ${i} is ${x[i]}`);
  }
}

function powerDivergenceImpl(fn: string, fObsIn: unknown, fExpIn: unknown, options: PowerDivergenceOptions): ChisquareResult {
  const lambda = resolveLambda(fn, options.lambda);
  const ddof = checkDdof(fn, options.ddof);
  const sumCheck = checkBool(fn, 'sumCheck', options.sumCheck, true);

  const obs = toFloat64(fn, 'fObs', fObsIn);
  // SciPy returns (0, NaN) for empty input; an empty table is always a caller bug, so driftkit refuses it.
  if (obs.length === 0) fail(fn, 'fObs', 'must not be empty');
  checkNonNegative(fn, 'fObs', obs);
  const k = obs.length;

  let exp: Float64Array;
  if (fExpIn === undefined || fExpIn === null) {
    // numpy mean: pairwise sum / n, broadcast.
    exp = new Float64Array(k).fill(npSum(obs) / k);
  } else {
    if (typeof fExpIn === 'number') {
      exp = new Float64Array(k).fill(fExpIn);
    } else {
      const e = toFloat64(fn, 'fExp', fExpIn);
      if (e.length === k) exp = e;
      else if (e.length === 1) exp = new Float64Array(k).fill(e[0]); // numpy broadcasting of a length-1 array
      else return fail(fn, 'fExp', `must have the same length as fObs (${k}) or length 1; got length ${e.length}`);
    }
    checkNonNegative(fn, 'fExp', exp);
    if (sumCheck) checkSums(fn, 'fExp', npSum(obs), npSum(exp));
  }
  return statisticAndP(obs, exp, lambda, k - 1 - ddof);
}

/** SciPy's sum_check: |sum(O) - sum(E)| / min(sum(O), sum(E)) must not exceed sqrt(eps) (NaN passes). */
function checkSums(fn: string, name: string, obsSum: number, expSum: number): void {
  const rel = Math.abs(obsSum - expSum) / Math.min(obsSum, expSum);
  if (rel > SUM_RTOL) {
    fail(fn, name, `must sum to the same total as the observed frequencies within a relative tolerance of ${SUM_RTOL} `
      + `(observed ${obsSum}, expected ${expSum}, relative difference ${rel}); pass sumCheck: false to skip this check`);
  }
}

/** Cressie-Read terms summed in numpy's order; p = chdtrc(df, stat) exactly as SciPy's _SimpleChi2.sf. */
function statisticAndP(obs: ArrayLike<number>, exp: ArrayLike<number>, lambda: number, df: number): ChisquareResult {
  const k = obs.length;
  const terms = new Float64Array(k);
  if (lambda === 1) {
    for (let i = 0; i < k; i++) {
      const d = obs[i] - exp[i];
      terms[i] = (d * d) / exp[i];
    }
  } else if (lambda === 0) {
    for (let i = 0; i < k; i++) terms[i] = 2.0 * xlogy(obs[i], obs[i] / exp[i]);
  } else if (lambda === -1) {
    for (let i = 0; i < k; i++) terms[i] = 2.0 * xlogy(exp[i], exp[i] / obs[i]);
  } else {
    const div = 0.5 * lambda * (lambda + 1);
    for (let i = 0; i < k; i++) terms[i] = (obs[i] * (npPow(obs[i] / exp[i], lambda) - 1)) / div;
  }
  const statistic = npSum(terms);
  return { statistic, pValue: chdtrc(df, statistic) };
}

/** numpy's array ** scalar takes fast paths for 2 and 0.5 (square, sqrt) instead of pow. */
function npPow(x: number, e: number): number {
  if (e === 2) return x * x;
  if (e === 0.5) return Math.sqrt(x);
  return Math.pow(x, e);
}

// ---------------------------------------------------------------------------------------------------------
// Contingency tables

/** A nested, rectangular array of numbers of any depth >= 1. */
export type Nested = number[] | Nested[];
export type NestedInput = NumericInput | readonly NestedInput[];

export interface Chi2ContingencyOptions {
  /** Apply Yates' continuity correction when dof == 1. Default true. */
  correction?: boolean;
  /** Cressie-Read exponent or SciPy name; undefined/null means Pearson. */
  lambda?: Lambda | null;
}

export interface Chi2ContingencyResult<E = Nested> {
  statistic: number;
  pValue: number;
  dof: number;
  expectedFreq: E;
}

interface Table {
  data: Float64Array; // C order
  shape: number[];
}

/** Parse a nested array (or a flat numeric input) into C-order data and a shape; must be rectangular. */
function toTable(fn: string, name: string, x: unknown): Table {
  if (ArrayBuffer.isView(x) || (Array.isArray(x) && !x.some((v) => Array.isArray(v) || ArrayBuffer.isView(v)))) {
    const data = toFloat64(fn, name, x);
    return { data, shape: [data.length] };
  }
  if (!Array.isArray(x)) return fail(fn, name, `must be a numeric array or a nested array of numbers; got ${x === null ? 'null' : typeof x}`);
  // Nested: every element at this level must itself be an array of the same shape.
  const subs = x.map((v, i) => {
    if (!Array.isArray(v) && !ArrayBuffer.isView(v)) {
      fail(fn, name, `must be rectangular: element [${i}] is ${v === null ? 'null' : typeof v} where an array was expected`);
    }
    return toTable(fn, name, v);
  });
  const inner = subs[0].shape;
  subs.forEach((s, i) => {
    if (s.shape.length !== inner.length || s.shape.some((d, j) => d !== inner[j])) {
      fail(fn, name, `must be rectangular: element [${i}] has shape [${s.shape.join(', ')}] but element [0] has shape [${inner.join(', ')}]`);
    }
  });
  const size = inner.reduce((a, b) => a * b, 1);
  const data = new Float64Array(size * subs.length);
  subs.forEach((s, i) => data.set(s.data, i * size));
  return { data, shape: [subs.length, ...inner] };
}

function stridesOf(shape: readonly number[]): number[] {
  const st = new Array<number>(shape.length);
  let s = 1;
  for (let j = shape.length - 1; j >= 0; j--) {
    st[j] = s;
    s *= shape[j];
  }
  return st;
}

/**
 * Sum a C-order array along one axis, keeping the axis with length 1 (numpy keepdims). Along the last axis
 * numpy sums each row pairwise; along any other axis it accumulates slices in order. Matching both keeps
 * margins bit-identical for non-integer tables too.
 */
function sumAxis(t: Table, axis: number): Table {
  const { data, shape } = t;
  const n = shape[axis];
  const outShape = shape.slice();
  outShape[axis] = 1;
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const outer = shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const out = new Float64Array(outer * inner);
  if (inner === 1) {
    for (let o = 0; o < outer; o++) out[o] = npSum(data, o * n, n);
  } else {
    for (let o = 0; o < outer; o++) {
      const base = o * n * inner;
      for (let i = 0; i < inner; i++) out[o * inner + i] = data[base + i];
      for (let r = 1; r < n; r++) {
        const rb = base + r * inner;
        for (let i = 0; i < inner; i++) out[o * inner + i] += data[rb + i];
      }
    }
  }
  return { data: out, shape: outShape };
}

/** scipy.stats.contingency.margins: for each axis, the sum over all other axes (apply_over_axes order). */
function margins(t: Table): Float64Array[] {
  const d = t.shape.length;
  const out: Float64Array[] = [];
  for (let k = 0; k < d; k++) {
    let m = t;
    for (let j = 0; j < d; j++) if (j !== k) m = sumAxis(m, j);
    out.push(m.data);
  }
  return out;
}

/** Expected frequencies under independence: product of margins / total^(ndim-1), in C order. */
function expectedTable(t: Table): Float64Array {
  const { shape } = t;
  const d = shape.length;
  const total = npSum(t.data);
  const e = d - 1;
  // numpy's ** fast paths: x**0 -> 1, x**1 -> x, x**2 -> x*x.
  const denom = e === 0 ? 1 : e === 1 ? total : e === 2 ? total * total : Math.pow(total, e);
  const ms = margins(t);
  const st = stridesOf(shape);
  const out = new Float64Array(t.data.length);
  for (let flat = 0; flat < out.length; flat++) {
    let prod = ms[0][Math.floor(flat / st[0]) % shape[0]];
    for (let k = 1; k < d; k++) prod *= ms[k][Math.floor(flat / st[k]) % shape[k]];
    out[flat] = prod / denom;
  }
  return out;
}

function toNested(data: Float64Array, shape: readonly number[], offset = 0, level = 0): Nested {
  const n = shape[level];
  if (level === shape.length - 1) return Array.from(data.subarray(offset, offset + n));
  const stride = shape.slice(level + 1).reduce((a, b) => a * b, 1);
  const out: Nested[] = [];
  for (let i = 0; i < n; i++) out.push(toNested(data, shape, offset + i * stride, level + 1));
  return out as Nested;
}

function indexOf(flat: number, shape: readonly number[]): number[] {
  const st = stridesOf(shape);
  return shape.map((n, k) => Math.floor(flat / st[k]) % n);
}

/** scipy.stats.contingency.expected_freq for a table of any dimension. */
export function expectedFreq(observed: NumericInput): number[];
export function expectedFreq(observed: readonly NumericInput[]): number[][];
export function expectedFreq(observed: NestedInput): Nested;
export function expectedFreq(observed: NestedInput): Nested {
  const t = toTable('expectedFreq', 'observed', observed);
  if (t.data.length === 0) fail('expectedFreq', 'observed', 'must not be empty');
  return toNested(expectedTable(t), t.shape);
}

/**
 * scipy.stats.chi2_contingency: test of independence for a contingency table of any dimension.
 * dof = size - sum(shape) + ndim - 1; dof == 0 gives statistic 0 and p 1.
 */
export function chi2Contingency(observed: readonly NumericInput[], options?: Chi2ContingencyOptions): Chi2ContingencyResult<number[][]>;
export function chi2Contingency(observed: NumericInput, options?: Chi2ContingencyOptions): Chi2ContingencyResult<number[]>;
export function chi2Contingency(observed: NestedInput, options?: Chi2ContingencyOptions): Chi2ContingencyResult;
export function chi2Contingency(observed: NestedInput, options: Chi2ContingencyOptions = {}): Chi2ContingencyResult {
  optionsObject('chi2Contingency', options);
  const fn = 'chi2Contingency';
  checkOptions(fn, options, ['correction', 'lambda']);
  const correction = checkBool(fn, 'correction', options.correction, true);
  const lambda = resolveLambda(fn, options.lambda);
  const t = toTable(fn, 'observed', observed);
  const size = t.data.length;
  for (let i = 0; i < size; i++) {
    if (t.data[i] < 0) fail(fn, 'observed', `must not contain negative counts; element [${indexOf(i, t.shape).join(', ')}] is ${t.data[i]}`);
  }
  if (size === 0) fail(fn, 'observed', 'must not be empty (it has size 0)');

  const expected = expectedTable(t);
  for (let i = 0; i < size; i++) {
    if (expected[i] === 0) {
      fail(fn, 'observed', `gives a zero expected frequency at [${indexOf(i, t.shape).join(', ')}]; `
        + 'remove categories whose row or column total is zero');
    }
  }
  const dof = size - t.shape.reduce((a, b) => a + b, 0) + t.shape.length - 1;
  const expectedFreqOut = toNested(expected, t.shape);
  if (dof === 0) return { statistic: 0, pValue: 1, dof, expectedFreq: expectedFreqOut };

  let obs = t.data;
  if (dof === 1 && correction) {
    // Yates: move each count 0.5 toward its expectation, but never past it (gh-13875).
    obs = new Float64Array(size);
    for (let i = 0; i < size; i++) {
      const diff = expected[i] - t.data[i];
      obs[i] = t.data[i] + Math.min(0.5, Math.abs(diff)) * Math.sign(diff);
    }
  }
  // SciPy calls power_divergence(observed, expected, ddof=size-1-dof, axis=None), whose default sum check runs.
  checkSums(fn, 'observed', npSum(obs), npSum(expected));
  const { statistic, pValue } = statisticAndP(obs, expected, lambda, dof);
  return { statistic, pValue, dof, expectedFreq: expectedFreqOut };
}
