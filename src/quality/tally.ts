// What validate() counts: per feature and rule, the rows that broke it (count, first row, an example value),
// and per column whether it was missing or unexpected. Tallies of consecutive batches add up exactly, which is
// what makes a window (ContractAccumulator) equal to validating its batches concatenated. The loops allocate
// nothing per row: a numeric typed array is one pass with a single range test per value on the common path.
import { fail } from '../errors.js';
import { describe } from '../input.js';
import { checkColumns, readColumn, sub } from '../profile/columns.js';
import { OTHER_COLUMNS, type DataContract, type FeatureContract, type ValueRule } from './contract.js';

/** An example of an offending value: the value itself for scalars (strings cut at 200 characters), null otherwise. */
export type Example = number | string | boolean | null;

/** Rows that broke a rule: how many, the first of them and its value (`valueType` for type violations). */
export interface Hit { count: number; first: number; value: Example; valueType?: string }

export interface FeatureCounts {
  /** Rows in which the column was present (or absent but optional): the denominator of null_rate. */
  present: number;
  /** null_rate counts the missing values; the others count values, at most one rule per value. */
  hits: Record<ValueRule, Hit>;
}

export interface Tallies {
  rows: number;
  batches: number;
  /** Every feature of the contract, in its order. */
  features: Map<string, FeatureCounts>;
  /** Expected columns that were absent: count = rows of the batches that lacked them. */
  missing: Map<string, Hit>;
  /** Unexpected columns by name (at most maxUnexpected, then OTHER_COLUMNS): count = rows that held them. */
  unexpected: Map<string, Hit>;
}

/** A feature contract prepared for the loops. */
export interface CompiledFeature {
  name: string;
  contract: FeatureContract;
  type: FeatureContract['type'];
  /** Allowed finite values [lo, hi]: the range, or ±MAX_VALUE (so ±Infinity always take the slow path). */
  lo: number;
  hi: number;
  allowInfinity: boolean;
  integer: boolean;
  allowed: Set<string> | undefined;
  /** How errors name the feature's column of a batch (`batch.x`, `batch["a b"]`), made once. */
  arg: string;
}

export interface CompiledContract {
  contract: DataContract;
  features: CompiledFeature[];
  /** Expected and optional columns. */
  known: Set<string>;
  optional: Set<string>;
}

export function compile(contract: DataContract): CompiledContract {
  const features = Object.entries(contract.features).map(([name, f]): CompiledFeature => ({
    name,
    contract: f,
    type: f.type,
    lo: f.range ? f.range.min : -Number.MAX_VALUE,
    hi: f.range ? f.range.max : Number.MAX_VALUE,
    allowInfinity: f.allowInfinity === true,
    integer: f.integer === true,
    allowed: f.allowedCategories ? new Set(f.allowedCategories) : undefined,
    arg: sub('batch', name),
  }));
  return { contract, features, known: new Set([...contract.columns.expected, ...contract.columns.optional]), optional: new Set(contract.columns.optional) };
}

export const newHit = (): Hit => ({ count: 0, first: -1, value: null });
const newCounts = (): FeatureCounts => ({
  present: 0,
  hits: { type: newHit(), null_rate: newHit(), not_finite: newHit(), range: newHit(), integer: newHit(), unseen_category: newHit() },
});

export function emptyTallies(cc: CompiledContract): Tallies {
  return { rows: 0, batches: 0, features: new Map(cc.features.map((f) => [f.name, newCounts()])), missing: new Map(), unexpected: new Map() };
}

/** Zero tallies in place (a scratch reused batch after batch: one-record batches allocate ~50 objects otherwise). */
function resetTallies(t: Tallies): Tallies {
  t.rows = t.batches = 0;
  for (const c of t.features.values()) {
    c.present = 0;
    for (const r in c.hits) { const h = c.hits[r as ValueRule]; h.count = 0; h.first = -1; h.value = null; h.valueType = undefined; }
  }
  t.missing.clear();
  t.unexpected.clear();
  return t;
}

const MAX_EXAMPLE = 200;
function example(v: unknown): Example {
  if (typeof v === 'string') return v.length > MAX_EXAMPLE ? `${v.slice(0, MAX_EXAMPLE)}…` : v;
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return example(String(v));
  return null;
}

/** Count row i against h; the first row also gives the example. */
function hit(h: Hit, i: number, v: unknown): void {
  if (h.count++ === 0) { h.first = i; h.value = example(v); }
}
function typeHit(h: Hit, i: number, v: unknown): void {
  if (h.count === 0) h.valueType = describe(v);
  hit(h, i, v);
}

/**
 * Add `src` (rows after `offset` rows) to `dst`: counts add, the first row and example stay the earliest.
 */
export function addHit(dst: Hit, src: Hit, offset: number): void {
  if (src.count === 0) return;
  if (dst.count === 0) {
    dst.first = src.first + offset;
    dst.value = src.value;
    if (src.valueType !== undefined) dst.valueType = src.valueType;
  }
  dst.count += src.count;
}

/** Count an unexpected column under its name, or under OTHER_COLUMNS once `max` names are tracked. */
export function addUnexpected(map: Map<string, Hit>, name: string, src: Hit, offset: number, max: number): void {
  let h = map.get(name);
  if (!h) {
    const named = map.size - (map.has(OTHER_COLUMNS) ? 1 : 0);
    const key = name === OTHER_COLUMNS || named >= max ? OTHER_COLUMNS : name;
    h = map.get(key);
    if (!h) map.set(key, (h = newHit()));
  }
  addHit(h, src, offset);
}

/** One value check per row; `number` etc. take a value that is not missing (NaN is handled by the caller). */
class Checker {
  readonly h: Record<ValueRule, Hit>;
  /** Categorical features fed numbers: allowed-ness per distinct number, so String() runs once per value. */
  private numberCategories: Map<number, boolean> | undefined;

  constructor(readonly f: CompiledFeature, counts: FeatureCounts) {
    this.h = counts.hits;
  }

  number(v: number, i: number): void {
    const f = this.f;
    if (f.type === 'numeric') {
      if (v >= f.lo && v <= f.hi) { if (f.integer && Math.floor(v) !== v) hit(this.h.integer, i, v); }
      else if (v === Infinity || v === -Infinity) { if (!f.allowInfinity) hit(this.h.not_finite, i, v); }
      else hit(this.h.range, i, v);
    } else if (f.type === 'boolean') typeHit(this.h.type, i, v);
    else if (f.allowed) {
      const cache = (this.numberCategories ??= new Map());
      let ok = cache.get(v);
      if (ok === undefined) cache.set(v, (ok = f.allowed.has(String(v))));
      if (!ok) hit(this.h.unseen_category, i, String(v));
    }
  }

  string(v: string, i: number): void {
    if (this.f.type !== 'categorical') typeHit(this.h.type, i, v);
    else if (this.f.allowed && !this.f.allowed.has(v)) hit(this.h.unseen_category, i, v);
  }

  boolean(v: boolean, i: number): void {
    if (this.f.type === 'numeric') typeHit(this.h.type, i, v);
    else if (this.f.type === 'categorical') this.string(String(v), i);
  }

  /** Any element of a plain array or row object. */
  any(v: unknown, i: number): void {
    switch (typeof v) {
      case 'number': if (v === v) this.number(v, i); else hit(this.h.null_rate, i, null); break;
      case 'string': this.string(v, i); break;
      case 'boolean': this.boolean(v, i); break;
      default: if (v === null || v === undefined) hit(this.h.null_rate, i, null); else typeHit(this.h.type, i, v);
    }
  }
}

/** The tight loop: only values outside [lo, hi], fractional where integers are required, or NaN leave it. */
function checkFloat64(x: Float64Array, c: Checker): void {
  const { lo, hi, integer, type } = c.f;
  const n = x.length;
  if (type !== 'numeric') {
    for (let i = 0; i < n; i++) { const v = x[i]; if (v === v) c.number(v, i); else hit(c.h.null_rate, i, null); }
    return;
  }
  const nulls = c.h.null_rate;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    if (v >= lo && v <= hi && (!integer || Math.floor(v) === v)) continue;
    if (v === v) c.number(v, i); else hit(nulls, i, null);
  }
}

function checkArray(a: readonly unknown[], c: Checker): void {
  for (let i = 0; i < a.length; i++) c.any(a[i], i);
}

function checkDictionary(fn: string, arg: string, codes: Int32Array, dictionary: readonly string[], c: Checker): void {
  const k = dictionary.length;
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i];
    if (code < 0) hit(c.h.null_rate, i, null);
    else if (code >= k) fail(fn, `${arg}.codes`, `element ${i} is ${code}, outside the dictionary of ${k} entries (negative codes are missing)`);
    else if (c.f.type !== 'categorical' || (c.f.allowed && !c.f.allowed.has(dictionary[code]))) c.string(dictionary[code], i);
  }
}

/** Count one column of `rows` rows against its feature. */
function checkColumn(fn: string, arg: string, x: unknown, c: Checker): void {
  if (Array.isArray(x)) return checkArray(x, c);
  const d = readColumn(fn, arg, x); // typed arrays (as Float64Array) and { codes, dictionary }
  if (d.type === 'numeric') checkFloat64(d.values, c);
  else if (d.type === 'dictionary') checkDictionary(fn, arg, d.codes, d.dictionary, c);
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && !ArrayBuffer.isView(v);

/**
 * Tallies of one batch: an object of columns (the inputs profile() takes) or an array of row objects.
 * Argument errors (not a batch, a row that is not an object, columns of unequal lengths, a dictionary code
 * outside its dictionary) throw a DriftkitError from `fn` naming the argument; problems in the data are counted.
 */
export function tallyBatch(fn: string, batch: unknown, cc: CompiledContract, maxUnexpected: number, scratch?: Tallies): Tallies {
  const t = scratch ? resetTallies(scratch) : emptyTallies(cc);
  const present = new Set<string>();
  const unexpected = new Map<string, Hit>();
  const allowUnexpected = cc.contract.columns.allowUnexpected;
  let read: (f: CompiledFeature, c: Checker) => void;
  let n: number;
  if (Array.isArray(batch)) {
    const rows: readonly unknown[] = batch;
    n = rows.length;
    for (let i = 0; i < n; i++) {
      const r = rows[i];
      if (!isPlainObject(r)) fail(fn, `batch[${i}]`, `must be a row object keyed by column; got ${describe(r)}`);
      for (const k in r) {
        if (!Object.prototype.hasOwnProperty.call(r, k)) continue;
        if (cc.known.has(k)) present.add(k);
        else if (!allowUnexpected) {
          let h = unexpected.get(k);
          if (!h) unexpected.set(k, (h = newHit()));
          hit(h, i, null);
        }
      }
    }
    read = (f, c) => {
      const col = new Array<unknown>(n);
      for (let i = 0; i < n; i++) col[i] = (rows[i] as Record<string, unknown>)[f.name];
      checkArray(col, c);
    };
  } else {
    if (!isPlainObject(batch)) fail(fn, 'batch', `must be an object of columns or an array of row objects; got ${describe(batch)}`);
    const cols = batch;
    n = checkColumns(fn, 'batch', cols);
    for (const k of Object.keys(cols)) {
      if (cc.known.has(k)) present.add(k);
      else if (n > 0 && !allowUnexpected) unexpected.set(k, { count: n, first: 0, value: null });
    }
    read = (f, c) => checkColumn(fn, f.arg, cols[f.name], c);
  }
  t.rows = n;
  t.batches = 1;
  if (n === 0) return t;
  for (const [k, h] of unexpected) addUnexpected(t.unexpected, k, h, 0, maxUnexpected);
  for (const k of cc.contract.columns.expected) if (!present.has(k)) t.missing.set(k, { count: n, first: 0, value: null });
  for (const f of cc.features) {
    const counts = t.features.get(f.name)!;
    if (present.has(f.name)) read(f, new Checker(f, counts));
    else if (cc.optional.has(f.name)) Object.assign(counts.hits.null_rate, { count: n, first: 0, value: null }); // absent optional: all missing
    else continue; // missing_column: its values are not judged
    counts.present = n;
  }
  return t;
}
