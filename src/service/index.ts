// driftkit/service: the monitoring service as a library (Node only). `driftkit serve` is the CLI around it.
// Embed it in your own fastify app with the plugin (the default export):
//   app.register(driftkit, { prefix: '/drift-monitor', profile, config })   → app.driftkit is the DriftService
// or run it standalone with startServer(options), or buildApp(service) for a fastify app of its own.
import '../engine/load-node.js';
import { driftkitPlugin } from './plugin.js';

export default driftkitPlugin;
export { driftkitPlugin, type DriftkitPluginOptions } from './plugin.js';
export { startServer, type RunningServer } from './serve.js';
export { DriftService, type ServiceOptions } from './service.js';
export { buildApp } from './app.js';
export { applyConfig, defaultConfig, loadConfigFile, DEFAULT_RULES, type ServiceConfig } from './config.js';
export { ServiceMetrics } from './metrics.js';
export type {
  AlertsStatus, CanaryDisabled, CanaryResponse, ErrorBody, FreshnessStatus, HealthStatus, IndexStatus, LatencyStatus,
  MonitorAccepted, ProfileReplaced, QualityStatus, ReadyStatus, ViolationView, ContractRuleName,
  Alert, AlertAction, AlertOp, AlertSeverity, AlertState, Incident, DeliveryRecord, LatencySnapshot, LatencySloResult, SourceStatus,
  CanaryComparison, CanaryFeatureStatus, CanaryStatus, CanaryVerdict, CanaryVersionStatus, SloReport, SloStatus, LabelStatus, ErrorBudget, BurnAlert,
} from './status-types.js';
export type { DriftViewJson as DriftStatus, DataQualityJson, WindowJson } from './drift-view.js';
// GET /drift's report fields (the JSON drift report, docs/json-output.md) and its schema version
export {
  DRIFT_REPORT_SCHEMA_VERSION,
  type DriftReportJson, type FeatureDriftJson, type SignalJson, type SignalKindJson, type BinsJson, type SampleCountsJson, type JsonNumber,
  type ExcludedColumnJson, type TimeColumnJson, type TimeSpanJson,
} from '../report/json.js';
export type { Reason } from './records.js';
export type { ContractSetting } from './quality.js';
export type { FreshnessConfig } from './freshness.js';
export type { CanaryGates } from './canary.js';
export type { Sli, SloCounter } from '../slo/index.js';
// The drift domain's types in the service's signatures (DriftService.profile, currentWindow(), contract(),
// ServiceConfig.window / compare, ServiceMetrics.drift()), with the types they are made of. The domain itself
// (compare, createMonitor, profiles, contracts) is the root entry, 'driftkit'.
export type {
  ReferenceProfile, FeatureProfile, NumericProfile, CategoricalProfile, FeatureKind, PROFILE_FORMAT, PROFILE_VERSION, OtherBucket, ProfileRoles,
  CompareOptions, Backend, Bands, MethodName, Correction, Severity,
  DriftReport, FeatureDrift, FeatureDriftBase, KsDrift, WassersteinDrift, NumericBinnedDrift, ChisquareDrift, CategoricalBinnedDrift,
  UnmeasuredDrift, NumericDriftBase, CategoricalDriftBase, Signal, DriftScores, NumericScores, CategoricalScores, NumericBins,
  CategoricalBins, ExcludedColumn, ExclusionReason, TimeColumnReport, TimeSpan,
  WindowSpec, WindowResult, WindowInfo, DetectorResult,
  DataContract, ColumnsContract, FeatureContract, ColumnRule, ValueRule, CONTRACT_FORMAT, CONTRACT_VERSION,
} from '../index.js';

// Kept for one release; embedders need none of them (the plugin and DriftService parse bodies themselves).
export {
  /** @deprecated internal; will be removed in 0.3 */ BadRequest,
  /** @deprecated internal; will be removed in 0.3 */ parseMonitorBody,
  /** @deprecated internal; will be removed in 0.3 */ recordShape,
  /** @deprecated internal; will be removed in 0.3 */ type ParsedBatch,
  /** @deprecated internal; will be removed in 0.3 */ type ParseOptions,
  /** @deprecated internal; will be removed in 0.3 */ type RecordShape,
} from './records.js';
