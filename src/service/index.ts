// driftkit/service: the monitoring service as a library (Node only). `driftkit serve` is the CLI around it.
// Embed it in your own fastify app with the plugin (the default export):
//   app.register(driftkit, { prefix: '/drift-monitor', profile, config })   → app.driftkit is the DriftService
// or run it standalone with startServer(options), or buildApp(service) for a fastify app of its own.
import '../engine/load-node.js';
import { driftkitPlugin } from './plugin.js';
import {
  BadRequest as BadRequestInternal, parseMonitorBody as parseMonitorBodyInternal, recordShape as recordShapeInternal,
  type ParsedBatch as ParsedBatchInternal, type RecordShape as RecordShapeInternal,
} from './records.js';

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
export type { DriftReportJson, FeatureDriftJson } from '../report/json.js';
export type { Reason } from './records.js';

// Kept for one release; embedders need none of them (the plugin and DriftService parse bodies themselves).
/** @deprecated internal; will be removed in 0.3 */
export const BadRequest = BadRequestInternal;
/** @deprecated internal; will be removed in 0.3 */
export type BadRequest = BadRequestInternal;
/** @deprecated internal; will be removed in 0.3 */
export const parseMonitorBody = parseMonitorBodyInternal;
/** @deprecated internal; will be removed in 0.3 */
export const recordShape = recordShapeInternal;
/** @deprecated internal; will be removed in 0.3 */
export type ParsedBatch = ParsedBatchInternal;
/** @deprecated internal; will be removed in 0.3 */
export type RecordShape = RecordShapeInternal;
