// What counts as a number, a boolean or a missing value, and column-kind inference from the first rows.
//
// CSV text: a number is what JavaScript's Number() accepts (surrounding whitespace, '1e3', '-0.5', '.5',
// '0x1F'), except '' and whitespace-only (Number gives 0 for those). Infinities are numbers: Number()'s
// 'Infinity' / '+Infinity' / '-Infinity' and Python's 'inf' / '-inf' / 'infinity' (any case) read as ±Infinity
// and do not stop a column being numeric (profiles count them apart from the finite values). 'NaN' is not a
// number; it is missing through the default nullValues. A boolean is 'true' / 'false' in any case.
//
// JSON values (JSONL) and typed values (Parquet, Arrow) convert by their JavaScript type; strings in a column
// read as numeric / boolean (an override) follow the text rules above.
import type { FeatureKind } from '../profile/types.js';

export const DEFAULT_NULL_VALUES: readonly string[] = ['', 'NA', 'N/A', 'null', 'NULL', 'NaN', 'nan', 'None'];

const INFINITY = /^\s*([+-]?)inf(inity)?\s*$/i;
/** Powers of ten that are exact doubles. */
const POW10 = Array.from({ length: 16 }, (_, k) => 10 ** k);

/** The number a text holds, or NaN when it holds none. */
export function textNumber(s: string): number {
  // Most cells are plain decimals ([+-]digits[.digits]). With at most 15 digits the integer mantissa is exact and
  // one division by an exact power of ten rounds correctly, which is what Number() returns ("Clinger's fast
  // path"), in half the time of Number(). Anything else (exponents, whitespace, hex, more digits) takes Number().
  const n = s.length;
  let i = 0;
  let c = n > 0 ? s.charCodeAt(0) : 0;
  const neg = c === 45;
  if (neg || c === 43) i = 1;
  let m = 0;
  let digits = 0;
  let dot = -1;
  for (; i < n; i++) {
    c = s.charCodeAt(i) - 48;
    if (c >= 0 && c <= 9) { m = m * 10 + c; digits++; } else if (c === -2 && dot < 0) dot = i; else return slowNumber(s);
  }
  if (digits === 0 || digits > 15) return slowNumber(s);
  const v = dot < 0 ? m : m / POW10[n - 1 - dot];
  return neg ? -v : v;
}

function slowNumber(s: string): number {
  const v = +s;
  if (v === v) {
    // Number('') and Number('  ') are 0
    if (v === 0 && s.trim() === '') return NaN;
    return v;
  }
  const m = INFINITY.exec(s);
  return m === null ? NaN : m[1] === '-' ? -Infinity : Infinity;
}

/** true / false in any case; undefined for anything else. */
export function textBoolean(s: string): boolean | undefined {
  if (s.length === 4) return s.toLowerCase() === 'true' ? true : undefined;
  if (s.length === 5) return s.toLowerCase() === 'false' ? false : undefined;
  return undefined;
}

/** Booleans of a column read as boolean: true / false in any case, also 1 / 0. */
function readBooleanText(s: string): boolean | undefined {
  if (s === '1') return true;
  if (s === '0') return false;
  return textBoolean(s);
}

/** A test for the CSV missing-value texts ('' always among them). */
export function nullTest(values: readonly string[]): (s: string) => boolean {
  const set = new Set(values);
  set.add('');
  let longest = 0;
  for (const v of set) longest = Math.max(longest, v.length);
  // most cells are longer than every null text: skip the hash lookup for them
  return (s) => s.length <= longest && set.has(s);
}

/** A value for an error message: JSON-quoted, shortened. */
export function show(v: unknown): string {
  let s: string;
  if (typeof v === 'string') s = JSON.stringify(v);
  else if (typeof v === 'bigint') s = `${v}`;
  else if (v instanceof Date) s = v.toISOString();
  else if (v instanceof Uint8Array) s = `<${v.length} bytes>`;
  else {
    try { s = JSON.stringify(v) ?? String(v); } catch { s = String(v); }
  }
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

// Converters of one value to a column's kind. They return BAD for a value that does not fit; the caller
// asks problem() for the message (built only then).
export const BAD = Symbol('bad value');

/** A CSV cell as a number (NaN = missing). */
export function cellNumber(s: string, isNull: (s: string) => boolean): number | typeof BAD {
  if (isNull(s)) return NaN;
  const v = textNumber(s);
  return v === v ? v : BAD;
}

export function cellBoolean(s: string, isNull: (s: string) => boolean): boolean | null | typeof BAD {
  if (isNull(s)) return null;
  return readBooleanText(s) ?? BAD;
}

export function cellCategory(s: string, isNull: (s: string) => boolean): string | null {
  return isNull(s) ? null : s;
}

/** A typed value (JSON, Parquet, Arrow) as a number (NaN = missing). */
export function valueNumber(v: unknown): number | typeof BAD {
  switch (typeof v) {
    case 'number': return v;
    case 'bigint': return Number(v);
    case 'undefined': return NaN;
    case 'string': {
      if (v === '') return NaN;
      const x = textNumber(v);
      return x === x ? x : BAD;
    }
    case 'object':
      if (v === null) return NaN;
      if (v instanceof Date) return v.getTime();
      return BAD;
    default: return BAD;
  }
}

export function valueBoolean(v: unknown): boolean | null | typeof BAD {
  switch (typeof v) {
    case 'boolean': return v;
    case 'undefined': return null;
    case 'string': return v === '' ? null : readBooleanText(v) ?? BAD;
    case 'number': return v === 1 ? true : v === 0 ? false : v !== v ? null : BAD;
    case 'bigint': return v === 1n ? true : v === 0n ? false : BAD;
    case 'object': return v === null ? null : BAD;
    default: return BAD;
  }
}

export function valueCategory(v: unknown): string | null | typeof BAD {
  switch (typeof v) {
    case 'string': return v === '' ? null : v;
    case 'number': return v !== v ? null : String(v);
    case 'bigint': case 'boolean': return String(v);
    case 'undefined': return null;
    case 'object':
      if (v === null) return null;
      if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
      return BAD;
    default: return BAD;
  }
}

/** Why a value does not fit a column of `kind`. */
export function problem(kind: FeatureKind, v: unknown): string {
  if (kind === 'numeric') return `${show(v)} is not a number`;
  if (kind === 'boolean') return `${show(v)} is not a boolean (true / false)`;
  if (Array.isArray(v)) return 'holds a JSON array; nested values cannot be profiled';
  if (v !== null && typeof v === 'object') return `holds ${v instanceof Uint8Array ? 'binary data' : 'a JSON object'}; nested values cannot be profiled`;
  return `${show(v)} cannot be read as a category`;
}

/** The note of a column inferred numeric because the inference rows hold no value for it. */
export const NO_VALUES = 'no values in the inference rows: read as numeric';

/** The problem of a value that does not fit, with the column's kind hint unless no kind could fit it (nested). */
export function mismatch(kind: FeatureKind, v: unknown, hint: string): string {
  const nested = v !== null && typeof v === 'object' && !(v instanceof Date);
  return problem(kind, v) + (nested ? '' : hint);
}

/** What the inference saw of one column. */
export interface Inferred {
  kind: FeatureKind;
  /** The column held no value in the inference rows (it is read as numeric). */
  empty: boolean;
}

/** Kind inference over CSV cells: numeric when every non-missing cell is a number, boolean when every one is true/false. */
export class TextInference {
  private numeric = true;
  private boolean = true;
  private values = 0;
  add(s: string, isNull: (s: string) => boolean): void {
    if (isNull(s)) return;
    this.values++;
    if (this.numeric && Number.isNaN(textNumber(s))) this.numeric = false;
    if (this.boolean && textBoolean(s) === undefined) this.boolean = false;
  }
  result(): Inferred {
    // no values: numeric, so a later string is reported rather than silently profiled as categories
    if (this.values === 0) return { kind: 'numeric', empty: true };
    return { kind: this.numeric ? 'numeric' : this.boolean ? 'boolean' : 'categorical', empty: false };
  }
}

/** Kind inference over JSON values: by JSON type (a string "12" is a category, as it was written). */
export class ValueInference {
  private numbers = 0;
  private booleans = 0;
  private others = 0;
  /** First nested (object / array) value seen, if any. */
  nested: { line: number; value: unknown } | undefined;
  add(v: unknown, line: number): void {
    if (v === null || v === undefined || v === '') return;
    if (typeof v === 'number') this.numbers++;
    else if (typeof v === 'boolean') this.booleans++;
    else {
      this.others++;
      if (typeof v === 'object' && this.nested === undefined) this.nested = { line, value: v };
    }
  }
  result(): Inferred {
    if (this.numbers + this.booleans + this.others === 0) return { kind: 'numeric', empty: true };
    if (this.others === 0 && this.booleans === 0) return { kind: 'numeric', empty: false };
    if (this.others === 0 && this.numbers === 0) return { kind: 'boolean', empty: false };
    return { kind: 'categorical', empty: false };
  }
}
