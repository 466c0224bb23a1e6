// Shared by both backends: turn the kernels' slot counts into a HistogramCounts, and unpack moments.
import type { HistogramCounts, Moments } from './types.js';

/** Slots from histogramEdges: 0 under · 1..E-1 bins · E equals last edge · E+1 over · E+2 NaN. */
export function foldEdgeSlots(slots: ArrayLike<number>, E: number): HistogramCounts {
  const nb = E - 1;
  const counts = new Float64Array(nb);
  for (let b = 0; b < nb; b++) counts[b] = slots[b + 1];
  counts[nb - 1] += slots[E]; // numpy closes the last bin on the right
  return { counts, under: slots[0], over: slots[E + 1], nan: slots[E + 2] };
}

/** Slots from histogramUniform: 0 under · 1..nb bins · nb+1 over · nb+2 NaN. */
export function foldUniformSlots(slots: ArrayLike<number>, nb: number): HistogramCounts {
  const counts = new Float64Array(nb);
  for (let b = 0; b < nb; b++) counts[b] = slots[b + 1];
  return { counts, under: slots[0], over: slots[nb + 1], nan: slots[nb + 2] };
}

export function unpackMoments(m: ArrayLike<number>): Moments {
  return {
    count: m[0], nanCount: m[1], posInfCount: m[2], negInfCount: m[3], min: m[4], max: m[5], mean: m[6], m2: m[7],
  };
}

/** numpy.linspace(lo, hi, nb + 1): the edges the equal-width fast path corrects against. */
export function linspaceEdges(lo: number, hi: number, nb: number): Float64Array {
  const e = new Float64Array(nb + 1);
  const step = (hi - lo) / nb;
  for (let i = 0; i < nb; i++) e[i] = lo + i * step;
  e[nb] = hi;
  return e;
}
