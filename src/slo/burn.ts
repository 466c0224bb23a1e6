// Multi-window, multi-burn-rate alerts (Google SRE workbook, "Alerting on SLOs", recommendation 6): an alert
// holds while the budget burns faster than its rate over both a long window (significance: enough budget is
// gone to matter) and a short one (recency: it is still burning, so the alert resolves minutes after the
// burn stops instead of when the long window forgets it). Also the bridge to the service's alert engine.
import { fail } from '../errors.js';
import type { AlertRuleConfig, AlertSeverity } from '../alerts/rules.js';
import type { MetricSample } from '../alerts/engine.js';
import { formatDuration, parseBurnAlerts, type BurnAlertPair, type Sli } from './config.js';
import type { SloStatus } from './tracker.js';

export interface BurnAlert {
  slo: string;
  sli: Sli;
  /** The pair's name: fast, slow, ticket, … */
  alert: string;
  severity: AlertSeverity;
  /** The burn rate both windows exceed. */
  threshold: number;
  long: { window: string; burn_rate: number };
  short: { window: string; burn_rate: number };
}

/** The service's alert-engine metric of a pair: `slo_burn_rate_fast`, … (samples carry feature = SLO name). */
export const burnMetric = (pair: string): string => `slo_burn_rate_${pair}`;
export const BUDGET_METRIC = 'slo_error_budget_remaining';

/** Metric names burnAlertSamples emits for these pairs: what the alert rules' known metrics must include. */
export function sloMetricNames(pairs?: unknown): string[] {
  return [...parseBurnAlerts(pairs).map((p) => burnMetric(p.name)), BUDGET_METRIC];
}

function rates(status: SloStatus, pair: BurnAlertPair): [number, number] {
  const long = status.burn_rates[pair.long];
  const short = status.burn_rates[pair.short];
  if (long === undefined || short === undefined) {
    fail('evaluateBurnAlerts', `status.burn_rates`, `of SLO ${JSON.stringify(status.name)} has no ${pair.long} / ${pair.short} window: evaluate with the tracker's burn alerts`);
  }
  return [long, short];
}

/** The pairs whose condition holds now (no `for`: that is the alert engine's / Prometheus's job), per SLO. */
export function evaluateBurnAlerts(statuses: SloStatus | readonly SloStatus[], pairs?: unknown): BurnAlert[] {
  const list = Array.isArray(statuses) ? statuses : [statuses as SloStatus];
  const checked = parseBurnAlerts(pairs);
  const out: BurnAlert[] = [];
  for (const s of list) {
    for (const p of checked) {
      const [long, short] = rates(s, p);
      if (long > p.burnRate && short > p.burnRate) {
        out.push({
          slo: s.name, sli: s.sli, alert: p.name, severity: p.severity, threshold: p.burnRate,
          long: { window: p.long, burn_rate: long }, short: { window: p.short, burn_rate: short },
        });
      }
    }
  }
  return out;
}

/**
 * Samples for the service's AlertEngine, one per (SLO, pair) whether firing or not (the engine resolves on
 * them): `slo_burn_rate_<pair>` = min(long, short burn rate), so that the rule `value > burn_rate` holds
 * exactly when both windows exceed it; plus `slo_error_budget_remaining`. `feature` carries the SLO name.
 */
export function burnAlertSamples(statuses: readonly SloStatus[], pairs?: unknown): MetricSample[] {
  const checked = parseBurnAlerts(pairs);
  const out: MetricSample[] = [];
  for (const s of statuses) {
    for (const p of checked) {
      const [long, short] = rates(s, p);
      out.push({
        metric: burnMetric(p.name), feature: s.name, value: Math.min(long, short),
        context: {
          slo: s.name, sli: s.sli, objective: s.objective, long_window: p.long, long_burn_rate: long,
          short_window: p.short, short_burn_rate: short, error_budget_remaining: s.error_budget.remaining,
        },
      });
    }
    out.push({ metric: BUDGET_METRIC, feature: s.name, value: s.error_budget.remaining, context: { slo: s.name, sli: s.sli, objective: s.objective } });
  }
  return out;
}

/** Alert-engine rules for the pairs (one source of truth for the rates): append them to `alerts.rules`. */
export function burnAlertRules(pairs?: unknown): AlertRuleConfig[] {
  return parseBurnAlerts(pairs).map((p) => ({
    name: `slo_${p.name}_burn`, metric: burnMetric(p.name), threshold: p.burnRate, op: '>', action: 'alert',
    severity: p.severity, ...(p.forMs > 0 ? { for: formatDuration(p.forMs) } : {}), runbook: p.runbook,
  }));
}
