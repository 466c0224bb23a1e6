// compare(reference | profile, current) → DriftReport: per feature the deciding method, its statistic and
// p-value, severity, the secondary scores, null shares, unseen/missing categories and, for binned methods,
// which bins moved. The reference side comes from a ReferenceProfile (built here when raw columns are given),
// so a monitoring window costs only the current side.
import { fail, optionsObject } from '../errors.js';
import { kernels, type Backend, type Kernels } from '../engine/index.js';
import type { EcdfCountsResult } from '../engine/types.js';
import { ks2sampPValue } from '../stats/ks2samp-pvalue.js';
import { chi2Contingency } from '../methods/chisquare.js';
import { smoothingOf } from '../methods/divergences.js';
import { profile as buildProfile, type CategoricalProfile, type Columns, type NumericProfile, type ReferenceProfile } from '../profile/index.js';
import { columnCategories, columnNumbers, checkColumns, sub } from '../profile/columns.js';
import { acceptProfile } from '../profile/serialize.js';
import { categoryKey, largestKey, splitCategories, type OtherBucket } from '../profile/categories.js';
import {
  adjustPValues, checkBands, DEFAULT_BANDS, defaultMethod, NEW_CATEGORY_BANDS, NULL_SHARE_BANDS, severityOf, worst,
  type Bands, type Correction, type MethodName, type Severity,
} from './policy.js';
import type { ExcludedColumn, TimeColumnReport } from './roles.js';

export interface CompareOptions {
  /** Features to compare (default: every feature of the reference). */
  features?: string[];
  /** Per-feature method override. */
  methods?: Record<string, MethodName>;
  /** Per-method threshold bands (moderate / critical). */
  thresholds?: Partial<Record<MethodName, Partial<Bands>>>;
  nullShare?: Partial<Bands>;
  newCategories?: Partial<Bands>;
  /** Multiple-testing correction for p-value methods across features (default 'none'). */
  correction?: Correction;
  /** Dataset drift when at least this share of compared features drifts (default 0.5, as Evidently). */
  driftShare?: number;
  /** The model's prediction column, reported as `predictionDrift` (it is also a feature of the report). */
  prediction?: string;
  bins?: number;
  epsilon?: number;
  backend?: Backend;
  /**
   * Columns that are not features (time column, identifiers, ...): left out of the comparison and of the dataset
   * drift share, and listed in the report's `excluded`. A name alone is reason 'excluded'; detectRoles() gives
   * the detected ones with their reasons. compare() does not detect roles by itself.
   */
  exclude?: readonly (string | ExcludedColumn)[];
}

export interface Signal {
  kind: 'distribution' | 'nullShare' | 'newCategories' | 'missingColumn' | 'noData';
  value: number;
  severity: Severity;
}

/** What every per-feature result carries, whichever method decides and whether or not it was measured. */
export interface FeatureDriftBase {
  feature: string;
  kind: 'numeric' | 'categorical' | 'boolean';
  method: MethodName;
  /**
   * The deciding method's statistic: KS D, χ², PSI, W / σ or JS distance (NaN when the feature was not measured:
   * status other than 'ok'). For the tests ('ks', 'chisquare') severity follows pValue, not this.
   */
  statistic: number;
  /** The test's p-value: present for the 'ks' and 'chisquare' methods once measured. */
  pValue?: number;
  /** p-value after the multiple-testing correction (when one is applied). */
  adjustedPValue?: number;
  threshold: Bands;
  drifted: boolean;
  /** The worst of the signals: distribution shift, null share change, unseen categories. */
  severity: Severity;
  signals: Signal[];
  status: 'ok' | 'missing-in-current' | 'no-current-data' | 'no-reference-data';
  referenceCount: number;
  currentCount: number;
  referenceNullShare: number;
  currentNullShare: number;
  /** Secondary scores, whatever method decides. */
  scores: DriftScores;
  bins?: NumericBins | CategoricalBins;
  newCategories?: string[];
  missingCategories?: string[];
  newCategoryShare?: number;
  newCategoryCount?: number;
  newCategoriesExact?: boolean;
}

/** Secondary scores of a feature (all of them on any member of FeatureDrift; which are set depends on its kind). */
export interface DriftScores { psi?: number; ks?: number; wasserstein?: number; wassersteinNormalized?: number; jsDistance?: number; chisquarePValue?: number }
/** The secondary scores of a measured numeric feature. */
export interface NumericScores extends DriftScores { psi: number; ks: number; wasserstein: number; wassersteinNormalized: number; jsDistance: number; chisquarePValue?: undefined }
/** The secondary scores of a measured categorical or boolean feature. */
export interface CategoricalScores extends DriftScores {
  psi: number; jsDistance: number; chisquarePValue: number; ks?: undefined; wasserstein?: undefined; wassersteinNormalized?: undefined;
}

/** Proportions per bin of the reference's edges, and each bin's PSI contribution. */
export interface NumericBins { edges: number[]; categories?: undefined; otherBin?: undefined; referenceProportions: number[]; currentProportions: number[]; contributions: number[] }
/**
 * Proportions per category (the reference's, then the new ones), and each category's PSI contribution. When a
 * side has more categories than it tracks, the values outside the reference's categories share one last bin,
 * labelled OTHER_BIN, and `otherBin` is true.
 */
export interface CategoricalBins {
  categories: string[]; edges?: undefined; referenceProportions: number[]; currentProportions: number[]; contributions: number[];
  /** The last bin holds every value the reference does not track (its "other" bucket; new values when current's are too many to list). */
  otherBin?: boolean;
}

/** Label of the bin of untracked values (CategoricalBins.otherBin). */
export const OTHER_BIN = '(other)';

/** A measured numeric feature (status 'ok'). */
export interface NumericDriftBase extends FeatureDriftBase {
  kind: 'numeric';
  status: 'ok';
  scores: NumericScores;
  bins: NumericBins;
  newCategories?: undefined;
  missingCategories?: undefined;
  newCategoryShare?: undefined;
  newCategoryCount?: undefined;
  newCategoriesExact?: undefined;
}
/** A measured categorical or boolean feature (status 'ok'). */
export interface CategoricalDriftBase extends FeatureDriftBase {
  kind: 'categorical' | 'boolean';
  status: 'ok';
  scores: CategoricalScores;
  bins: CategoricalBins;
  /** Categories the reference never saw, most rows first (at most the reference's categoryCapacity; see newCategoryCount). */
  newCategories: string[];
  missingCategories: string[];
  /** Share of the current non-null rows whose category the reference never saw (estimated when newCategoriesExact is false). */
  newCategoryShare: number;
  /** Distinct new categories (estimated from the bounded sample when newCategoriesExact is false). */
  newCategoryCount: number;
  /** Whether newCategories lists them all and newCategoryShare / newCategoryCount are exact. */
  newCategoriesExact: boolean;
}

/** Two-sample Kolmogorov-Smirnov on the reference's sample: statistic D, with its p-value. */
export interface KsDrift extends NumericDriftBase { method: 'ks'; pValue: number }
/** Wasserstein distance over the reference's standard deviation (statistic); no p-value. */
export interface WassersteinDrift extends NumericDriftBase { method: 'wasserstein'; pValue?: undefined; adjustedPValue?: undefined }
/** PSI or Jensen-Shannon distance over the reference's quantile bins; no p-value. */
export interface NumericBinnedDrift extends NumericDriftBase { method: 'psi' | 'jensenshannon'; pValue?: undefined; adjustedPValue?: undefined }
/**
 * Chi-square test of the contingency table reference × current categories (scipy.stats.chi2_contingency):
 * statistic is the χ² statistic, pValue its p-value, which decides severity.
 */
export interface ChisquareDrift extends CategoricalDriftBase { method: 'chisquare'; pValue: number }
/** PSI or Jensen-Shannon distance over the categories; no p-value. */
export interface CategoricalBinnedDrift extends CategoricalDriftBase { method: 'psi' | 'jensenshannon'; pValue?: undefined; adjustedPValue?: undefined }
/**
 * A feature that could not be measured: the column is missing from the current data, or a side has no
 * non-null value. statistic is NaN; no p-value, secondary scores or bins.
 */
export interface UnmeasuredDrift extends FeatureDriftBase {
  status: 'missing-in-current' | 'no-current-data' | 'no-reference-data';
  pValue?: undefined;
  adjustedPValue?: undefined;
  bins?: undefined;
  newCategories?: undefined;
  missingCategories?: undefined;
  newCategoryShare?: undefined;
  newCategoryCount?: undefined;
  newCategoriesExact?: undefined;
}

/**
 * One feature's result, a union discriminated on `status` (measured or not) and `method`: once measured
 * (`status === 'ok'`), a 'ks' or 'chisquare' result has `pValue: number`, every result has its bins and its
 * kind's secondary scores, and a categorical result its new / missing categories.
 *
 * @example
 * if (f.status === 'ok' && f.method === 'ks') f.pValue.toFixed(3); // number
 * if (f.status === 'ok') f.bins.contributions;                      // number[]
 */
export type FeatureDrift = KsDrift | WassersteinDrift | NumericBinnedDrift | ChisquareDrift | CategoricalBinnedDrift | UnmeasuredDrift;
/** Every measured member of FeatureDrift (status 'ok'). */
export type MeasuredDrift = Exclude<FeatureDrift, UnmeasuredDrift>;

export interface DriftReport {
  timestamp: string;
  featuresMonitored: number;
  driftDetected: boolean;
  driftedFeatures: string[];
  /** Share of compared features that drifted, and the rule's threshold. */
  driftShare: number;
  datasetDriftThreshold: number;
  correction: Correction;
  features: Record<string, FeatureDrift>;
  predictionDrift?: FeatureDrift;
  /** Columns left out of the comparison (options.exclude), with why. */
  excluded?: ExcludedColumn[];
  /** The table's time column and its span per side (set by the caller that read the tables, e.g. the CLI). */
  timeColumn?: TimeColumnReport;
}

const FN = 'compare';

/** An argument that claims to be a profile (format "driftkit-profile"): it is validated as one (acceptProfile). */
function isProfile(x: unknown): boolean {
  return !!x && typeof x === 'object' && (x as ReferenceProfile).format === 'driftkit-profile';
}

const sampleRows = (counts: Float64Array): number => { let n = 0; for (let i = 0; i < counts.length; i++) n += counts[i]; return n; };

/** A profile's sample as typed arrays (how workers receive it: a typed array clones as one copy). */
export type SampleArrays = { values: Float64Array; counts: Float64Array };
/** Typed copies of samples, by sample object: a reference profile is compared with window after window. */
const sampleCache = new WeakMap<NumericProfile['sample'], SampleArrays>();

/** A profile's sample as typed arrays: distinct sorted values and their multiplicities. */
export function sampleArrays(p: NumericProfile): SampleArrays {
  const s = p.sample;
  const hit = sampleCache.get(s);
  // profiles are values: a sample replaced or resized is a new entry (the length check catches pushes)
  if (hit && hit.values.length === s.values.length && hit.counts.length === s.counts.length) return hit;
  const a = { values: Float64Array.from(s.values), counts: Float64Array.from(s.counts) };
  sampleCache.set(s, a);
  return a;
}

/**
 * The current side of a numeric feature: bin counts over the reference's edges, nulls, and the ECDF sweep of
 * its values against the reference sample (undefined when a side has no finite value in its sample), over
 * sampleRows current rows.
 */
interface NumericCurrent {
  rows: number; nulls: number; counts: Float64Array; sweep: EcdfCountsResult | undefined; sampleRows: number;
  /** Rows in the reference sample swept against (workers get the profile with its sample emptied: count these). */
  refSampleRows: number;
}
/** The current side of a categorical feature: counts of the categories it tracks, and the bucket of the rest. */
interface CategoricalCurrent { rows: number; nulls: number; counts: Map<string, number>; other: OtherBucket | undefined }

function numericFromColumn(K: Kernels, p: NumericProfile, values: Float64Array, ref = sampleArrays(p)): NumericCurrent {
  const r = K.columnVsSample(values, Float64Array.from(p.edges), ref.values, ref.counts);
  return { rows: values.length, nulls: r.histogram.nan, counts: r.histogram.counts, sweep: r.sweep, sampleRows: r.sorted, refSampleRows: sampleRows(ref.counts) };
}

/** A current window summarised as a profile (same edges): its counts, and its sample for the ECDF methods. */
function numericFromProfile(K: Kernels, name: string, p: NumericProfile, c: NumericProfile): NumericCurrent {
  if (c.edges.length !== p.edges.length || c.edges.some((e, i) => e !== p.edges[i])) {
    fail(FN, sub('current.features', name), 'must be profiled with the reference\'s bin edges (profile(current, { edges }))');
  }
  // KS and Wasserstein over the samples with their multiplicities: O(distinct values), not O(rows)
  const ref = sampleArrays(p), cur = sampleArrays(c);
  const sweep = ref.values.length > 0 && cur.values.length > 0 ? K.ecdfCounts(ref.values, ref.counts, cur.values, cur.counts) : undefined;
  return { rows: c.count, nulls: c.nullCount, counts: Float64Array.from(c.binCounts), sweep, sampleRows: sampleRows(cur.counts), refSampleRows: sampleRows(ref.counts) };
}

function compareNumeric(K: Kernels, name: string, p: NumericProfile, cur: NumericCurrent, method: MethodName, bands: Bands, eps: number): FeatureDrift {
  const base = baseResult(name, 'numeric', method, bands, p.count, p.nullCount, cur.rows);
  base.currentNullShare = cur.rows ? cur.nulls / cur.rows : 0;
  const present = cur.rows - cur.nulls;
  const refPresent = p.count - p.nullCount;
  if (refPresent === 0) return noData(base, 'no-reference-data');
  if (present === 0) return noData(base, 'no-current-data');
  const d = K.binnedDivergences(Float64Array.from(p.binCounts), cur.counts, eps, 0);
  // No sweep: one side's values are all ±Infinity (samples keep finite values only), so the CDFs never meet.
  const sweep = cur.sweep;
  const ks = sweep ? Math.max(sweep.maxDiff, Math.min(Math.max(-sweep.minDiff, 0), 1)) : 1;
  const w = sweep ? sweep.wasserstein : Infinity;
  const sd = Math.sqrt(p.variance);
  const wn = sd > 0 ? w / sd : w === 0 ? 0 : Infinity;
  base.scores = { psi: d.psi, ks, wasserstein: w, wassersteinNormalized: wn, jsDistance: d.jsDistance };
  base.bins = {
    edges: p.edges, referenceProportions: Array.from(d.referenceProportions), currentProportions: Array.from(d.currentProportions),
    contributions: Array.from(d.psiContributions),
  };
  if (method === 'ks') {
    // the p-value of the test on the reference sample (exact reference when the profile's sample is exact)
    const pv = ks2sampPValue(ks, Math.max(cur.refSampleRows, 1), Math.max(cur.sampleRows, 1), 'two-sided', 'auto');
    base.statistic = pv.statistic;
    base.pValue = pv.pValue;
  } else {
    // planCompare has already rejected methods that do not apply to numeric features
    base.statistic = method === 'psi' ? d.psi : method === 'wasserstein' ? wn : d.jsDistance;
  }
  return base as KsDrift | WassersteinDrift | NumericBinnedDrift;
}

function compareCategorical(K: Kernels, name: string, p: CategoricalProfile, current: CategoricalCurrent,
  method: MethodName, bands: Bands, eps: number): FeatureDrift {
  const { nulls: curNulls, rows: curRows } = current;
  const base = baseResult(name, p.kind, method, bands, p.count, p.nullCount, curRows);
  base.currentNullShare = curRows ? curNulls / curRows : 0;
  if (p.count - p.nullCount === 0) return noData(base, 'no-reference-data');
  if (curRows - curNulls === 0) return noData(base, 'no-current-data');
  const u = untracked(p, current);
  const refCats = Object.keys(p.categories);
  // every untracked value in its own bin while both sides know them all; otherwise one bin for the rest
  const lump = Boolean(p.other) || !u.exact;
  const extra = lump ? [OTHER_BIN] : [...u.known.keys()];
  const cats = [...refCats, ...extra];
  const r = new Float64Array(cats.length), c = new Float64Array(cats.length);
  refCats.forEach((k, i) => { r[i] = p.categories[k]; c[i] = current.counts.get(k) ?? 0; });
  if (lump) { r[refCats.length] = p.other?.count ?? 0; c[refCats.length] = u.rows; }
  else extra.forEach((k, i) => { c[refCats.length + i] = u.known.get(k)!; });
  const d = K.binnedDivergences(r, c, eps, 0);
  const fresh = newCategories(p, u);
  base.newCategories = fresh.names;
  base.newCategoryCount = fresh.count;
  base.newCategoriesExact = fresh.exact;
  base.missingCategories = refCats.filter((k) => p.categories[k] > 0 && !(current.counts.get(k)! > 0));
  base.newCategoryShare = fresh.rows / (curRows - curNulls);
  const keep = cats.map((_, i) => r[i] + c[i] > 0);
  // scipy.stats.chi2_contingency of the 2×k table reference vs current counts (categories seen on either side;
  // Yates' correction when k = 2, as SciPy); a single category is no test: statistic 0, p-value 1
  const chi = keep.filter(Boolean).length > 1 ? chi2Contingency([Array.from(r).filter((_, i) => keep[i]), Array.from(c).filter((_, i) => keep[i])]) : { statistic: 0, pValue: 1 };
  base.scores = { psi: d.psi, jsDistance: d.jsDistance, chisquarePValue: chi.pValue };
  base.bins = {
    categories: cats, referenceProportions: Array.from(d.referenceProportions), currentProportions: Array.from(d.currentProportions),
    contributions: Array.from(d.psiContributions), ...(lump ? { otherBin: true } : {}),
  };
  // planCompare has already rejected methods that do not apply to categorical features
  // chi-square: the statistic is χ², the p-value decides (finishReport thresholds pValue, the bands are 'lower')
  if (method === 'chisquare') { base.statistic = chi.statistic; base.pValue = chi.pValue; }
  else base.statistic = method === 'psi' ? d.psi : d.jsDistance;
  return base as ChisquareDrift | CategoricalBinnedDrift;
}

/**
 * Current rows whose value the reference does not track: the ones known by name with their counts (current's
 * categories outside the reference's, and its bucket's sample), and all of them (`rows`). `exact`: every one
 * is known by name.
 */
function untracked(p: CategoricalProfile, cur: CategoricalCurrent): { known: Map<string, number>; rows: number; exact: boolean } {
  const known = new Map<string, number>();
  let rows = 0;
  for (const [k, n] of cur.counts) {
    if (n > 0 && !Object.prototype.hasOwnProperty.call(p.categories, k)) { known.set(k, n); rows += n; }
  }
  const o = cur.other;
  if (o) {
    o.sample.values.forEach((v, i) => known.set(v, (known.get(v) ?? 0) + o.sample.counts[i]));
    rows += o.count;
  }
  return { known, rows, exact: !o || o.sample.exact };
}

/**
 * New categories: untracked current values the reference never saw. Without a reference bucket every untracked
 * value is new. With one, a value is new when the reference's bucket sample proves it absent (the sample holds
 * every value with a key up to its largest); the share among the values that can be decided stands for all.
 */
function newCategories(p: CategoricalProfile, u: { known: Map<string, number>; rows: number; exact: boolean }): { names: string[]; rows: number; count: number; exact: boolean } {
  const byRows = (m: [string, number][]) => m.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([k]) => k);
  const o = p.other;
  if (!o) {
    const count = u.exact ? u.known.size : Math.max(u.known.size, Math.round(u.known.size * u.rows / Math.max(1, [...u.known.values()].reduce((a, b) => a + b, 0))));
    return { names: byRows([...u.known]), rows: u.rows, count, exact: u.exact };
  }
  const inRef = new Set(o.sample.values);
  const limit = o.sample.exact ? Infinity : largestKey(o.sample.values);
  const fresh: [string, number][] = [];
  let decided = 0, freshRows = 0, all = 0;
  for (const [k, n] of u.known) {
    all += n;
    if (!(o.sample.exact || categoryKey(k) <= limit)) continue;
    decided += n;
    if (!inRef.has(k)) { fresh.push([k, n]); freshRows += n; }
  }
  const exact = u.exact && decided === all;
  const rows = exact ? freshRows : decided > 0 ? (freshRows / decided) * u.rows : 0;
  const count = exact ? fresh.length : decided > 0 ? Math.round(fresh.length * (u.rows / decided)) : 0;
  return { names: byRows(fresh), rows, count, exact };
}

// Results are built field by field on a FeatureDriftBase; the finished object is the FeatureDrift member its
// kind, method and status say.
function baseResult(feature: string, kind: FeatureDrift['kind'], method: MethodName, threshold: Bands, refCount: number, refNulls: number, curCount: number): FeatureDriftBase {
  return {
    feature, kind, method, statistic: NaN, threshold, drifted: false, severity: 'none', signals: [], status: 'ok',
    referenceCount: refCount, currentCount: curCount, referenceNullShare: refCount ? refNulls / refCount : 0, currentNullShare: 0, scores: {},
  };
}

function noData(r: FeatureDriftBase, status: UnmeasuredDrift['status']): UnmeasuredDrift {
  r.status = status;
  return r as UnmeasuredDrift;
}

/** Everything compare() decides before touching the current data: validated options and per-feature plans. */
export interface ComparePlan {
  ref: ReferenceProfile;
  current: Columns | ReferenceProfile;
  curProfile?: ReferenceProfile;
  curRows: number;
  names: string[];
  tasks: { name: string; method: MethodName; bands: Bands; present: boolean }[];
  eps: number;
  share: number;
  correction: Correction;
  nullBands: Bands;
  newBands: Bands;
  prediction?: string;
  excluded: ExcludedColumn[];
}

const REASONS = ['time', 'datetime', 'identifier', 'excluded'];

/** options.exclude validated: names as { column, reason: 'excluded' }, one entry per column. */
function excludedOf(exclude: CompareOptions['exclude']): ExcludedColumn[] {
  if (exclude === undefined) return [];
  if (!Array.isArray(exclude)) fail(FN, 'exclude', 'must be an array of column names or { column, reason } objects');
  const seen = new Set<string>();
  const out: ExcludedColumn[] = [];
  exclude.forEach((e: unknown, i) => {
    const x: ExcludedColumn = typeof e === 'string' ? { column: e, reason: 'excluded' } : { ...(e as ExcludedColumn) };
    if (typeof x.column !== 'string' || !REASONS.includes(x.reason)) {
      fail(FN, `exclude[${i}]`, `must be a column name or { column, reason: ${REASONS.map((r) => `'${r}'`).join(' | ')} }`);
    }
    if (!seen.has(x.column)) { seen.add(x.column); out.push(x); }
  });
  return out;
}

export function planCompare(reference: ReferenceProfile | Columns, current: Columns | ReferenceProfile, options: CompareOptions = {}): ComparePlan {
  optionsObject('compare', options);
  const { eps } = smoothingOf(FN, options);
  // a profile the library made is used as it is; a profile document (JSON.parse of JSON.stringify(profile) or of
  // serializeProfile) is validated and decoded; anything mangled is a DriftkitError naming the field
  const ref = isProfile(reference) ? acceptProfile(FN, 'reference', reference)
    : buildProfile(reference as Columns, { bins: options.bins, backend: options.backend });
  if (!current || typeof current !== 'object') fail(FN, 'current', 'must be an object of columns or a profile');
  // current may itself be a profile (e.g. a streaming window's mergeable summary) built with the same edges
  const curProfile = isProfile(current) ? acceptProfile(FN, 'current', current) : undefined;
  const curRows = curProfile ? curProfile.rowCount : checkColumns(FN, 'current', current);
  const curHas = (name: string) => Object.prototype.hasOwnProperty.call(curProfile ? curProfile.features : current, name);
  // the columns the reference profile left out (its roles) are reported as excluded too, after the caller's
  const given = excludedOf(options.exclude);
  const seen = new Set(given.map((e) => e.column));
  const excluded = [...given, ...(ref.roles?.excluded ?? []).filter((e) => !seen.has(e.column) && !(e.column in ref.features)).map((e) => ({ ...e }))];
  const out = new Set(given.map((e) => e.column));
  const names = options.features ?? Object.keys(ref.features).filter((n) => !out.has(n));
  for (const f of options.features ?? []) if (out.has(f)) fail(FN, 'features', `names '${f}', which is also excluded`);
  for (const f of names) if (!(f in ref.features)) fail(FN, 'features', `names '${f}', which is not in the reference profile`);
  if (options.prediction !== undefined && !names.includes(options.prediction)) fail(FN, 'prediction', `names '${options.prediction}', which is not a compared feature`);
  const share = options.driftShare ?? 0.5;
  if (!(share > 0 && share <= 1)) fail(FN, 'driftShare', `must be in (0, 1]; got ${share}`);
  const correction = options.correction ?? 'none';
  if (!['none', 'bonferroni', 'bh'].includes(correction)) fail(FN, 'correction', `must be 'none', 'bonferroni' or 'bh'; got ${JSON.stringify(correction)}`);
  const tasks = names.map((name) => {
    const p = ref.features[name];
    // own keys only: options.methods.__proto__ of a literal is Object.prototype, not a method
    const given = options.methods && Object.prototype.hasOwnProperty.call(options.methods, name) ? options.methods[name] : undefined;
    const method = given ?? defaultMethod(p.kind, p.count - p.nullCount);
    if (!(method in DEFAULT_BANDS)) fail(FN, `methods.${name}`, `must be one of ${Object.keys(DEFAULT_BANDS).join(', ')}; got ${JSON.stringify(method)}`);
    if (p.kind === 'numeric' && method === 'chisquare') fail(FN, `methods.${name}`, "is 'chisquare', which applies to categorical features only");
    if (p.kind !== 'numeric' && (method === 'ks' || method === 'wasserstein')) fail(FN, `methods.${name}`, `is '${method}', which applies to numeric features only`);
    const bands = checkBands(FN, `thresholds.${method}`, options.thresholds?.[method], DEFAULT_BANDS[method]);
    return { name, method, bands, present: curHas(name) };
  });
  return {
    ref, current, curProfile, curRows, names, tasks, eps, share, correction, prediction: options.prediction, excluded,
    nullBands: checkBands(FN, 'nullShare', options.nullShare, NULL_SHARE_BANDS),
    newBands: checkBands(FN, 'newCategories', options.newCategories, NEW_CATEGORY_BANDS),
  };
}

/** The numeric current column of a feature, validated (what a worker receives). */
export function currentNumbers(plan: ComparePlan, name: string): Float64Array {
  return columnNumbers(FN, sub('current', name), (plan.current as Columns)[name]);
}

/** Measures one numeric feature against its profile from raw current values (also run inside workers). */
export function compareNumericColumn(K: Kernels, name: string, p: NumericProfile, values: Float64Array, method: MethodName, bands: Bands, eps: number,
  sample?: SampleArrays): FeatureDrift {
  return compareNumeric(K, name, p, numericFromColumn(K, p, values, sample), method, bands, eps);
}

/** Measures one feature (before signals and corrections). */
export function compareFeature(K: Kernels, plan: ComparePlan, task: ComparePlan['tasks'][number]): FeatureDrift {
  const { name, method, bands } = task;
  const p = plan.ref.features[name];
  if (!task.present) {
    return noData(baseResult(name, p.kind, method, bands, p.count, p.nullCount, 0), 'missing-in-current');
  }
  const c = plan.curProfile ? plan.curProfile.features[name] : undefined;
  if (p.kind === 'numeric') {
    if (c && c.kind !== 'numeric') fail(FN, sub('current.features', name), `is ${c.kind} but the reference is numeric`);
    if (c) return compareNumeric(K, name, p, numericFromProfile(K, name, p, c as NumericProfile), method, bands, plan.eps);
    return compareNumericColumn(K, name, p, currentNumbers(plan, name), method, bands, plan.eps);
  }
  let cur: CategoricalCurrent;
  if (c) {
    if (c.kind === 'numeric') fail(FN, sub('current.features', name), `is numeric but the reference is ${p.kind}`);
    const cp = c as CategoricalProfile;
    cur = { rows: c.count, nulls: c.nullCount, counts: new Map(Object.entries(cp.categories)), other: cp.other };
  } else {
    // counted as a summary against the reference would count them (bounded: its categories plus a bucket), so
    // compare(reference, columns) equals compare(reference, summary of the columns)
    const k = columnCategories(FN, sub('current', name), (plan.current as Columns)[name], K);
    const split = p.kind === 'boolean' ? { categories: Object.fromEntries(k.counts), other: undefined }
      : splitCategories(k.counts, new Set(Object.keys(p.categories)), plan.ref.options.categoryCapacity);
    cur = { rows: plan.curRows, nulls: k.nullCount, counts: new Map(Object.entries(split.categories)), other: split.other };
  }
  return compareCategorical(K, name, p, cur, method, bands, plan.eps);
}

/** Signals, severities, p-value corrections and the dataset rule over the measured features. */
export function finishReport(plan: ComparePlan, features: Record<string, FeatureDrift>): DriftReport {
  const tested = Object.values(features).filter((f) => f.pValue !== undefined);
  if (plan.correction !== 'none') {
    const adj = adjustPValues(tested.map((f) => f.pValue!), plan.correction);
    tested.forEach((f, i) => { f.adjustedPValue = adj[i]; });
  }
  for (const f of Object.values(features)) {
    if (f.status === 'ok') {
      const v = f.adjustedPValue ?? f.pValue ?? f.statistic;
      f.signals.push({ kind: 'distribution', value: v, severity: severityOf(v, f.threshold) });
    } else if (f.status === 'missing-in-current') {
      f.signals.push({ kind: 'missingColumn', value: 1, severity: 'critical' });
    } else {
      f.signals.push({ kind: 'noData', value: 1, severity: 'critical' });
    }
    if (f.status !== 'missing-in-current') {
      const dn = Math.abs(f.currentNullShare - f.referenceNullShare);
      f.signals.push({ kind: 'nullShare', value: dn, severity: severityOf(dn, plan.nullBands) });
    }
    if (f.newCategoryShare !== undefined) {
      f.signals.push({ kind: 'newCategories', value: f.newCategoryShare, severity: severityOf(f.newCategoryShare, plan.newBands) });
    }
    f.severity = f.signals.reduce<Severity>((s, g) => worst(s, g.severity), 'none');
    f.drifted = f.severity !== 'none';
  }
  const names = plan.names;
  const drifted = names.filter((n) => features[n].drifted);
  const driftShare = names.length ? drifted.length / names.length : 0;
  const report: DriftReport = {
    timestamp: new Date().toISOString(), featuresMonitored: names.length, driftDetected: names.length > 0 && driftShare >= plan.share,
    driftedFeatures: drifted, driftShare, datasetDriftThreshold: plan.share, correction: plan.correction,
    // a plain object again (the record was built prototype-free so "__proto__" is a feature like any other)
    features: Object.fromEntries(names.map((n) => [n, features[n]])),
  };
  if (plan.prediction !== undefined) report.predictionDrift = features[plan.prediction];
  if (plan.excluded.length) report.excluded = plan.excluded.map((e) => ({ ...e }));
  return report;
}

/**
 * Compare current data with a reference. Either side may be raw columns or a ReferenceProfile; a current
 * profile must be built with the reference's edges (`profile(current, { edges })`) and its ECDF methods then
 * use its sample (exact while the window holds at most sampleCapacity distinct values). Single-threaded;
 * in Node, compareParallel() spreads numeric features over a worker pool with identical results.
 */
export function compare(reference: ReferenceProfile | Columns, current: Columns | ReferenceProfile, options: CompareOptions = {}): DriftReport {
  optionsObject('compare', options);
  const K = kernels(FN, options.backend);
  const plan = planCompare(reference, current, options);
  const features: Record<string, FeatureDrift> = Object.create(null); // a feature may be called "__proto__"
  for (const t of plan.tasks) features[t.name] = compareFeature(K, plan, t);
  return finishReport(plan, features);
}
