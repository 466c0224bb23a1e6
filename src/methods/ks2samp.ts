// scipy.stats.ks_2samp: statistic by an ECDF sweep over the sorted samples (WASM or JS kernel), p-value by
// the exact or asymptotic distribution chosen as SciPy chooses (src/stats/ks2samp-pvalue.ts).
import { optionsObject } from '../errors.js';
import { oneOf, type NanPolicy, type NumericInput } from '../input.js';
import type { Backend } from '../engine/index.js';
import { ks2sampPValue, type KsAlternative, type KsMethod } from '../stats/ks2samp-pvalue.js';
import { sortedPair } from './samples.js';

export interface Ks2sampOptions {
  alternative?: KsAlternative;
  method?: KsMethod;
  nanPolicy?: NanPolicy;
  backend?: Backend;
}

export interface Ks2sampResult {
  statistic: number;
  pValue: number;
  /** The pooled value at which the ECDF difference is extreme. */
  statisticLocation: number;
  /** +1 if the x ECDF is above y's there (D+), -1 otherwise. */
  statisticSign: number;
  /** The p-value path actually taken. */
  method: 'exact' | 'asymp';
  /** SciPy's warning text when it would have warned (exact infeasible or unsuccessful). */
  warning?: string;
}

export function ks2samp(x: NumericInput, y: NumericInput, options: Ks2sampOptions = {}): Ks2sampResult {
  optionsObject('ks2samp', options);
  const fn = 'ks2samp';
  const alternative = oneOf(fn, 'alternative', options.alternative, ['two-sided', 'less', 'greater'] as const, 'two-sided');
  const method = oneOf(fn, 'method', options.method, ['auto', 'exact', 'asymp'] as const, 'auto');
  const s = sortedPair(fn, x, y, options);
  if (s.propagateNaN) {
    return { statistic: NaN, pValue: NaN, statisticLocation: NaN, statisticSign: NaN, method: 'asymp' };
  }
  const n1 = s.x.length, n2 = s.y.length;
  const sweep = s.K.ksSweep(s.x, s.y);
  const dPlus = sweep.maxDiff;
  const dMinus = Math.min(Math.max(-sweep.minDiff, 0), 1);
  let d: number, loc: number, sign: number;
  if (alternative === 'greater' || (alternative === 'two-sided' && !(dMinus > dPlus))) {
    d = dPlus; loc = sweep.maxLocation; sign = 1;
  } else {
    d = dMinus; loc = sweep.minLocation; sign = -1;
  }
  const p = ks2sampPValue(d, n1, n2, alternative, method);
  const out: Ks2sampResult = { statistic: p.statistic, pValue: p.pValue, statisticLocation: loc, statisticSign: sign, method: p.method };
  if (p.warning) out.warning = p.warning;
  return out;
}
