// Chunked tables: profileChunked (two passes) equals profile() of the whole table when the samples are exact,
// whatever the chunking; summarizeChunked equals the profile of the current rows built with the reference's edges.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { profileChunked, summarizeChunked, type Chunk } from '../../src/profile/chunked.js';
import { profile } from '../../src/profile/index.js';
import { compare } from '../../src/compare/compare.js';
import type { NumericProfile } from '../../src/profile/types.js';

const strip = <T extends { createdAt: string }>(p: T) => ({ ...p, createdAt: '' });
function chunks(cols: { x: number[]; y: (string | null)[]; z: (number | null)[] }, size: number): () => AsyncIterable<Chunk> {
  return async function* () {
    for (let a = 0; a < cols.x.length; a += size) {
      const b = Math.min(cols.x.length, a + size);
      yield { rows: b - a, columns: { x: Float64Array.from(cols.x.slice(a, b)), y: cols.y.slice(a, b), z: cols.z.slice(a, b) } };
    }
  };
}
const kinds = { x: 'numeric', y: 'categorical', z: 'numeric' } as const;

describe('profileChunked', () => {
  it('equals profile() of the whole table for any chunking when every sample is exact', async () => {
    const num = fc.oneof(fc.integer({ min: -50, max: 50 }).map((v) => v / 4), fc.constantFrom(NaN, Infinity, -Infinity, -0));
    await fc.assert(fc.asyncProperty(fc.array(fc.tuple(num, fc.constantFrom('a', 'b', null), fc.option(fc.integer({ min: 0, max: 9 }))), { minLength: 1, maxLength: 400 }), fc.integer({ min: 1, max: 100 }), async (rows, size) => {
      const cols = { x: rows.map((r) => r[0]), y: rows.map((r) => r[1]), z: rows.map((r) => r[2]) };
      const want = profile({ x: Float64Array.from(cols.x), y: cols.y, z: cols.z }, { types: kinds, bins: 5 });
      const got = await profileChunked(chunks(cols, size), { kinds, bins: 5 });
      // mean and M2 combine chunk by chunk (Chan et al.): equal up to rounding; everything else exactly
      for (const f of ['x', 'z']) {
        const g = got.features[f] as NumericProfile, w = want.features[f] as NumericProfile;
        for (const k of ['mean', 'm2', 'variance'] as const) {
          if (Number.isNaN(w[k])) expect(g[k]).toBeNaN();
          else expect(Math.abs(g[k] - w[k])).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(w[k])));
          g[k] = w[k];
        }
      }
      expect(strip(got)).toEqual(strip(want));
    }), { numRuns: 60 });
  });

  it('beyond the sample capacity: exact counts, edges from the sample quantiles, quantilesExact false', async () => {
    const x = Array.from({ length: 20_000 }, (_, i) => Math.sin(i) * 100);
    const cols = { x, y: x.map(() => 'a'), z: x.map(() => 1) };
    const got = await profileChunked(chunks(cols, 3000), { kinds, sampleCapacity: 1000 });
    const f = got.features.x as NumericProfile;
    expect(f.quantilesExact).toBe(false);
    expect(f.binCounts.reduce((s, c) => s + c, 0)).toBe(20_000);
    expect(f.edges).toHaveLength(11);
    const exact = profile({ x: Float64Array.from(x) }).features.x as NumericProfile;
    f.edges.slice(1, -1).forEach((e, i) => expect(Math.abs(e - exact.edges[i + 1])).toBeLessThan(10)); // a few % of the range at k = 1000
    expect(f.min).toBe(exact.min);
    expect(f.mean).toBeCloseTo(exact.mean, 10);
  });
});

describe('summarizeChunked', () => {
  it('a current table in chunks compares like the whole table as a profile; absent columns are missing in current', async () => {
    const x = Array.from({ length: 5000 }, (_, i) => Math.cos(i) * 3);
    const ref = profile({ x: Float64Array.from(x), y: x.map((v) => (v > 0 ? 'p' : 'n')), z: x.map((v) => Math.round(v)) });
    const cx = x.map((v) => v + 0.5);
    const src = async function* () {
      for (let a = 0; a < 5000; a += 1234) yield { rows: Math.min(5000, a + 1234) - a, columns: { x: Float64Array.from(cx.slice(a, a + 1234)), y: cx.slice(a, a + 1234).map((v) => (v > 0 ? 'p' : 'q')) } };
    };
    const cur = (await summarizeChunked(ref, src))!;
    const whole = profile({ x: Float64Array.from(cx), y: cx.map((v) => (v > 0 ? 'p' : 'q')) }, { edges: { x: (ref.features.x as NumericProfile).edges }, types: { y: 'categorical' } });
    const r1 = compare(ref, cur), r2 = compare(ref, whole);
    expect(r1.features.x.statistic).toBe(r2.features.x.statistic);
    expect(r1.features.y.newCategories).toEqual(['q']);
    expect(r1.features.z.status).toBe('missing-in-current');
  });
});
