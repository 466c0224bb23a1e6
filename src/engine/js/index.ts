// The plain-TypeScript backend: the fallback where WASM is unavailable, the oracle in tests, and the
// baseline in the WASM-vs-JS benchmark.
import type { Kernels } from '../types.js';
import { foldEdgeSlots, foldUniformSlots, linspaceEdges, unpackMoments } from '../slots.js';
import { countCodes, histogramEdges, histogramUniform, moments } from './histogram.js';
import { argsortF64, sortF64 } from './sort.js';
import { cdfDistance, cdfDistanceWeighted, cvmU, ecdfCounts, ksSweep, quantilesLinear } from './ecdf.js';
import { binnedDivergences } from './logratio.js';
import { bootstrapBinned, bootstrapSorted, permutationBinned, permutationSorted } from './resample.js';
import { Xoshiro128 } from './rng.js';
import { sketchAdd, sketchCandidates, sketchCreate, sketchFree, sketchSample } from './sketch.js';

export const jsKernels: Kernels = {
  backend: 'js',
  histogram: (values, edges) => foldEdgeSlots(histogramEdges(values, edges), edges.length),
  histogramUniform: (values, lo, hi, bins) =>
    foldUniformSlots(histogramUniform(values, lo, hi, bins, linspaceEdges(lo, hi, bins)), bins),
  histogramMoments(values, edges) {
    const slots = new Int32Array(edges.length + 3);
    const m = moments(values, edges, slots);
    return { histogram: foldEdgeSlots(slots, edges.length), moments: unpackMoments(m) };
  },
  moments: (values) => unpackMoments(moments(values)),
  countCodes,
  sort: sortF64,
  argsort: argsortF64,
  ksSweep,
  ecdfCounts,
  columnVsSample(values, edges, refValues, refCounts) {
    const histogram = foldEdgeSlots(histogramEdges(values, edges), edges.length);
    const { sorted } = sortF64(values);
    const sweep = sorted.length > 0 && refValues.length > 0 ? ecdfCounts(refValues, refCounts, sorted, undefined) : undefined;
    return { histogram, sorted: sorted.length, sweep };
  },
  cdfDistance,
  cdfDistanceWeighted,
  cvmU,
  quantiles: quantilesLinear,
  quantileSummary(values, probs) {
    const { sorted } = sortF64(values);
    const m = sorted.length;
    if (m === 0) return { quantiles: new Float64Array(probs.length).fill(NaN), count: 0, min: NaN, max: NaN };
    return { quantiles: quantilesLinear(sorted, probs), count: m, min: sorted[0], max: sorted[m - 1] };
  },
  binnedDivergences,
  bootstrapBinned,
  bootstrapSorted,
  permutationSorted,
  permutationBinned,
  sketchCandidates,
  sketchCreate,
  sketchAdd,
  sketchSample,
  sketchFree,
  rng(seed, n) {
    const r = new Xoshiro128(seed);
    const out = new Uint32Array(n);
    for (let i = 0; i < n; i++) out[i] = r.nextU32();
    return out;
  },
};
