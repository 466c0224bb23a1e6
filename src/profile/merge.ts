// mergeProfiles(a, b): the profile of the two reference sets concatenated, from the two profiles alone.
// Counts, ±Infinity counts, min, max, bin counts, category counts and the sample sketch are exact; mean and
// M2 combine by Chan et al.'s parallel formula (equal to the one-pass result up to rounding); quantiles are
// recomputed from the merged sample (exact when it holds every distinct value, estimated otherwise).
import { fail } from '../errors.js';
import { mergeCategories, orderedCategories } from './categories.js';
import { sub } from './columns.js';
import { checkProfile, sealProfile } from './serialize.js';
import { mergeSamples, sampleQuantiles, type Sample } from './sketch.js';
import { PROFILE_FORMAT, PROFILE_VERSION, type CategoricalProfile, type FeatureProfile, type NumericProfile, type ProfileRoles, type ReferenceProfile } from './types.js';

const FN = 'mergeProfiles';

const sameNumbers = (x: readonly number[], y: readonly number[]): boolean =>
  x.length === y.length && x.every((v, i) => Object.is(v, y[i]));

/**
 * Merge two profiles of the same features (same names, kinds, bin edges and quantile probabilities) into the
 * profile of the concatenated data. Mismatches are a DriftkitError naming b's feature. Sample capacities may
 * differ: the merged sketch keeps the smaller one (still exact). createdAt is the time of the merge.
 */
export function mergeProfiles(a: ReferenceProfile, b: ReferenceProfile): ReferenceProfile {
  return mergeBuilt(checkProfile(FN, 'a', a), checkProfile(FN, 'b', b));
}

/**
 * mergeProfiles without re-validating every field of both inputs: for profiles this library has just built
 * (a streaming window's panes), where the full check would cost more than the merge itself.
 */
export function mergeBuilt(pa: ReferenceProfile, pb: ReferenceProfile): ReferenceProfile {
  if (pa.options.bins !== pb.options.bins) {
    fail(FN, 'b.options.bins', `is ${pb.options.bins} but a's is ${pa.options.bins}; profiles to merge must be built with the same options`);
  }
  const capacity = Math.min(pa.options.sampleCapacity, pb.options.sampleCapacity);
  const categoryCapacity = Math.min(pa.options.categoryCapacity, pb.options.categoryCapacity);
  for (const name of Object.keys(pb.features)) {
    if (!Object.prototype.hasOwnProperty.call(pa.features, name)) fail(FN, sub('b.features', name), 'is not in a; profiles to merge must have the same features');
  }
  const features = Object.keys(pa.features).map((name): [string, FeatureProfile] => {
    const arg = sub('b.features', name);
    if (!Object.prototype.hasOwnProperty.call(pb.features, name)) fail(FN, arg, 'is missing (it is in a); profiles to merge must have the same features');
    const fa = pa.features[name], fb = pb.features[name];
    if (fa.kind !== fb.kind) fail(FN, arg, `is ${fb.kind} but a's is ${fa.kind}`);
    if (fa.kind === 'numeric') return [name, mergeNumeric(arg, fa, fb as NumericProfile, capacity)];
    return [name, mergeCategorical(fa, fb as CategoricalProfile, categoryCapacity)];
  });
  const roles = mergeRoles(pa.roles, pb.roles);
  return sealProfile({
    format: PROFILE_FORMAT,
    version: PROFILE_VERSION,
    createdAt: new Date().toISOString(),
    rowCount: pa.rowCount + pb.rowCount,
    options: { bins: pa.options.bins, sampleCapacity: capacity, categoryCapacity },
    features: Object.fromEntries(features),
    ...(roles ? { roles } : {}),
  });
}

const finiteCount = (f: NumericProfile): number => f.count - f.nullCount - f.posInfCount - f.negInfCount;

function mergeNumeric(arg: string, a: NumericProfile, b: NumericProfile, capacity: number): NumericProfile {
  if (!sameNumbers(a.edges, b.edges)) {
    fail(FN, `${arg}.edges`, `differ from a's (${a.edges.length} vs ${b.edges.length} edges${a.edges.length === b.edges.length ? ', different values' : ''}); `
      + 'build both profiles with the same options.edges to merge them');
  }
  if (!sameNumbers(a.quantiles.probs, b.quantiles.probs)) fail(FN, `${arg}.quantiles.probs`, "differ from a's; build both profiles with the same options.probs");
  const na = finiteCount(a), nb = finiteCount(b), n = na + nb;
  const { min, max, mean, m2 } = combineMoments({ n: na, ...a }, { n: nb, ...b });
  const sample = mergeSamples(a.sample, b.sample, capacity);
  // one side adds no finite value: the other side's quantiles stand, exact or not
  const q = na === 0 || nb === 0 ? (na === 0 ? b : a) : undefined;
  const { values, exact: quantilesExact } = q
    ? { values: q.quantiles.values.slice(), exact: q.quantilesExact }
    : quantilesFromSample(sample, a.quantiles.probs, min, max);
  const probs = a.quantiles.probs.slice();
  return {
    kind: 'numeric',
    count: a.count + b.count,
    nullCount: a.nullCount + b.nullCount,
    posInfCount: a.posInfCount + b.posInfCount,
    negInfCount: a.negInfCount + b.negInfCount,
    min, max, mean, m2,
    variance: n > 0 ? m2 / n + 0 : NaN,
    edges: a.edges.slice(),
    binCounts: a.binCounts.map((c, i) => c + b.binCounts[i]),
    quantiles: { probs, values },
    quantilesExact,
    sample: { ...sample, capacity },
  };
}

/** Moments of finite values: n, min, max, mean, M2 (NaN for n = 0). */
export interface FiniteMoments { n: number; min: number; max: number; mean: number; m2: number }

/** The moments of two parts together (Chan, Golub & LeVeque; symmetric in a and b, so exactly commutative). */
export function combineMoments(a: FiniteMoments, b: FiniteMoments): FiniteMoments {
  if (a.n === 0 || b.n === 0) return { ...(a.n === 0 ? b : a), n: a.n + b.n };
  const n = a.n + b.n;
  const delta = b.mean - a.mean;
  return {
    n,
    // first minimum / maximum wins on ties (as the kernel scanning a then b would); profiles hold no -0
    min: b.min < a.min ? b.min : a.min,
    max: b.max > a.max ? b.max : a.max,
    mean: a.mean * (a.n / n) + b.mean * (b.n / n) + 0,
    m2: a.m2 + b.m2 + delta * delta * ((a.n * b.n) / n) + 0,
  };
}

/**
 * numpy.quantile of the rows a sample stands for: exact when the sample holds every distinct value;
 * otherwise estimated, with the extremes (p = 0, 1) still exact from min and max.
 */
export function quantilesFromSample(sample: Sample, probs: readonly number[], min: number, max: number): { values: number[]; exact: boolean } {
  const values = sampleQuantiles(sample.values, sample.counts, probs);
  if (!sample.exact) probs.forEach((p, i) => { if (p === 0) values[i] = min; else if (p === 1) values[i] = max; });
  return { values, exact: sample.exact };
}

function mergeCategorical(a: CategoricalProfile, b: CategoricalProfile, capacity: number): CategoricalProfile {
  const base = { kind: a.kind, count: a.count + b.count, nullCount: a.nullCount + b.nullCount };
  if (a.kind === 'boolean') {
    const counts = new Map<string, number>();
    for (const f of [a, b]) for (const [k, c] of Object.entries(f.categories)) counts.set(k, (counts.get(k) ?? 0) + c);
    return { ...base, categories: orderedCategories(counts, true) };
  }
  const { categories, other } = mergeCategories(a, b, capacity);
  return { ...base, categories, ...(other ? { other } : {}) };
}

/** Roles of two parts: the excluded columns of both (a's first), the time column's span over both when they agree. */
function mergeRoles(a: ProfileRoles | undefined, b: ProfileRoles | undefined): ProfileRoles | undefined {
  if (!a || !b) return a ?? b;
  const seen = new Set(a.excluded.map((e) => e.column));
  const excluded = [...a.excluded, ...b.excluded.filter((e) => !seen.has(e.column))].map((e) => ({ ...e }));
  const ta = a.time, tb = b.time;
  if (!ta || !tb || ta.column !== tb.column) return { ...(ta ?? tb ? { time: { ...(ta ?? tb)! } } : {}), excluded };
  const min = [ta.min, tb.min].filter((x): x is string => x !== undefined).sort()[0];
  const max = [ta.max, tb.max].filter((x): x is string => x !== undefined).sort().at(-1);
  return { time: { column: ta.column, ...(min ? { min } : {}), ...(max ? { max } : {}) }, excluded };
}
