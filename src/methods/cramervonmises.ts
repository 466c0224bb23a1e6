// scipy.stats.cramervonmises_2samp: U from midranks by an ECDF sweep (kernel), T and its p-value (exact for
// max(nx, ny) <= 20 under 'auto', else the Csörgő–Faraway asymptotic) from src/stats/cvm.ts.
import { optionsObject } from '../errors.js';
import { oneOf, type NanPolicy, type NumericInput } from '../input.js';
import type { Backend } from '../engine/index.js';
import { cvm2sampPValue, cvm2sampStatistic } from '../stats/cvm.js';
import { sortedPair } from './samples.js';

export interface Cvm2sampOptions {
  method?: 'auto' | 'exact' | 'asymptotic';
  nanPolicy?: NanPolicy;
  backend?: Backend;
}

export interface Cvm2sampResult {
  statistic: number;
  pValue: number;
  warning?: string;
}

export function cramervonmises2samp(x: NumericInput, y: NumericInput, options: Cvm2sampOptions = {}): Cvm2sampResult {
  optionsObject('cramervonmises2samp', options);
  const fn = 'cramervonmises2samp';
  const method = oneOf(fn, 'method', options.method, ['auto', 'exact', 'asymptotic'] as const, 'auto');
  const s = sortedPair(fn, x, y, options);
  if (s.propagateNaN) return { statistic: NaN, pValue: NaN };
  const nx = s.x.length, ny = s.y.length;
  if (nx < 2 || ny < 2) {
    // SciPy returns NaN with a SmallSampleWarning; so do we, with the warning in the result.
    return { statistic: NaN, pValue: NaN, warning: `cramervonmises2samp: ${nx < 2 ? 'x' : 'y'} has fewer than 2 observations; the statistic is undefined` };
  }
  const U = s.K.cvmU(s.x, s.y);
  const T = cvm2sampStatistic(U, nx, ny);
  return { statistic: T, pValue: cvm2sampPValue(U, T, nx, ny, method) };
}
