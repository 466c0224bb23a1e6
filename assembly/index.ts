// driftkit kernels. Every export takes pointers into linear memory that the host allocated (the host owns
// all memory above heapBase(); kernels never allocate), plus i32/u32/f64 scalars.
export { histogramEdges, histogramUniform, countCodes, moments, histogramMoments } from './histogram';
export { sortF64, argsortF64, quantilesSelect, quantilesSelectBytes } from './sort';
export { ksSweep, ecdfCounts, cdfDistance, cdfDistanceWeighted, cvmU, quantilesLinear } from './ecdf';
export { proportions, divergencesFromProportions, binnedDivergences } from './logratio';
export { binomial, multinomial, bootstrapBinned, bootstrapSorted, permutationSorted, permutationBinned } from './resample';

export function heapBase(): usize {
  return __heap_base;
}

/** Test hook: n raw uint32 outputs of the seeded PRNG into out (to check the JS twin's stream). */
import { nextU32, seedRng } from './rng';
export { seedRng };
export {
  sketchCandidates, sketchBlockBytes, sketchAddScratchBytes, sketchSampleScratchBytes, sketchInit, sketchGrow,
  sketchAdd, sketchSize, sketchSample, sketchThreshold, sketchSetWindow, sketchSettle,
} from './sketch';
export function rngFill(seed: u32, n: i32, out: usize): void {
  seedRng(seed);
  for (let i = 0; i < n; i++) store<u32>(out + (<usize>i << 2), nextU32());
}
