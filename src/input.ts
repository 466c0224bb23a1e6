// Conversion and validation of user inputs. Kernels only ever see Float64Array / Int32Array.
import { fail } from './errors.js';

export type NumericInput = Float64Array | Float32Array | Int32Array | readonly number[];
export type NanPolicy = 'propagate' | 'omit' | 'raise';

/** A short name for a value's type in error messages. */
export const describe = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : ArrayBuffer.isView(v) ? v.constructor.name : typeof v;

/**
 * Copy (or view) a numeric input as Float64Array. number[] entries must be numbers (NaN allowed; null and
 * undefined are read as NaN, i.e. missing); anything else is a type error naming the argument.
 * Float64Array inputs are returned as-is: callers must not mutate them.
 */
export function toFloat64(fn: string, name: string, x: unknown): Float64Array {
  if (x instanceof Float64Array) return x;
  if (x instanceof Float32Array || x instanceof Int32Array) return Float64Array.from(x);
  if (Array.isArray(x)) {
    const out = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      if (typeof v === 'number') out[i] = v;
      else if (v === null || v === undefined) out[i] = NaN;
      else fail(fn, name, `must contain only numbers; element ${i} is ${describe(v)} (${JSON.stringify(v)})`);
    }
    return out;
  }
  return fail(fn, name, `must be a Float64Array, Float32Array, Int32Array or number[]; got ${describe(x)}`);
}

export function countNaN(x: Float64Array): number {
  let c = 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== x[i]) c++;
  return c;
}

export function dropNaN(x: Float64Array): Float64Array {
  const out = new Float64Array(x.length - countNaN(x));
  let j = 0;
  for (let i = 0; i < x.length; i++) if (x[i] === x[i]) out[j++] = x[i];
  return out;
}

export function checkNanPolicy(fn: string, p: unknown): NanPolicy {
  if (p === undefined) return 'propagate';
  if (p === 'propagate' || p === 'omit' || p === 'raise') return p;
  return fail(fn, 'nanPolicy', `must be 'propagate', 'omit' or 'raise'; got ${JSON.stringify(p)}`);
}

export function oneOf<T extends string>(fn: string, name: string, v: unknown, allowed: readonly T[], dflt: T): T {
  if (v === undefined) return dflt;
  if ((allowed as readonly unknown[]).includes(v)) return v as T;
  return fail(fn, name, `must be one of ${allowed.map((a) => `'${a}'`).join(', ')}; got ${JSON.stringify(v)}`);
}

/**
 * Options must be a plain object with known keys; `backend` is accepted everywhere (functions that run no
 * kernel compute in TypeScript on either backend).
 */
export function checkOptions(fn: string, options: unknown, allowed: readonly string[]): void {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    fail(fn, 'options', `must be an object; got ${options === null ? 'null' : typeof options}`);
  }
  for (const k of Object.keys(options)) {
    if (k !== 'backend' && !allowed.includes(k)) fail(fn, 'options', `has unknown key '${k}'; allowed: ${allowed.join(', ')}`);
  }
  const b = (options as { backend?: unknown }).backend;
  if (b !== undefined && b !== 'wasm' && b !== 'js') fail(fn, 'backend', `must be 'wasm' or 'js'; got ${JSON.stringify(b)}`);
}
