// Runbook links of the service's alerts: a rule that names no runbook gets the section of docs/runbook.md that
// covers its metric (SLO burn alerts carry their own, in docs/slo-runbook.md).
/** Where docs/runbook.md covers each alert metric (rules that name no runbook get this one). */
export const RUNBOOK = 'https://github.com/driftkit/driftkit/blob/main/docs/runbook.md';
export const RUNBOOK_ANCHOR: Record<string, string> = {
  psi_score: 'feature-drift', ks_statistic: 'feature-drift', js_distance: 'feature-drift', wasserstein: 'feature-drift', drift_score: 'feature-drift',
  null_share_delta: 'missing-values', unseen_share: 'new-categories', drift_share: 'datasetdrift',
  latency_p50: 'highp95latency', latency_p95: 'highp95latency', latency_p99: 'criticalp99latency', error_rate: 'higherrorrate',
  contract_violation_rate: 'data-contract-violations', contract_violations: 'data-contract-violations',
  source_staleness: 'stale-or-missing-sources', source_missing: 'stale-or-missing-sources',
  canary_verdict: 'canary', canary_prediction_psi: 'canary', canary_error_rate_delta: 'canary', canary_latency_p99_ratio: 'canary',
};
export function withRunbook(rule: unknown): unknown {
  const r = rule as { runbook?: unknown; metric?: unknown };
  if (!r || typeof r !== 'object' || r.runbook !== undefined || typeof r.metric !== 'string') return rule;
  const anchor = RUNBOOK_ANCHOR[r.metric];
  return anchor ? { ...r, runbook: `${RUNBOOK}#${anchor}` } : rule;
}

