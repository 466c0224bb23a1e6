// The /drift answer: a DriftReport in the service's snake_case JSON, with the seed-compatible fields first
// (timestamp, features_monitored, drift_detected, psi_scores, drifted_features) and every method's scores,
// sample counts, null shares, category changes and per-bin contributions per feature.
import type { DriftReport, FeatureDrift } from '../compare/compare.js';
import type { WindowInfo, WindowSpec } from '../stream/monitor.js';

const finite = (x: number | undefined): number | null => (x !== undefined && Number.isFinite(x) ? x : null);
const iso = (t: number): string | null => (Number.isFinite(t) ? new Date(t).toISOString() : null);

export function featureView(f: FeatureDrift): Record<string, unknown> {
  return {
    kind: f.kind,
    method: f.method,
    statistic: finite(f.statistic),
    p_value: finite(f.pValue),
    adjusted_p_value: finite(f.adjustedPValue),
    threshold: { moderate: f.threshold.moderate, critical: f.threshold.critical, direction: f.threshold.direction },
    drifted: f.drifted,
    severity: f.severity,
    status: f.status,
    signals: f.signals.map((s) => ({ kind: s.kind, value: finite(s.value), severity: s.severity })),
    scores: {
      psi: finite(f.scores.psi), ks: finite(f.scores.ks), js_distance: finite(f.scores.jsDistance),
      wasserstein: finite(f.scores.wasserstein), wasserstein_normalized: finite(f.scores.wassersteinNormalized),
      chisquare_p_value: finite(f.scores.chisquarePValue),
    },
    sample_counts: { reference: f.referenceCount, current: f.currentCount },
    null_share: { reference: finite(f.referenceNullShare), current: finite(f.currentNullShare) },
    new_categories: f.newCategories ?? [],
    missing_categories: f.missingCategories ?? [],
    new_category_share: finite(f.newCategoryShare),
    bins: f.bins && {
      edges: f.bins.edges?.map((e) => (Number.isFinite(e) ? e : e > 0 ? 'Infinity' : '-Infinity')),
      categories: f.bins.categories,
      reference_proportions: f.bins.referenceProportions,
      current_proportions: f.bins.currentProportions,
      contributions: f.bins.contributions,
    },
  };
}

/** The bins that moved most (largest PSI contributions), for alert payloads and summaries. */
export function topBins(f: FeatureDrift, k = 3): Record<string, unknown>[] {
  const b = f.bins;
  if (!b) return [];
  const label = (i: number): string => b.categories?.[i] ?? (b.edges ? `[${b.edges[i]}, ${b.edges[i + 1]})` : String(i));
  return b.contributions.map((c, i) => ({ c, i })).filter((x) => Number.isFinite(x.c)).sort((x, y) => y.c - x.c).slice(0, k)
    .map(({ c, i }) => ({ bin: label(i), reference_share: b.referenceProportions[i], current_share: b.currentProportions[i], contribution: c }));
}

export function driftView(report: DriftReport | undefined, window: WindowInfo | undefined, spec: WindowSpec, features: string[], modelVersion?: string): Record<string, unknown> {
  const windowView = {
    kind: spec.kind, ...(spec.ms !== undefined ? { size_ms: spec.ms } : { size_rows: spec.rows }), ...(spec.slide !== undefined ? { slide: spec.slide } : {}),
    start: window ? iso(window.startTime) : null, end: window ? iso(window.endTime) : null, rows: window?.rows ?? 0,
  };
  if (!report) {
    return {
      timestamp: new Date().toISOString(), status: 'no-data', features_monitored: features.length, drift_detected: false,
      psi_scores: Object.fromEntries(features.map((f) => [f, null])), drifted_features: [], drift_share: 0, window: windowView,
      model_version: modelVersion ?? null, features: {},
    };
  }
  const fs = Object.entries(report.features);
  return {
    timestamp: report.timestamp,
    status: 'ok',
    features_monitored: report.featuresMonitored,
    drift_detected: report.driftDetected,
    psi_scores: Object.fromEntries(fs.map(([n, f]) => [n, finite(f.scores.psi)])),
    drifted_features: report.driftedFeatures,
    drift_share: report.driftShare,
    dataset_drift_threshold: report.datasetDriftThreshold,
    correction: report.correction,
    ks_statistics: Object.fromEntries(fs.map(([n, f]) => [n, finite(f.scores.ks)])),
    js_distances: Object.fromEntries(fs.map(([n, f]) => [n, finite(f.scores.jsDistance)])),
    wasserstein_distances: Object.fromEntries(fs.map(([n, f]) => [n, finite(f.scores.wassersteinNormalized)])),
    sample_counts: Object.fromEntries(fs.map(([n, f]) => [n, { reference: f.referenceCount, current: f.currentCount }])),
    window: windowView,
    model_version: modelVersion ?? null,
    prediction_drift: report.predictionDrift ? featureView(report.predictionDrift) : null,
    features: Object.fromEntries(fs.map(([n, f]) => [n, featureView(f)])),
  };
}
