// Canary comparison (issue #6): a new model version serves a share of the traffic; its live traffic is compared
// with the baseline version's over the same sliding window, and a verdict — promote, hold, rollback or
// insufficient_data — says what a deploy pipeline should do. See docs/canary.md.
//
// State per model version: row and error counts per time pane (every version, up to maxVersions). The two
// versions being compared, and the next in line (maxProfiled in all, default 3), also keep per pane a profile
// built with the reference's edges (ProfileAccumulator while the pane is open, a frozen ReferenceProfile once
// it has closed) and one LatencyTracker. Never raw rows: memory is bounded by maxProfiled × (panes + 1) pane
// profiles whatever the traffic, and versions age out a window after their last row. The comparison is compare(baseline window profile, candidate window profile): the baseline's live
// traffic is the reference, so prediction drift is measured between the two versions, not against training.
import { fail } from '../errors.js';
import { compare, type CompareOptions, type FeatureDrift } from '../compare/compare.js';
import type { Severity } from '../compare/policy.js';
import { kernels } from '../engine/index.js';
import type { Kernels } from '../engine/types.js';
import { ProfileAccumulator, shapeOf, type ProfileShape } from '../profile/accumulate.js';
import { checkSampleCapacity } from '../profile/build.js';
import { sub } from '../profile/columns.js';
import { mergeBuilt } from '../profile/merge.js';
import { profileArgument } from '../profile/serialize.js';
import { checkProfile, profileToJSON } from '../profile/serialize.js';
import type { ColumnInput, Columns, ReferenceProfile } from '../profile/types.js';
import { normSf } from '../stats/special.js';
import type { MetricSample } from '../alerts/engine.js';
import { LatencyTracker, MAX_LATENCY_MS, savedSetting, type LatencyTrackerJSON } from './latency.js';

const FORMAT = 'driftkit-canary';
const VERSION = 1;
/** ±8.64e15 ms is the range of a JS Date; beyond it pane indices stop being exact integers. */
const MAX_TIME_MS = 8.64e15;
/** As records.ts accepts model_version. */
const MAX_VERSION_LENGTH = 200;

export type CanaryVerdict = 'promote' | 'hold' | 'rollback' | 'insufficient_data';

/**
 * When the verdict moves. Defaults, and why (docs/canary.md has the arithmetic):
 * - minRows 1000: with 1000 rows each, a 1% → 3% error rate is significant at p < 0.01 (z ≈ 3.2); at 500 it is
 *   not (z ≈ 2.3), so "promote" at 500 rows could wave through a tripled error rate. It also puts the null
 *   PSI of 10 bins at ≈ 9/500 = 0.018, far below the 0.1 hold band, and p99 on at least 10 rows per side.
 * - prediction PSI 0.1 / 0.25: the industry's bands, as compare() uses for features.
 * - error rate: rollback at one-sided p < 0.01 *and* an increase of more than 0.5 percentage points (p alone
 *   flags irrelevant differences on large canaries, the delta alone flags noise on small ones); hold at p < 0.05
 *   with the same delta. Before minRows only a stronger result (p < 0.001, with ≥ 5 expected errors and
 *   non-errors per version so that the normal approximation holds) rolls back early: a canary failing one
 *   request in three should not wait for 1000 rows.
 * - latency: hold at a p95 ratio ≥ 1.2, rollback at a p95 or p99 ratio ≥ 1.5. p99 does not hold at 1.2 because
 *   at 1000 rows it rests on ~10 values and crosses 1.2 by chance (≈ 1% of evaluations for log-normal
 *   latencies), while p95 and the 1.5 band do not. Ratios only count when the difference is ≥ 2 ms: a 0.4 → 0.9
 *   ms change is a 2.25× ratio and no regression.
 * - featureDrift 'hold': with a random split, inputs are identically distributed in both versions, so a
 *   difference means routing or pipeline trouble. Set 'ignore' when traffic is split by segment (region, …).
 */
export interface CanaryGates {
  /** Profiled rows each version needs in the window before promote / hold / rollback (default 1000). */
  minRows: number;
  /** Prediction PSI (baseline vs candidate) at which to hold (default 0.1). */
  predictionPsiHold: number;
  /** Prediction PSI at which to roll back (default 0.25). */
  predictionPsiRollback: number;
  /** Smallest error-rate increase (absolute, 0.005 = 0.5 percentage points) that can hold or roll back. */
  errorRateMinDelta: number;
  /** One-sided p-value of the two-proportion z-test below which an error-rate increase rolls back (0.01). */
  errorRatePValue: number;
  /** ... below which it holds (0.05). */
  errorRateHoldPValue: number;
  /** Before minRows, an error-rate increase rolls back only below this p-value (0.001; 0 disables). */
  earlyRollbackPValue: number;
  /** Candidate / baseline p95 latency at which to hold (1.2). */
  latencyHoldRatio: number;
  /** Candidate / baseline p95 or p99 latency at which to roll back (1.5). */
  latencyRollbackRatio: number;
  /** Latency ratios count only when the candidate is slower by at least this many ms (2). */
  latencyMinDeltaMs: number;
  /** What a drifted input feature does: 'hold' (default) or 'ignore'. */
  featureDrift: 'hold' | 'ignore';
}

export const DEFAULT_CANARY_GATES: Readonly<CanaryGates> = Object.freeze({
  minRows: 1000,
  predictionPsiHold: 0.1,
  predictionPsiRollback: 0.25,
  errorRateMinDelta: 0.005,
  errorRatePValue: 0.01,
  errorRateHoldPValue: 0.05,
  earlyRollbackPValue: 0.001,
  latencyHoldRatio: 1.2,
  latencyRollbackRatio: 1.5,
  latencyMinDeltaMs: 2,
  featureDrift: 'hold',
});

/** compare() options the canary passes through (the features and the prediction are its own). */
export type CanaryCompareOptions = Pick<CompareOptions, 'methods' | 'thresholds' | 'nullShare' | 'newCategories' | 'correction'>;

export interface CanaryOptions {
  /** The reference profile: its features, kinds and bin edges shape the versions' window profiles. */
  reference: ReferenceProfile;
  /** Sliding-window length in ms (default 600 000, 10 minutes). */
  windowMs?: number;
  /** Panes the window is cut into (default 10); a row stays for between windowMs and windowMs + windowMs/panes. */
  panes?: number;
  /** The baseline version (default: chosen from the traffic, see selection in docs/canary.md). */
  baseline?: string;
  /** The candidate version (default: the most recently first-seen version). */
  candidate?: string;
  gates?: Partial<CanaryGates>;
  /**
   * The profile feature holding the model's output (default: `probability` if the profile has it, else
   * `prediction`, as the service feeds them; null: no prediction comparison).
   */
  predictionFeature?: string | null;
  /**
   * Distinct values kept by each pane's numeric sample (default min(1000, the reference's)). Only KS and
   * Wasserstein use it — exact while a window holds at most this many distinct values, within
   * √(ln(2/α)/2k) beyond (0.043 at 95%) — the gated PSI, JS, null shares and counts are exact regardless.
   */
  sampleCapacity?: number;
  /** Versions counted at once (default 20); rows of further versions count as overflow until some age out. */
  maxVersions?: number;
  /**
   * Versions profiled at once (default 3, at least 2): the pair and the next in line, so that a new canary
   * is profiled from its first row while a stopped one still holds the role. Memory: maxProfiled × (panes + 1)
   * pane profiles.
   */
  maxProfiled?: number;
  /** compare() options for the baseline-vs-candidate comparison (default { correction: 'bh' }). */
  compare?: CanaryCompareOptions;
  /** Clock in ms (default Date.now). */
  now?: () => number;
}

type Cell = number | string | boolean | null;

/** One batch of a version's records: what the service's ParsedBatch carries. */
export interface CanaryBatch {
  rows: number;
  /** Columns by profile feature (absent features are missing values), `rows` long each. */
  columns: Readonly<Record<string, ColumnInput | readonly Cell[]>>;
  /** Latency of each row in ms. */
  latencyMs: ArrayLike<number>;
  /** Rows that were failed predictions. */
  errors: number;
}

export interface CanaryVersionStatus {
  version: string;
  /** Rows in the window (counted for every version). */
  rows: number;
  /** Rows in the window's profiles: the rows compared (less than rows when the version became tracked late). */
  profiled_rows: number;
  errors: number;
  error_rate: number | null;
  latency: { count: number; p50_ms: number | null; p95_ms: number | null; p99_ms: number | null };
  /** When the version's first row in the window arrived (null for a configured version not seen). */
  first_seen: string | null;
  last_seen: string | null;
}

export interface CanaryFeatureStatus {
  method: string;
  statistic: number | null;
  p_value: number | null;
  psi: number | null;
  ks: number | null;
  js_distance: number | null;
  null_share: { baseline: number; candidate: number };
  drifted: boolean;
  severity: Severity;
}

export interface CanaryComparison {
  prediction: (CanaryFeatureStatus & { feature: string }) | null;
  features: Record<string, CanaryFeatureStatus>;
  drifted_features: string[];
  latency: { p95_ratio: number | null; p99_ratio: number | null };
  /** Two-proportion z-test, one-sided (candidate worse); delta = candidate − baseline error rate. */
  error_rate: { delta: number; z: number; p_value: number };
}

export interface CanaryStatus {
  timestamp: string;
  window_ms: number;
  baseline: CanaryVersionStatus | null;
  candidate: CanaryVersionStatus | null;
  /** Rows in the window of the versions not compared. */
  other_versions: Record<string, number>;
  /** Rows of versions beyond maxVersions (not attributed to any version). */
  overflow_rows: number;
  /** null until both versions have profiled rows. */
  comparison: CanaryComparison | null;
  verdict: CanaryVerdict;
  reasons: string[];
}

export interface CanaryStats {
  /** Versions counted in the window. */
  versions: number;
  /** Profile panes held (open and closed) over the tracked versions. */
  profile_panes: number;
  /** Rows dropped because they were older than the window when they arrived. */
  late_rows: number;
}

export interface CanaryTrackerJSON {
  format: typeof FORMAT;
  version: typeof VERSION;
  window_ms: number;
  panes: number;
  sample_capacity: number;
  /** Latest time seen (ms), null before the first. */
  head: number | null;
  roles: { baseline: string | null; candidate: string | null };
  late_rows: number;
  /** Per version: pane index, rows, errors. */
  versions: { version: string; first_seen: number; last_seen: number; counts: [number, number, number][] }[];
  overflow: [number, number, number][];
  tracked: { version: string; panes: { index: number; profile: object }[]; latency: LatencyTrackerJSON }[];
}

interface Count { rows: number; errors: number }
interface VersionState { firstSeen: number; lastSeen: number; counts: Map<number, Count> }
/** A pane's profile: `base` (closed, or restored) merged with `acc` (rows since). */
interface ProfilePane { base: ReferenceProfile | undefined; acc: ProfileAccumulator | undefined }
interface Tracked { panes: Map<number, ProfilePane>; latency: LatencyTracker }

const show = (v: unknown): string => {
  let s: string | undefined;
  try { s = JSON.stringify(v); } catch { /* cyclic */ }
  s ??= typeof v;
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
};
const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const finite = (x: number | undefined): number | null => (x !== undefined && Number.isFinite(x) ? x : null);
const iso = (t: number): string => new Date(t).toISOString();
/** 3 significant digits, no exponent for ordinary values ("0.314", "1.52", "0.0123"). */
const num = (x: number): string => (Number.isFinite(x) ? String(Number(x.toPrecision(3))) : String(x));
const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;
const pval = (p: number): string => (p >= 0.001 ? p.toFixed(3) : p > 0 ? p.toExponential(1) : '< 1e-300');
const ms = (x: number): string => (x >= 100 ? x.toFixed(0) : num(x));
const sumCounts = (m: Map<number, Count>): Count => {
  let rows = 0, errors = 0;
  for (const c of m.values()) { rows += c.rows; errors += c.errors; }
  return { rows, errors };
};
const VERDICT_VALUE: Record<CanaryVerdict, number | undefined> = { promote: 0, hold: 1, rollback: 2, insufficient_data: undefined };

function checkGates(fn: string, given: unknown): CanaryGates {
  if (given === undefined) return { ...DEFAULT_CANARY_GATES };
  if (!isRecord(given)) fail(fn, 'gates', `must be an object; got ${show(given)}`);
  for (const k of Object.keys(given)) {
    if (!(k in DEFAULT_CANARY_GATES)) fail(fn, `gates.${k}`, `is not a gate; the gates are ${Object.keys(DEFAULT_CANARY_GATES).join(', ')}`);
  }
  const g = { ...DEFAULT_CANARY_GATES, ...given } as CanaryGates;
  const need = (key: keyof CanaryGates, ok: (v: number) => boolean, what: string): void => {
    const v = g[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || !ok(v)) fail(fn, `gates.${key}`, `must be ${what}; got ${show(v)}`);
  };
  need('minRows', (v) => Number.isInteger(v) && v >= 1, 'an integer ≥ 1');
  need('predictionPsiHold', (v) => v > 0, 'a number > 0');
  need('predictionPsiRollback', (v) => v >= g.predictionPsiHold, `a number ≥ gates.predictionPsiHold (${g.predictionPsiHold})`);
  need('errorRateMinDelta', (v) => v >= 0 && v < 1, 'a number in [0, 1) (an absolute rate: 0.005 is 0.5 percentage points)');
  need('errorRatePValue', (v) => v > 0 && v < 1, 'a p-value in (0, 1)');
  need('errorRateHoldPValue', (v) => v >= g.errorRatePValue && v < 1, `a p-value in [gates.errorRatePValue (${g.errorRatePValue}), 1)`);
  need('earlyRollbackPValue', (v) => v >= 0 && v <= g.errorRatePValue, `a p-value in [0, gates.errorRatePValue (${g.errorRatePValue})] (0 disables early rollback)`);
  need('latencyHoldRatio', (v) => v > 1, 'a ratio > 1');
  need('latencyRollbackRatio', (v) => v >= g.latencyHoldRatio, `a ratio ≥ gates.latencyHoldRatio (${g.latencyHoldRatio})`);
  need('latencyMinDeltaMs', (v) => v >= 0, 'a number of milliseconds ≥ 0');
  if (g.featureDrift !== 'hold' && g.featureDrift !== 'ignore') fail(fn, 'gates.featureDrift', `must be 'hold' or 'ignore'; got ${show(g.featureDrift)}`);
  return g;
}

function checkVersion(fn: string, argument: string, v: unknown): string {
  if (typeof v !== 'string' || v.length === 0 || v.length > MAX_VERSION_LENGTH) {
    fail(fn, argument, `must be a non-empty string of at most ${MAX_VERSION_LENGTH} characters; got ${show(v)}`);
  }
  return v;
}

/** Two-proportion z-test with the pooled variance, one-sided: is the candidate's error rate higher? */
function errorRateTest(baseline: Count, candidate: Count): CanaryComparison['error_rate'] {
  const p1 = baseline.errors / baseline.rows, p2 = candidate.errors / candidate.rows;
  const pooled = (baseline.errors + candidate.errors) / (baseline.rows + candidate.rows);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / baseline.rows + 1 / candidate.rows));
  // se = 0: no errors at all, or nothing but errors: both rates are equal and there is nothing to test
  const z = se > 0 ? (p2 - p1) / se : 0;
  return { delta: p2 - p1, z, p_value: normSf(z) };
}

/** The textbook condition for the normal approximation: ≥ 5 expected errors and non-errors per version. */
function normalApproximationHolds(a: Count, b: Count): boolean {
  const pooled = (a.errors + b.errors) / (a.rows + b.rows);
  return Math.min(a.rows, b.rows) * Math.min(pooled, 1 - pooled) >= 5;
}

/** The drift of a feature between the versions, with its deciding number for reasons. */
function featureStatus(f: FeatureDrift): CanaryFeatureStatus {
  // Missing in both versions is no difference between them (compare() flags a reference without values).
  const allMissing = f.status !== 'ok' && f.referenceNullShare === 1 && f.currentNullShare === 1;
  return {
    method: f.method,
    statistic: finite(f.statistic),
    p_value: finite(f.pValue),
    psi: finite(f.scores.psi),
    ks: finite(f.scores.ks),
    js_distance: finite(f.scores.jsDistance),
    null_share: { baseline: f.referenceNullShare, candidate: f.currentNullShare },
    drifted: allMissing ? false : f.drifted,
    severity: allMissing ? 'none' : f.severity,
  };
}

/** What made a drifted feature drift: its worst signal, in words. */
function driftWords(f: FeatureDrift): string {
  const rank = { none: 0, moderate: 1, critical: 2 } as const;
  const s = [...f.signals].sort((a, b) => rank[b.severity] - rank[a.severity])[0];
  if (!s) return f.severity;
  switch (s.kind) {
    case 'distribution': return `${f.method} ${num(f.adjustedPValue ?? f.pValue ?? f.statistic)}`;
    case 'nullShare': return `null share ${pct(f.referenceNullShare)} → ${pct(f.currentNullShare)}`;
    case 'newCategories': return `${pct(s.value)} of candidate rows in categories the baseline does not have`;
    default: return f.status === 'no-current-data' ? 'no values in the candidate' : 'no values in the baseline';
  }
}

type AnyColumn = ColumnInput | readonly Cell[];

/** Rows idx of a column, in the column's own representation. */
function pickRows(fn: string, name: string, col: AnyColumn, idx: readonly number[]): AnyColumn {
  if (Array.isArray(col)) return idx.map((i) => (col as readonly unknown[])[i]) as AnyColumn;
  if (col instanceof Float64Array || col instanceof Float32Array || col instanceof Int32Array) {
    const src = col;
    const out = new (src.constructor as new (n: number) => typeof src)(idx.length);
    idx.forEach((i, k) => { out[k] = src[i]; });
    return out;
  }
  if (isRecord(col) && 'codes' in col && 'dictionary' in col) {
    const d = col as { codes: Int32Array | readonly (number | null | undefined)[]; dictionary: readonly string[] };
    return { codes: pickRows(fn, `${name}.codes`, d.codes as AnyColumn, idx) as Int32Array, dictionary: d.dictionary };
  }
  return fail(fn, name, `must be an array, a typed array or { codes, dictionary }; got ${show(col)}`);
}

/**
 * A batch whose rows belong to different model versions (a /monitor array of records, or a columnar batch with
 * a model_version per row), split into one CanaryBatch per version: `versions[i]` is row i's version (rows
 * without one are left out) and `failed[i]` whether it was a failed prediction. A batch of one version is
 * returned as it is, without copying.
 */
export function splitByVersion(
  batch: { rows: number; columns: Readonly<Record<string, AnyColumn>>; latencyMs: ArrayLike<number> },
  versions: ArrayLike<string | null | undefined>,
  failed: ArrayLike<boolean>,
): Map<string, CanaryBatch> {
  const FN = 'splitByVersion';
  if (!isRecord(batch) || !isCount(batch.rows) || !isRecord(batch.columns)) fail(FN, 'batch', 'must be an object { rows, columns, latencyMs }');
  const n = batch.rows;
  if (versions === null || typeof versions !== 'object' || versions.length !== n) fail(FN, 'versions', `must hold one version (or null) per row: ${n}`);
  if (failed === null || typeof failed !== 'object' || failed.length !== n) fail(FN, 'failed', `must hold one flag per row: ${n}`);
  if (batch.latencyMs === null || typeof batch.latencyMs !== 'object' || batch.latencyMs.length !== n) fail(FN, 'batch.latencyMs', `must hold one latency per row: ${n}`);
  const groups = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const v = versions[i];
    if (v === null || v === undefined) continue;
    if (typeof v !== 'string') fail(FN, `versions[${i}]`, `must be a string, null or undefined; got ${show(v)}`);
    let g = groups.get(v);
    if (!g) groups.set(v, (g = []));
    g.push(i);
  }
  const out = new Map<string, CanaryBatch>();
  for (const [v, idx] of groups) {
    let errors = 0;
    for (const i of idx) if (failed[i]) errors++;
    if (idx.length === n) { out.set(v, { rows: n, columns: batch.columns, latencyMs: batch.latencyMs, errors }); continue; }
    const columns: Record<string, AnyColumn> = {};
    for (const [f, col] of Object.entries(batch.columns)) columns[f] = pickRows(FN, sub('batch.columns', f), col, idx);
    out.set(v, { rows: idx.length, columns, latencyMs: idx.map((i) => batch.latencyMs[i]), errors });
  }
  return out;
}

/**
 * Live comparison of a candidate model version with the baseline version: see the file comment and
 * docs/canary.md. observe() the records of every version; status() gives the verdict.
 */
export class CanaryTracker {
  readonly #reference: ReferenceProfile;
  readonly #shape: ProfileShape;
  readonly #K: Kernels;
  readonly #windowMs: number;
  readonly #panes: number;
  readonly #paneMs: number;
  readonly #capacity: number;
  readonly #gates: Readonly<CanaryGates>;
  readonly #fixed: { baseline: string | undefined; candidate: string | undefined };
  readonly #prediction: string | undefined;
  readonly #maxVersions: number;
  readonly #maxProfiled: number;
  readonly #compare: CompareOptions;
  readonly #now: () => number;
  /** Checks batches against the shape (prepare() only; it never holds rows). */
  readonly #probe: ProfileAccumulator;
  #head = -Infinity;
  #headPane = -Infinity;
  /** The latency trackers' clock: set to the time in question before each call into them. */
  #at = 0;
  #late = 0;
  readonly #versions = new Map<string, VersionState>();
  readonly #overflow = new Map<number, Count>();
  readonly #tracked = new Map<string, Tracked>();
  #roles: { baseline: string | null; candidate: string | null } = { baseline: null, candidate: null };
  /** The versions whose rows are profiled: the pair and the next in line (#select). */
  #profiled = new Set<string>();
  /** Bumped by every change the status depends on; with the head pane, the key of the cached status. */
  #mutations = 0;
  #cache: { key: string; body: Omit<CanaryStatus, 'timestamp'> } | undefined;
  #closed = false;

  constructor(options: CanaryOptions) {
    const FN = 'CanaryTracker';
    if (!isRecord(options)) fail(FN, 'options', `must be an object { reference, windowMs?, panes?, ... }; got ${show(options)}`);
    const ref = profileArgument(FN, 'reference', options.reference);
    const { windowMs = 600_000, panes = 10, maxVersions = 20, maxProfiled = 3, now = Date.now } = options;
    if (typeof windowMs !== 'number' || !Number.isFinite(windowMs) || windowMs <= 0) {
      fail(FN, 'windowMs', `must be a positive finite number of milliseconds; got ${show(windowMs)}`);
    }
    if (typeof panes !== 'number' || !Number.isInteger(panes) || panes < 1 || panes > 1000) fail(FN, 'panes', `must be an integer from 1 to 1000; got ${show(panes)}`);
    if (windowMs / panes < 1) fail(FN, 'windowMs', `must be at least panes (${panes}) so that a pane spans ≥ 1 ms; got ${windowMs}`);
    if (typeof maxVersions !== 'number' || !Number.isInteger(maxVersions) || maxVersions < 2) fail(FN, 'maxVersions', `must be an integer ≥ 2; got ${show(maxVersions)}`);
    if (typeof maxProfiled !== 'number' || !Number.isInteger(maxProfiled) || maxProfiled < 2 || maxProfiled > maxVersions) {
      fail(FN, 'maxProfiled', `must be an integer from 2 to maxVersions (${maxVersions}); got ${show(maxProfiled)}`);
    }
    if (typeof now !== 'function') fail(FN, 'now', 'must be a function returning the time in milliseconds');
    const baseline = options.baseline === undefined ? undefined : checkVersion(FN, 'baseline', options.baseline);
    const candidate = options.candidate === undefined ? undefined : checkVersion(FN, 'candidate', options.candidate);
    if (baseline !== undefined && baseline === candidate) fail(FN, 'candidate', `must differ from baseline; both are ${show(baseline)}`);
    const has = (f: string): boolean => Object.prototype.hasOwnProperty.call(ref.features, f);
    let prediction: string | undefined;
    if (options.predictionFeature === undefined) prediction = has('probability') ? 'probability' : has('prediction') ? 'prediction' : undefined;
    else if (options.predictionFeature !== null) {
      if (typeof options.predictionFeature !== 'string' || !has(options.predictionFeature)) {
        fail(FN, 'predictionFeature', `must name a feature of the reference profile (or be null); got ${show(options.predictionFeature)}`);
      }
      prediction = options.predictionFeature;
    }
    const capacity = options.sampleCapacity === undefined ? Math.min(1000, ref.options.sampleCapacity) : checkSampleCapacity(FN, 'sampleCapacity', options.sampleCapacity);
    if (options.compare !== undefined && !isRecord(options.compare)) fail(FN, 'compare', `must be an object of compare() options; got ${show(options.compare)}`);
    const cmp = options.compare ?? {};
    for (const k of Object.keys(cmp)) {
      if (!['methods', 'thresholds', 'nullShare', 'newCategories', 'correction'].includes(k)) fail(FN, `compare.${k}`, 'is not an option the canary passes to compare() (methods, thresholds, nullShare, newCategories, correction)');
    }
    this.#reference = ref;
    this.#shape = shapeOf(ref, capacity);
    this.#K = kernels(FN, undefined);
    this.#windowMs = windowMs;
    this.#panes = panes;
    this.#paneMs = windowMs / panes;
    this.#capacity = capacity;
    this.#gates = Object.freeze(checkGates(FN, options.gates));
    this.#fixed = { baseline, candidate };
    this.#prediction = prediction;
    this.#maxVersions = maxVersions;
    this.#maxProfiled = maxProfiled;
    this.#compare = { correction: 'bh', ...cmp, ...(prediction === undefined ? {} : { prediction }) };
    this.#now = now;
    this.#probe = new ProfileAccumulator(this.#shape, this.#K);
    // Check the compare() options now rather than at the first status(): compare the reference with itself.
    compare(ref, ref, this.#compare);
  }

  get windowMs(): number { return this.#windowMs; }
  get gates(): Readonly<CanaryGates> { return this.#gates; }

  get stats(): CanaryStats {
    let panes = 0;
    for (const t of this.#tracked.values()) panes += t.panes.size;
    return { versions: this.#versions.size, profile_panes: panes, late_rows: this.#late };
  }

  /**
   * Count a batch of one version's records at time t (default now). The whole batch is checked before any of
   * it counts; problems throw a DriftkitError naming the argument. Returns false when t is older than the
   * window (the rows are dropped and counted in stats.late_rows). Times before the latest seen count at it.
   */
  observe(version: string, batch: CanaryBatch, t?: number): boolean {
    const FN = 'observe';
    if (this.#closed) fail(FN, 'tracker', 'is closed');
    checkVersion(FN, 'version', version);
    if (!isRecord(batch)) fail(FN, 'batch', `must be an object { rows, columns, latencyMs, errors }; got ${show(batch)}`);
    const rows = batch.rows;
    if (!isCount(rows)) fail(FN, 'batch.rows', `must be an integer ≥ 0; got ${show(rows)}`);
    if (!isRecord(batch.columns)) fail(FN, 'batch.columns', `must be an object of columns by feature; got ${show(batch.columns)}`);
    const cols: Columns = {};
    for (const k of Object.keys(batch.columns)) {
      if (!Object.prototype.hasOwnProperty.call(this.#shape.kinds, k)) fail(FN, sub('batch.columns', k), 'is not a feature of the reference profile');
    }
    for (const f of this.#shape.features) {
      cols[f] = Object.prototype.hasOwnProperty.call(batch.columns, f) ? batch.columns[f] as ColumnInput : new Array<null>(rows).fill(null);
    }
    const prepared = this.#probe.prepare(cols, rows, FN, 'batch.columns');
    const lat = batch.latencyMs;
    if (lat === null || typeof lat !== 'object' || typeof lat.length !== 'number') fail(FN, 'batch.latencyMs', `must be an array of ${rows} latencies in ms; got ${show(lat)}`);
    if (lat.length !== rows) fail(FN, 'batch.latencyMs', `has ${lat.length} values, expected ${rows} (batch.rows)`);
    for (let i = 0; i < rows; i++) {
      const v = lat[i];
      if (typeof v !== 'number' || !(v >= 0 && v <= MAX_LATENCY_MS)) fail(FN, `batch.latencyMs[${i}]`, `must be a number of milliseconds from 0 to ${MAX_LATENCY_MS}; got ${show(v)}`);
    }
    if (!isCount(batch.errors) || batch.errors > rows) fail(FN, 'batch.errors', `must be an integer from 0 to batch.rows (${rows}); got ${show(batch.errors)}`);
    const raw = this.#time(FN, t);

    if (raw <= this.#head - this.#windowMs) { this.#late += rows; return false; }
    const te = Math.max(raw, this.#head);
    this.#advance(te);
    if (rows === 0) return true;
    const pane = this.#paneOf(te);
    let s = this.#versions.get(version);
    const fixed = version === this.#fixed.baseline || version === this.#fixed.candidate;
    if (!s && (fixed || this.#versions.size < this.#maxVersions)) this.#versions.set(version, (s = { firstSeen: te, lastSeen: te, counts: new Map() }));
    const counts = s ? s.counts : this.#overflow;
    const c = counts.get(pane);
    if (c) { c.rows += rows; c.errors += batch.errors; } else counts.set(pane, { rows, errors: batch.errors });
    this.#mutations++;
    if (!s) return true;
    s.lastSeen = te;
    this.#select();
    if (!this.#profiled.has(version)) return true;
    const tr = this.#trackedState(version);
    let p = tr.panes.get(pane);
    if (!p) tr.panes.set(pane, (p = { base: undefined, acc: undefined }));
    (p.acc ??= new ProfileAccumulator(this.#shape, this.#K)).add(prepared, 0, rows);
    this.#at = te;
    for (let i = 0; i < rows; i++) tr.latency.record(lat[i], te);
    return true;
  }

  /**
   * The comparison and verdict at time t (default now; never before the latest time seen), for the tracker's
   * pair or, with `roles`, for the versions asked about (GET /canary?candidate=…; the other role is filled as
   * usual). Only profiled versions can be compared (see maxProfiled); others give insufficient_data, saying so.
   */
  status(t?: number, roles?: { baseline?: string; candidate?: string }): CanaryStatus {
    const FN = 'status';
    if (this.#closed) fail(FN, 'tracker', 'is closed');
    let pair = { baseline: undefined as string | undefined, candidate: undefined as string | undefined };
    if (roles !== undefined) {
      if (!isRecord(roles)) fail(FN, 'roles', `must be an object { baseline?, candidate? }; got ${show(roles)}`);
      for (const k of Object.keys(roles)) if (k !== 'baseline' && k !== 'candidate') fail(FN, `roles.${k}`, 'is not a role (baseline, candidate)');
      pair = {
        baseline: roles.baseline === undefined ? this.#fixed.baseline : checkVersion(FN, 'roles.baseline', roles.baseline),
        candidate: roles.candidate === undefined ? this.#fixed.candidate : checkVersion(FN, 'roles.candidate', roles.candidate),
      };
      if (pair.baseline !== undefined && pair.baseline === pair.candidate) fail(FN, 'roles.candidate', `must differ from the baseline; both are ${show(pair.baseline)}`);
    }
    const te = Math.max(this.#time(FN, t), this.#head);
    this.#advance(te);
    this.#select();
    // the tracker's own pair, or one asked for (only profiled versions can be compared: see maxProfiled)
    const asked = roles === undefined ? this.#roles : this.#pair(pair.baseline, pair.candidate, (v) => v === this.#roles.baseline || v === this.#roles.candidate);
    const key = `${this.#mutations}:${this.#headPane}:${JSON.stringify([asked.baseline, asked.candidate])}`;
    if (this.#cache?.key !== key) this.#cache = { key, body: this.#evaluate(te, asked.baseline, asked.candidate) };
    // a copy: the body is cached until the next change, and callers may edit what they get
    return { timestamp: iso(te), ...structuredClone(this.#cache.body) };
  }

  /**
   * Samples for the alert engine (global metrics, no feature): canary_prediction_psi, canary_error_rate_delta,
   * canary_latency_p99_ratio once both versions have gates.minRows profiled rows, and canary_verdict (0 promote,
   * 1 hold, 2 rollback) whenever there is a verdict: absent while insufficient_data, except an early rollback.
   */
  metricSamples(t?: number, s: CanaryStatus = this.status(t)): MetricSample[] {
    const out: MetricSample[] = [];
    if (!s.baseline || !s.candidate || !s.comparison) return out;
    const context = {
      baseline: s.baseline.version, candidate: s.candidate.version, model_version: s.candidate.version,
      verdict: s.verdict, reasons: s.reasons, rows: { baseline: s.baseline.profiled_rows, candidate: s.candidate.profiled_rows },
    };
    const push = (metric: string, v: number | null | undefined): void => { if (v !== null && v !== undefined && !Number.isNaN(v)) out.push({ metric, value: v, context }); };
    if (Math.min(s.baseline.profiled_rows, s.candidate.profiled_rows) >= this.#gates.minRows) {
      push('canary_prediction_psi', s.comparison.prediction?.psi);
      push('canary_error_rate_delta', s.comparison.error_rate.delta);
      push('canary_latency_p99_ratio', s.comparison.latency.p99_ratio);
    }
    push('canary_verdict', VERDICT_VALUE[s.verdict]);
    return out;
  }

  /** Persistable state (pane profiles as profile JSON, latency as LatencyTracker documents); restore() it. */
  toJSON(): CanaryTrackerJSON {
    if (this.#closed) fail('toJSON', 'tracker', 'is closed');
    const head = Number.isFinite(this.#head) ? this.#head : null;
    const rows = (m: Map<number, Count>): [number, number, number][] => [...m].sort((a, b) => a[0] - b[0]).map(([i, c]) => [i, c.rows, c.errors]);
    this.#at = head ?? 0;
    return {
      format: FORMAT,
      version: VERSION,
      window_ms: this.#windowMs,
      panes: this.#panes,
      sample_capacity: this.#capacity,
      head,
      roles: { ...this.#roles },
      late_rows: this.#late,
      versions: [...this.#versions].map(([version, s]) => ({ version, first_seen: s.firstSeen, last_seen: s.lastSeen, counts: rows(s.counts) })),
      overflow: rows(this.#overflow),
      tracked: [...this.#tracked].map(([version, tr]) => ({
        version,
        panes: [...tr.panes].sort((a, b) => a[0] - b[0]).flatMap(([index, p]) => {
          const profile = this.#paneProfile(p);
          return profile ? [{ index, profile: profileToJSON(profile) }] : [];
        }),
        latency: tr.latency.toJSON(),
      })),
    };
  }

  /**
   * A tracker from toJSON() output (the object or its JSON text) and the options it runs with (the same
   * reference; windowMs, panes and sampleCapacity default to the document's and must equal it when given).
   * A corrupt or foreign document throws a DriftkitError naming the field; start afresh then.
   */
  static restore(json: unknown, options: CanaryOptions): CanaryTracker {
    const FN = 'restore';
    let doc: unknown = json;
    if (typeof json === 'string') {
      try { doc = JSON.parse(json); } catch (e) { fail(FN, 'json', `is not valid JSON: ${(e as Error).message}`); }
    }
    if (!isRecord(doc) || doc.format !== FORMAT || doc.version !== VERSION) fail(FN, 'json', `must be a canary document (format '${FORMAT}', version ${VERSION}) from CanaryTracker#toJSON`);
    if (!isRecord(options)) fail(FN, 'options', `must be the tracker's options { reference, ... }; got ${show(options)}`);
    const geometry = (key: string, given: number | undefined) => savedSetting(FN, doc, key, given);
    const tracker = new CanaryTracker({
      ...options,
      windowMs: geometry('window_ms', options.windowMs),
      panes: geometry('panes', options.panes),
      sampleCapacity: geometry('sample_capacity', options.sampleCapacity),
    });
    try {
      tracker.#load(doc);
    } catch (e) {
      tracker.close();
      throw e;
    }
    return tracker;
  }

  /** Free the open panes' sample tables (WASM memory); the tracker cannot be used afterwards. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const tr of this.#tracked.values()) for (const p of tr.panes.values()) p.acc?.dispose();
    this.#tracked.clear();
  }

  // ---- internals ------------------------------------------------------------------------------------------

  #time(fn: string, t: number | undefined): number {
    const v = t === undefined ? this.#now() : t;
    if (typeof v !== 'number' || !Number.isFinite(v) || Math.abs(v) > MAX_TIME_MS) {
      fail(fn, t === undefined ? 'now' : 't', `must be a finite time in milliseconds within ±${MAX_TIME_MS}; got ${show(v)}`);
    }
    return v;
  }

  #paneOf(t: number): number { return Math.floor(t / this.#paneMs); }

  /** Move the head to te: drop panes that left the window, freeze profile panes that closed, forget idle versions. */
  #advance(te: number): void {
    if (te > this.#head) this.#head = te;
    const head = this.#paneOf(this.#head);
    if (head === this.#headPane) return;
    this.#headPane = head;
    this.#mutations++;
    // the panes overlapping (head − windowMs, head], as LatencyTracker merges them
    const lo = this.#paneOf(this.#head - this.#windowMs);
    const prune = (m: Map<number, Count>): void => { for (const i of m.keys()) if (i < lo) m.delete(i); };
    prune(this.#overflow);
    for (const [v, s] of this.#versions) {
      prune(s.counts);
      if (s.counts.size === 0) this.#versions.delete(v);
    }
    for (const [v, tr] of this.#tracked) {
      if (!this.#versions.has(v)) { this.#untrack(v); continue; }
      for (const [i, p] of tr.panes) {
        if (i < lo) { p.acc?.dispose(); tr.panes.delete(i); } else if (i < head && p.acc) this.#freeze(p);
      }
    }
  }

  /** A closed pane keeps a profile, not an accumulator: the sample tables (WASM memory) are freed. */
  #freeze(p: ProfilePane): void {
    p.base = this.#paneProfile(p);
    p.acc?.dispose();
    p.acc = undefined;
  }

  #paneProfile(p: ProfilePane): ReferenceProfile | undefined {
    const a = p.acc && p.acc.rows > 0 ? p.acc.profile() : undefined;
    return p.base && a ? mergeBuilt(p.base, a) : p.base ?? a;
  }

  #windowProfile(version: string): ReferenceProfile | undefined {
    const tr = this.#tracked.get(version);
    if (!tr) return undefined;
    let merged: ReferenceProfile | undefined;
    for (const [, p] of [...tr.panes].sort((a, b) => a[0] - b[0])) {
      const q = this.#paneProfile(p);
      if (q) merged = merged ? mergeBuilt(merged, q) : q;
    }
    return merged;
  }

  #profiledRows(version: string): number {
    let n = 0;
    for (const p of this.#tracked.get(version)?.panes.values() ?? []) n += (p.base?.rowCount ?? 0) + (p.acc?.rows ?? 0);
    return n;
  }

  #trackedState(version: string): Tracked {
    let tr = this.#tracked.get(version);
    if (!tr) {
      tr = { panes: new Map(), latency: new LatencyTracker({ windowMs: this.#windowMs, panes: this.#panes, slos: {}, now: () => this.#at }) };
      this.#tracked.set(version, tr);
    }
    return tr;
  }

  #untrack(version: string): void {
    const tr = this.#tracked.get(version);
    if (!tr) return;
    for (const p of tr.panes.values()) p.acc?.dispose();
    this.#tracked.delete(version);
  }

  #rows(version: string): number {
    const s = this.#versions.get(version);
    return s ? sumCounts(s.counts).rows : 0;
  }

  /**
   * Choose the pair, and which versions to profile.
   *
   * Ranking: rows in the last two panes (the current traffic; a stopped version drops out within two panes),
   * then rows in the window, with a 2× bonus for the incumbents so that versions near a tie do not flap.
   * Pair: the configured versions, the others filled from the top of the ranking. Auto-chosen roles within the
   * pair go by first sight: the version seen first in the window is the baseline (the one already serving),
   * the later one the candidate — so the roles do not swap when a canary ramps past 50%, and a straggler (an
   * old pod sending a few rows) never ranks into the pair. Profiled: the pair plus the next maxProfiled − 2
   * versions of the ranking, so that a new canary is profiled from its first row even while a stopped one
   * still holds the role.
   */
  #select(): void {
    const was = new Set([this.#roles.baseline, this.#roles.candidate]);
    const { baseline, candidate, rank } = this.#pair(this.#fixed.baseline, this.#fixed.candidate, (v) => was.has(v));
    if (baseline !== this.#roles.baseline || candidate !== this.#roles.candidate) {
      this.#roles = { baseline, candidate };
      this.#mutations++;
    }
    const keep = new Set([baseline, candidate].filter((v): v is string => v !== null));
    const rest = rank([...this.#versions.keys()].filter((v) => !keep.has(v)), (v) => this.#tracked.has(v));
    for (const v of rest.slice(0, Math.max(0, this.#maxProfiled - keep.size))) keep.add(v);
    this.#profiled = keep;
    for (const v of [...this.#tracked.keys()]) if (!keep.has(v)) this.#untrack(v);
  }

  /** The pair with the given versions fixed (undefined: chosen), as #select describes. */
  #pair(fb: string | undefined, fc: string | undefined, incumbent: (v: string) => boolean): {
    baseline: string | null; candidate: string | null; rank: (vs: string[], boosted: (v: string) => boolean) => string[];
  } {
    const recentFrom = this.#headPane - 1;
    const score = new Map<string, [recent: number, total: number]>();
    for (const [v, st] of this.#versions) {
      let recent = 0, total = 0;
      for (const [i, c] of st.counts) { total += c.rows; if (i >= recentFrom) recent += c.rows; }
      score.set(v, [recent, total]);
    }
    const rank = (vs: string[], boosted: (v: string) => boolean): string[] => {
      const key = (v: string): [number, number, number] => {
        const [r, n] = score.get(v)!, k = boosted(v) ? 2 : 1;
        return [r * k, n * k, -this.#versions.get(v)!.firstSeen];
      };
      return vs.sort((a, b) => {
        const x = key(a), y = key(b);
        return y[0] - x[0] || y[1] - x[1] || y[2] - x[2];
      });
    };
    const ranked = rank([...this.#versions.keys()].filter((v) => v !== fb && v !== fc), incumbent);
    let baseline = fb ?? null, candidate = fc ?? null;
    if (baseline === null && candidate === null) {
      const [x, y] = ranked;
      if (y === undefined) baseline = x ?? null; // a lone version is the baseline, not a candidate
      else [baseline, candidate] = this.#versions.get(x)!.firstSeen <= this.#versions.get(y)!.firstSeen ? [x, y] : [y, x];
    } else if (baseline === null) baseline = ranked[0] ?? null;
    else if (candidate === null) candidate = ranked[0] ?? null;
    return { baseline, candidate, rank };
  }

  #versionStatus(version: string | null, te: number): CanaryVersionStatus | null {
    if (version === null) return null;
    const s = this.#versions.get(version);
    const c = s ? sumCounts(s.counts) : { rows: 0, errors: 0 };
    const tr = this.#tracked.get(version);
    this.#at = te;
    const l = tr?.latency.snapshot(te);
    return {
      version,
      rows: c.rows,
      profiled_rows: this.#profiledRows(version),
      errors: c.errors,
      error_rate: c.rows > 0 ? c.errors / c.rows : null,
      latency: { count: l?.count ?? 0, p50_ms: l?.p50_ms ?? null, p95_ms: l?.p95_ms ?? null, p99_ms: l?.p99_ms ?? null },
      first_seen: s ? iso(s.firstSeen) : null,
      last_seen: s ? iso(s.lastSeen) : null,
    };
  }

  /** Candidate / baseline latency; null when a side has no latencies or the difference is below latencyMinDeltaMs. */
  #latencyRatios(b: CanaryVersionStatus, c: CanaryVersionStatus): { p95: number | null; p99: number | null; raw: { p95: number | null; p99: number | null } } {
    const ratio = (x: number | null, y: number | null): number | null => (x === null || y === null ? null : x > 0 ? y / x : y > 0 ? Infinity : 1);
    const raw = { p95: ratio(b.latency.p95_ms, c.latency.p95_ms), p99: ratio(b.latency.p99_ms, c.latency.p99_ms) };
    const gated = (r: number | null, x: number | null, y: number | null): number | null => (r === null || y! - x! < this.#gates.latencyMinDeltaMs ? null : r);
    return { p95: gated(raw.p95, b.latency.p95_ms, c.latency.p95_ms), p99: gated(raw.p99, b.latency.p99_ms, c.latency.p99_ms), raw };
  }

  #evaluate(te: number, bv: string | null, cv: string | null): Omit<CanaryStatus, 'timestamp'> {
    const g = this.#gates;
    const baseline = this.#versionStatus(bv, te);
    const candidate = this.#versionStatus(cv, te);
    const other_versions: Record<string, number> = {};
    for (const v of this.#versions.keys()) if (v !== bv && v !== cv) other_versions[v] = this.#rows(v);
    const overflow_rows = sumCounts(this.#overflow).rows;
    const base = { window_ms: this.#windowMs, baseline, candidate, other_versions, overflow_rows };
    const minutes = `${num(this.#windowMs / 60_000)} min`;
    if (!baseline || !candidate) {
      const reason = !baseline && !candidate ? `no model version has rows in the last ${minutes}`
        : !candidate ? `only ${baseline!.version} has rows in the last ${minutes}: no candidate to compare`
          : `no baseline version has rows in the last ${minutes}`;
      return { ...base, comparison: null, verdict: 'insufficient_data', reasons: [reason] };
    }
    const reasons: string[] = [];
    const short = (v: CanaryVersionStatus): void => {
      if (v.profiled_rows >= g.minRows) return;
      const role = v === baseline ? 'baseline' : 'candidate';
      if (v.rows > 0 && !this.#profiled.has(v.version)) {
        reasons.push(`${role} ${v.version} is not profiled (${v.rows} rows counted): only the ${this.#maxProfiled} busiest versions are; configure it as the ${role}`);
        return;
      }
      const since = v.profiled_rows < v.rows ? ` compared (of ${v.rows} counted: profiled since it took the role)` : '';
      reasons.push(`${role} ${v.version} has ${v.profiled_rows} rows${since}, needs ${g.minRows}`);
    };
    short(baseline);
    short(candidate);
    const bp = this.#windowProfile(baseline.version), cp = this.#windowProfile(candidate.version);
    if (!bp || !cp) return { ...base, comparison: null, verdict: 'insufficient_data', reasons };

    // The baseline's window is the reference: drift between the versions, on the training data's bin edges.
    const report = compare(bp, cp, this.#compare);
    const features: Record<string, CanaryFeatureStatus> = {};
    const driftedRaw: FeatureDrift[] = [];
    for (const [name, f] of Object.entries(report.features)) {
      if (name === this.#prediction) continue;
      const v = (features[name] = featureStatus(f));
      if (v.drifted) driftedRaw.push(f);
    }
    const pf = this.#prediction === undefined ? undefined : report.features[this.#prediction];
    const errorCounts = (v: CanaryVersionStatus): Count => ({ rows: v.rows, errors: v.errors });
    const err = errorRateTest(errorCounts(baseline), errorCounts(candidate));
    const lat = this.#latencyRatios(baseline, candidate);
    const comparison: CanaryComparison = {
      prediction: pf ? { feature: this.#prediction!, ...featureStatus(pf) } : null,
      features,
      drifted_features: driftedRaw.map((f) => f.feature),
      latency: { p95_ratio: finite(lat.raw.p95 ?? undefined), p99_ratio: finite(lat.raw.p99 ?? undefined) },
      error_rate: err,
    };

    const errWords = `error rate ${pct(baseline.error_rate!)} → ${pct(candidate.error_rate!)} (${err.delta >= 0 ? '+' : ''}${num(err.delta * 100)} pp, z = ${num(err.z)}, p = ${pval(err.p_value)})`;
    if (reasons.length > 0) {
      // Too few rows for the distribution and latency gates; only a strong error-rate result may act early.
      const early = g.earlyRollbackPValue > 0 && err.p_value < g.earlyRollbackPValue && err.delta > g.errorRateMinDelta
        && normalApproximationHolds(errorCounts(baseline), errorCounts(candidate));
      if (early) return { ...base, comparison, verdict: 'rollback', reasons: [`${errWords}: p < ${g.earlyRollbackPValue} before ${g.minRows} rows (early rollback)`, ...reasons] };
      return { ...base, comparison, verdict: 'insufficient_data', reasons };
    }

    const rollback: string[] = [], hold: string[] = [], ok: string[] = [];
    // prediction: its distribution (PSI), then whether the candidate still answers (null share, new classes)
    if (pf && comparison.prediction) {
      const psi = pf.scores.psi;
      const name = `prediction ${this.#prediction}`;
      if (psi !== undefined && Number.isFinite(psi)) {
        if (psi >= g.predictionPsiRollback) rollback.push(`${name} PSI ${num(psi)} ≥ ${g.predictionPsiRollback} (rollback)`);
        else if (psi >= g.predictionPsiHold) hold.push(`${name} PSI ${num(psi)} ≥ ${g.predictionPsiHold} (hold)`);
        else ok.push(`${name} PSI ${num(psi)} < ${g.predictionPsiHold}`);
      }
      if (comparison.prediction.severity !== 'none') {
        for (const s of pf.signals) {
          if (s.kind === 'distribution' || s.severity === 'none') continue;
          const words = s.kind === 'nullShare' ? `null share ${pct(pf.referenceNullShare)} → ${pct(pf.currentNullShare)}`
            : s.kind === 'newCategories' ? `${pct(s.value)} of candidate predictions in classes the baseline never predicts`
              : pf.status === 'no-current-data' ? 'the candidate returns no predictions' : 'the baseline returns no predictions';
          (s.severity === 'critical' ? rollback : hold).push(`${name}: ${words} (${s.severity === 'critical' ? 'rollback' : 'hold'})`);
        }
      }
    }
    if (err.delta > g.errorRateMinDelta && err.p_value < g.errorRatePValue) rollback.push(`${errWords}: p < ${g.errorRatePValue} and Δ > ${num(g.errorRateMinDelta * 100)} pp (rollback)`);
    else if (err.delta > g.errorRateMinDelta && err.p_value < g.errorRateHoldPValue) hold.push(`${errWords}: p < ${g.errorRateHoldPValue} and Δ > ${num(g.errorRateMinDelta * 100)} pp (hold)`);
    else ok.push(errWords);
    const latWords = (q: 'p95' | 'p99'): string => `${q} latency ${ms(baseline.latency[`${q}_ms`]!)} → ${ms(candidate.latency[`${q}_ms`]!)} ms (ratio ${num(lat.raw[q]!)})`;
    if (lat.p99 !== null && lat.p99 >= g.latencyRollbackRatio) rollback.push(`${latWords('p99')} ≥ ${g.latencyRollbackRatio} (rollback)`);
    else if (lat.p95 !== null && lat.p95 >= g.latencyRollbackRatio) rollback.push(`${latWords('p95')} ≥ ${g.latencyRollbackRatio} (rollback)`);
    else if (lat.p95 !== null && lat.p95 >= g.latencyHoldRatio) hold.push(`${latWords('p95')} ≥ ${g.latencyHoldRatio} (hold)`);
    else if (lat.raw.p95 !== null && lat.raw.p99 !== null) ok.push(`${latWords('p95')}, ${latWords('p99')}`);
    if (driftedRaw.length > 0) {
      const list = driftedRaw.slice(0, 5).map((f) => `${f.feature} (${driftWords(f)})`).join(', ') + (driftedRaw.length > 5 ? `, … ${driftedRaw.length - 5} more` : '');
      const what = `${driftedRaw.length} input feature${driftedRaw.length > 1 ? 's differ' : ' differs'} between the versions: ${list}`;
      if (g.featureDrift === 'hold') hold.push(`${what} (hold: with a random traffic split inputs match, so check routing and the candidate's feature pipeline)`);
      else ok.push(`${what} (ignored: gates.featureDrift is 'ignore')`);
    } else ok.push('no input feature differs between the versions');

    const verdict: CanaryVerdict = rollback.length > 0 ? 'rollback' : hold.length > 0 ? 'hold' : 'promote';
    return { ...base, comparison, verdict, reasons: verdict === 'promote' ? ok : [...rollback, ...hold] };
  }

  #load(doc: Record<string, unknown>): void {
    const FN = 'restore';
    const head = doc.head;
    if (head !== null && (typeof head !== 'number' || !Number.isFinite(head) || Math.abs(head) > MAX_TIME_MS)) fail(FN, 'json.head', `must be a time in ms or null; got ${show(head)}`);
    if (!isCount(doc.late_rows)) fail(FN, 'json.late_rows', `must be an integer ≥ 0; got ${show(doc.late_rows)}`);
    this.#late = doc.late_rows;
    const time = (path: string, v: unknown): number => {
      if (typeof v !== 'number' || !Number.isFinite(v) || Math.abs(v) > MAX_TIME_MS) fail(FN, path, `must be a time in ms; got ${show(v)}`);
      return v;
    };
    const counts = (path: string, v: unknown): Map<number, Count> => {
      if (!Array.isArray(v) || v.length > this.#panes + 2) fail(FN, path, `must be an array of at most ${this.#panes + 2} [pane, rows, errors] triples`);
      const m = new Map<number, Count>();
      v.forEach((x, i) => {
        if (!Array.isArray(x) || x.length !== 3 || !Number.isInteger(x[0]) || !isCount(x[1]) || !isCount(x[2]) || x[2] > x[1]) {
          fail(FN, `${path}[${i}]`, `must be [pane index, rows, errors ≤ rows]; got ${show(x)}`);
        }
        m.set(x[0] as number, { rows: x[1] as number, errors: x[2] as number });
      });
      return m;
    };
    if (!Array.isArray(doc.versions) || doc.versions.length > this.#maxVersions + 2) fail(FN, 'json.versions', `must be an array of at most ${this.#maxVersions + 2} versions`);
    doc.versions.forEach((x: unknown, i: number) => {
      const p = `json.versions[${i}]`;
      if (!isRecord(x)) fail(FN, p, 'must be an object { version, first_seen, last_seen, counts }');
      const v = checkVersion(FN, `${p}.version`, x.version);
      if (this.#versions.has(v)) fail(FN, `${p}.version`, `repeats ${show(v)}`);
      this.#versions.set(v, { firstSeen: time(`${p}.first_seen`, x.first_seen), lastSeen: time(`${p}.last_seen`, x.last_seen), counts: counts(`${p}.counts`, x.counts) });
    });
    for (const [i, c] of counts('json.overflow', doc.overflow)) this.#overflow.set(i, c);
    const roles = doc.roles;
    if (!isRecord(roles)) fail(FN, 'json.roles', 'must be an object { baseline, candidate }');
    const role = (k: 'baseline' | 'candidate'): string | null => (roles[k] === null ? null : checkVersion(FN, `json.roles.${k}`, roles[k]));
    this.#roles = { baseline: role('baseline'), candidate: role('candidate') };
    if (!Array.isArray(doc.tracked) || doc.tracked.length > this.#maxProfiled) fail(FN, 'json.tracked', `must be an array of at most ${this.#maxProfiled} versions (maxProfiled)`);
    doc.tracked.forEach((x: unknown, i: number) => {
      const p = `json.tracked[${i}]`;
      if (!isRecord(x)) fail(FN, p, 'must be an object { version, panes, latency }');
      const v = checkVersion(FN, `${p}.version`, x.version);
      if (!this.#versions.has(v)) fail(FN, `${p}.version`, `is ${show(v)}, which json.versions does not count`);
      if (!Array.isArray(x.panes) || x.panes.length > this.#panes + 2) fail(FN, `${p}.panes`, `must be an array of at most ${this.#panes + 2} panes`);
      const panes = new Map<number, ProfilePane>();
      x.panes.forEach((q: unknown, j: number) => {
        const pp = `${p}.panes[${j}]`;
        if (!isRecord(q) || !Number.isInteger(q.index)) fail(FN, pp, 'must be an object { index, profile }');
        panes.set(q.index as number, { base: this.#checkPaneProfile(`${pp}.profile`, q.profile), acc: undefined });
      });
      let latency: LatencyTracker;
      try {
        latency = LatencyTracker.restore(x.latency, { windowMs: this.#windowMs, panes: this.#panes, slos: {}, now: () => this.#at });
      } catch (e) {
        fail(FN, `${p}.latency`, `is not a latency document of this window: ${(e as Error).message}`);
      }
      this.#tracked.set(v, { panes, latency });
    });
    if (head !== null) {
      // re-derive what the head implies (expiry, frozen panes), as if the tracker had never stopped
      this.#advance(head);
    }
    this.#select();
  }

  /** A pane profile from a document: a valid profile of this reference's shape (kinds, bin edges). */
  #checkPaneProfile(path: string, v: unknown): ReferenceProfile {
    const p = checkProfile('restore', path, v);
    for (const f of this.#shape.features) {
      const a = p.features[f], kind = this.#shape.kinds[f];
      const edges = this.#shape.edges[f];
      const same = a !== undefined && a.kind === kind && (a.kind !== 'numeric' || (a.edges.length === edges.length && a.edges.every((e, i) => e === edges[i])));
      if (!same) fail('restore', path, `does not match the reference profile at feature ${show(f)} (a document of another reference?)`);
    }
    if (Object.keys(p.features).length !== this.#shape.features.length) fail('restore', `${path}.features`, 'has features the reference profile does not have');
    if (p.options.sampleCapacity !== this.#capacity) fail('restore', `${path}.options.sampleCapacity`, `is ${p.options.sampleCapacity}, not the tracker's ${this.#capacity}`);
    if (p.options.bins !== this.#reference.options.bins) fail('restore', `${path}.options.bins`, `is ${p.options.bins}, not the reference's ${this.#reference.options.bins}`);
    return p;
  }
}
