// Loads SciPy oracle / golden cases and applies their tolerance rule:
// pass iff |a - e| <= atol + rtol*|e|, NaN matches NaN, ±Infinity match only themselves.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export interface Tol { rtol: number; atol: number; assert?: string }
export interface OracleCase {
  id: string;
  function: string;
  params: Record<string, any>;
  inputs: Record<string, any>;
  inputs_spec?: Record<string, any>;
  expected: Record<string, any>;
  tolerance: Record<string, Tol>;
  local_scipy?: Record<string, any>;
  local_check?: string;
  low_precision_reference?: string[];
  notes?: string;
}

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

/** Decode the oracle's non-finite string encodings, recursively. */
export function num(v: any): any {
  if (v === 'NaN') return NaN;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  if (Array.isArray(v)) return v.map(num);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, num(x)]));
  return v;
}

const cache = new Map<string, any>();
function load(name: string): any {
  if (!cache.has(name)) cache.set(name, JSON.parse(readFileSync(fixture(name), 'utf8')));
  return cache.get(name);
}

/** Materialise `{ "$ref": "dataset.key" }` inputs and `linspace` recipes. */
function resolveInputs(file: any, c: OracleCase): Record<string, any> {
  const isRef = (v: any) => v && typeof v === 'object' && !Array.isArray(v) && '$ref' in v;
  const deref = (v: any) => {
    const [ds, key] = (v.$ref as string).split('.');
    return num(file.datasets[ds][key]);
  };
  const out: Record<string, any> = {};
  for (const [k, v] of Object.entries(c.inputs)) {
    if (isRef(v)) {
      out[k] = deref(v);
    } else if (Array.isArray(v) && v.some(isRef)) {
      out[k] = v.map((x) => (isRef(x) ? deref(x) : num(x))); // e.g. anderson_ksamp samples
    } else if (v === null && c.inputs_spec?.[k]) {
      out[k] = linspace(c.inputs_spec[k]);
    } else {
      out[k] = num(v);
    }
  }
  return out;
}

/** numpy.linspace, bit-exact (multiply then add, last value set to stop), then optional subtract. */
export function linspace(spec: { start: number; stop: number; num: number; subtract?: number | null }): number[] {
  const { start, stop, num: n } = spec;
  const step = (stop - start) / (n - 1);
  const y = new Array<number>(n);
  for (let i = 0; i < n - 1; i++) y[i] = start + i * step;
  y[n - 1] = stop;
  if (spec.subtract != null) for (let i = 0; i < n; i++) y[i] = y[i] - spec.subtract;
  return y;
}

export function cases(fn: string, file = 'scipy_cases.json'): OracleCase[] {
  const f = load(file);
  return (f.cases as OracleCase[])
    .filter((c) => c.function === fn)
    .map((c) => ({ ...c, inputs: resolveInputs(f, c), expected: num(c.expected) }));
}

export function tolFor(c: OracleCase, key: string): Tol {
  return c.tolerance?.[key] ?? c.tolerance?.['*'] ?? { rtol: 0, atol: 0 };
}

export function isClose(a: number, e: number, t: Tol): boolean {
  if (Number.isNaN(e)) return Number.isNaN(a);
  if (!Number.isFinite(e)) return a === e;
  return Math.abs(a - e) <= t.atol + t.rtol * Math.abs(e);
}

/** Assert scalar or (nested) array closeness; the expected prefix only when actual is longer. */
export function expectClose(actual: any, expected: any, t: Tol, label = ''): void {
  if (Array.isArray(expected)) {
    const a = Array.from(actual as ArrayLike<any>);
    expect(a.length, `${label} length`).toBeGreaterThanOrEqual(expected.length);
    expected.forEach((e, i) => expectClose(a[i], e, t, `${label}[${i}]`));
    return;
  }
  const a = typeof actual === 'boolean' ? Number(actual) : actual;
  const e = typeof expected === 'boolean' ? Number(expected) : expected;
  if (!isClose(a, e, t)) {
    expect.fail(`${label}: got ${a}, expected ${e} (rtol ${t.rtol}, atol ${t.atol})`);
  }
}

/** Expected values to check tightly: local scipy where the literal is low precision. */
export function tightExpected(c: OracleCase, key: string): any {
  if (c.low_precision_reference?.includes(key) && c.local_scipy && key in c.local_scipy) return num(c.local_scipy[key]);
  return c.expected[key];
}
