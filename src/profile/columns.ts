// Column inputs of profile(): detection of what a column holds and its conversion for the builders.
// A number array is numeric (even when it holds category codes: pass `types` to read it as categorical);
// strings and { codes, dictionary } are categorical; booleans are boolean. null / undefined (and NaN in
// numbers) are missing. A column mixing numbers, strings and booleans is an error naming it.
import { categoryName } from './categories.js';
import { describe } from '../input.js';
import { fail } from '../errors.js';
import { kernels, type Kernels } from '../engine/index.js';

/** What a column holds, after validation. */
export type ColumnData =
  | { type: 'numeric'; length: number; values: Float64Array }
  | { type: 'string'; length: number; values: readonly unknown[] }
  | { type: 'boolean'; length: number; values: readonly unknown[] }
  | { type: 'dictionary'; length: number; codes: Int32Array; dictionary: readonly string[] }
  /** An array with no non-missing element (or no element at all): it carries no type. */
  | { type: 'missing'; length: number };

/** `base.key`, or `base["key"]` when key is not an identifier: how errors name a feature's argument. */
export function sub(base: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${base}.${key}` : `${base}[${JSON.stringify(key)}]`;
}


const isDictionary = (x: unknown): x is { codes: unknown; dictionary: unknown } =>
  x !== null && typeof x === 'object' && !Array.isArray(x) && !ArrayBuffer.isView(x) && 'codes' in x && 'dictionary' in x;

/** Rows of a column input (validating only its container type). */
export function columnLength(fn: string, name: string, x: unknown): number {
  if (x instanceof Float64Array || x instanceof Float32Array || x instanceof Int32Array || Array.isArray(x)) return x.length;
  if (isDictionary(x)) {
    const c = x.codes;
    if (c instanceof Int32Array || Array.isArray(c)) return c.length;
    return fail(fn, `${name}.codes`, `must be an Int32Array or number[]; got ${describe(c)}`);
  }
  return fail(fn, name, 'must be a Float64Array, Float32Array, Int32Array, number[], string[], boolean[] or '
    + `{ codes, dictionary }; got ${describe(x)}`);
}

const TYPE_OF: Record<string, 'numeric' | 'string' | 'boolean'> = { number: 'numeric', string: 'string', boolean: 'boolean' };
const NOUN = { numeric: 'numbers', string: 'strings', boolean: 'booleans' } as const;

/** Validate and convert one column (numbers to Float64Array with NaN for missing). */
export function readColumn(fn: string, name: string, x: unknown): ColumnData {
  if (x instanceof Float64Array) return { type: 'numeric', length: x.length, values: x };
  if (x instanceof Float32Array || x instanceof Int32Array) return { type: 'numeric', length: x.length, values: Float64Array.from(x) };
  if (Array.isArray(x)) return readArray(fn, name, x);
  if (isDictionary(x)) return readDictionary(fn, name, x);
  columnLength(fn, name, x); // throws the type error
  throw new Error('unreachable');
}

function readArray(fn: string, name: string, x: readonly unknown[]): ColumnData {
  const n = x.length;
  let first = 0;
  while (first < n && (x[first] === null || x[first] === undefined)) first++;
  if (first === n) return { type: 'missing', length: n };
  const t = TYPE_OF[typeof x[first]];
  if (t === undefined) fail(fn, name, `must hold numbers, strings or booleans; element ${first} is ${describe(x[first])}`);
  const expect = typeof x[first];
  if (t === 'numeric') {
    const out = new Float64Array(n).fill(NaN, 0, first);
    for (let i = first; i < n; i++) {
      const v = x[i];
      if (typeof v === 'number') out[i] = v;
      else if (v === null || v === undefined) out[i] = NaN;
      else mixed(fn, name, t, i, v);
    }
    return { type: 'numeric', length: n, values: out };
  }
  for (let i = first + 1; i < n; i++) {
    const v = x[i];
    if (typeof v !== expect && v !== null && v !== undefined) mixed(fn, name, t, i, v);
  }
  return { type: t, length: n, values: x };
}

function mixed(fn: string, name: string, t: keyof typeof NOUN, i: number, v: unknown): never {
  const other = TYPE_OF[typeof v];
  return fail(fn, name, other
    ? `mixes ${NOUN[t]} and ${NOUN[other]}: element ${i} is ${JSON.stringify(v)}; a column must hold one type (null/undefined for missing)`
    : `must hold only ${NOUN[t]} (null/undefined for missing); element ${i} is ${describe(v)}`);
}

function readDictionary(fn: string, name: string, x: { codes: unknown; dictionary: unknown }): ColumnData {
  const d = x.dictionary;
  if (!Array.isArray(d)) fail(fn, `${name}.dictionary`, `must be a string[]; got ${describe(d)}`);
  for (let i = 0; i < d.length; i++) {
    if (typeof d[i] !== 'string') fail(fn, `${name}.dictionary`, `must hold only strings; element ${i} is ${describe(d[i])}`);
  }
  const c = x.codes;
  let codes: Int32Array;
  if (c instanceof Int32Array) codes = c;
  else if (Array.isArray(c)) {
    codes = new Int32Array(c.length);
    for (let i = 0; i < c.length; i++) {
      const v = c[i];
      if (v === null || v === undefined) codes[i] = -1;
      else if (typeof v === 'number' && Number.isInteger(v) && v >= -2147483648 && v <= 2147483647) codes[i] = v;
      else fail(fn, `${name}.codes`, `must hold integer codes (negative or null for missing); element ${i} is ${typeof v === 'number' ? String(v) : describe(v)}`);
    }
  } else return fail(fn, `${name}.codes`, `must be an Int32Array or number[]; got ${describe(c)}`);
  return { type: 'dictionary', length: codes.length, codes, dictionary: d as readonly string[] };
}

/**
 * Validate an object of columns: every column (or every one of `features`) a supported input, all of one
 * length. Returns that length (0 for no columns). Errors name `name.feature`.
 */
export function checkColumns(fn: string, name: string, columns: unknown, features?: readonly string[]): number {
  if (columns === null || typeof columns !== 'object' || Array.isArray(columns) || ArrayBuffer.isView(columns)) {
    fail(fn, name, `must be an object of columns keyed by feature name; got ${describe(columns)}`);
  }
  const cols = columns as Record<string, unknown>;
  const names = features ?? Object.keys(cols);
  let rows = 0;
  names.forEach((f, i) => {
    const x = cols[f];
    // the argument's name (a regex test) only when columnLength has something to say
    const n = x instanceof Float64Array || Array.isArray(x) ? x.length : columnLength(fn, sub(name, f), x);
    if (i === 0) rows = n;
    else if (n !== rows) fail(fn, sub(name, f), `has ${n} rows but ${sub(name, names[0])} has ${rows}; columns must have equal lengths`);
  });
  return rows;
}

/**
 * A numeric column as Float64Array (NaN = missing; a column of only null/undefined is all NaN). Strings,
 * booleans and dictionaries are errors naming the column (`name` is how errors name it).
 */
export function columnNumbers(fn: string, name: string, x: unknown): Float64Array {
  const d = readColumn(fn, name, x);
  if (d.type === 'numeric') return d.values;
  if (d.type === 'missing') return new Float64Array(d.length).fill(NaN);
  return fail(fn, name, `must be numeric; it holds ${d.type === 'dictionary' ? 'dictionary-encoded categories' : `${d.type}s`}`);
}

/**
 * Rows per category of a column and its missing count (numbers are named by String(); NaN is missing; names
 * longer than MAX_CATEGORY_LENGTH are cut to it).
 */
export function countCategories(fn: string, name: string, d: ColumnData, K: Kernels): { counts: Map<string, number>; nullCount: number } {
  const counts = new Map<string, number>();
  let nullCount = 0;
  const add = (key: string, c: number) => counts.set(key, (counts.get(key) ?? 0) + c);
  switch (d.type) {
    case 'missing':
      nullCount = d.length;
      break;
    case 'string':
    case 'boolean':
      for (const v of d.values) {
        if (v === null || v === undefined) nullCount++;
        else add(typeof v === 'string' ? categoryName(v) : String(v), 1);
      }
      break;
    case 'numeric': {
      // count by number first (cheap), then name each distinct number once; -0 and 0 are one key, "0"
      const byNumber = new Map<number, number>();
      for (const x of d.values) {
        if (x !== x) nullCount++;
        else byNumber.set(x, (byNumber.get(x) ?? 0) + 1);
      }
      for (const [x, c] of byNumber) add(String(x), c);
      break;
    }
    case 'dictionary': {
      const k = d.dictionary.length;
      const c = K.countCodes(d.codes, k);
      if (c[k] > 0) {
        for (let i = 0; i < d.codes.length; i++) {
          if (d.codes[i] >= k) fail(fn, `${name}.codes`, `element ${i} is ${d.codes[i]}, outside the dictionary of ${k} entries (negative codes are missing)`);
        }
      }
      nullCount = c[k];
      for (let j = 0; j < k; j++) if (c[j] > 0) add(categoryName(d.dictionary[j]), c[j]);
      break;
    }
  }
  return { counts, nullCount };
}

/** Categories of any column (strings, booleans as "true"/"false", dictionary, numbers by String()). */
export function columnCategories(fn: string, name: string, x: unknown, K: Kernels = kernels(fn, undefined)): { counts: Map<string, number>; nullCount: number } {
  return countCategories(fn, name, readColumn(fn, name, x), K);
}
