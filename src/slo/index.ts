// SLOs and error budgets (browser-safe): config, the bucketed tracker, budget and burn-rate math, and the
// multi-window burn-rate alerts with their bridge to the service's alert engine. See docs/slo.md.
export {
  DEFAULT_BURN_ALERTS, DEFAULT_LATENCY_THRESHOLD_MS, DEFAULT_PERIOD, DEFAULT_SLOS, SLIS, formatDuration, parseBurnAlerts,
  parseSloConfig, parseSlos,
  type BurnAlertConfig, type BurnAlertPair, type Sli, type Slo, type SloConfig, type SloSettings,
} from './config.js';
export { budgetShare, burnRate, errorBudget, type ErrorBudget } from './budget.js';
export {
  BUDGET_METRIC, burnAlertRules, burnAlertSamples, burnMetric, evaluateBurnAlerts, sloMetricNames, type BurnAlert,
} from './burn.js';
export {
  DEFAULT_MAX_LABELS, SloTracker,
  type LabelStatus, type SloCounter, type SloReport, type SloStateJSON, type SloStatus, type SloTrackerJSON,
  type SloTrackerOptions, type SloTrackerStats,
} from './tracker.js';
export type { RingJSON } from './buckets.js';
