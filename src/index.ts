// driftkit's browser-safe face: no Node built-ins are imported from here. In browsers call `await init()`
// (optionally with the .wasm URL, bytes or a compiled module) before using the WASM backend; until then the
// plain-JS twins serve every call. src/node.ts adds Node's file loader and initialises on import.
//
// The package's entries, by layer (package.json "exports"; api/*.api.md is the checked surface of each):
//   driftkit          the drift domain: profiles, compare, monitor, binned divergences, histograms, detectors,
//                     contracts, reports, init (this file; in Node src/node.ts, which adds the worker-pool
//                     functions; under the "browser" condition dist/browser/driftkit.js, this file bundled with
//                     the WASM inlined, the same bundle as driftkit/browser)
//   driftkit/scipy    the SciPy mirrors under SciPy's names (src/scipy.ts; browser-safe)
//   driftkit/io       the streaming table readers the CLI uses (src/io/index.ts; Node only)
//   driftkit/service  the monitoring service for embedders (src/service/index.ts; Node only)
// Every type a public signature uses is exported from the entry that exports the signature.
export { init, wasmReady, simdSupported, setDefaultWasmLoader, type WasmSource, type WasmLoader } from './engine/index.js';
export type { Backend } from './engine/types.js';
export { DriftkitError } from './errors.js';
export type { NumericInput, NanPolicy } from './input.js';

export { quantileEdges, histogram, histogramDetailed, type BinningOptions, type HistogramOptions, type HistogramResult } from './methods/binning.js';
export type { HistogramCounts } from './engine/types.js';
export {
  binnedDivergences, psi, klDivergence, jsDivergence, hellinger, totalVariation, DEFAULT_EPSILON,
  type BinnedDivergencesResult, type BinnedMetricResult, type BinnedOptions, type SmoothingOptions, type KlOptions, type JsOptions,
} from './methods/divergences.js';
export {
  bootstrap, permutationTest, type BootstrapOptions, type BootstrapResult, type PermutationResult, type ResampleOptions, type ResampleStatistic,
} from './methods/resampling.js';
// The SciPy mirrors moved to 'driftkit/scipy' (src/scipy.ts) in 0.2; the root keeps these names, the same
// functions, for one release.
export {
  /** @deprecated import from 'driftkit/scipy'; removed in 0.3 */ ks2samp,
  /** @deprecated import from 'driftkit/scipy'; removed in 0.3 */ wassersteinDistance,
  /** @deprecated import from 'driftkit/scipy'; removed in 0.3 */ energyDistance,
  /** @deprecated import from 'driftkit/scipy'; removed in 0.3 */ cramervonmises2samp,
  /** @deprecated import from 'driftkit/scipy'; removed in 0.3 */ andersonKsamp,
  /** @deprecated import from 'driftkit/scipy'; removed in 0.3 */ mannwhitneyu,
  /** @deprecated import from 'driftkit/scipy'; removed in 0.3 */ chisquare,
  /** @deprecated import from 'driftkit/scipy'; removed in 0.3 */ powerDivergence,
  /** @deprecated import from 'driftkit/scipy'; removed in 0.3 */ chi2Contingency,
  /** @deprecated import from 'driftkit/scipy'; removed in 0.3 */ expectedFreq,
  /** @deprecated import from 'driftkit/scipy'; removed in 0.3 */ entropy,
  /** @deprecated import from 'driftkit/scipy'; removed in 0.3 */ jensenshannon,
  /** @deprecated import from 'driftkit/scipy'; removed in 0.3 */ relEntr,
  /** @deprecated import from 'driftkit/scipy'; removed in 0.3 */ klDiv,
  /** @deprecated import from 'driftkit/scipy'; removed in 0.3 */ entr,
  /** @deprecated import from 'driftkit/scipy'; removed in 0.3 */ type Ks2sampOptions,
  /** @deprecated import from 'driftkit/scipy'; removed in 0.3 */ type Ks2sampResult,
  /** @deprecated import from 'driftkit/scipy'; removed in 0.3 */ type CdfDistanceOptions,
  /** @deprecated import from 'driftkit/scipy'; removed in 0.3 */ type Cvm2sampOptions,
  /** @deprecated import from 'driftkit/scipy'; removed in 0.3 */ type Cvm2sampResult,
  /** @deprecated import from 'driftkit/scipy'; removed in 0.3 */ type AndersonKsampOptions,
  /** @deprecated import from 'driftkit/scipy'; removed in 0.3 */ type AndersonKsampResult,
  /** @deprecated import from 'driftkit/scipy'; removed in 0.3 */ type MannWhitneyUOptions,
  /** @deprecated import from 'driftkit/scipy'; removed in 0.3 */ type MannWhitneyUResult,
  /** @deprecated import from 'driftkit/scipy'; removed in 0.3 */ type ChisquareOptions,
  /** @deprecated import from 'driftkit/scipy'; removed in 0.3 */ type ChisquareResult,
  /** @deprecated import from 'driftkit/scipy'; removed in 0.3 */ type PowerDivergenceOptions,
  /** @deprecated import from 'driftkit/scipy'; removed in 0.3 */ type Chi2ContingencyOptions,
  /** @deprecated import from 'driftkit/scipy'; removed in 0.3 */ type Chi2ContingencyResult,
  /** @deprecated import from 'driftkit/scipy'; removed in 0.3 */ type EntropyOptions,
  /** @deprecated import from 'driftkit/scipy'; removed in 0.3 */ type KsAlternative,
  /** @deprecated import from 'driftkit/scipy'; removed in 0.3 */ type KsMethod,
  /** @deprecated import from 'driftkit/scipy'; removed in 0.3 */ type AndersonKsampVariant,
  /** @deprecated import from 'driftkit/scipy'; removed in 0.3 */ type MannWhitneyUAlternative,
  /** @deprecated import from 'driftkit/scipy'; removed in 0.3 */ type ExpectedInput,
  /** @deprecated import from 'driftkit/scipy'; removed in 0.3 */ type Lambda,
  /** @deprecated import from 'driftkit/scipy'; removed in 0.3 */ type LambdaName,
  /** @deprecated import from 'driftkit/scipy'; removed in 0.3 */ type Nested,
  /** @deprecated import from 'driftkit/scipy'; removed in 0.3 */ type NestedInput,
} from './scipy.js';
export {
  createCusum, createPageHinkley, createAdwin, createDetector, restoreDetector, cusumArlSiegmund,
  type ChangeDetector, type DetectorResult, type DetectorKind, type DetectorJSON, type DetectorConfig,
  type CusumOptions, type CusumResult, type CusumDetector, type PageHinkleyOptions, type PageHinkleyResult,
  type PageHinkleyDetector, type AdwinOptions, type AdwinResult, type AdwinDetector, type CusumJSON, type PageHinkleyJSON, type AdwinJSON,
  type CusumResolved, type PageHinkleyResolved, type AdwinResolved, type CusumState, type PageHinkleyState, type AdwinState, type AdwinRow,
} from './stream/detectors.js';
export * from './profile/index.js';
export {
  compare, OTHER_BIN, type CompareOptions, type DriftReport, type FeatureDrift, type Signal,
  type FeatureDriftBase, type MeasuredDrift, type UnmeasuredDrift, type KsDrift, type WassersteinDrift, type NumericBinnedDrift,
  type ChisquareDrift, type CategoricalBinnedDrift, type NumericDriftBase, type CategoricalDriftBase,
  type DriftScores, type NumericScores, type CategoricalScores, type NumericBins, type CategoricalBins,
} from './compare/compare.js';
export {
  detectRoles, timeSpan, isoMillis, idLikeName, ID_DISTINCT_SHARE, ID_NAMED_DISTINCT_SHARE, ID_MIN_VALUES, DATETIME_SHARE,
  type ExcludedColumn, type ExclusionReason, type TimeSpan, type TimeColumnReport, type DetectRolesOptions, type DetectedRoles,
} from './compare/roles.js';
export { DEFAULT_BANDS, NULL_SHARE_BANDS, NEW_CATEGORY_BANDS, adjustPValues, type Bands, type MethodName, type Severity, type Correction } from './compare/policy.js';
export {
  createMonitor, type MonitorOptions, type WindowSpec, type WindowResult, type WindowInfo, type Monitor, type MonitorStats,
  type Batch, type DetectorMetric, type MonitorSnapshot, type PaneSnapshot,
} from './stream/monitor.js';
export { monitorWritableStream, monitorSink, type MonitorStreamOptions } from './stream/web-adapters.js';
export { profileChunked, summarizeChunked, type Chunk as TableChunk, type ChunkSource, type ChunkedProfileOptions } from './profile/chunked.js';
export { renderHtml, renderTerminal, type HtmlReportOptions, type TerminalReportOptions } from './report/index.js';
// the machine JSON of a report: `driftkit compare --format json` and the service's GET /drift (docs/json-output.md)
export {
  driftReportJson, featureDriftJson, jsonNumber, fromJsonNumber, DRIFT_REPORT_SCHEMA_VERSION,
  type DriftReportJson, type FeatureDriftJson, type SignalJson, type SignalKindJson, type BinsJson, type SampleCountsJson, type JsonNumber,
  type ExcludedColumnJson, type TimeColumnJson, type TimeSpanJson,
} from './report/index.js';
export * from './quality/index.js';
// drift over time: chunks of the data against a reference period (docs/json-output.md § timeline)
export * from './timeline/index.js';
