// driftReportJson(report): the one JSON shape for machines, shared by `driftkit compare --format json` and the
// service's GET /drift (which adds its window block, model version and data-quality verdict): snake_case field
// names, a schema_version, the seed-compatible summary fields first. Documented in docs/json-output.md and
// checked against schemas/drift-report.schema.json. The library's own objects (DriftReport) stay camelCase.
//
// Numbers: a finite number is a JSON number; +Infinity and -Infinity are the strings "Infinity" and
// "-Infinity" (bin edges, a normalized Wasserstein distance against a constant reference); null means there is
// no value: the quantity does not apply to the feature's kind or method (no p-value for PSI, no KS for a
// categorical), or the feature could not be measured (NaN in the library), and then its `status` says why
// ('missing-in-current', 'no-current-data', 'no-reference-data'). Nothing is dropped silently.
// Browser-safe: no Node built-ins.
import { fail } from '../errors.js';
import type { DriftReport, FeatureDrift, Signal } from '../compare/compare.js';
import type { Correction, MethodName, Severity } from '../compare/policy.js';
import type { ExclusionReason, TimeSpan } from '../compare/roles.js';

/**
 * The shape's version, "MAJOR.MINOR": the major changes when a field is renamed, removed or changes its type or
 * meaning; the minor when fields are added. Readers check the major and ignore fields they do not know.
 */
export const DRIFT_REPORT_SCHEMA_VERSION = '1.0';

/** A number in the JSON shape: finite, or ±Infinity as the strings "Infinity" / "-Infinity". */
export type JsonNumber = number | 'Infinity' | '-Infinity';

/** Signal kinds in the JSON shape (the library's camelCase kinds in snake_case, as the fields they refer to). */
export type SignalKindJson = 'distribution' | 'null_share' | 'new_categories' | 'missing_column' | 'no_data';

export type SignalJson = {
  kind: SignalKindJson;
  value: JsonNumber | null;
  severity: Severity;
};

export type BinsJson = {
  /** Numeric features: the reference's bin edges, from "-Infinity" to "Infinity"; null for categoricals. */
  edges: JsonNumber[] | null;
  /** Categorical and boolean features: the categories (the reference's, then unseen ones); null for numerics. */
  categories: string[] | null;
  reference_proportions: JsonNumber[];
  current_proportions: JsonNumber[];
  /** Per-bin PSI contributions. */
  contributions: JsonNumber[];
  /** Categorical: the last category is "(other)", every value the reference does not track (see docs/profile-schema.md). */
  other_bin: boolean;
};

export type SampleCountsJson = { reference: number; current: number };

export type FeatureDriftJson = {
  feature: string;
  kind: FeatureDrift['kind'];
  method: MethodName;
  /** 'ok', or why the feature has no statistic: 'missing-in-current', 'no-current-data', 'no-reference-data'. */
  status: FeatureDrift['status'];
  statistic: JsonNumber | null;
  p_value: JsonNumber | null;
  adjusted_p_value: JsonNumber | null;
  threshold: { direction: 'higher' | 'lower'; moderate: JsonNumber; critical: JsonNumber };
  drifted: boolean;
  severity: Severity;
  signals: SignalJson[];
  scores: {
    psi: JsonNumber | null; ks: JsonNumber | null; js_distance: JsonNumber | null;
    wasserstein: JsonNumber | null; wasserstein_normalized: JsonNumber | null; chisquare_p_value: JsonNumber | null;
  };
  sample_counts: SampleCountsJson;
  null_share: { reference: JsonNumber | null; current: JsonNumber | null };
  new_categories: string[];
  missing_categories: string[];
  new_category_share: JsonNumber | null;
  /** Distinct new categories (estimated from a bounded sample when new_categories_exact is false); null for numerics. */
  new_category_count: number | null;
  /** Whether new_categories lists every new category and the share and count are exact; null for numerics. */
  new_categories_exact: boolean | null;
  /** null when the feature was not measured, or for no binned comparison. */
  bins: BinsJson | null;
};

export type DriftReportJson = {
  schema_version: typeof DRIFT_REPORT_SCHEMA_VERSION;
  timestamp: string;
  /** 'ok' for a computed report; the service answers 'no-data' while its window has no rows. */
  status: 'ok' | 'no-data';
  features_monitored: number;
  drift_detected: boolean;
  psi_scores: Record<string, JsonNumber | null>;
  drifted_features: string[];
  drift_share: number;
  dataset_drift_threshold: number;
  correction: Correction;
  ks_statistics: Record<string, JsonNumber | null>;
  js_distances: Record<string, JsonNumber | null>;
  /** Wasserstein distances normalized by the reference's standard deviation. */
  wasserstein_distances: Record<string, JsonNumber | null>;
  sample_counts: Record<string, SampleCountsJson>;
  /** Columns left out of the comparison (time column, identifiers, --exclude) and why; [] when none. */
  excluded_columns: ExcludedColumnJson[];
  /** The table's time column and its span on each side read (null: none, or not known). */
  time_column: TimeColumnJson | null;
  prediction_drift: FeatureDriftJson | null;
  features: Record<string, FeatureDriftJson>;
};

export type ExcludedColumnJson = { column: string; reason: ExclusionReason; detail: string | null };
export type TimeSpanJson = { min: string; max: string; rows: number; days: number; rows_per_day: number };
export type TimeColumnJson = { column: string; reference: TimeSpanJson | null; current: TimeSpanJson | null };

const spanJson = (s: TimeSpan | undefined): TimeSpanJson | null =>
  s ? { min: s.min, max: s.max, rows: s.rows, days: s.days, rows_per_day: s.rowsPerDay } : null;

/** The number rule: finite → number, ±Infinity → "Infinity" / "-Infinity", NaN or absent → null. */
export function jsonNumber(x: number | undefined | null): JsonNumber | null {
  if (x === undefined || x === null || Number.isNaN(x)) return null;
  if (Number.isFinite(x)) return x;
  return x > 0 ? 'Infinity' : '-Infinity';
}

/** The reverse of jsonNumber (null → NaN), for readers of the shape. */
export function fromJsonNumber(x: JsonNumber | null): number {
  if (x === null) return NaN;
  if (x === 'Infinity') return Infinity;
  if (x === '-Infinity') return -Infinity;
  return x;
}

const SIGNAL_KIND: Record<Signal['kind'], SignalKindJson> = {
  distribution: 'distribution', nullShare: 'null_share', newCategories: 'new_categories', missingColumn: 'missing_column', noData: 'no_data',
};

/** A number that should always have a value (edges, proportions, thresholds): NaN is still null (never hidden). */
const numbers = (xs: readonly number[]): JsonNumber[] => xs.map((x) => jsonNumber(x) as JsonNumber);

/** One feature's result in the JSON shape. */
export function featureDriftJson(f: FeatureDrift): FeatureDriftJson {
  const b = f.bins;
  return {
    feature: f.feature,
    kind: f.kind,
    method: f.method,
    status: f.status,
    statistic: jsonNumber(f.statistic),
    p_value: jsonNumber(f.pValue),
    adjusted_p_value: jsonNumber(f.adjustedPValue),
    threshold: { direction: f.threshold.direction, moderate: jsonNumber(f.threshold.moderate) as JsonNumber, critical: jsonNumber(f.threshold.critical) as JsonNumber },
    drifted: f.drifted,
    severity: f.severity,
    signals: f.signals.map((s) => ({ kind: SIGNAL_KIND[s.kind] ?? s.kind, value: jsonNumber(s.value), severity: s.severity })),
    scores: {
      psi: jsonNumber(f.scores.psi), ks: jsonNumber(f.scores.ks), js_distance: jsonNumber(f.scores.jsDistance),
      wasserstein: jsonNumber(f.scores.wasserstein), wasserstein_normalized: jsonNumber(f.scores.wassersteinNormalized),
      chisquare_p_value: jsonNumber(f.scores.chisquarePValue),
    },
    sample_counts: { reference: f.referenceCount, current: f.currentCount },
    null_share: { reference: jsonNumber(f.referenceNullShare), current: jsonNumber(f.currentNullShare) },
    new_categories: [...(f.newCategories ?? [])],
    missing_categories: [...(f.missingCategories ?? [])],
    new_category_share: jsonNumber(f.newCategoryShare),
    new_category_count: f.newCategoryCount ?? null,
    new_categories_exact: f.newCategoriesExact ?? null,
    bins: b
      ? {
        edges: b.edges ? numbers(b.edges) : null,
        categories: b.categories ? [...b.categories] : null,
        reference_proportions: numbers(b.referenceProportions),
        current_proportions: numbers(b.currentProportions),
        contributions: numbers(b.contributions),
        other_bin: b.otherBin === true,
      }
      : null,
  };
}

/**
 * A DriftReport in the documented JSON shape (schemas/drift-report.schema.json). `extra` fields (the service's
 * window, model version…) are placed after the summary and before the bulky per-feature views; they may not
 * replace a field of the shape.
 */
export function driftReportJson(report: DriftReport): DriftReportJson;
export function driftReportJson<E extends Record<string, unknown>>(report: DriftReport, extra: E): DriftReportJson & E;
export function driftReportJson(report: DriftReport, extra: Record<string, unknown> = {}): DriftReportJson {
  const fs = Object.entries(report.features);
  const per = <T>(pick: (f: FeatureDrift) => T): Record<string, T> => Object.fromEntries(fs.map(([n, f]) => [n, pick(f)]));
  const t = report.timeColumn;
  const summary: Omit<DriftReportJson, 'prediction_drift' | 'features'> = {
    schema_version: DRIFT_REPORT_SCHEMA_VERSION,
    timestamp: report.timestamp,
    status: 'ok',
    features_monitored: report.featuresMonitored,
    drift_detected: report.driftDetected,
    psi_scores: per((f) => jsonNumber(f.scores.psi)),
    drifted_features: [...report.driftedFeatures],
    drift_share: report.driftShare,
    dataset_drift_threshold: report.datasetDriftThreshold,
    correction: report.correction,
    ks_statistics: per((f) => jsonNumber(f.scores.ks)),
    js_distances: per((f) => jsonNumber(f.scores.jsDistance)),
    wasserstein_distances: per((f) => jsonNumber(f.scores.wassersteinNormalized)),
    sample_counts: per((f) => ({ reference: f.referenceCount, current: f.currentCount })),
    excluded_columns: (report.excluded ?? []).map((e) => ({ column: e.column, reason: e.reason, detail: e.detail ?? null })),
    time_column: t ? { column: t.column, reference: spanJson(t.reference), current: spanJson(t.current) } : null,
  };
  for (const k of Object.keys(extra)) {
    if (k in summary || k === 'prediction_drift' || k === 'features') fail('driftReportJson', `extra.${k}`, 'would replace a field of the shape');
  }
  return {
    ...summary,
    ...extra,
    prediction_drift: report.predictionDrift ? featureDriftJson(report.predictionDrift) : null,
    features: per(featureDriftJson),
  };
}
