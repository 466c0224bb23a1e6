// The JSON bodies of the service's endpoints as TypeScript types: what DriftService's status methods return
// and GET /latency, /quality, /freshness, /slo, /canary, /alerts, /health, /ready answer (field names as they
// are in the JSON: snake_case, except the alert engine's Alert and Incident, which are camelCase there too).
// The JSON Schemas of the same bodies are in schemas/*.schema.json (served in GET /openapi.json).
// GET /drift's body is the JSON drift report's service variant: DriftViewJson (drift-view.ts, src/report/json.ts,
// schemas/drift-report.schema.json#/definitions/drift_status).
import type { Alert, Incident } from '../alerts/engine.js';
import type { DeliveryRecord } from '../alerts/webhooks.js';
import type { RuleName } from '../quality/contract.js';
import type { Reason } from './records.js';
import type { LatencySnapshot } from './latency.js';
import type { SourceStatus } from './freshness.js';
import type { CanaryStatus } from './canary.js';

export type { Alert, AlertState, Incident } from '../alerts/engine.js';
export type { AlertAction, AlertOp, AlertSeverity } from '../alerts/rules.js';
export type { DeliveryRecord } from '../alerts/webhooks.js';
export type { LatencySnapshot, SloResult as LatencySloResult } from './latency.js';
export type { SourceStatus } from './freshness.js';
export type { RuleName as ContractRuleName } from '../quality/contract.js';
export type { CanaryComparison, CanaryFeatureStatus, CanaryStatus, CanaryVerdict, CanaryVersionStatus } from './canary.js';
export type { SloReport, SloStatus, LabelStatus } from '../slo/tracker.js';
export type { ErrorBudget } from '../slo/budget.js';
export type { BurnAlert } from '../slo/burn.js';

/** GET / (JSON clients): the service's name, readiness and endpoints. */
export interface IndexStatus {
  name: 'driftkit';
  ready: boolean;
  endpoints: string[];
}

/** GET /health. */
export interface HealthStatus {
  status: 'ok';
  uptime_s: number;
}

/** GET /ready: 200 with a profile loaded, else 503 with `{ status: 'not ready', message }`. */
export type ReadyStatus = { status: 'ready'; features: number } | { status: 'not ready'; message: string };

/** GET /latency: the latency window's quantiles and SLOs, and the error rate over the same window. */
export interface LatencyStatus extends LatencySnapshot {
  /** errors / records in the window (0 with no records). */
  error_rate: number;
  records: number;
  errors: number;
}

/** A data-contract violation as the service shows it (±Infinity as strings, since JSON has none). */
export interface ViolationView {
  feature: string;
  rule: RuleName;
  count: number;
  rows: number;
  rate: number;
  /** The first offending value (null_rate: the observed rate; column rules: null). */
  value: number | string | boolean | null;
  /** type rule: what the first offending value was. */
  value_type?: string;
  limit: number | string | null;
  blocking: boolean;
  message: string;
}

/** GET /quality: the data contract's violations over the drift window, and lifetime totals per (feature, rule). */
export interface QualityStatus {
  timestamp: string;
  /** null when no contract is in force (config `contract: off`, or no profile). */
  contract: { source: string; features: number; expected_columns: number } | null;
  /** Absent when no contract is in force. */
  window?: { rows: number; batches: number };
  ok: boolean;
  violations: ViolationView[];
  /** Absent when no contract is in force. */
  totals?: { feature: string; rule: string; count: number }[];
  /** Present only when no contract is in force. */
  note?: string;
}

/** GET /freshness: age and status per configured data source. */
export interface FreshnessStatus {
  timestamp: string;
  /** Every configured source is fresh (true when none is configured). */
  all_fresh: boolean;
  sources: Record<string, SourceStatus>;
  /** Sources seen in records but not configured, with their record counts (at most 20 named). */
  unknown_sources: Record<string, number>;
}

/** GET /canary when the canary comparison is off (config `canary.enabled: false`). */
export interface CanaryDisabled {
  enabled: false;
}

/** GET /canary: the comparison, or `{ enabled: false }`. */
export type CanaryResponse = CanaryStatus | CanaryDisabled;

/** GET /alerts: what fires, the incidents, resolved alerts, and webhook deliveries (URLs reduced to their origin). */
export interface AlertsStatus {
  firing: Alert[];
  incidents: Incident[];
  history: Alert[];
  deliveries: DeliveryRecord[];
}

/** POST /monitor (202). */
export interface MonitorAccepted {
  accepted: number;
}

/** PUT /profile. */
export interface ProfileReplaced {
  status: 'replaced';
  features: string[];
  row_count: number;
}

/** Every rejected request: 400/401/413/415/503 carry field and reason; 404 and 500 only error and message. */
export interface ErrorBody {
  error: string;
  message: string;
  field?: string | null;
  reason?: Reason;
}
