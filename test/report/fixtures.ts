// Drift reports for the renderer tests, all made by the real compare(): the bundled fraud example with broken
// traffic (Unix timestamps instead of day counts, an unseen merchant category, missing distances), hostile
// feature and category names, and the awkward cases (missing column, no current data, constant columns,
// infinite values, one feature, 200 features).
import { readFileSync } from 'node:fs';
import { compare, type DriftReport } from '../../src/compare/compare.js';
import { parseProfile, profile, type Columns, type ReferenceProfile } from '../../src/profile/index.js';
// @ts-expect-error plain JS example module
import { records as untypedRecords } from '../../examples/fraud-data.js';

type Drift = { timestamps?: boolean; amountShift?: number; newCategory?: boolean; nullDistance?: boolean };
const records = untypedRecords as (n: number, seed: number, drift?: Drift) => { features: Record<string, number | string | null>; probability: number }[];

export interface Case { report: DriftReport; reference: ReferenceProfile; current: ReferenceProfile }

const edgesOf = (p: ReferenceProfile): Record<string, number[]> =>
  Object.fromEntries(Object.entries(p.features).filter(([, f]) => f.kind === 'numeric').map(([k, f]) => [k, (f as { edges: number[] }).edges]));

/** The fraud example: the bundled reference profile against 5,000 records of broken traffic. */
export function fraudCase(): Case {
  const reference = parseProfile(readFileSync(new URL('../../examples/fraud.profile.json', import.meta.url), 'utf8'));
  const cols: Record<string, (number | string | null)[]> = {};
  for (const r of records(5000, 7, { timestamps: true, newCategory: true, nullDistance: true })) {
    for (const [k, v] of Object.entries(r.features)) (cols[k] ??= []).push(v);
    (cols.probability ??= []).push(r.probability);
  }
  const current = profile(cols as Columns, { edges: edgesOf(reference), sampleCapacity: 2000 });
  const report = compare(reference, current, { prediction: 'probability' });
  return { report, reference, current };
}

function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return (s + 0.5) / 4294967296; };
}

export const HOSTILE = ['<script>alert(1)</script>', '"&\'', '<img src=x onerror=alert(1)>', 'a</td></tr></table><b>x'];

/** Feature and category names that would break out of HTML if any were not escaped. */
export function hostileCase(): Case {
  const u = rng(3);
  const n = 400;
  const ref: Columns = {
    [HOSTILE[0]!]: Array.from({ length: n }, () => u() * 10),
    [HOSTILE[1]!]: Array.from({ length: n }, () => (u() < 0.5 ? HOSTILE[2]! : 'plain')),
    [HOSTILE[3]!]: Array.from({ length: n }, () => Math.floor(u() * 5)),
  };
  const cur: Columns = {
    [HOSTILE[0]!]: Array.from({ length: n }, () => 3 + u() * 10),
    [HOSTILE[1]!]: Array.from({ length: n }, () => (u() < 0.3 ? HOSTILE[0]! : u() < 0.5 ? HOSTILE[2]! : 'plain')),
    [HOSTILE[3]!]: Array.from({ length: n }, () => Math.floor(u() * 5)),
  };
  const reference = profile(ref);
  const current = profile(cur, { edges: edgesOf(reference) });
  return { report: compare(reference, current), reference, current };
}

/**
 * Missing column, no current data, constant (zero-width) columns, ±Infinity values and a timestamp column
 * whose reference is already a narrow range of huge values.
 */
export function edgeCase(): Case {
  const u = rng(5);
  const n = 300;
  const ts = (d: number) => 1_763_700_000 + d;
  const ref: Columns = {
    gone: Array.from({ length: n }, () => u()),
    empty: Array.from({ length: n }, () => u() * 3),
    constant: Array.from({ length: n }, () => 5),
    constant_moved: Array.from({ length: n }, () => 5),
    infinite: Array.from({ length: n }, (_, i) => (i % 50 === 0 ? Infinity : i % 61 === 0 ? -Infinity : u() * 100)),
    unix_time: Array.from({ length: n }, () => ts(Math.floor(u() * 86_400))),
    gone_cat: Array.from({ length: n }, () => (u() < 0.5 ? 'x' : 'y')),
    empty_cat: Array.from({ length: n }, () => (u() < 0.5 ? 'x' : 'y')),
    flag: Array.from({ length: n }, () => u() < 0.2),
  };
  const cur: Columns = {
    empty: Array.from({ length: n }, () => null),
    constant: Array.from({ length: n }, () => 5),
    constant_moved: Array.from({ length: n }, () => 7),
    infinite: Array.from({ length: n }, (_, i) => (i % 10 === 0 ? Infinity : u() * 100)),
    unix_time: Array.from({ length: n }, () => ts(40_000 + Math.floor(u() * 86_400))),
    empty_cat: Array.from({ length: n }, () => null),
    flag: Array.from({ length: n }, () => u() < 0.6),
  };
  const reference = profile(ref);
  const current = profile(cur, {
    edges: Object.fromEntries(Object.entries(edgesOf(reference)).filter(([k]) => k in cur)),
    types: { empty: 'numeric', empty_cat: 'categorical' },
  });
  return { report: compare(reference, current), reference, current };
}

/** m numeric features, a few of them shifted. */
export function manyCase(m: number): Case {
  const u = rng(11);
  const n = 1500;
  const ref: Columns = {}, cur: Columns = {};
  for (let j = 0; j < m; j++) {
    const name = `feature_${String(j).padStart(3, '0')}`;
    const shift = j % 17 === 0 ? 1.2 : j % 11 === 0 ? 0.35 : 0;
    ref[name] = Array.from({ length: n }, () => u() + u() + u());
    cur[name] = Array.from({ length: n }, () => u() + u() + u() + shift);
  }
  const reference = profile(ref, { sampleCapacity: 500 });
  const current = profile(cur, { edges: edgesOf(reference), sampleCapacity: 500 });
  return { report: compare(reference, current), reference, current };
}
