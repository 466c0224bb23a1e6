// Alerting for the monitoring service: rules from the config, the engine that turns metric samples into
// alerts and incidents, and webhook delivery of the alerts' actions.
export {
  DEFAULT_COOLDOWN, FEATURE_METRICS, GLOBAL_METRICS, KNOWN_METRICS, OPS, SEVERITIES, parseDuration, parseRules, validateRules,
  type AlertAction, type AlertOp, type AlertRule, type AlertRuleConfig, type AlertSeverity, type ParseRulesOptions,
} from './rules.js';
export {
  AlertEngine,
  type Alert, type AlertEngineOptions, type AlertEngineSnapshot, type AlertNotifier, type AlertSnapshot, type AlertState,
  type AlertStateEntry, type EvaluationResult, type Incident, type IncidentSnapshot, type MetricSample, type TrackerSnapshot,
} from './engine.js';
export {
  createWebhookNotifier, webhookPayload,
  type DeliveryRecord, type WebhookNotifier, type WebhookNotifierOptions, type WebhookPayload,
} from './webhooks.js';
