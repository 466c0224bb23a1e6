// Field-by-field validation of decoded JSON / YAML documents (profiles, contracts): every problem is a
// DriftkitError naming the field's path, e.g. `parseContract: features.amount.range.min must be a finite
// number; got "a"`.
import { fail } from './errors.js';

export type Obj = Record<string, unknown>;

/** A value as error messages show it: strings quoted (cut at 60 characters), containers by kind. */
export const show = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'string' ? JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…` : v)
    : typeof v === 'object' ? 'an object' : typeof v === 'number' || typeof v === 'boolean' ? String(v) : typeof v;

/** Checks against a path; errors name it, prefixed with `root` (e.g. "b.features.x"), or `top` for the document itself. */
export class FieldChecker {
  constructor(readonly fn: string, readonly root: string, readonly top: string) {}

  at(path: string): string {
    return this.root ? (path ? `${this.root}.${path}` : this.root) : path || this.top;
  }

  bad(path: string, problem: string): never {
    return fail(this.fn, this.at(path), problem);
  }

  /** An object with the required keys and no keys outside required + optional. */
  obj(path: string, v: unknown, required: readonly string[], optional: readonly string[] = []): Obj {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) this.bad(path, `must be an object; got ${show(v)}`);
    const o = v as Obj;
    for (const k of required) if (!Object.prototype.hasOwnProperty.call(o, k)) this.bad(path, `lacks the field "${k}"`);
    for (const k of Object.keys(o)) {
      if (!required.includes(k) && !optional.includes(k)) this.bad(path, `has unknown field ${JSON.stringify(k)} (allowed: ${[...required, ...optional].join(', ')})`);
    }
    return o;
  }

  /** A number, or one of the strings "NaN", "Infinity", "-Infinity" (how profiles encode them); -0 is read as 0. */
  num(path: string, v: unknown): number {
    if (typeof v === 'number') return v + 0;
    if (v === 'NaN') return NaN;
    if (v === 'Infinity') return Infinity;
    if (v === '-Infinity') return -Infinity;
    return this.bad(path, `must be a number (or "NaN", "Infinity", "-Infinity"); got ${show(v)}`);
  }

  /** A finite number; -0 is read as 0. */
  finite(path: string, v: unknown): number {
    if (typeof v !== 'number' || !Number.isFinite(v)) this.bad(path, `must be a finite number; got ${show(v)}`);
    return (v as number) + 0;
  }

  rate(path: string, v: unknown): number {
    const x = this.finite(path, v);
    if (!(x >= 0 && x <= 1)) this.bad(path, `must be a rate in [0, 1]; got ${x}`);
    return x;
  }

  /** A safe integer >= min. */
  int(path: string, v: unknown, min = 0): number {
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) this.bad(path, `must be an integer >= ${min}; got ${show(v)}`);
    return (v as number) + 0;
  }

  bool(path: string, v: unknown): boolean {
    if (typeof v !== 'boolean') this.bad(path, `must be true or false; got ${show(v)}`);
    return v as boolean;
  }

  arr(path: string, v: unknown): unknown[] {
    if (!Array.isArray(v)) this.bad(path, `must be an array; got ${show(v)}`);
    return v as unknown[];
  }

  /** Distinct strings. */
  names(path: string, v: unknown, what: string): string[] {
    if (!Array.isArray(v)) this.bad(path, `must be an array of ${what}; got ${show(v)}`);
    const seen = new Set<string>();
    return (v as unknown[]).map((x, i) => {
      if (typeof x !== 'string') this.bad(`${path}[${i}]`, `must be a string; got ${show(x)}${typeof x === 'number' || typeof x === 'boolean' ? ' (quote it in YAML)' : ''}`);
      if (seen.has(x as string)) this.bad(`${path}[${i}]`, `repeats ${JSON.stringify(x)}`);
      seen.add(x as string);
      return x as string;
    });
  }

  same(path: string, actual: number, expected: number, rule: string): void {
    if (!Object.is(actual, expected)) this.bad(path, `${rule}: got ${actual}, expected ${expected}`);
  }
}
