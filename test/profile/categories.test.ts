// Category caps (profile format 2): a categorical profile tracks at most categoryCapacity categories and
// counts the rest in an "other" bucket with a bottom-k sample; merges stay exact, summaries against one
// reference merge associatively and commutatively, compare() of raw columns equals compare() of their summary.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  capCategories, categoryKey, CategoryCounter, MAX_CATEGORY_LENGTH, mergeCategories, OtherSketch, otherDistinct,
} from '../../src/profile/categories.js';
import { mergeProfiles, parseProfile, profile, serializeProfile, type CategoricalProfile, type ReferenceProfile } from '../../src/profile/index.js';
import { ProfileAccumulator, shapeOf } from '../../src/profile/accumulate.js';
import { profileChunked, type Chunk } from '../../src/profile/chunked.js';
import { compare, OTHER_BIN, type CategoricalDriftBase } from '../../src/compare/compare.js';
import { kernels } from '../../src/engine/index.js';
import { caught } from '../helpers/errors.js';

const K = kernels('test', 'js');
const strip = (p: ReferenceProfile) => ({ ...p, createdAt: '' });
const cat = (p: ReferenceProfile, f = 'c') => p.features[f] as CategoricalProfile;
const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The bottom-k sample by brute force: every distinct value, first k by (key, name). */
function bottomK(counts: Map<string, number>, k: number) {
  const all = [...counts].filter(([, c]) => c > 0).sort((a, b) => categoryKey(a[0]) - categoryKey(b[0]) || byName(a[0], b[0]));
  const kept = all.slice(0, k).sort((a, b) => byName(a[0], b[0]));
  return { values: kept.map(([v]) => v), counts: kept.map(([, c]) => c), capacity: k, exact: all.length <= k };
}
const tally = (xs: readonly string[]) => { const m = new Map<string, number>(); for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1); return m; };

describe('the sample hash', () => {
  it('is pinned: keys computed by an independent Python MurmurHash3 over UTF-16 code units', () => {
    // python3: murmur3_x86_32 over pairs of code units, seeds 0x9e3779b9 and 0x7f4a7c15 ^ h1 (src/profile/categories.ts)
    expect(['', 'a', 'ab', 'abc', 'héllo', '😀', 'id-123456'].map(categoryKey)).toEqual([
      5164706256242343, 7083839795692058, 8928070771152784, 2838682013612582, 5485949371075287, 8427341257019958, 8764830342696769,
    ]);
  });
});

describe('OtherSketch', () => {
  it('keeps the k values first by hash, with exact counts, whatever the order and batching', () => {
    const word = fc.stringMatching(/^[a-f]{1,3}$/);
    fc.assert(fc.property(fc.array(word, { maxLength: 400 }), fc.integer({ min: 1, max: 12 }), (xs, k) => {
      const s = new OtherSketch(k);
      for (const x of xs) s.add(x, 1);
      const b = s.bucket();
      if (xs.length === 0) { expect(b).toBeUndefined(); return; }
      expect(b).toEqual({ count: xs.length, sample: bottomK(tally(xs), k) });
    }), { numRuns: 200 });
  });

  it('merges exactly: addBucket of the parts equals the sketch of the whole', () => {
    const word = fc.stringMatching(/^[a-h]{1,2}$/);
    fc.assert(fc.property(fc.array(word, { maxLength: 200 }), fc.array(word, { maxLength: 200 }), fc.integer({ min: 1, max: 8 }), (xs, ys, k) => {
      const part = (zs: string[]) => { const s = new OtherSketch(k); for (const z of zs) s.add(z, 1); return s.bucket(); };
      const m = new OtherSketch(k);
      for (const b of [part(xs), part(ys)]) if (b) m.addBucket(b);
      const whole = part([...xs, ...ys]);
      expect(m.bucket()).toEqual(whole);
    }), { numRuns: 200 });
  });

  it('estimates distinct values (KMV) within a few percent on 100k values', () => {
    const s = new OtherSketch(1000);
    for (let i = 0; i < 100_000; i++) s.add(`user-${i}`, 2);
    const b = s.bucket()!;
    expect(b.count).toBe(200_000);
    expect(b.sample.values).toHaveLength(1000);
    expect(b.sample.counts.every((c) => c === 2)).toBe(true);
    const d = otherDistinct(b);
    expect(d.exact).toBe(false);
    expect(Math.abs(d.distinct / 100_000 - 1)).toBeLessThan(0.1); // relative SE of KMV with k = 1000 is ~3%
  });
});

describe('profile(): the most frequent categoryCapacity categories', () => {
  it('tracks the top k by count (ties by name) and counts the rest in the bucket', () => {
    const c = ['a', 'a', 'a', 'b', 'b', 'c', 'c', 'd', 'e', null];
    const p = profile({ c }, { categoryCapacity: 2 });
    expect(cat(p)).toEqual({
      kind: 'categorical', count: 10, nullCount: 1, categories: { a: 3, b: 2 },
      other: { count: 4, sample: bottomK(new Map([['c', 2], ['d', 1], ['e', 1]]), 2) },
    });
    expect(p.options.categoryCapacity).toBe(2);
    // a column with at most categoryCapacity distinct values has no bucket
    expect(cat(profile({ c }, { categoryCapacity: 5 })).other).toBeUndefined();
  });

  it('round-trips through JSON exactly, and a plain JSON copy compares the same', () => {
    const c = Array.from({ length: 3000 }, (_, i) => `v${i % 1500}`);
    const p = profile({ c }, { categoryCapacity: 100 });
    expect(parseProfile(serializeProfile(p))).toEqual(p);
    const cur = { c: Array.from({ length: 500 }, (_, i) => `v${(i * 7) % 2000}`) };
    expect({ ...compare(JSON.parse(JSON.stringify(p)), cur), timestamp: '' }).toEqual({ ...compare(p, cur), timestamp: '' });
  });

  it('cuts category names at MAX_CATEGORY_LENGTH code units, on a code-point boundary', () => {
    const long = 'x'.repeat(MAX_CATEGORY_LENGTH + 50);
    const emoji = 'y'.repeat(MAX_CATEGORY_LENGTH - 1) + '😀';
    const p = profile({ c: [long, long + 'z', emoji] });
    expect(cat(p).categories).toEqual({ ['x'.repeat(MAX_CATEGORY_LENGTH)]: 2, ['y'.repeat(MAX_CATEGORY_LENGTH - 1)]: 1 });
  });

  it('checks categoryCapacity and tracked, naming them', () => {
    expect(caught(() => profile({ c: ['a'] }, { categoryCapacity: 0 })).argument).toBe('categoryCapacity');
    expect(caught(() => profile({ c: ['a'] }, { tracked: { d: ['a'] } })).message).toMatch(/tracked names unknown feature "d"/);
    expect(caught(() => profile({ c: ['a'] }, { tracked: { c: ['a', 'a'] } })).message).toMatch(/tracked\.c names a category twice/);
    expect(caught(() => profile({ c: ['a'] }, { categoryCapacity: 1, tracked: { c: ['a', 'b'] } })).message).toMatch(/more than categoryCapacity \(1\)/);
    expect(caught(() => profile({ x: [1] }, { tracked: { x: ['1'] } })).message).toMatch(/tracked\.x is given but reference\.x is numeric/);
  });
});

describe('mergeProfiles with caps', () => {
  const word = fc.stringMatching(/^[a-g]$/);

  it('uncapped parts merge into profile() of the whole, capped or not', () => {
    fc.assert(fc.property(fc.array(word, { minLength: 1, maxLength: 60 }), fc.array(word, { minLength: 1, maxLength: 60 }), fc.integer({ min: 1, max: 8 }), (a, b, k) => {
      const pa = profile({ c: a }, { categoryCapacity: 8 }), pb = profile({ c: b }, { categoryCapacity: 8 });
      expect(cat(mergeProfiles(pa, pb))).toEqual(cat(profile({ c: [...a, ...b] }, { categoryCapacity: 8 })));
      // a smaller capacity on an uncapped side: the merge caps the union by frequency, as profile() of the whole
      if (new Set(b).size <= k) {
        const pk = profile({ c: b }, { categoryCapacity: k });
        expect(cat(mergeProfiles(pa, pk))).toEqual(cat(profile({ c: [...a, ...b] }, { categoryCapacity: k })));
      }
    }), { numRuns: 150 });
  });

  it('parts tracking the same categories merge exactly, associatively and commutatively, into profile(whole, { tracked })', () => {
    const tracked = { c: ['a', 'b', 'c'] };
    const part = (xs: string[]) => profile({ c: xs }, { categoryCapacity: 3, tracked });
    fc.assert(fc.property(
      fc.array(word, { minLength: 1, maxLength: 40 }), fc.array(word, { minLength: 1, maxLength: 40 }), fc.array(word, { minLength: 1, maxLength: 40 }),
      (x, y, z) => {
        const [a, b, c] = [part(x), part(y), part(z)];
        const whole = cat(part([...x, ...y, ...z]));
        expect(cat(mergeProfiles(mergeProfiles(a, b), c))).toEqual(whole);
        expect(cat(mergeProfiles(a, mergeProfiles(b, c)))).toEqual(whole);
        expect(cat(mergeProfiles(mergeProfiles(c, a), b))).toEqual(whole);
      }), { numRuns: 150 });
  });

  it('a tracked category unknown on a capped side moves, with its exact count, into the bucket', () => {
    const a = profile({ c: ['a', 'a', 'b', 'x'] }, { categoryCapacity: 2 }); // tracks a, b; x in the bucket
    const b = profile({ c: ['x', 'x', 'y', 'a'] }, { categoryCapacity: 2 }); // tracks x, a; y in the bucket
    const m = cat(mergeProfiles(a, b));
    // known on both sides: a only; b (1 row) and x (1 in a's bucket + 2) join the bucket with their counts
    expect(m.categories).toEqual({ a: 3 });
    expect(m.other).toEqual({ count: 5, sample: bottomK(new Map([['b', 1], ['x', 3], ['y', 1]]), 2) });
    expect(m.count).toBe(8);
  });
});

describe('summaries against a reference (windows, panes) are bounded and merge exactly', () => {
  const ref = profile({ c: ['a', 'b', 'c', 'a'] });

  it('count the reference\'s categories exactly and put 200k distinct new values in a bounded bucket', () => {
    const acc = new ProfileAccumulator(shapeOf(ref), K);
    for (let b = 0; b < 20; b++) {
      const c = Array.from({ length: 10_000 }, (_, i) => (i % 10 === 0 ? 'a' : `id-${b * 10_000 + i}`));
      acc.add(acc.prepare({ c }, c.length, 'observe', 'batch'), 0, c.length);
    }
    const p = cat(acc.profile()!);
    expect(p.categories).toEqual({ a: 20_000, b: 0, c: 0 });
    expect(p.other!.count).toBe(180_000);
    expect(p.other!.sample.values).toHaveLength(1000);
    const d = otherDistinct(p.other!);
    expect(Math.abs(d.distinct / 180_000 - 1)).toBeLessThan(0.1);
  });

  it('compare(reference, columns) equals compare(reference, their summary), new categories listed or lumped', () => {
    const word = fc.oneof(fc.constantFrom('a', 'b', 'c'), fc.stringMatching(/^n[0-9]{1,2}$/));
    fc.assert(fc.property(fc.array(word, { minLength: 1, maxLength: 300 }), fc.integer({ min: 3, max: 40 }), (xs, k) => {
      const r = profile({ c: ['a', 'b', 'c', 'a', 'b', 'a'] }, { categoryCapacity: k });
      const acc = new ProfileAccumulator(shapeOf(r), K);
      acc.add(acc.prepare({ c: xs }, xs.length, 'observe', 'batch'), 0, xs.length);
      const direct = compare(r, { c: xs }).features.c as CategoricalDriftBase;
      const viaSummary = compare(r, acc.profile()!).features.c as CategoricalDriftBase;
      expect({ ...viaSummary }).toEqual({ ...direct });
      const fresh = new Set(xs.filter((x) => !['a', 'b', 'c'].includes(x)));
      // exact new-category share always (the reference has no bucket)
      expect(direct.newCategoryShare).toBeCloseTo(xs.filter((x) => fresh.has(x)).length / xs.length, 12);
      if (fresh.size <= k) {
        expect(direct.bins.otherBin).toBeUndefined();
        expect(new Set(direct.newCategories)).toEqual(fresh);
        expect(direct.newCategoriesExact).toBe(true);
      } else {
        expect(direct.bins.otherBin).toBe(true);
        expect(direct.bins.categories.at(-1)).toBe(OTHER_BIN);
        expect(direct.newCategories).toHaveLength(k);
        expect(direct.newCategoriesExact).toBe(false);
      }
    }), { numRuns: 150 });
  });

  it('a capped reference compares its bucket as one bin and names only the values it can prove new', () => {
    const refCol = [...Array(50).fill('a'), ...Array(30).fill('b'), 'r1', 'r2', 'r3'];
    const r = profile({ c: refCol }, { categoryCapacity: 2 });
    expect(cat(r).other!.sample.exact).toBe(false); // 3 untracked values, a sample of 2
    const cur = [...Array(50).fill('a'), ...Array(30).fill('b'), 'r1', 'r2', 'r3'];
    const same = compare(r, { c: cur }).features.c as CategoricalDriftBase;
    expect(same.bins.categories).toEqual(['a', 'b', OTHER_BIN]);
    expect(same.bins.otherBin).toBe(true);
    expect(same.scores.psi).toBe(0);
    expect(same.newCategoryShare).toBe(0); // every decidable untracked value is in the reference's sample
  });
});

describe('profileChunked: categorical columns beyond the exact count', () => {
  it('finds the frequent categories with Misra-Gries and counts them exactly in pass 2 (= profile() of the whole)', async () => {
    // 40 heavy categories over 60k distinct light ones: pass 1 cannot count every value exactly (> 10,000 distinct)
    const rows = 5000, chunks = 24;
    const col = (c: number) => Array.from({ length: rows }, (_, i) => (i % 2 === 0 ? `heavy-${((c * rows + i) >> 1) % 40}` : `light-${c * rows + i}`));
    const source = async function* (): AsyncIterable<Chunk> { for (let c = 0; c < chunks; c++) yield { rows, columns: { c: col(c) } }; };
    const p = await profileChunked(source, { kinds: { c: 'categorical' }, categoryCapacity: 40 });
    const whole = profile({ c: Array.from({ length: chunks }, (_, c) => col(c)).flat() }, { categoryCapacity: 40 });
    expect(cat(p)).toEqual(cat(whole));
    expect(Object.keys(cat(p).categories)).toHaveLength(40);
    expect(cat(p).other!.count).toBe(rows * chunks / 2);
  });

  it('CategoryCounter without a tracked set is exact up to its limit', () => {
    const c = new CategoryCounter(5);
    c.add(tally(Array.from({ length: 10_000 }, (_, i) => `v${i}`)));
    expect(c.exact).toBe(true);
    c.add(tally(Array.from({ length: 10_001 }, (_, i) => `w${i}`)));
    expect(c.exact).toBe(false);
    expect(() => c.result()).toThrow(/recount/);
  });
});

describe('profile documents: version 1 is read as version 2; the bucket is validated', () => {
  it('a version 1 document keeps every category (categoryCapacity raised to fit)', () => {
    const p = profile({ c: Array.from({ length: 1500 }, (_, i) => `v${i}`) }, { categoryCapacity: 1500 });
    const v1 = JSON.parse(serializeProfile(p));
    v1.version = 1;
    delete v1.options.categoryCapacity;
    const read = parseProfile(v1);
    expect(read.version).toBe(2);
    expect(read.options.categoryCapacity).toBe(1500);
    expect(strip(read)).toEqual(strip(p));
    // small v1 profiles get the default capacity
    const small = JSON.parse(serializeProfile(profile({ c: ['a', 'b'] })));
    small.version = 1;
    delete small.options.categoryCapacity;
    expect(parseProfile(small).options.categoryCapacity).toBe(1000);
  });

  it('names what is wrong with a bucket', () => {
    const p = JSON.parse(serializeProfile(profile({ c: ['a', 'a', 'b', 'c', 'd'] }, { categoryCapacity: 1 })));
    const bad = (f: (d: any) => void) => { const d = structuredClone(p); f(d); return caught(() => parseProfile(d)); };
    expect(bad((d) => { d.features.c.other.sample.values[0] = 'a'; }).message).toMatch(/other\.sample\.values\[0\] is "a", a tracked category/);
    expect(bad((d) => { d.features.c.other.count += 1; }).argument).toBe('features.c.count');
    expect(bad((d) => { d.features.c.other.sample.capacity = 2; }).argument).toBe('features.c.other.sample.capacity');
    expect(bad((d) => { d.features.c.categories.z = 1; d.features.c.count += 1; d.rowCount += 1; }).message).toMatch(/holds 2 categories, more than options.categoryCapacity \(1\)/);
    expect(bad((d) => { d.features.c.other.sample.exact = true; }).argument).toBe('features.c.other.sample.counts');
  });
});

it('mergeCategories of two sides without buckets is capCategories of the summed counts', () => {
  const m = mergeCategories({ categories: { a: 2, b: 1 } }, { categories: { b: 2, c: 1 } }, 2);
  expect(m).toEqual(capCategories(new Map([['a', 2], ['b', 3], ['c', 1]]), 2));
  expect(m.categories).toEqual({ b: 3, a: 2 });
});

it('a profile records roles; compare() reports the columns it left out', () => {
  const roles = { time: { column: 'ts', min: '2024-01-01T00:00:00.000Z', max: '2024-01-31T00:00:00.000Z' }, excluded: [{ column: 'ts', reason: 'time' as const }, { column: 'user_id', reason: 'identifier' as const, detail: '100% distinct' }] };
  const p = profile({ c: ['a', 'b'] }, { roles });
  expect(p.roles).toEqual(roles);
  expect(parseProfile(serializeProfile(p))).toEqual(p);
  expect(compare(p, { c: ['a', 'a'] }).excluded).toEqual(roles.excluded);
  // the caller's exclusions come first; the profile's are added for columns not already named
  expect(compare(p, { c: ['a'] }, { exclude: ['user_id'] }).excluded).toEqual([{ column: 'user_id', reason: 'excluded' }, { column: 'ts', reason: 'time' }]);
  expect(caught(() => profile({ c: ['a'] }, { roles: { excluded: [{ column: 'x', reason: 'nope' }] } as never })).message).toMatch(/roles.excluded\[0\].reason must be one of time, datetime, identifier, excluded/);
  const q = mergeProfiles(p, profile({ c: ['c'] }, { roles: { time: { column: 'ts', min: '2023-12-01T00:00:00.000Z' }, excluded: [{ column: 'other', reason: 'excluded' }] } }));
  expect(q.roles).toEqual({ time: { column: 'ts', min: '2023-12-01T00:00:00.000Z', max: '2024-01-31T00:00:00.000Z' }, excluded: [...roles.excluded, { column: 'other', reason: 'excluded' }] });
});

it('a bucket sample of a million values estimates its distinct count without overflowing the stack', () => {
  const values = Array.from({ length: 1_000_000 }, (_, i) => `v${i}`).sort();
  const b = { count: 3_000_000, sample: { values, counts: values.map(() => 1), capacity: 1_000_000, exact: false } };
  // Math.max(...values.map(key)) threw RangeError: Maximum call stack size exceeded here
  expect(otherDistinct(b).exact).toBe(false);
  expect(otherDistinct(b).distinct).toBeGreaterThanOrEqual(1_000_000);
});
