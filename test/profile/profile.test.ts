// Reference profiles: values against numpy, column inputs and their errors, the JSON schema (exact round
// trip, versioning, field validation), the bottom-k sample sketch, and merge = profile of the concatenation.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  mergeProfiles, parseProfile, profile, serializeProfile, PROFILE_VERSION,
  type CategoricalProfile, type Columns, type FeatureProfile, type NumericProfile, type ProfileOptions, type ReferenceProfile,
} from '../../src/profile/index.js';
import { mergeSamples, sampleColumn, sampleKey, sampleQuantiles } from '../../src/profile/sketch.js';
import { checkColumns, columnCategories, columnNumbers } from '../../src/profile/columns.js';
import { caught as thrown } from '../helpers/errors.js';
import { rng } from '../helpers/rng.js';

const BACKENDS = ['wasm', 'js'] as const;
const num = (p: ReferenceProfile, f: string) => p.features[f] as NumericProfile;
const cat = (p: ReferenceProfile, f: string) => p.features[f] as CategoricalProfile;

function expectError(fn: () => unknown, argument: string, message: RegExp): void {
  const e = thrown(fn);
  expect(e.argument).toBe(argument);
  expect(e.message).toMatch(message);
}

function normals(n: number, seed: number, mu = 0, sigma = 1): Float64Array {
  const r = rng(seed), out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = mu + sigma * Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  return out;
}

/** Every number in a profile, with its path (for -0 checks). */
function numbers(x: unknown, path = '', out: [string, number][] = []): [string, number][] {
  if (typeof x === 'number') out.push([path, x]);
  else if (Array.isArray(x)) x.forEach((v, i) => numbers(v, `${path}[${i}]`, out));
  else if (x && typeof x === 'object') for (const [k, v] of Object.entries(x)) numbers(v, `${path}.${k}`, out);
  return out;
}

const withoutTime = (p: ReferenceProfile) => ({ ...p, createdAt: '' });

describe('profile: numeric columns (numpy-consistent)', () => {
  it('counts, moments, quantile edges and bins, quantiles and sample of 1..10 with missing and ±Infinity', () => {
    for (const backend of BACKENDS) {
      const p = profile({ x: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, NaN, null, Infinity, -Infinity] }, { bins: 4, backend });
      expect(p.rowCount).toBe(14);
      expect(p.options).toEqual({ bins: 4, sampleCapacity: 10_000, categoryCapacity: 1000 });
      const f = num(p, 'x');
      expect(f).toMatchObject({ kind: 'numeric', count: 14, nullCount: 2, posInfCount: 1, negInfCount: 1, min: 1, max: 10, mean: 5.5, m2: 82.5, variance: 8.25 });
      // np.quantile(1..10, [0, .25, .5, .75, 1]) = 1, 3.25, 5.5, 7.75, 10; outer edges opened
      expect(f.edges).toEqual([-Infinity, 3.25, 5.5, 7.75, Infinity]);
      // np.histogram([1..10, inf, -inf], [-inf, 3.25, 5.5, 7.75, inf]) = [4, 2, 2, 4]
      expect(f.binCounts).toEqual([4, 2, 2, 4]);
      // np.quantile(1..10, probs) (method 'linear')
      expect(f.quantiles).toEqual({
        probs: [0, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1],
        values: [1, 1.09, 1.45, 1.9, 3.25, 5.5, 7.75, 9.1, 9.549999999999999, 9.91, 10],
      });
      expect(f.quantilesExact).toBe(true);
      expect(f.sample).toEqual({ values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], counts: new Array(10).fill(1), capacity: 10_000, exact: true });
    }
  });

  it('ties, -0 and the typed-array inputs', () => {
    const y = [0.5, -1.25, 3, 3, 3, 2.5, -0, 7.75, 1e3, -40.5];
    for (const backend of BACKENDS) {
      const p = profile({ y: Float64Array.from(y) }, { bins: 3, probs: [0, 0.01, 0.1, 0.25, 0.5, 0.9, 0.99, 1], backend });
      const f = num(p, 'y');
      // np.quantile(y, [0, 1/3, 2/3, 1]) = -40.5, 0.5, 3, 1000 → edges; np.histogram → [3, 2, 5]
      expect(f.edges).toEqual([-Infinity, 0.5, 3, Infinity]);
      expect(f.binCounts).toEqual([3, 2, 5]);
      expect(f.quantiles.values).toEqual([-40.5, -36.9675, -5.174999999999999, 0.125, 2.75, 106.97499999999965, 910.6975000000001, 1000]);
      expect(f.mean).toBeCloseTo(97.8, 12);
      expect(Math.abs(f.m2 - 906086.9750000001) / 906086.9750000001).toBeLessThan(1e-12);
      expect(f.variance).toBe(f.m2 / 10);
      expect(f.sample.values).toEqual([-40.5, -1.25, 0, 0.5, 2.5, 3, 7.75, 1000]);
      expect(f.sample.counts).toEqual([1, 1, 1, 1, 1, 3, 1, 1]);
      expect(numbers(p).filter(([, v]) => Object.is(v, -0))).toEqual([]);
    }
    const ints = [3, -7, 3, 12, 0, 5];
    const ref = profile({ a: Float64Array.from(ints), b: Int32Array.from(ints), c: Float32Array.from(ints), d: ints });
    for (const k of ['b', 'c', 'd']) expect(ref.features[k]).toEqual(ref.features.a);
  });

  it('given edges are used as numpy.histogram bins, outer edges opened to ±Infinity', () => {
    const p = profile({ x: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, -Infinity] }, { edges: { x: [0, 2, 5, 9] } });
    expect(num(p, 'x').edges).toEqual([-Infinity, 2, 5, Infinity]);
    expect(num(p, 'x').binCounts).toEqual([2, 3, 6]);
    expect(num(p, 'x').quantiles.values[5]).toBe(5.5); // quantiles are still exact
  });

  it('constant, all-missing and all-infinite columns', () => {
    const c = num(profile({ c: [4, 4, 4] }), 'c');
    expect(c).toMatchObject({ min: 4, max: 4, mean: 4, m2: 0, variance: 0, edges: [-Infinity, Infinity], binCounts: [3] });
    // all missing: numeric (an all-null array carries no type), marked by nullCount === count, NaN statistics
    const m = num(profile({ m: [null, NaN, undefined] }), 'm');
    expect(m).toEqual({
      kind: 'numeric', count: 3, nullCount: 3, posInfCount: 0, negInfCount: 0, min: NaN, max: NaN, mean: NaN, m2: NaN,
      variance: NaN, edges: [-Infinity, Infinity], binCounts: [0], quantiles: { probs: expect.any(Array), values: new Array(11).fill(NaN) },
      quantilesExact: true, sample: { values: [], counts: [], capacity: 10_000, exact: true },
    });
    const inf = num(profile({ i: [Infinity, -Infinity, Infinity, null] }), 'i');
    expect(inf).toMatchObject({ nullCount: 1, posInfCount: 2, negInfCount: 1, min: NaN, binCounts: [3], sample: { values: [] } });
    // types decide the kind of an all-missing column
    const t = profile({ m: [null, null], b: [null, null] }, { types: { m: 'categorical', b: 'boolean' } });
    expect(t.features.m).toEqual({ kind: 'categorical', count: 2, nullCount: 2, categories: {} });
    expect(t.features.b).toEqual({ kind: 'boolean', count: 2, nullCount: 2, categories: { true: 0, false: 0 } });
  });
});

describe('profile: categorical and boolean columns', () => {
  it('strings, dictionaries, booleans, numbers as categories', () => {
    for (const backend of BACKENDS) {
      const p = profile({
        s: ['a', 'b', null, 'a', undefined, 'c', 'a'],
        d: { codes: Int32Array.from([0, 1, -1, 0, 2, 0, 0]), dictionary: ['a', 'b', 'c', 'unused'] },
        dn: { codes: [0, 1, null, 0, 2, 0, -5], dictionary: ['a', 'b', 'c'] },
        b: [true, false, null, true, true, false, true],
        n: [1, 2, 2, NaN, -0, 0, null],
        bc: [true, true, null, true, true, true, true],
      }, { types: { n: 'categorical', bc: 'categorical' }, backend });
      expect(p.features.s).toEqual({ kind: 'categorical', count: 7, nullCount: 2, categories: { a: 3, b: 1, c: 1 } });
      expect(p.features.d).toEqual({ kind: 'categorical', count: 7, nullCount: 1, categories: { a: 4, b: 1, c: 1 } });
      expect(p.features.dn).toEqual({ kind: 'categorical', count: 7, nullCount: 2, categories: { a: 3, b: 1, c: 1 } });
      expect(p.features.b).toEqual({ kind: 'boolean', count: 7, nullCount: 1, categories: { true: 4, false: 2 } });
      expect(p.features.n).toEqual({ kind: 'categorical', count: 7, nullCount: 2, categories: { 1: 1, 2: 2, 0: 2 } });
      expect(p.features.bc).toEqual({ kind: 'categorical', count: 7, nullCount: 1, categories: { true: 6 } });
    }
  });

  it('category names that are not identifiers, including __proto__, survive building, JSON and merging', () => {
    const col = ['__proto__', 'constructor', '', 'a b', '__proto__'];
    const p = profile({ ['__proto__']: col } as unknown as Columns);
    expect(Object.keys(p.features)).toEqual(['__proto__']);
    const f = cat(p, '__proto__');
    expect(Object.prototype.hasOwnProperty.call(f.categories, '__proto__')).toBe(true);
    expect(f.categories['__proto__']).toBe(2);
    const back = parseProfile(serializeProfile(p));
    expect(back).toEqual(p);
    expect(cat(mergeProfiles(p, back), '__proto__').categories).toEqual(Object.fromEntries([['__proto__', 4], ['', 2], ['a b', 2], ['constructor', 2]]));
  });

  it('features selects and orders the columns; other columns are not read', () => {
    const p = profile({ a: [1, 2], b: ['x', 'y'], junk: 'not a column' } as unknown as Columns, { features: ['b', 'a'] });
    expect(Object.keys(p.features)).toEqual(['b', 'a']);
    expect(p.rowCount).toBe(2);
  });
});

describe('profile: bad input is a DriftkitError naming the feature or argument', () => {
  it('rejects malformed references', () => {
    expectError(() => profile({ a: [1, 2, 3], b: [1, 2] }), 'reference.b', /has 2 rows but reference\.a has 3/);
    expectError(() => profile({ a: [1, 2], 'b c': ['x'] }), 'reference["b c"]', /has 1 rows/);
    expectError(() => profile({ a: [1] }, { features: ['a', 'z'] }), 'features', /unknown feature "z"/);
    expectError(() => profile({ a: [1] }, { features: [] }), 'features', /at least one/);
    expectError(() => profile({ a: [1] }, { features: ['a', 'a'] }), 'features', /twice/);
    expectError(() => profile({}), 'reference', /at least one column/);
    expectError(() => profile({ a: [], b: new Float64Array(0) }), 'reference', /must not be empty/);
    expectError(() => profile([1, 2] as unknown as Columns), 'reference', /object keyed by feature name/);
    expectError(() => profile({ a: [1, 'x', 2] } as unknown as Columns), 'reference.a', /mixes numbers and strings: element 1/);
    expectError(() => profile({ a: [null, 'x', true] } as unknown as Columns), 'reference.a', /mixes strings and booleans: element 2/);
    expectError(() => profile({ a: [1, {}] } as unknown as Columns), 'reference.a', /must hold only numbers/);
    expectError(() => profile({ a: 'abc' } as unknown as Columns), 'reference.a', /must be a Float64Array/);
    expectError(() => profile({ a: new Uint8Array(3) } as unknown as Columns), 'reference.a', /got Uint8Array/);
    expectError(() => profile({ a: { codes: [0, 3], dictionary: ['x'] } }), 'reference.a.codes', /element 1 is 3, outside the dictionary/);
    expectError(() => profile({ a: { codes: [0.5], dictionary: ['x'] } }), 'reference.a.codes', /integer codes/);
    expectError(() => profile({ a: { codes: [0], dictionary: [1] } } as unknown as Columns), 'reference.a.dictionary', /only strings/);
  });

  it('rejects bad options', () => {
    const ref = { x: [1, 2, 3], s: ['a', 'b', 'c'] };
    expectError(() => profile(ref, { edges: { x: [1, 1, 2] } }), 'edges.x', /increase strictly; element 1/);
    expectError(() => profile(ref, { edges: { x: [1] } }), 'edges.x', /at least 2 values/);
    expectError(() => profile(ref, { edges: { x: [0, NaN] } }), 'edges.x', /NaN/);
    expectError(() => profile(ref, { edges: { x: ['a', 'b'] as never } }), 'edges.x', /only numbers/);
    expectError(() => profile(ref, { edges: { q: [0, 1] } }), 'edges', /unknown feature "q"/);
    expectError(() => profile(ref, { edges: { s: [0, 1] } }), 'edges.s', /is categorical, not numeric/);
    expectError(() => profile(ref, { types: { x: 'ordinal' as never } }), 'types.x', /must be 'numeric'/);
    expectError(() => profile(ref, { types: { s: 'numeric' } }), 'reference.s', /holds strings, so it cannot be profiled as numeric/);
    expectError(() => profile(ref, { types: { x: 'boolean' } }), 'reference.x', /holds numbers/);
    expectError(() => profile(ref, { bins: 0 }), 'bins', /integer between 1/);
    expectError(() => profile(ref, { sampleCapacity: 0.5 }), 'sampleCapacity', /integer between 1/);
    expectError(() => profile(ref, { probs: [0.5, 0.2] }), 'probs', /increase strictly/);
    expectError(() => profile(ref, { probs: [2] }), 'probs', /\[0, 1\]/);
    expectError(() => profile(ref, { bogus: 1 } as unknown as ProfileOptions), 'options', /unknown key 'bogus'/);
    expectError(() => profile(ref, { backend: 'gpu' as never }), 'backend', /'wasm' or 'js'/);
  });
});

describe('JSON schema: serializeProfile / parseProfile', () => {
  const sample = (): ReferenceProfile => profile({
    x: [1.5, -2, Infinity, null, 3.25, 3.25, -Infinity, 1e-300, -0],
    m: [null, null, null, null, null, null, null, null, null],
    s: ['a', null, 'b', 'a', 'a', 'c', null, 'b', 'a'],
    b: [true, false, null, true, true, false, true, true, true],
  }, { bins: 3, sampleCapacity: 4 });

  it('round-trips exactly, ±Infinity edges and NaN statistics included', () => {
    const p = sample();
    const json = serializeProfile(p);
    expect(json).toContain('"edges":["-Infinity",');
    expect(json).toContain('"min":"NaN"');
    const back = parseProfile(json);
    expect(back).toEqual(p); // toEqual tells -0 from 0 and matches NaN with NaN
    expect(numbers(back).map(([k, v]) => [k, Object.is(v, -0)]).filter((e) => e[1])).toEqual([]);
    expect(serializeProfile(back)).toBe(json);
    expect(parseProfile(JSON.parse(json))).toEqual(p); // the parsed object is accepted too
    expect(parseProfile(p)).toEqual(p); // and an in-memory profile
    expect(JSON.parse(serializeProfile(p, { space: 2 }))).toEqual(JSON.parse(json));
  });

  it('a different version or format is a clear error naming it', () => {
    const o = JSON.parse(serializeProfile(sample()));
    expectError(() => parseProfile({ ...o, version: 3 }), 'version', new RegExp(`is 3, but this driftkit reads profile versions 1 and ${PROFILE_VERSION}; rebuild`));
    expectError(() => parseProfile({ ...o, version: '1' }), 'version', /is "1"/);
    expectError(() => parseProfile({ ...o, format: 'other' }), 'format', /not a driftkit profile/);
    expectError(() => parseProfile('{"format": '), 'json', /not valid JSON/);
    expectError(() => parseProfile('[]'), 'profile', /must be an object/);
  });

  it('every field is type-checked and cross-checked, errors naming the field', () => {
    const base = () => JSON.parse(serializeProfile(sample()));
    const bad = (edit: (o: any) => void, argument: string, message: RegExp) => {
      const o = base();
      edit(o);
      expectError(() => parseProfile(o), argument, message);
    };
    bad((o) => { delete o.rowCount; }, 'profile', /lacks the field "rowCount"/);
    bad((o) => { o.extra = 1; }, 'profile', /unknown field "extra"/);
    bad((o) => { o.createdAt = 'yesterday'; }, 'createdAt', /ISO 8601/);
    bad((o) => { o.options.bins = 0; }, 'options.bins', /integer >= 1/);
    bad((o) => { o.features.x.kind = 'ordinal'; }, 'features.x.kind', /must be "numeric"/);
    bad((o) => { o.features.x.binCounts[1] = 'x'; }, 'features.x.binCounts[1]', /integer >= 0/);
    bad((o) => { o.features.x.binCounts[1] += 1; }, 'features.x.binCounts', /must sum to count - nullCount/);
    bad((o) => { o.features.x.edges[0] = -1e9; }, 'features.x.edges', /-Infinity/);
    bad((o) => { o.features.x.edges.reverse(); }, 'features.x.edges', /-Infinity/);
    bad((o) => { o.features.x.edges.pop(); }, 'features.x.edges', /Infinity/);
    bad((o) => { o.features.x.min = 'NaN'; }, 'features.x.min', /finite/);
    bad((o) => { o.features.x.min = '1'; }, 'features.x.min', /must be a number/);
    bad((o) => { o.features.x.variance = 1; }, 'features.x.variance', /m2 \//);
    bad((o) => { o.rowCount = 10; }, 'features.x.count', /must equal rowCount: got 9, expected 10/);
    bad((o) => { o.features.m.mean = 0; }, 'features.m.mean', /NaN when there are no finite values/);
    bad((o) => { o.features.x.quantiles.values.pop(); }, 'features.x.quantiles.values', /as many entries as probs/);
    bad((o) => { o.features.x.quantilesExact = 'yes'; }, 'features.x.quantilesExact', /true or false/);
    bad((o) => { o.features.x.sample.values.reverse(); }, 'features.x.sample.values[1]', /ascending/);
    bad((o) => { o.features.x.sample.counts[0] = 0; }, 'features.x.sample.counts[0]', /integer >= 1/);
    bad((o) => { o.features.x.sample.capacity = 5; }, 'features.x.sample.capacity', /options\.sampleCapacity/);
    bad((o) => { o.features.x.sample.exact = true; }, 'features.x.sample.counts', /exact sample must sum/);
    bad((o) => { o.features.s.categories.a = 1.5; }, 'features.s.categories.a', /integer >= 1/);
    bad((o) => { o.features.s.categories.z = 1; }, 'features.s.count', /nullCount plus the category counts/);
    bad((o) => { delete o.features.b.categories.false; }, 'features.b.categories', /lacks the field "false"/);
    bad((o) => { o.features = {}; }, 'features', /at least one feature/);
  });
});

describe('the sample sketch (bottom-k distinct values, exact counts)', () => {
  it('keeps the k values with the smallest keys, with exact counts; -0 is 0', () => {
    expect(sampleKey(-0)).toBe(sampleKey(0));
    expect(sampleKey(1)).not.toBe(sampleKey(2));
    const r = rng(7);
    const v = Float64Array.from({ length: 5000 }, () => Math.floor(r() * 800) / 4 - 100);
    v[3] = -0; v[10] = NaN; v[11] = Infinity;
    for (const k of [1, 7, 100, 799, 801, 2000]) {
      const s = sampleColumn(v, k);
      const counts = new Map<number, number>();
      for (const x of v) if (Number.isFinite(x)) counts.set(x + 0, (counts.get(x + 0) ?? 0) + 1);
      const all = [...counts.keys()].sort((a, b) => sampleKey(a) - sampleKey(b) || a - b);
      const want = all.slice(0, k).sort((a, b) => a - b);
      expect(s.values).toEqual(want);
      expect(s.counts).toEqual(want.map((x) => counts.get(x)));
      expect(s.exact).toBe(counts.size <= k);
    }
    // a view into a larger buffer reads its own elements only
    expect(sampleColumn(v.subarray(3, 4000), 50)).toEqual(sampleColumn(v.slice(3, 4000), 50));
  });

  it('merges exactly and its weighted quantiles equal numpy.quantile when exact', () => {
    const r = rng(3);
    const a = Float64Array.from({ length: 3000 }, () => Math.round(r() * 50) / 2);
    const b = Float64Array.from({ length: 2000 }, () => Math.round(r() * 500) / 2);
    const ab = new Float64Array(5000); ab.set(a); ab.set(b, 3000);
    for (const k of [10, 300, 1000]) {
      expect(mergeSamples(sampleColumn(a, k), sampleColumn(b, k), k)).toEqual(sampleColumn(ab, k));
    }
    const s = sampleColumn(ab, 10_000);
    expect(s.exact).toBe(true);
    const probs = [0, 0.013, 0.25, 0.5, 0.77, 0.999, 1];
    const sorted = Array.from(ab).sort((x, y) => x - y);
    const numpy = probs.map((p) => {
      const h = (sorted.length - 1) * p, lo = Math.floor(h), g = h - lo, x0 = sorted[lo], x1 = sorted[Math.min(lo + 1, sorted.length - 1)];
      return g < 0.5 ? x0 + (x1 - x0) * g : x1 - (x1 - x0) * (1 - g);
    });
    expect(sampleQuantiles(s.values, s.counts, probs)).toEqual(numpy);
  });

  it('a sample of 10,000 distinct values estimates the ECDF of 1e6 rows within the DKW bound', () => {
    const x = normals(1_000_000, 11);
    const s = sampleColumn(x, 10_000);
    expect(s.values.length).toBe(10_000);
    expect(s.exact).toBe(false);
    const sorted = Float64Array.from(x).sort();
    // sup |F_sample - F| at the sample points (where the step function's extremes are)
    let worst = 0;
    let below = 0;
    const n = sorted.length;
    s.values.forEach((v, i) => {
      while (below < n && sorted[below] <= v) below++;
      worst = Math.max(worst, Math.abs((i + 1) / 10_000 - below / n), Math.abs(i / 10_000 - below / n));
    });
    // DKW: P(sup > eps) <= 2 exp(-2 k eps^2); eps = 0.0136 at 95 %, 0.0173 at 99.75 %
    expect(worst).toBeLessThan(0.0173);
  });
});

// ---------------------------------------------------------------------------------------------------------
// merge = profile of the concatenation

const numericValue = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -40, max: 40 }).map((i) => i / 4) }, // ties
  { weight: 4, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom<number | null>(NaN, Infinity, -Infinity, null, -0) },
);
const rows = (len: fc.Arbitrary<number>) => len.chain((n) => fc.record({
  x: fc.array(numericValue, { minLength: n, maxLength: n }),
  y: fc.array(fc.integer({ min: -5, max: 5 }).map((i) => (i === 5 ? null : i * 1.5)), { minLength: n, maxLength: n }),
  s: fc.array(fc.constantFrom('a', 'b', 'c', 'dd', '', null), { minLength: n, maxLength: n }),
  b: fc.array(fc.constantFrom(true, false, null), { minLength: n, maxLength: n }),
  d: fc.array(fc.integer({ min: -1, max: 3 }), { minLength: n, maxLength: n }),
}));
type Rows = { x: (number | null)[]; y: (number | null)[]; s: (string | null)[]; b: (boolean | null)[]; d: number[] };
const part = rows(fc.integer({ min: 1, max: 40 }));
const edgesArb = fc.uniqueArray(fc.integer({ min: -80, max: 80 }), { minLength: 1, maxLength: 6 })
  .map((e) => [-Infinity, ...e.sort((a, b) => a - b).map((i) => i / 8), Infinity]);
const DICT = ['p', 'q', 'r', 's'];

const columns = (r: Rows): Columns => ({ x: r.x, y: r.y, s: r.s, b: r.b, d: { codes: r.d, dictionary: DICT } });
const concat = (...rs: Rows[]): Rows => ({
  x: rs.flatMap((r) => r.x), y: rs.flatMap((r) => r.y), s: rs.flatMap((r) => r.s), b: rs.flatMap((r) => r.b), d: rs.flatMap((r) => r.d),
});

// Relative 1e-12, with a floor of a few subnormal steps: below 2^-1022 a double has no relative precision left,
// so a merged mean of subnormal values may differ from the direct one by one step (fast-check found -5e-324 vs
// -1e-323 for [0] merged with [-0, -2.5e-323]), where 1e-12 × 1e-323 underflows to 0.
const close = (x: number, y: number, scale: number): boolean =>
  Object.is(x, y) || Math.abs(x - y) <= Math.max(1e-12 * Math.max(Math.abs(x), Math.abs(y), scale), 4 * Number.MIN_VALUE);

/**
 * Expect two profiles of the same data to agree: every field exactly (createdAt aside) except mean and M2
 * (1e-12 relative; the mean also 1e-12 of the largest |value|, as it may cancel to ~0) and, when `quantiles`
 * is 'when-exact', the quantiles of a numeric feature whose sample is not exact (estimated in one of them).
 */
function expectSameProfile(got: ReferenceProfile, want: ReferenceProfile, quantiles: 'always' | 'when-exact'): void {
  const g = structuredClone(withoutTime(got)), w = structuredClone(withoutTime(want));
  for (const name of Object.keys(w.features)) {
    const fg = g.features[name] as FeatureProfile, fw = w.features[name] as FeatureProfile;
    if (fg.kind !== 'numeric' || fw.kind !== 'numeric') continue;
    const scale = Math.max(Math.abs(fw.min), Math.abs(fw.max));
    expect(close(fg.mean, fw.mean, scale), `${name}.mean ${fg.mean} vs ${fw.mean}`).toBe(true);
    expect(close(fg.m2, fw.m2, 0), `${name}.m2 ${fg.m2} vs ${fw.m2}`).toBe(true);
    expect(close(fg.variance, fw.variance, 0), `${name}.variance`).toBe(true);
    fg.mean = fw.mean; fg.m2 = fw.m2; fg.variance = fw.variance;
    if (quantiles === 'when-exact' && !fg.quantilesExact) {
      expect(fw.sample.exact).toBe(false);
      // the extremes are exact even when the rest is estimated
      expect(fg.quantiles.values[0]).toBe(fw.min);
      expect(fg.quantiles.values[fg.quantiles.values.length - 1]).toBe(fw.max);
      fg.quantiles = fw.quantiles; fg.quantilesExact = fw.quantilesExact;
    }
  }
  expect(g).toEqual(w);
}

describe('mergeProfiles (property tests)', () => {
  const opts = (edges: number[], k: number, backend: 'wasm' | 'js' = 'wasm'): ProfileOptions => ({
    edges: { x: edges, y: edges }, sampleCapacity: k, backend, probs: [0, 0.1, 0.5, 0.9, 1],
    types: { s: 'categorical', b: 'boolean' }, // an all-missing part must not default to numeric
  });

  it('merge(profile(a), profile(b)) equals profile(a ++ b) with the same edges', () => {
    fc.assert(fc.property(part, part, edgesArb, fc.integer({ min: 1, max: 12 }), (a, b, edges, k) => {
      const o = opts(edges, k);
      const merged = mergeProfiles(profile(columns(a), o), profile(columns(b), o));
      const whole = profile(columns(concat(a, b)), o);
      expectSameProfile(merged, whole, 'when-exact');
      // when the merged sample holds every value, even the quantiles are exactly numpy's
      for (const f of ['x', 'y']) if (num(merged, f).sample.exact) expect(num(merged, f).quantilesExact).toBe(true);
    }), { numRuns: 300 });
  });

  it('is commutative and associative', () => {
    fc.assert(fc.property(part, part, part, edgesArb, fc.integer({ min: 1, max: 12 }), (a, b, c, edges, k) => {
      const o = opts(edges, k);
      const [pa, pb, pc] = [a, b, c].map((r) => profile(columns(r), o));
      expectSameProfile(mergeProfiles(pa, pb), mergeProfiles(pb, pa), 'always');
      expectSameProfile(mergeProfiles(mergeProfiles(pa, pb), pc), mergeProfiles(pa, mergeProfiles(pb, pc)), 'always');
      expectSameProfile(mergeProfiles(mergeProfiles(pa, pb), pc), profile(columns(concat(a, b, c)), o), 'when-exact');
    }), { numRuns: 150 });
  });

  it('merges through JSON, and with different sample capacities (the smaller is kept)', () => {
    fc.assert(fc.property(part, part, edgesArb, fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }), (a, b, edges, ka, kb) => {
      const pa = parseProfile(serializeProfile(profile(columns(a), opts(edges, ka))));
      const pb = parseProfile(serializeProfile(profile(columns(b), opts(edges, kb))));
      const merged = mergeProfiles(pa, pb);
      expect(merged.options.sampleCapacity).toBe(Math.min(ka, kb));
      expectSameProfile(merged, profile(columns(concat(a, b)), opts(edges, Math.min(ka, kb))), 'when-exact');
    }), { numRuns: 150 });
  });

  it('rejects profiles that cannot be merged, naming the feature', () => {
    const a = profile({ x: [1, 2, 3], s: ['a', 'b', 'c'] });
    expectError(() => mergeProfiles(a, profile({ x: [1, 2, 4], s: ['a', 'b', 'c'] })), 'b.features.x.edges', /differ from a's/);
    expectError(() => mergeProfiles(a, profile({ x: [1, 2, 3] })), 'b.features.s', /is missing/);
    expectError(() => mergeProfiles(a, profile({ x: [1, 2, 3], s: ['a', 'b', 'c'], t: [1, 2, 3] })), 'b.features.t', /is not in a/);
    expectError(() => mergeProfiles(a, profile({ x: [1, 2, 3], s: [1, 2, 3] })), 'b.features.s', /is numeric but a's is categorical/);
    expectError(() => mergeProfiles(a, profile({ x: [1, 2, 3], s: ['a', 'b', 'c'] }, { bins: 5 })), 'b.options.bins', /same options/);
    expectError(() => mergeProfiles(a, profile({ x: [1, 2, 3], s: ['a', 'b', 'c'] }, { probs: [0.5] })), 'b.features.x.quantiles.probs', /differ/);
    expectError(() => mergeProfiles(a, { ...a, version: 3 } as never), 'b.version', /versions 1 and 2/);
  });
});

describe('backends and scale', () => {
  it('the WASM and JS backends give identical profiles', () => {
    fc.assert(fc.property(part, edgesArb, fc.boolean(), fc.integer({ min: 1, max: 30 }), (r, edges, quantileEdges, k) => {
      const o = (backend: 'wasm' | 'js'): ProfileOptions => ({ sampleCapacity: k, backend, bins: 4, ...(quantileEdges ? {} : { edges: { x: edges } }) });
      expect(withoutTime(profile(columns(r), o('wasm')))).toEqual(withoutTime(profile(columns(r), o('js'))));
    }), { numRuns: 200 });
    // large enough for the WASM selection path (> 4096 values), with ties, missing values and ±Infinity
    const x = normals(50_000, 5, 3, 2);
    for (let i = 0; i < x.length; i += 97) x[i] = NaN;
    for (let i = 0; i < x.length; i += 1001) x[i] = Math.round(x[i]);
    x[7] = Infinity; x[8] = -Infinity;
    const ref = { x, codes: { codes: Int32Array.from(x, (v) => (v !== v ? -1 : Math.abs(Math.trunc(v)) % 5)), dictionary: ['a', 'b', 'c', 'd', 'e'] } };
    expect(withoutTime(profile(ref, { backend: 'wasm', sampleCapacity: 500 }))).toEqual(withoutTime(profile(ref, { backend: 'js', sampleCapacity: 500 })));
  });

  it('profiles 1e6-row columns in bounded memory: the JSON is bounded by sampleCapacity, not rows', () => {
    const cols: Record<string, Float64Array> = {};
    for (let c = 0; c < 10; c++) {
      const x = normals(1_000_000, 100 + c, c, 1 + c / 10);
      for (let i = c; i < x.length; i += 1000) x[i] = NaN;
      cols[`f${c}`] = x;
    }
    profile({ warm: cols.f0.subarray(0, 100_000) }); // JIT warm-up
    const t0 = performance.now();
    const p = profile(cols, { backend: 'wasm' });
    const ms = performance.now() - t0;
    console.log(`profile of 10 numeric columns x 1e6 rows (wasm): ${ms.toFixed(0)} ms`);
    const json = serializeProfile(p);
    for (const f of Object.values(p.features) as NumericProfile[]) {
      expect(f.count).toBe(1_000_000);
      expect(f.nullCount).toBe(1000);
      expect(f.sample.values.length).toBe(10_000);
      expect(f.binCounts.reduce((s, c) => s + c, 0)).toBe(999_000);
    }
    // 10 features x 10,000 sampled values: about 0.5 MB whatever the row count
    const small = serializeProfile(profile(Object.fromEntries(Object.entries(cols).map(([k, v]) => [k, v.subarray(0, 100_000)]))));
    expect(json.length).toBeLessThan(10 * 10_000 * 60);
    expect(Math.abs(json.length - small.length) / small.length).toBeLessThan(0.05);
    expect(parseProfile(json)).toEqual(p);
  });
});

describe('column helpers shared with compare()', () => {
  it('checkColumns, columnNumbers, columnCategories', () => {
    expect(checkColumns('f', 'current', { a: [1, 2], b: ['x', null] })).toBe(2);
    expect(checkColumns('f', 'current', {})).toBe(0);
    expectError(() => checkColumns('f', 'current', { a: [1, 2], b: ['x'] }), 'current.b', /has 1 rows/);
    expect(Array.from(columnNumbers('f', 'current.a', [1, null, 3]))).toEqual([1, NaN, 3]);
    expect(Array.from(columnNumbers('f', 'current.a', [null, null]))).toEqual([NaN, NaN]);
    expectError(() => columnNumbers('f', 'current.a', ['x']), 'current.a', /must be numeric; it holds strings/);
    const c = columnCategories('f', 'current.s', { codes: [1, -1, 1], dictionary: ['u', 'v'] });
    expect(c).toEqual({ counts: new Map([['v', 2]]), nullCount: 1 });
    expect(columnCategories('f', 'current.b', [true, null, false, true]).counts).toEqual(new Map([['true', 2], ['false', 1]]));
  });
});

describe('sample sketch with the WASM pre-filter', () => {
  it('a 300k-row column (chunked kernel path) profiles identically on both backends', () => {
    const n = 300_000;
    const v = Float64Array.from({ length: n }, (_, i) => (i % 1000 === 0 ? NaN : Math.sin(i * 0.001) * 1e3 + (i % 17) * 0.25));
    const a = profile({ x: v }, { backend: 'wasm' }), b = profile({ x: v }, { backend: 'js' });
    expect({ ...a, createdAt: '' }).toEqual({ ...b, createdAt: '' });
  });
});
