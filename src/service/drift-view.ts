// The /drift answer: the shared JSON shape of a DriftReport (driftReportJson, src/report/json.ts; the same as
// `driftkit compare --format json`) plus what only the service knows: the window it measured, the model version
// and the data contract's verdict. Before the window has rows it answers the same shape with status 'no-data'
// (every score null, no per-feature views). schemas/drift-report.schema.json#/definitions/drift_status.
import type { CompareOptions, DriftReport, FeatureDrift } from '../compare/compare.js';
import type { ValidationResult } from '../quality/validate.js';
import { DRIFT_REPORT_SCHEMA_VERSION, driftReportJson, featureDriftJson, type DriftReportJson, type FeatureDriftJson } from '../report/json.js';
import type { WindowInfo, WindowSpec } from '../stream/monitor.js';

export type { DriftReportJson, FeatureDriftJson };

/** The window the report covers: its spec and, once it has rows, its bounds (ISO times) and row count. */
export type WindowJson = {
  kind: WindowSpec['kind'];
  /** Time windows: the length in ms (exactly one of size_ms / size_rows). */
  size_ms?: number;
  /** Row windows: the length in rows. */
  size_rows?: number;
  /** Sliding windows: the pane length, in the window's unit. */
  slide?: number;
  start: string | null;
  end: string | null;
  rows: number;
};

/** The data contract's verdict over the window (details: GET /quality); null when no contract is in force. */
export type DataQualityJson = { ok: boolean; rows: number; violations: number; features: string[]; blocking: boolean };

/** GET /drift: the shared shape and the service's fields (a superset of `driftkit compare --format json`). */
export type DriftViewJson = DriftReportJson & {
  window: WindowJson;
  model_version: string | null;
  /** Set by the service (driftView's options.dataQuality, or assigned after). */
  data_quality?: DataQualityJson | null;
};

export interface DriftViewOptions {
  /** The service's compare() options: the dataset rule's threshold and the correction of a 'no-data' answer. */
  compare?: Pick<CompareOptions, 'driftShare' | 'correction'>;
  /** The contract's verdict over the window (dataQualityJson), or null without a contract. Omitted: no field. */
  dataQuality?: DataQualityJson | null;
}

const iso = (t: number): string | null => (Number.isFinite(t) ? new Date(t).toISOString() : null);

/** A feature's result in the shared JSON shape (kept under its old name; featureDriftJson in src/report/json.ts). */
export const featureView = (f: FeatureDrift): FeatureDriftJson => featureDriftJson(f);

/** The data-contract verdict for /drift from the quality window's result. */
export function dataQualityJson(q: ValidationResult): DataQualityJson {
  return { ok: q.ok, rows: q.rows, violations: q.violations.length, features: [...new Set(q.violations.map((v) => v.feature))], blocking: q.blocking };
}

/** The bins that moved most (largest PSI contributions), for alert payloads and summaries. */
export function topBins(f: FeatureDrift, k = 3): Record<string, unknown>[] {
  const b = f.bins;
  if (!b) return [];
  const label = (i: number): string => b.categories?.[i] ?? (b.edges ? `[${b.edges[i]}, ${b.edges[i + 1]})` : String(i));
  return b.contributions.map((c, i) => ({ c, i })).filter((x) => Number.isFinite(x.c)).sort((x, y) => y.c - x.c).slice(0, k)
    .map(({ c, i }) => ({ bin: label(i), reference_share: b.referenceProportions[i], current_share: b.currentProportions[i], contribution: c }));
}

export function windowJson(spec: WindowSpec, window: WindowInfo | undefined): WindowJson {
  return {
    kind: spec.kind, ...(spec.ms !== undefined ? { size_ms: spec.ms } : { size_rows: spec.rows }), ...(spec.slide !== undefined ? { slide: spec.slide } : {}),
    start: window ? iso(window.startTime) : null, end: window ? iso(window.endTime) : null, rows: window?.rows ?? 0,
  };
}

/**
 * GET /drift. `features` are the profile's features (named, with null scores, while there is no data);
 * `modelVersion` the version of the latest records.
 */
export function driftView(report: DriftReport | undefined, window: WindowInfo | undefined, spec: WindowSpec, features: string[], modelVersion?: string,
  options: DriftViewOptions = {}): DriftViewJson {
  const extra = {
    window: windowJson(spec, window),
    model_version: modelVersion ?? null,
    ...(options.dataQuality !== undefined ? { data_quality: options.dataQuality } : {}),
  };
  if (report) return driftReportJson(report, extra);
  const nulls = () => Object.fromEntries(features.map((f) => [f, null]));
  return {
    schema_version: DRIFT_REPORT_SCHEMA_VERSION,
    timestamp: new Date().toISOString(),
    status: 'no-data',
    features_monitored: features.length,
    drift_detected: false,
    psi_scores: nulls(),
    drifted_features: [],
    drift_share: 0,
    dataset_drift_threshold: options.compare?.driftShare ?? 0.5,
    correction: options.compare?.correction ?? 'none',
    ks_statistics: nulls(),
    js_distances: nulls(),
    wasserstein_distances: nulls(),
    sample_counts: {},
    excluded_columns: [],
    time_column: null,
    ...extra,
    prediction_drift: null,
    features: {},
  };
}
