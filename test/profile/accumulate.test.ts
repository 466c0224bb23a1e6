// ProfileAccumulator (the state of streaming windows): batch by batch equals profile() of the batches merged,
// the sample sketch equals the one-shot sketch, and a bad batch changes nothing.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ProfileAccumulator, shapeOf } from '../../src/profile/accumulate.js';
import { profile, mergeProfiles } from '../../src/profile/index.js';
import { mergeSamples, sampleColumn } from '../../src/profile/sketch.js';
import { kernels } from '../../src/engine/index.js';
import { DriftkitError } from '../../src/errors.js';
import type { ReferenceProfile } from '../../src/profile/types.js';

const strip = (p: ReferenceProfile) => ({ ...p, createdAt: '' });
const ref = profile({ x: Float64Array.from({ length: 5000 }, (_, i) => Math.sin(i) * 3), c: Array.from({ length: 5000 }, (_, i) => 'abc'[i % 3]) });
const shape = shapeOf(ref, 200);
// batches profiled as the accumulator counts them: the reference's edges and tracked categories
const opts = {
  edges: { x: (ref.features.x as { edges: number[] }).edges }, types: { x: 'numeric', c: 'categorical' } as const, sampleCapacity: 200,
  tracked: { c: Object.keys((ref.features.c as { categories: object }).categories) },
};

describe.each(['wasm', 'js'] as const)('ProfileAccumulator (%s)', (backend) => {
  const K = kernels('test', backend);
  it('equals mergeProfiles of per-batch profiles (any split, with missing, ±Infinity and duplicates)', () => {
    const value = fc.oneof(fc.double({ min: -10, max: 10, noNaN: true }), fc.constantFrom(NaN, Infinity, -Infinity, 0, -0, 1.5), fc.integer({ min: -5, max: 5 }));
    fc.assert(fc.property(fc.array(fc.array(value, { minLength: 1, maxLength: 300 }), { minLength: 1, maxLength: 5 }), (batches) => {
      const acc = new ProfileAccumulator(shape, K);
      let merged: ReferenceProfile | undefined;
      for (const [i, b] of batches.entries()) {
        // 'a' and 'b' are tracked categories, 'p' and 'n' go to the other bucket
        const cols = { x: Float64Array.from(b), c: b.map((v) => (v !== v ? null : v > 1 ? 'p' : v > 0 ? 'a' : v < -1 ? 'b' : 'n')) };
        acc.add(acc.prepare(cols, b.length, 'observe', 'batch'), 0, b.length);
        const p = profile(cols, { ...opts, backend });
        merged = merged ? mergeProfiles(merged, p) : p;
        expect(acc.rows).toBe(batches.slice(0, i + 1).reduce((s, x) => s + x.length, 0));
      }
      const got = strip(acc.profile()!);
      const want = strip(merged!);
      // quantiles: the merge keeps the one-shot (selection) quantiles of a lone batch; the accumulator always reads them from the sample
      const gx = got.features.x as { quantiles: unknown; quantilesExact: boolean }, wx = want.features.x as typeof gx;
      if (batches.length === 1 && !wx.quantilesExact) { gx.quantiles = wx.quantiles; gx.quantilesExact = wx.quantilesExact; }
      expect(got).toEqual(want);
    }), { numRuns: 60 });
  });

  it('a running sketch over many batches equals the one-shot sketch and mergeSamples', () => {
    const acc = new ProfileAccumulator(shapeOf(ref, 1000), K);
    const all: number[] = [];
    let merged = { values: [] as number[], counts: [] as number[], exact: true };
    for (let i = 0; i < 20; i++) {
      const x = Float64Array.from({ length: 7000 }, (_, j) => Math.round(Math.cos(i * 7000 + j) * 1e4) / 7);
      acc.add(acc.prepare({ x, c: new Array(x.length).fill('a') }, x.length, 'observe', 'batch'), 0, x.length);
      all.push(...x);
      merged = mergeSamples(merged, sampleColumn(x, 1000, K), 1000);
    }
    const got = (acc.profile()!.features.x as { sample: unknown }).sample;
    const one = sampleColumn(Float64Array.from(all), 1000, K);
    expect(got).toEqual({ ...one, capacity: 1000 });
    expect(got).toEqual({ ...merged, capacity: 1000 });
    expect(one.exact).toBe(false);
  });

  it('a bad batch names the column and leaves the state unchanged', () => {
    const acc = new ProfileAccumulator(shape, K);
    acc.add(acc.prepare({ x: [1, 2], c: ['a', 'b'] }, 2, 'observe', 'batch'), 0, 2);
    const before = strip(acc.profile()!);
    const bad = (cols: Record<string, unknown>, arg: string) => {
      try { acc.prepare(cols as never, 2, 'observe', 'batch'); } catch (e) { expect(e).toBeInstanceOf(DriftkitError); expect((e as DriftkitError).argument).toBe(arg); return; }
      throw new Error('did not throw');
    };
    bad({ x: ['1', '2'], c: ['a', 'b'] }, 'batch.x');
    bad({ x: [1, 2], c: { codes: [0, 5], dictionary: ['a'] } }, 'batch.c.codes');
    bad({ x: [1, 2, 3], c: ['a', 'b'] }, 'batch.x');
    bad({ x: [1, { v: 2 }], c: ['a', 'b'] }, 'batch.x');
    expect(strip(acc.profile()!)).toEqual(before);
  });
});
