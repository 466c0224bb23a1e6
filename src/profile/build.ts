// profile(reference): one pass per column. Numeric columns: a selection pass for the quantiles (and the
// quantile edges unless given), then ONE fused kernel pass (histogram over the edges + count, missing, ±Inf,
// min, max, mean, M2), then the bottom-k sample sketch in TypeScript. Categorical and boolean columns: one
// counting pass (dictionary codes with the countCodes kernel).
import { fail, optionsObject } from '../errors.js';
import { checkOptions, toFloat64 } from '../input.js';
import { kernels, type Kernels } from '../engine/index.js';
import { binProbs, checkBins, profileEdges } from '../methods/binning.js';
import { checkColumns, countCategories, readColumn, sub, type ColumnData } from './columns.js';
import { sampleColumn } from './sketch.js';
import { checkRoles, sealProfile } from './serialize.js';
import { capCategories, splitCategories, DEFAULT_CATEGORY_CAPACITY, MAX_CATEGORY_CAPACITY, orderedCategories } from './categories.js';
import {
  DEFAULT_QUANTILE_PROBS, DEFAULT_SAMPLE_CAPACITY, MAX_SAMPLE_CAPACITY, PROFILE_FORMAT, PROFILE_VERSION,
  type CategoricalProfile, type Columns, type FeatureKind, type FeatureProfile, type NumericProfile,
  type ProfileOptions, type ProfileRoles, type ReferenceProfile,
} from './types.js';


const FN = 'profile';
const KINDS: readonly FeatureKind[] = ['numeric', 'categorical', 'boolean'];
const has = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);
/** -0 → +0 (every other value unchanged): profiles never hold -0, so their JSON round-trips exactly. */
const z = (x: number): number => x + 0;

export function checkSampleCapacity(fn: string, name: string, k: unknown): number {
  if (k === undefined) return DEFAULT_SAMPLE_CAPACITY;
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 1 || k > MAX_SAMPLE_CAPACITY) {
    fail(fn, name, `must be an integer between 1 and ${MAX_SAMPLE_CAPACITY}; got ${JSON.stringify(k)}`);
  }
  return k;
}

export function checkCategoryCapacity(fn: string, name: string, k: unknown): number {
  if (k === undefined) return DEFAULT_CATEGORY_CAPACITY;
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 1 || k > MAX_CATEGORY_CAPACITY) {
    fail(fn, name, `must be an integer between 1 and ${MAX_CATEGORY_CAPACITY}; got ${JSON.stringify(k)}`);
  }
  return k;
}

/** Quantile probabilities: 1 to 1000 numbers in [0, 1], strictly increasing. */
export function checkProbs(fn: string, name: string, p: unknown): number[] {
  if (p === undefined) return DEFAULT_QUANTILE_PROBS.slice();
  if (!Array.isArray(p) || p.length < 1 || p.length > 1000) fail(fn, name, 'must be an array of 1 to 1000 probabilities');
  for (let i = 0; i < p.length; i++) {
    const v = p[i];
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) fail(fn, name, `must hold numbers in [0, 1]; element ${i} is ${JSON.stringify(v)}`);
    if (i > 0 && !(v > p[i - 1])) fail(fn, name, `must increase strictly; element ${i} (${v}) <= element ${i - 1} (${p[i - 1]})`);
  }
  return p.map(z);
}

/**
 * Given edges (as checkEdges: at least 2, no NaN, strictly increasing), outer edges opened to ±Infinity as
 * psi() does, so every non-missing value is counted.
 */
function checkFeatureEdges(fn: string, name: string, edgesIn: unknown): Float64Array {
  const e = toFloat64(fn, name, edgesIn).slice();
  if (e.length < 2) fail(fn, name, `must have at least 2 values; got ${e.length}`);
  for (let i = 0; i < e.length; i++) {
    if (e[i] !== e[i]) fail(fn, name, `must not contain NaN (index ${i})`);
    if (i > 0 && !(e[i] > e[i - 1])) fail(fn, name, `must increase strictly; element ${i} (${e[i]}) <= element ${i - 1} (${e[i - 1]})`);
  }
  e[0] = -Infinity;
  e[e.length - 1] = Infinity;
  return e.map(z);
}

function checkRecord(fn: string, name: string, r: unknown): Record<string, unknown> {
  if (r === null || typeof r !== 'object' || Array.isArray(r) || ArrayBuffer.isView(r)) {
    fail(fn, name, `must be an object keyed by feature name; got ${r === null ? 'null' : Array.isArray(r) ? 'array' : typeof r}`);
  }
  return r as Record<string, unknown>;
}

/** What profile() will do: the checked options and one job per selected column. */
export interface ProfilePlan {
  names: string[];
  rowCount: number;
  bins: number;
  capacity: number;
  categoryCapacity: number;
  probs: number[];
  roles: ProfileRoles | undefined;
  K: Kernels;
  jobs: ProfileJob[];
}
export type ProfileJob =
  | { name: string; kind: 'numeric'; values: Float64Array; edges: Float64Array | undefined }
  | { name: string; kind: 'categorical' | 'boolean'; arg: string; data: ColumnData; tracked?: ReadonlySet<string> };

/** Check profile()'s arguments and read every selected column (errors from `fn`). */
export function planProfile(fn: string, reference: Columns, options: ProfileOptions = {}): ProfilePlan {
  optionsObject(fn, options);
  checkOptions(fn, options, ['features', 'bins', 'edges', 'types', 'sampleCapacity', 'categoryCapacity', 'tracked', 'probs', 'roles', ...(fn === FN ? [] : ['threads', 'minParallelValues'])]);
  const ref = checkRecord(fn, 'reference', reference);
  let names: string[];
  if (options.features !== undefined) {
    const f: unknown = options.features;
    if (!Array.isArray(f)) fail(fn, 'features', `must be an array of feature names; got ${typeof f}`);
    if (f.length === 0) fail(fn, 'features', 'must name at least one feature');
    const seen = new Set<string>();
    for (const name of f) {
      if (typeof name !== 'string') fail(fn, 'features', `must hold strings; got ${JSON.stringify(name)}`);
      if (!has(ref, name)) fail(fn, 'features', `names unknown feature ${JSON.stringify(name)}; the reference has ${Object.keys(ref).map((k) => JSON.stringify(k)).join(', ') || 'no columns'}`);
      if (seen.has(name)) fail(fn, 'features', `names ${JSON.stringify(name)} twice`);
      seen.add(name);
    }
    names = f.slice();
  } else {
    names = Object.keys(ref);
    if (names.length === 0) fail(fn, 'reference', 'must have at least one column');
  }
  const bins = checkBins(fn, options.bins);
  const capacity = checkSampleCapacity(fn, 'sampleCapacity', options.sampleCapacity);
  const probs = checkProbs(fn, 'probs', options.probs);
  const categoryCapacity = checkCategoryCapacity(fn, 'categoryCapacity', options.categoryCapacity);
  const roles = options.roles === undefined ? undefined : checkRoles(fn, 'roles', options.roles);
  const K = kernels(fn, options.backend);
  const selected = new Set(names);

  // options keyed by feature: unknown names are errors; names not selected are ignored
  const edgesOpt = options.edges === undefined ? {} : checkRecord(fn, 'edges', options.edges);
  const edges = new Map<string, Float64Array>();
  for (const name of Object.keys(edgesOpt)) {
    if (!has(ref, name)) fail(fn, 'edges', `names unknown feature ${JSON.stringify(name)}`);
    if (selected.has(name)) {
      edges.set(name, checkFeatureEdges(fn, sub('edges', name), edgesOpt[name]));
    }
  }
  const typesOpt = options.types === undefined ? {} : checkRecord(fn, 'types', options.types);
  for (const name of Object.keys(typesOpt)) {
    if (!has(ref, name)) fail(fn, 'types', `names unknown feature ${JSON.stringify(name)}`);
    const t = typesOpt[name];
    if (!KINDS.includes(t as FeatureKind)) fail(fn, sub('types', name), `must be 'numeric', 'categorical' or 'boolean'; got ${JSON.stringify(t)}`);
  }

  const trackedOpt = options.tracked === undefined ? {} : checkRecord(fn, 'tracked', options.tracked);
  const tracked = new Map<string, Set<string>>();
  for (const name of Object.keys(trackedOpt)) {
    if (!has(ref, name)) fail(fn, 'tracked', `names unknown feature ${JSON.stringify(name)}`);
    const t = trackedOpt[name];
    const arg = sub('tracked', name);
    if (!Array.isArray(t) || t.some((x) => typeof x !== 'string')) fail(fn, arg, 'must be an array of category names (strings)');
    const set = new Set(t as string[]);
    if (set.size !== t.length) fail(fn, arg, 'names a category twice');
    if (set.size > categoryCapacity) fail(fn, arg, `names ${set.size} categories, more than categoryCapacity (${categoryCapacity})`);
    if (selected.has(name)) tracked.set(name, set);
  }

  // every selected column has the same number of rows, at least one
  const rowCount = checkColumns(fn, 'reference', ref, names);
  if (rowCount === 0) fail(fn, 'reference', 'must not be empty (its columns have 0 rows)');

  const jobs = names.map((name): ProfileJob => {
    const arg = sub('reference', name);
    const data = readColumn(fn, arg, ref[name]);
    const kind = resolveKind(fn, arg, data, has(typesOpt, name) ? typesOpt[name] as FeatureKind : undefined);
    if (kind !== 'numeric' && edges.has(name)) fail(fn, sub('edges', name), `is given but ${arg} is ${kind}, not numeric`);
    if (kind !== 'categorical' && tracked.has(name)) fail(fn, sub('tracked', name), `is given but ${arg} is ${kind}, not categorical`);
    return kind === 'numeric'
      ? { name, kind, values: data.type === 'numeric' ? data.values : new Float64Array(data.length).fill(NaN), edges: edges.get(name) }
      : { name, kind, arg, data, ...(tracked.has(name) ? { tracked: tracked.get(name) } : {}) };
  });
  return { names, rowCount, bins, capacity, categoryCapacity, probs, roles, K, jobs };
}

/** One column's profile. */
export function profileFeature(plan: ProfilePlan, job: ProfileJob): FeatureProfile {
  return job.kind === 'numeric'
    ? numericProfile(plan.K, job.values, job.edges, plan.bins, plan.probs, plan.capacity)
    : categoricalProfile(plan.K, job.arg, job.data, job.kind, plan.categoryCapacity, job.tracked);
}

/** The profile of the planned columns, given each one's feature profile (in plan order). */
export function finishProfile(plan: ProfilePlan, features: readonly FeatureProfile[]): ReferenceProfile {
  return sealProfile({
    format: PROFILE_FORMAT,
    version: PROFILE_VERSION,
    createdAt: new Date().toISOString(),
    rowCount: plan.rowCount,
    options: { bins: plan.bins, sampleCapacity: plan.capacity, categoryCapacity: plan.categoryCapacity },
    features: Object.fromEntries(plan.jobs.map((j, i) => [j.name, features[i]])),
    ...(plan.roles ? { roles: plan.roles } : {}),
  });
}

/**
 * Profile a reference data set: per column its type, count, missing count and, for numeric columns, the
 * ±Infinity counts, min, max, mean, M2 and variance, quantiles, bin edges and counts and a bounded sample
 * sketch; for categorical and boolean columns the count of every category (categorical: the most frequent
 * categoryCapacity, the rest in an "other" bucket). See docs/profile-schema.md.
 */
export function profile(reference: Columns, options: ProfileOptions = {}): ReferenceProfile {
  optionsObject('profile', options);
  const plan = planProfile(FN, reference, options);
  return finishProfile(plan, plan.jobs.map((j) => profileFeature(plan, j)));
}

const DETECTED = { numeric: 'numeric', string: 'categorical', dictionary: 'categorical', boolean: 'boolean' } as const;

function resolveKind(fn: string, arg: string, data: ColumnData, requested: FeatureKind | undefined): FeatureKind {
  if (data.type === 'missing') return requested ?? 'numeric';
  const detected = DETECTED[data.type];
  if (requested === undefined || requested === detected || requested === 'categorical') return requested ?? detected;
  const holds = data.type === 'numeric' ? 'numbers' : data.type === 'boolean' ? 'booleans' : 'strings';
  return fail(fn, arg, `holds ${holds}, so it cannot be profiled as ${requested} (types)`);
}

/** Numeric profile of one column (NaN = missing). */
export function numericProfile(K: Kernels, values: Float64Array, givenEdges: Float64Array | undefined, bins: number,
  probs: readonly number[], capacity: number): NumericProfile {
  // exact quantiles of the finite values (and the quantile edges) by selection, no full sort
  const nb = givenEdges ? 0 : bins + 1;
  const allProbs = new Float64Array(nb + probs.length);
  if (!givenEdges) allProbs.set(binProbs(bins));
  allProbs.set(probs, nb);
  let s = K.quantileSummary(values, allProbs);
  if (s.count > 0 && (s.min === -Infinity || s.max === Infinity)) {
    s = K.quantileSummary(values.filter((x) => x - x === 0), allProbs);
  }
  const edges = givenEdges ?? (s.count > 0 ? profileEdges(s.quantiles.subarray(0, nb)).map(z) : Float64Array.of(-Infinity, Infinity));
  // one fused pass: bin counts, missing, ±Infinity, min, max, mean, M2
  const { histogram: h, moments: m } = K.histogramMoments(values, edges);
  const finite = m.count;
  return {
    kind: 'numeric',
    count: values.length,
    nullCount: m.nanCount,
    posInfCount: m.posInfCount,
    negInfCount: m.negInfCount,
    min: z(m.min),
    max: z(m.max),
    mean: z(m.mean),
    m2: z(m.m2),
    variance: finite > 0 ? z(m.m2 / finite) : NaN,
    edges: Array.from(edges),
    binCounts: Array.from(h.counts),
    quantiles: { probs: probs.slice(), values: Array.from(s.quantiles.subarray(nb), z) },
    quantilesExact: true,
    sample: { ...sampleColumn(values, capacity, K), capacity },
  };
}

function categoricalProfile(K: Kernels, arg: string, data: ColumnData, kind: 'categorical' | 'boolean', capacity: number,
  tracked: ReadonlySet<string> | undefined): CategoricalProfile {
  const { counts, nullCount } = countCategories(FN, arg, data, K);
  if (kind === 'boolean') {
    for (const k of ['true', 'false']) if (!counts.has(k)) counts.set(k, 0);
    return { kind, count: data.length, nullCount, categories: orderedCategories(counts, true) };
  }
  const { categories, other } = tracked ? splitCategories(counts, tracked, capacity) : capCategories(counts, capacity);
  return { kind, count: data.length, nullCount, categories, ...(other ? { other } : {}) };
}
