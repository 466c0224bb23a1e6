// High-cardinality categoricals (an id column): validating, parsing, profiling and merging a profile with
// 300k categories is linear. The validation used to check each category key against the list of all keys
// (Array.includes per key), so parseProfile of 300k categories took about a minute. Bounds are generous
// (tens of times the measured ~0.2–2 s on 2 shared cores) but far below the quadratic minute.
import { describe, expect, it } from 'vitest';
import {
  mergeProfiles, parseProfile, profile, serializeProfile, type CategoricalProfile, type ReferenceProfile,
} from '../../src/profile/index.js';
import { profileChunked, type Chunk } from '../../src/profile/chunked.js';
import { compare } from '../../src/compare/compare.js';
import { caught } from '../helpers/errors.js';

const N = 300_000;
const BOUND_MS = 15_000;

function timed<T>(f: () => T): { value: T; ms: number } {
  const t = performance.now();
  const value = f();
  return { value, ms: performance.now() - t };
}

describe.each([
  ['string ids', (i: number) => `id-${i}`],
  ['integer-like ids', (i: number) => String(i)],
] as const)('%s: 300k categories', (_label, key) => {
  const ids = Array.from({ length: N }, (_, i) => key(i));
  let p: ReferenceProfile;
  let json: string;

  it('profile() and serializeProfile() are linear', () => {
    // every category tracked (the default capacity would keep 1,000): the validation of 300k keys is what is timed
    const built = timed(() => profile({ id: ids }, { categoryCapacity: N }));
    p = built.value;
    expect(Object.keys((p.features.id as CategoricalProfile).categories)).toHaveLength(N);
    const ser = timed(() => serializeProfile(p));
    json = ser.value;
    expect(built.ms).toBeLessThan(BOUND_MS);
    expect(ser.ms).toBeLessThan(BOUND_MS);
  }, 60_000);

  it('parseProfile() and a JSON round trip into compare() are linear, and exact', () => {
    const parsed = timed(() => parseProfile(json));
    expect(parsed.ms).toBeLessThan(BOUND_MS);
    expect(parsed.value).toEqual(p);
    // JSON.stringify validates too (toJSON), and compare() validates the decoded document
    const doc = timed(() => JSON.parse(JSON.stringify(p)) as ReferenceProfile);
    expect(doc.ms).toBeLessThan(BOUND_MS);
    const cur = { id: ids.slice(0, 1000) };
    const viaDoc = timed(() => compare(doc.value, cur));
    expect(viaDoc.ms).toBeLessThan(BOUND_MS);
    expect({ ...viaDoc.value, timestamp: '' }).toEqual({ ...compare(p, cur), timestamp: '' });
  }, 60_000);

  it('mergeProfiles() is linear (both inputs validated, categories combined once)', () => {
    const half = profile({ id: ids.slice(0, N / 2).concat(ids.slice(0, N / 2)) }, { categoryCapacity: N });
    const m = timed(() => mergeProfiles(p, half));
    expect(m.ms).toBeLessThan(BOUND_MS);
    const c = (m.value.features.id as CategoricalProfile).categories;
    expect(Object.keys(c)).toHaveLength(N);
    expect(c[key(0)]).toBe(3);
    expect(c[key(N - 1)]).toBe(1);
    expect(m.value.rowCount).toBe(2 * N);
  }, 60_000);

  it('a bad count among 300k categories is still a named error', () => {
    const doc = JSON.parse(json);
    doc.features.id.categories[key(123_456)] = 0;
    const e = caught(() => parseProfile(doc));
    expect(e.argument).toBe(/^[A-Za-z_$]/.test(key(123_456)) ? 'features.id.categories["id-123456"]' : 'features.id.categories["123456"]');
    expect(e.message).toMatch(/must be an integer >= 1; got 0$/);
  });
});

it('profileChunked (the CLI\'s path for files) of a 300k-row id column in 10k-row chunks is linear', async () => {
  const rows = 10_000, chunks = 30;
  const source = async function* (): AsyncIterable<Chunk> {
    for (let c = 0; c < chunks; c++) {
      yield { rows, columns: { id: Array.from({ length: rows }, (_, i) => `user-${c * rows + i}`), x: Float64Array.from({ length: rows }, (_, i) => i % 97) } };
    }
  };
  const t = performance.now();
  const p = await profileChunked(source, { kinds: { id: 'categorical', x: 'numeric' } });
  const text = serializeProfile(p);
  const ms = performance.now() - t;
  // 300k distinct values outgrow the exact count of pass 1 (10,000): Misra-Gries finds no frequent category,
  // so none is tracked and every row is in the bucket, with a 1,000-value sample
  const id = p.features.id as CategoricalProfile;
  expect(Object.keys(id.categories)).toHaveLength(0);
  expect(id.other!.count).toBe(rows * chunks);
  expect(id.other!.sample.values).toHaveLength(1000);
  expect(id.other!.sample.exact).toBe(false);
  expect(parseProfile(text)).toEqual(p);
  expect(ms).toBeLessThan(2 * BOUND_MS);
}, 90_000);
