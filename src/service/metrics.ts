// The service's Prometheus metrics (prom-client, one registry per service so tests can run several).
// Names are part of the contract with deploy/prometheus_rules.yml and the Grafana dashboard.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { DriftReport, FeatureDrift } from '../compare/compare.js';
import type { Reason } from './records.js';
import type { SloCounter, SloReport } from '../slo/index.js';
import type { CanaryStatus } from './canary.js';

const SEVERITY = { none: 0, moderate: 1, critical: 2 } as const;

/**
 * The number the `driftkit_feature_drift_score{method}` gauge and the `drift_score` alert metric carry, per
 * method as it always was (alert rules and dashboards keep their meaning): the method's statistic (PSI, KS D,
 * W / σ, JS distance; drift when high) except for method "chisquare", where it is the χ² test's p-value (drift
 * when low; not the χ² statistic, which the report's `statistic` now is). NaN when not measured.
 */
export function driftScoreValue(f: FeatureDrift): number {
  return f.method === 'chisquare' ? (f.pValue ?? NaN) : f.statistic;
}

export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly g: Record<string, Gauge<string>>;
  readonly records: Counter<string>;
  readonly windowsClosed: Counter<string>;
  readonly invalid: Counter<string>;
  readonly predictionErrors: Counter<string>;
  readonly score: Histogram<string>;
  readonly latency: Histogram<string>;
  readonly violations: Counter<string>;
  readonly sliEvents: Counter<string>;
  readonly sliGood: Counter<string>;

  constructor() {
    const r = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'driftkit_' });
    const gauge = (name: string, help: string, labelNames: string[] = []) => new Gauge({ name, help, labelNames, registers: r });
    this.g = {
      psi: gauge('driftkit_feature_psi', 'Population stability index of the feature over the current window (quantile bins of the reference)', ['feature']),
      ks: gauge('driftkit_feature_ks_statistic', 'Two-sample Kolmogorov-Smirnov statistic D (reference sample vs window sample)', ['feature']),
      js: gauge('driftkit_feature_js_distance', 'Jensen-Shannon distance (base 2) between binned reference and window', ['feature']),
      wasserstein: gauge('driftkit_feature_wasserstein', 'Wasserstein-1 distance divided by the reference standard deviation', ['feature']),
      score: gauge('driftkit_feature_drift_score', 'Per method: the statistic (psi: PSI, ks: KS D, wasserstein: W/sd, jensenshannon: JS distance; higher is more drift), except chisquare: the chi-square p-value (lower is more drift)', ['feature', 'method']),
      drifted: gauge('driftkit_feature_drifted', '1 when the feature drifted in the current window', ['feature']),
      severity: gauge('driftkit_feature_severity', 'Worst drift signal of the feature: 0 none, 1 moderate, 2 critical', ['feature']),
      nullShare: gauge('driftkit_feature_null_share', 'Share of missing values', ['feature', 'side']),
      samples: gauge('driftkit_feature_samples', 'Rows behind the comparison', ['feature', 'side']),
      dataset: gauge('driftkit_dataset_drift', '1 when the share of drifted features reaches the dataset rule'),
      drifted_n: gauge('driftkit_drifted_features', 'Number of drifted features in the current window'),
      monitored: gauge('driftkit_features_monitored', 'Number of features compared'),
      share: gauge('driftkit_drift_share', 'Share of compared features that drifted'),
      rows: gauge('driftkit_window_rows', 'Rows in the current drift window'),
      errorRate: gauge('driftkit_error_rate', 'Share of records flagged error over the latency window'),
      latencyQ: gauge('driftkit_latency_seconds', 'Latency quantiles over the sliding window (DDSketch, 1% relative error)', ['quantile']),
      sloOk: gauge('driftkit_latency_slo_ok', '1 while the latency SLO on this quantile holds', ['quantile']),
      alert: gauge('driftkit_alert_state', 'Alert rule state per feature: 0 inactive, 1 pending, 2 firing', ['rule', 'feature', 'severity']),
      profile: gauge('driftkit_profile_loaded', '1 once a reference profile is loaded'),
      violationRate: gauge('driftkit_contract_violation_rate', 'Share of the drift window\'s rows breaking a data-contract rule (rate rules: the observed rate)', ['feature', 'rule']),
      sourceAge: gauge('driftkit_source_age_seconds', 'Age of the newest values of a data source (now minus its newest timestamp)', ['source']),
      sourceMaxAge: gauge('driftkit_source_max_age_seconds', 'The largest acceptable age of a data source (freshness.sources)', ['source']),
      sourceStatus: gauge('driftkit_source_status', 'Freshness of a data source: 0 fresh, 1 stale, 2 missing', ['source']),
      sloObjective: gauge('driftkit_slo_objective', 'Objective of the SLO (share of good events)', ['slo']),
      sloCompliance: gauge('driftkit_slo_compliance', 'Share of good events over the SLO period', ['slo']),
      sloBudget: gauge('driftkit_slo_error_budget_remaining', 'Share of the error budget left over the SLO period (negative when overspent)', ['slo']),
      sloBurn: gauge('driftkit_slo_burn_rate', 'Error-budget burn rate over a window (1 spends the budget exactly over the period)', ['slo', 'window']),
      canaryVerdict: gauge('driftkit_canary_verdict', 'Canary verdict for the candidate model version: -1 insufficient data, 0 promote, 1 hold, 2 rollback', ['baseline', 'candidate']),
      canaryPsi: gauge('driftkit_canary_prediction_psi', 'PSI of the candidate version\'s predictions against the baseline version\'s, over the canary window'),
      canaryErr: gauge('driftkit_canary_error_rate_delta', 'Candidate minus baseline error rate over the canary window'),
      canaryLatency: gauge('driftkit_canary_latency_ratio', 'Candidate / baseline latency quantile over the canary window', ['quantile']),
      canaryRows: gauge('driftkit_canary_rows', 'Rows of each compared version in the canary window', ['role']),
    };
    this.violations = new Counter({ name: 'driftkit_contract_violations_total', help: 'Rows that broke a data-contract rule, by feature (or column) and rule', labelNames: ['feature', 'rule'], registers: r });
    this.sliEvents = new Counter({ name: 'driftkit_sli_events_total', help: 'SLI events (windows, requests, source checks) per SLO', labelNames: ['slo', 'sli'], registers: r });
    this.sliGood = new Counter({ name: 'driftkit_sli_good_total', help: 'SLI events that met the SLO\'s condition', labelNames: ['slo', 'sli'], registers: r });
    this.records = new Counter({ name: 'driftkit_records_total', help: 'Prediction records accepted', registers: r });
    this.windowsClosed = new Counter({ name: 'driftkit_windows_closed_total', help: 'Drift windows (or sliding panes) closed', registers: r });
    this.invalid = new Counter({ name: 'driftkit_invalid_requests_total', help: 'Rejected requests by reason', labelNames: ['reason'], registers: r });
    this.predictionErrors = new Counter({ name: 'driftkit_prediction_errors_total', help: 'Records flagged error: true', registers: r });
    this.score = new Histogram({ name: 'driftkit_prediction_score', help: "The model's probability output", buckets: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1], registers: r });
    this.latency = new Histogram({ name: 'driftkit_request_latency_seconds', help: 'Model latency reported by the records', buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers: r });
  }

  invalidRequest(reason: Reason): void { this.invalid.inc({ reason }); }

  profileLoaded(loaded: boolean): void { this.g.profile.set(loaded ? 1 : 0); }

  /** Gauges of the current window's report (cleared first, so features of a replaced profile disappear). */
  drift(report: DriftReport | undefined, rows: number, features: number): void {
    for (const k of ['psi', 'ks', 'js', 'wasserstein', 'score', 'drifted', 'severity', 'nullShare', 'samples']) this.g[k].reset();
    this.g.rows.set(rows);
    this.g.monitored.set(features);
    if (!report) { this.g.dataset.set(0); this.g.drifted_n.set(0); this.g.share.set(0); return; }
    this.g.dataset.set(report.driftDetected ? 1 : 0);
    this.g.drifted_n.set(report.driftedFeatures.length);
    this.g.share.set(report.driftShare);
    for (const [feature, f] of Object.entries(report.features)) {
      const set = (k: string, v: number | undefined) => { if (v !== undefined && Number.isFinite(v)) this.g[k].set({ feature }, v); };
      set('psi', f.scores.psi);
      set('ks', f.scores.ks);
      set('js', f.scores.jsDistance);
      set('wasserstein', f.scores.wassersteinNormalized);
      const score = driftScoreValue(f);
      if (Number.isFinite(score)) this.g.score.set({ feature, method: f.method }, score);
      this.g.drifted.set({ feature }, f.drifted ? 1 : 0);
      this.g.severity.set({ feature }, SEVERITY[f.severity]);
      if (Number.isFinite(f.referenceNullShare)) this.g.nullShare.set({ feature, side: 'reference' }, f.referenceNullShare);
      if (Number.isFinite(f.currentNullShare)) this.g.nullShare.set({ feature, side: 'current' }, f.currentNullShare);
      this.g.samples.set({ feature, side: 'reference' }, f.referenceCount);
      this.g.samples.set({ feature, side: 'current' }, f.currentCount);
    }
  }

  latencyQuantiles(q: { p50: number | null; p95: number | null; p99: number | null }, ok: { p95: boolean; p99: boolean }, errorRate: number): void {
    for (const [label, v] of [['0.5', q.p50], ['0.95', q.p95], ['0.99', q.p99]] as const) {
      if (v === null) this.g.latencyQ.remove({ quantile: label });
      else this.g.latencyQ.set({ quantile: label }, v / 1000);
    }
    this.g.sloOk.set({ quantile: '0.95' }, ok.p95 ? 1 : 0);
    this.g.sloOk.set({ quantile: '0.99' }, ok.p99 ? 1 : 0);
    this.g.errorRate.set(errorRate);
  }

  /** The contract's violations over the window (rates) and since start (counters). */
  quality(window: readonly { feature: string; rule: string; rate: number }[], totals: Iterable<{ feature: string; rule: string; count: number }>): void {
    this.g.violationRate.reset();
    for (const v of window) this.g.violationRate.set({ feature: v.feature, rule: v.rule }, v.rate);
    this.violations.reset();
    for (const t of totals) this.violations.inc({ feature: t.feature, rule: t.rule }, t.count);
  }

  freshness(sources: Record<string, { max_age_ms: number; age_ms: number | null; status: 'fresh' | 'stale' | 'missing' }>): void {
    for (const k of ['sourceAge', 'sourceMaxAge', 'sourceStatus']) this.g[k].reset();
    for (const [source, s] of Object.entries(sources)) {
      if (s.age_ms !== null) this.g.sourceAge.set({ source }, s.age_ms / 1000);
      this.g.sourceMaxAge.set({ source }, s.max_age_ms / 1000);
      this.g.sourceStatus.set({ source }, s.status === 'fresh' ? 0 : s.status === 'stale' ? 1 : 2);
    }
  }

  /** SLO gauges from the tracker's status; the SLI counters carry its lifetime totals. */
  slo(report: SloReport, counters: readonly SloCounter[]): void {
    for (const k of ['sloObjective', 'sloCompliance', 'sloBudget', 'sloBurn']) this.g[k].reset();
    for (const st of report.slos) {
      const slo = st.name;
      this.g.sloObjective.set({ slo }, st.objective);
      if (st.compliance !== null) this.g.sloCompliance.set({ slo }, st.compliance);
      this.g.sloBudget.set({ slo }, st.error_budget.remaining);
      for (const [window, v] of Object.entries(st.burn_rates)) this.g.sloBurn.set({ slo, window }, v);
    }
    this.sliEvents.reset();
    this.sliGood.reset();
    for (const c of counters) {
      this.sliEvents.inc({ slo: c.slo, sli: c.sli }, c.total);
      this.sliGood.inc({ slo: c.slo, sli: c.sli }, c.good);
    }
  }

  canary(s: CanaryStatus): void {
    for (const k of ['canaryVerdict', 'canaryPsi', 'canaryErr', 'canaryLatency', 'canaryRows']) this.g[k].reset();
    if (!s.baseline || !s.candidate) return;
    this.g.canaryVerdict.set({ baseline: s.baseline.version, candidate: s.candidate.version }, { insufficient_data: -1, promote: 0, hold: 1, rollback: 2 }[s.verdict]);
    this.g.canaryRows.set({ role: 'baseline' }, s.baseline.rows);
    this.g.canaryRows.set({ role: 'candidate' }, s.candidate.rows);
    const c = s.comparison;
    if (!c) return;
    const psi = c.prediction?.psi;
    if (psi !== null && psi !== undefined && Number.isFinite(psi)) this.g.canaryPsi.set(psi);
    this.g.canaryErr.set(c.error_rate.delta);
    if (c.latency.p95_ratio !== null) this.g.canaryLatency.set({ quantile: '0.95' }, c.latency.p95_ratio);
    if (c.latency.p99_ratio !== null) this.g.canaryLatency.set({ quantile: '0.99' }, c.latency.p99_ratio);
  }

  alertStates(states: readonly { rule: string; feature?: string; severity: string; state: number }[]): void {
    this.g.alert.reset();
    for (const s of states) this.g.alert.set({ rule: s.rule, feature: s.feature ?? '', severity: s.severity }, s.state);
  }
}
