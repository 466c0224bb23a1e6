// driftkit's browser-safe face: no Node built-ins are imported from here. In browsers call `await init()`
// (optionally with the .wasm URL, bytes or a compiled module) before using the WASM backend; until then the
// plain-JS twins serve every call. src/node.ts adds Node's file loader and initialises on import.
export { init, wasmReady, simdSupported, setDefaultWasmLoader, type WasmSource, type WasmLoader } from './engine/index.js';
export type { Backend } from './engine/types.js';
export { DriftkitError } from './errors.js';
export type { NumericInput, NanPolicy } from './input.js';

export { ks2samp, type Ks2sampOptions, type Ks2sampResult } from './methods/ks2samp.js';
export { wassersteinDistance, energyDistance, type CdfDistanceOptions } from './methods/cdf-distance.js';
export { cramervonmises2samp, type Cvm2sampOptions, type Cvm2sampResult } from './methods/cramervonmises.js';
export { quantileEdges, histogram, histogramDetailed } from './methods/binning.js';
export {
  binnedDivergences, psi, klDivergence, jsDivergence, hellinger, totalVariation, DEFAULT_EPSILON,
  type BinnedDivergencesResult, type BinnedMetricResult, type BinnedOptions, type SmoothingOptions,
} from './methods/divergences.js';
export { bootstrap, permutationTest, type BootstrapOptions, type BootstrapResult, type PermutationResult, type ResampleStatistic } from './methods/resampling.js';
export {
  chisquare, powerDivergence, chi2Contingency, expectedFreq,
  type ChisquareOptions, type ChisquareResult, type PowerDivergenceOptions, type Chi2ContingencyOptions, type Chi2ContingencyResult,
} from './methods/chisquare.js';
export { entropy, jensenshannon, relEntrArray as relEntr, klDivArray as klDiv, entrArray as entr, type EntropyOptions } from './methods/entropy.js';
export { mannwhitneyu, type MannWhitneyUOptions, type MannWhitneyUResult } from './methods/mannwhitneyu.js';
export { andersonKsamp, type AndersonKsampOptions, type AndersonKsampResult } from './methods/anderson.js';
export {
  createCusum, createPageHinkley, createAdwin, createDetector, restoreDetector, cusumArlSiegmund,
  type ChangeDetector, type DetectorResult, type DetectorKind, type DetectorJSON, type DetectorConfig,
  type CusumOptions, type CusumResult, type CusumDetector, type PageHinkleyOptions, type PageHinkleyResult,
  type PageHinkleyDetector, type AdwinOptions, type AdwinResult, type AdwinDetector,
} from './stream/detectors.js';
export * from './profile/index.js';
export { compare, type CompareOptions, type DriftReport, type FeatureDrift, type Signal } from './compare/compare.js';
export { DEFAULT_BANDS, NULL_SHARE_BANDS, NEW_CATEGORY_BANDS, adjustPValues, type Bands, type MethodName, type Severity, type Correction } from './compare/policy.js';
export {
  createMonitor, type MonitorOptions, type WindowSpec, type WindowResult, type WindowInfo, type Monitor, type MonitorStats,
  type Batch, type DetectorMetric, type MonitorSnapshot,
} from './stream/monitor.js';
export { monitorWritableStream, monitorSink, type MonitorStreamOptions } from './stream/web-adapters.js';
export { profileChunked, summarizeChunked, type Chunk as TableChunk, type ChunkSource, type ChunkedProfileOptions } from './profile/chunked.js';
export { renderHtml, renderTerminal, type HtmlReportOptions, type TerminalReportOptions } from './report/index.js';
export * from './quality/index.js';
