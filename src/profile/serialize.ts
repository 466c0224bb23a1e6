// JSON form of a ReferenceProfile (docs/profile-schema.md): plain JSON in which the non-finite numbers are
// the strings "NaN", "Infinity" and "-Infinity". parseProfile validates every field and rebuilds the profile
// in canonical form; serialize → parse gives back a profile deep-equal to the original (profiles hold no -0,
// so this holds under Object.is as well).
import { fail, optionsObject } from '../errors.js';
import { sub } from './columns.js';
import {
  MAX_SAMPLE_CAPACITY, PROFILE_FORMAT, PROFILE_VERSION,
  type CategoricalProfile, type ExclusionReason, type FeatureProfile, type NumericProfile, type ProfileRoles, type ReferenceProfile,
} from './types.js';
import { DEFAULT_CATEGORY_CAPACITY, MAX_CATEGORY_CAPACITY, type OtherBucket } from './categories.js';
import { FieldChecker, show, type Obj } from '../fields.js';
import { encodeDocument, isBuiltProfile, markBuilt } from './document.js';

const sum = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0);

/**
 * An object keyed by arbitrary names (features, categories): FieldChecker.obj with every key both required
 * and allowed is quadratic (an Array.includes per key), which 300k categories turn into a minute.
 */
function record(c: FieldChecker, path: string, v: unknown): Obj {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) c.bad(path, `must be an object; got ${show(v)}`);
  return v as Obj;
}

/** Validate a profile (decoded JSON or in memory) and return it in canonical form; errors name the field. */
export function checkProfile(fn: string, root: string, value: unknown): ReferenceProfile {
  const c = new FieldChecker(fn, root, 'profile');
  if (value === null || typeof value !== 'object' || Array.isArray(value)) c.bad('', `must be an object; got ${show(value)}`);
  const v = value as Obj;
  if (v.format !== PROFILE_FORMAT) c.bad('format', `must be "${PROFILE_FORMAT}"; got ${show(v.format)} (not a driftkit profile)`);
  // version 1 (no category caps, no roles) is read as version 2 with a capacity that keeps every category
  if (v.version !== PROFILE_VERSION && v.version !== 1) {
    c.bad('version', `is ${show(v.version)}, but this driftkit reads profile versions 1 and ${PROFILE_VERSION}; rebuild the profile with this version (driftkit profile DATA -o profile.json)`);
  }
  const v1 = v.version === 1;
  const o = c.obj('', v, ['format', 'version', 'createdAt', 'rowCount', 'options', 'features'], v1 ? [] : ['roles']);
  if (typeof o.createdAt !== 'string' || Number.isNaN(Date.parse(o.createdAt))) c.bad('createdAt', `must be an ISO 8601 date string; got ${show(o.createdAt)}`);
  const rowCount = c.int('rowCount', o.rowCount);
  const opt = c.obj('options', o.options, v1 ? ['bins', 'sampleCapacity'] : ['bins', 'sampleCapacity', 'categoryCapacity']);
  const bins = c.int('options.bins', opt.bins, 1);
  const capacity = c.int('options.sampleCapacity', opt.sampleCapacity, 1);
  if (capacity > MAX_SAMPLE_CAPACITY) c.bad('options.sampleCapacity', `must be at most ${MAX_SAMPLE_CAPACITY}; got ${capacity}`);
  const fo = record(c, 'features', o.features);
  const names = Object.keys(fo);
  if (names.length === 0) c.bad('features', 'must hold at least one feature');
  let categoryCapacity: number;
  if (v1) {
    let most = DEFAULT_CATEGORY_CAPACITY;
    for (const name of names) {
      const f = fo[name] as Obj | null;
      if (f && typeof f === 'object' && f.kind === 'categorical' && f.categories && typeof f.categories === 'object') most = Math.max(most, Object.keys(f.categories).length);
    }
    categoryCapacity = most;
  } else categoryCapacity = c.int('options.categoryCapacity', opt.categoryCapacity, 1);
  if (categoryCapacity > MAX_CATEGORY_CAPACITY) c.bad('options.categoryCapacity', `must be at most ${MAX_CATEGORY_CAPACITY}; got ${categoryCapacity}${v1 ? ' (a version 1 profile with that many categories: rebuild it with this version)' : ''}`);
  const features: [string, FeatureProfile][] = names.map((name) => {
    const p = sub('features', name);
    const f = checkFeature(c, p, fo[name], capacity, categoryCapacity);
    c.same(`${p}.count`, f.count, rowCount, 'must equal rowCount');
    return [name, f];
  });
  const roles = o.roles === undefined ? undefined : rolesOf(c, 'roles', o.roles);
  return sealProfile({
    format: PROFILE_FORMAT,
    version: PROFILE_VERSION,
    createdAt: o.createdAt as string,
    rowCount,
    options: { bins, sampleCapacity: capacity, categoryCapacity },
    features: Object.fromEntries(features),
    ...(roles ? { roles } : {}),
  });
}

const REASONS: readonly ExclusionReason[] = ['time', 'datetime', 'identifier', 'excluded'];

/** `roles` at path `p` ('' when the checker's root is the roles object itself, as for profile()'s option). */
function rolesOf(c: FieldChecker, p: string, value: unknown): ProfileRoles {
  const at = (k: string): string => (p ? `${p}.${k}` : k);
  const o = c.obj(p, value, ['excluded'], ['time']);
  let time: ProfileRoles['time'];
  if (o.time !== undefined) {
    const t = c.obj(at('time'), o.time, ['column'], ['min', 'max']);
    const text = (k: string, x: unknown): string => (typeof x === 'string' ? x : c.bad(at(`time.${k}`), `must be a string; got ${show(x)}`));
    time = { column: text('column', t.column) };
    for (const k of ['min', 'max'] as const) {
      if (t[k] === undefined) continue;
      if (Number.isNaN(Date.parse(text(k, t[k])))) c.bad(at(`time.${k}`), `must be an ISO 8601 instant; got ${show(t[k])}`);
      time[k] = t[k] as string;
    }
  }
  const excluded = c.arr(at('excluded'), o.excluded).map((x, i) => {
    const q = at(`excluded[${i}]`);
    const e = c.obj(q, x, ['column', 'reason'], ['detail']);
    if (typeof e.column !== 'string') c.bad(`${q}.column`, `must be a string; got ${show(e.column)}`);
    if (!REASONS.includes(e.reason as ExclusionReason)) c.bad(`${q}.reason`, `must be one of ${REASONS.join(', ')}; got ${show(e.reason)}`);
    if (e.detail !== undefined && typeof e.detail !== 'string') c.bad(`${q}.detail`, `must be a string; got ${show(e.detail)}`);
    return { column: e.column as string, reason: e.reason as ExclusionReason, ...(e.detail !== undefined ? { detail: e.detail as string } : {}) };
  });
  return { ...(time ? { time } : {}), excluded };
}

/** profile()'s `roles` option, validated (errors from `fn` naming `arg`). */
export function checkRoles(fn: string, arg: string, value: unknown): ProfileRoles {
  return rolesOf(new FieldChecker(fn, arg, 'roles'), '', value);
}

/**
 * JSON.stringify(profile): the document serializeProfile writes (validated and in canonical form, non-finite
 * numbers as strings), so JSON.parse(JSON.stringify(p)) is read back exactly by parseProfile and compare().
 */
function toJSON(this: ReferenceProfile): unknown {
  return encodeDocument(checkProfile('JSON.stringify', 'profile', this));
}

/**
 * Mark a profile the library made: a non-enumerable toJSON (invisible to deep equality, skipped by
 * structuredClone) and trusted by acceptProfile. Returns it.
 */
export function sealProfile<P extends ReferenceProfile>(p: P): P {
  if (!Object.prototype.hasOwnProperty.call(p, 'toJSON')) {
    Object.defineProperty(p, 'toJSON', { value: toJSON, enumerable: false, writable: true, configurable: true });
  }
  return markBuilt(p);
}

/**
 * A function's profile argument: something that is not a profile at all is refused with what to pass; anything
 * that claims to be one goes through acceptProfile (validated unless this library made it).
 */
export function profileArgument(fn: string, arg: string, value: unknown): ReferenceProfile {
  if (value === null || typeof value !== 'object' || (value as { format?: unknown }).format !== PROFILE_FORMAT) {
    fail(fn, arg, 'must be a ReferenceProfile (profile(...) or parseProfile(...))');
  }
  return acceptProfile(fn, arg, value);
}

/**
 * A profile argument: one this library made is taken as it is; anything else (a profile document decoded from
 * JSON, a structured clone, an object built by hand) is validated by checkProfile and returned in canonical
 * form, so a mangled object is a DriftkitError naming `arg` and the field, never a silently wrong result.
 */
export function acceptProfile(fn: string, arg: string, value: unknown): ReferenceProfile {
  return isBuiltProfile(value) ? value : checkProfile(fn, arg, value);
}

const NUMERIC_KEYS = ['kind', 'count', 'nullCount', 'posInfCount', 'negInfCount', 'min', 'max', 'mean', 'm2', 'variance',
  'edges', 'binCounts', 'quantiles', 'quantilesExact', 'sample'] as const;
const CATEGORICAL_KEYS = ['kind', 'count', 'nullCount', 'categories'] as const;

function checkFeature(c: FieldChecker, p: string, value: unknown, capacity: number, categoryCapacity: number): FeatureProfile {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) c.bad(p, `must be an object; got ${show(value)}`);
  const kind = (value as Obj).kind;
  if (kind === 'numeric') return checkNumeric(c, p, c.obj(p, value, NUMERIC_KEYS), capacity);
  if (kind === 'categorical') return checkCategorical(c, p, c.obj(p, value, CATEGORICAL_KEYS, ['other']), kind, categoryCapacity);
  if (kind === 'boolean') return checkCategorical(c, p, c.obj(p, value, CATEGORICAL_KEYS), kind, 2);
  return c.bad(`${p}.kind`, `must be "numeric", "categorical" or "boolean"; got ${show(kind)}`);
}

function checkNumeric(c: FieldChecker, p: string, o: Obj, capacity: number): NumericProfile {
  const count = c.int(`${p}.count`, o.count);
  const nullCount = c.int(`${p}.nullCount`, o.nullCount);
  const posInfCount = c.int(`${p}.posInfCount`, o.posInfCount);
  const negInfCount = c.int(`${p}.negInfCount`, o.negInfCount);
  const finite = count - nullCount - posInfCount - negInfCount;
  if (finite < 0) c.bad(`${p}.count`, `(${count}) is less than nullCount + posInfCount + negInfCount (${count - finite})`);
  const stat = (k: 'min' | 'max' | 'mean' | 'm2'): number => {
    const x = c.num(`${p}.${k}`, o[k]);
    if (finite === 0 && !Number.isNaN(x)) c.bad(`${p}.${k}`, `must be NaN when there are no finite values; got ${x}`);
    if (finite > 0 && !Number.isFinite(x)) c.bad(`${p}.${k}`, `must be finite; got ${x}`);
    return x;
  };
  const min = stat('min'), max = stat('max'), mean = stat('mean'), m2 = stat('m2');
  if (min > max) c.bad(`${p}.min`, `(${min}) exceeds max (${max})`);
  if (m2 < 0) c.bad(`${p}.m2`, `must be >= 0; got ${m2}`);
  const variance = c.num(`${p}.variance`, o.variance);
  c.same(`${p}.variance`, variance, finite > 0 ? (m2 / finite) + 0 : NaN, 'must equal m2 / (count - nullCount - posInfCount - negInfCount)');

  const edges = c.arr(`${p}.edges`, o.edges).map((x, i) => c.num(`${p}.edges[${i}]`, x));
  if (edges.length < 2) c.bad(`${p}.edges`, `must have at least 2 values; got ${edges.length}`);
  if (edges[0] !== -Infinity || edges[edges.length - 1] !== Infinity) c.bad(`${p}.edges`, 'must start at -Infinity and end at Infinity');
  for (let i = 1; i < edges.length; i++) {
    if (!(edges[i] > edges[i - 1])) c.bad(`${p}.edges[${i}]`, `must exceed edges[${i - 1}] (edges increase strictly); got ${edges[i]}`);
  }
  const binCounts = c.arr(`${p}.binCounts`, o.binCounts).map((x, i) => c.int(`${p}.binCounts[${i}]`, x));
  if (binCounts.length !== edges.length - 1) c.bad(`${p}.binCounts`, `must have edges.length - 1 = ${edges.length - 1} entries; got ${binCounts.length}`);
  c.same(`${p}.binCounts`, sum(binCounts), count - nullCount, 'must sum to count - nullCount');

  const q = c.obj(`${p}.quantiles`, o.quantiles, ['probs', 'values']);
  const probs = c.arr(`${p}.quantiles.probs`, q.probs).map((x, i) => {
    const v = c.num(`${p}.quantiles.probs[${i}]`, x);
    if (!(v >= 0 && v <= 1)) c.bad(`${p}.quantiles.probs[${i}]`, `must be in [0, 1]; got ${v}`);
    return v;
  });
  if (probs.length === 0) c.bad(`${p}.quantiles.probs`, 'must not be empty');
  for (let i = 1; i < probs.length; i++) if (!(probs[i] > probs[i - 1])) c.bad(`${p}.quantiles.probs[${i}]`, 'must exceed the previous probability');
  const qValues = c.arr(`${p}.quantiles.values`, q.values).map((x, i) => c.num(`${p}.quantiles.values[${i}]`, x));
  if (qValues.length !== probs.length) c.bad(`${p}.quantiles.values`, `must have as many entries as probs (${probs.length}); got ${qValues.length}`);
  const quantilesExact = c.bool(`${p}.quantilesExact`, o.quantilesExact);

  const s = c.obj(`${p}.sample`, o.sample, ['values', 'counts', 'capacity', 'exact']);
  const sCapacity = c.int(`${p}.sample.capacity`, s.capacity, 1);
  c.same(`${p}.sample.capacity`, sCapacity, capacity, 'must equal options.sampleCapacity');
  const sValues = c.arr(`${p}.sample.values`, s.values).map((x, i) => c.finite(`${p}.sample.values[${i}]`, x));
  for (let i = 1; i < sValues.length; i++) {
    if (!(sValues[i] > sValues[i - 1])) c.bad(`${p}.sample.values[${i}]`, 'must exceed the previous value (distinct values, ascending)');
  }
  if (sValues.length > 0 && (sValues[0] < min || sValues[sValues.length - 1] > max)) c.bad(`${p}.sample.values`, 'must lie within [min, max]');
  const sCounts = c.arr(`${p}.sample.counts`, s.counts).map((x, i) => c.int(`${p}.sample.counts[${i}]`, x, 1));
  if (sCounts.length !== sValues.length) c.bad(`${p}.sample.counts`, `must have as many entries as values (${sValues.length}); got ${sCounts.length}`);
  if (sValues.length > sCapacity) c.bad(`${p}.sample.values`, `holds ${sValues.length} values, more than capacity ${sCapacity}`);
  const exact = c.bool(`${p}.sample.exact`, s.exact);
  if (exact) c.same(`${p}.sample.counts`, sum(sCounts), finite, 'of an exact sample must sum to the finite values (count - nullCount - posInfCount - negInfCount)');
  else {
    if (sValues.length !== sCapacity) c.bad(`${p}.sample.values`, `must hold capacity (${sCapacity}) values when the sample is not exact; got ${sValues.length}`);
    if (sum(sCounts) > finite) c.bad(`${p}.sample.counts`, `sum to more than the ${finite} finite values`);
  }
  return {
    kind: 'numeric', count, nullCount, posInfCount, negInfCount, min, max, mean, m2, variance, edges, binCounts,
    quantiles: { probs, values: qValues }, quantilesExact,
    sample: { values: sValues, counts: sCounts, capacity: sCapacity, exact },
  };
}

function checkCategorical(c: FieldChecker, p: string, o: Obj, kind: 'categorical' | 'boolean', categoryCapacity: number): CategoricalProfile {
  const count = c.int(`${p}.count`, o.count);
  const nullCount = c.int(`${p}.nullCount`, o.nullCount);
  const co = kind === 'boolean' ? c.obj(`${p}.categories`, o.categories, ['true', 'false']) : record(c, `${p}.categories`, o.categories);
  const other = o.other === undefined ? undefined : checkOther(c, `${p}.other`, o.other, co, categoryCapacity);
  // a capped column lists every tracked category, those with no rows too
  const min = kind === 'boolean' || other ? 0 : 1;
  const keys = Object.keys(co);
  if (keys.length > categoryCapacity) c.bad(`${p}.categories`, `holds ${keys.length} categories, more than options.categoryCapacity (${categoryCapacity})`);
  const entries = new Array<[string, number]>(keys.length);
  let total = 0;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i], x = co[k];
    // the path is built only for an error (sub() tests the key against a RegExp)
    if (typeof x !== 'number' || !Number.isSafeInteger(x) || x < min) c.int(sub(`${p}.categories`, k), x, min);
    entries[i] = [k, (x as number) + 0];
    total += x as number;
  }
  c.same(`${p}.count`, count, nullCount + total + (other?.count ?? 0), `must equal nullCount plus the category counts${other ? ' plus other.count' : ''}`);
  // Object.fromEntries, not assignment: a category may be called "__proto__"
  return { kind, count, nullCount, categories: Object.fromEntries(entries), ...(other ? { other } : {}) };
}

function checkOther(c: FieldChecker, p: string, value: unknown, tracked: Obj, capacity: number): OtherBucket {
  const o = c.obj(p, value, ['count', 'sample']);
  const count = c.int(`${p}.count`, o.count, 1);
  const s = c.obj(`${p}.sample`, o.sample, ['values', 'counts', 'capacity', 'exact']);
  const k = c.int(`${p}.sample.capacity`, s.capacity, 1);
  c.same(`${p}.sample.capacity`, k, capacity, 'must equal options.categoryCapacity');
  const values = c.arr(`${p}.sample.values`, s.values).map((x, i) => {
    if (typeof x !== 'string') c.bad(`${p}.sample.values[${i}]`, `must be a string; got ${show(x)}`);
    if (Object.prototype.hasOwnProperty.call(tracked, x)) c.bad(`${p}.sample.values[${i}]`, `is ${show(x)}, a tracked category (the bucket holds untracked values only)`);
    return x;
  });
  for (let i = 1; i < values.length; i++) if (!(values[i] > values[i - 1])) c.bad(`${p}.sample.values[${i}]`, 'must follow the previous value (distinct, in code-unit order)');
  if (values.length > k) c.bad(`${p}.sample.values`, `holds ${values.length} values, more than capacity ${k}`);
  const counts = c.arr(`${p}.sample.counts`, s.counts).map((x, i) => c.int(`${p}.sample.counts[${i}]`, x, 1));
  if (counts.length !== values.length) c.bad(`${p}.sample.counts`, `must have as many entries as values (${values.length}); got ${counts.length}`);
  const exact = c.bool(`${p}.sample.exact`, s.exact);
  if (exact) c.same(`${p}.sample.counts`, sum(counts), count, 'of an exact sample must sum to other.count');
  else {
    if (values.length !== k) c.bad(`${p}.sample.values`, `must hold capacity (${k}) values when the sample is not exact; got ${values.length}`);
    if (!(sum(counts) < count)) c.bad(`${p}.sample.counts`, `must sum to less than other.count (${count}) when the sample is not exact`);
  }
  return { count, sample: { values, counts, capacity: k, exact } };
}

/** The profile as JSON (validated first); NaN and ±Infinity become the strings "NaN", "Infinity", "-Infinity". */
export function serializeProfile(p: ReferenceProfile, options: { space?: number } = {}): string {
  optionsObject('serializeProfile', options);
  return JSON.stringify(encodeDocument(checkProfile('serializeProfile', 'profile', p)), null, options.space);
}

/** A profile this library built, as a JSON-safe object (non-finite numbers as strings; not re-validated). */
export function profileToJSON(p: ReferenceProfile): object {
  return encodeDocument(p) as object;
}

/**
 * A profile from its JSON text (or the already-parsed object), validated field by field: a different
 * `format` or `version`, a missing or unknown field, a wrong type or an inconsistent count is a
 * DriftkitError naming the field.
 */
export function parseProfile(json: string | object): ReferenceProfile {
  let v: unknown = json;
  if (typeof json === 'string') {
    try {
      v = JSON.parse(json);
    } catch (e) {
      fail('parseProfile', 'json', `is not valid JSON (${(e as Error).message})`);
    }
  }
  return checkProfile('parseProfile', '', v);
}
