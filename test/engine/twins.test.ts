// The WASM kernels and their plain-TS twins must agree: integer counts exactly, floating sums within
// 1e-12 relative, PRNG streams and resampling outputs identically.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { jsKernels, wasmKernels } from '../../src/engine/index.js';
import { BinnedStat, SortedStat } from '../../src/engine/types.js';

const W = () => wasmKernels();
const J = jsKernels;

const rel = (a: number, b: number) => (a === b || (Number.isNaN(a) && Number.isNaN(b)) ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b)));
const expectRel = (a: number, b: number, tol = 1e-12) => expect(rel(a, b), `${a} vs ${b}`).toBeLessThanOrEqual(tol);

// values with ties, extremes, NaN and ±Infinity
const value = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) },
  { weight: 3, arbitrary: fc.integer({ min: -5, max: 5 }) },
  { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -Infinity, 0, -0, 1e300, -1e-300) },
);
const sample = (min = 0, max = 300) => fc.array(value, { minLength: min, maxLength: max }).map((a) => Float64Array.from(a));
const finiteSample = (min = 1, max = 300) =>
  fc.array(fc.oneof(fc.double({ min: -1e3, max: 1e3, noNaN: true, noDefaultInfinity: true }), fc.integer({ min: -3, max: 3 })), { minLength: min, maxLength: max }).map((a) => Float64Array.from(a));
const edgesArb = fc.uniqueArray(fc.double({ min: -1e4, max: 1e4, noNaN: true }), { minLength: 2, maxLength: 70 })
  .map((a) => Float64Array.from(a).sort());

describe('kernel twins agree (WASM vs JS)', () => {
  it('histogram over edges: identical counts, under/over/NaN, incl. binary-search path (> 32 edges)', () => {
    fc.assert(fc.property(sample(), edgesArb, fc.boolean(), (v, e, open) => {
      const edges = e.slice();
      if (open) { edges[0] = -Infinity; edges[edges.length - 1] = Infinity; }
      expect(W().histogram(v, edges)).toEqual(J.histogram(v, edges));
    }), { numRuns: 300 });
  });

  it('equal-width histogram equals the edge search over numpy.linspace edges', () => {
    fc.assert(fc.property(sample(), fc.double({ min: -100, max: 100, noNaN: true }), fc.double({ min: 0.001, max: 1e4, noNaN: true }), fc.integer({ min: 1, max: 50 }), (v, lo, width, nb) => {
      const hi = lo + width;
      const w = W().histogramUniform(v, lo, hi, nb);
      expect(w).toEqual(J.histogramUniform(v, lo, hi, nb));
      const step = (hi - lo) / nb;
      const edges = new Float64Array(nb + 1);
      for (let i = 0; i < nb; i++) edges[i] = lo + i * step;
      edges[nb] = hi;
      if (new Set(edges).size === edges.length) expect(w.counts).toEqual(J.histogram(v, edges).counts);
    }), { numRuns: 200 });
  });

  it('fused histogram + moments equals the separate passes', () => {
    fc.assert(fc.property(sample(), edgesArb, (v, e) => {
      const w = W().histogramMoments(v, e), j = J.histogramMoments(v, e);
      expect(w.histogram).toEqual(j.histogram);
      expect(w.histogram).toEqual(W().histogram(v, e));
      const a = w.moments, b = j.moments;
      expect([a.count, a.nanCount, a.posInfCount, a.negInfCount, a.min, a.max]).toEqual([b.count, b.nanCount, b.posInfCount, b.negInfCount, b.min, b.max]);
      expectRel(a.mean, b.mean);
      expectRel(a.m2, b.m2);
    }), { numRuns: 200 });
  });

  it('dictionary code counts', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: -2, max: 12 }), { maxLength: 400 }), fc.integer({ min: 1, max: 10 }), (codes, k) => {
      const c = Int32Array.from(codes);
      expect(W().countCodes(c, k)).toEqual(J.countCodes(c, k));
    }));
  });

  it('sort: same bits as TypedArray.prototype.sort, NaN dropped and counted (radix path n >= 64)', () => {
    fc.assert(fc.property(sample(0, 2000), (v) => {
      const w = W().sort(v), j = J.sort(v);
      expect(w.nanCount).toBe(j.nanCount);
      expect(new Uint8Array(w.sorted.buffer)).toEqual(new Uint8Array(j.sorted.buffer));
    }), { numRuns: 150 });
  });

  it('argsort: identical stable permutations (radix with index payload vs comparator)', () => {
    fc.assert(fc.property(finiteSample(0, 600), (a) => {
      const v = a.map((x, i) => (i % 11 === 0 ? -0 : x));
      expect(W().argsort(v)).toEqual(J.argsort(v));
    }), { numRuns: 150 });
  });

  it('KS locations keep the sign of zero as numpy does (x = [0], y = [-0] → +0)', () => {
    for (const K of [W(), J]) {
      expect(Object.is(K.ksSweep(Float64Array.of(0), Float64Array.of(-0)).maxLocation, 0)).toBe(true);
      expect(Object.is(K.ksSweep(Float64Array.of(1), Float64Array.of(-0, 1)).minLocation, -0)).toBe(true);
    }
  });

  it('KS sweep, CDF distances and CvM U on sorted samples', () => {
    fc.assert(fc.property(finiteSample(), finiteSample(), (a, b) => {
      const x = J.sort(a).sorted, y = J.sort(b).sorted;
      expect(W().ksSweep(x, y)).toEqual(J.ksSweep(x, y));
      expectRel(W().cdfDistance(x, y, 1), J.cdfDistance(x, y, 1));
      expectRel(W().cdfDistance(x, y, 2), J.cdfDistance(x, y, 2));
      expectRel(W().cvmU(x, y), J.cvmU(x, y));
      const wx = x.map((_, i) => (i % 3) + 0.5), wy = y.map((_, i) => (i % 2) + 1);
      expectRel(W().cdfDistanceWeighted(x, wx, y, wy, 1), J.cdfDistanceWeighted(x, wx, y, wy, 1));
      expectRel(W().cdfDistanceWeighted(x, wx, y, wy, 2), J.cdfDistanceWeighted(x, wx, y, wy, 2));
    }), { numRuns: 300 });
  });

  it('ecdfCounts: samples with multiplicities equal ksSweep + cdfDistance on the expanded samples, bit for bit', () => {
    // distinct sorted values with counts 1..4 (a profile's sample), or a plain sorted sample with repeats
    const weighted = fc.array(fc.tuple(fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: -5, max: 5 })), fc.integer({ min: 1, max: 4 })), { minLength: 1, maxLength: 300 })
      .map((pairs) => {
        const m = new Map<number, number>();
        for (const [v, c] of pairs) m.set(v + 0, (m.get(v + 0) ?? 0) + c);
        const values = Float64Array.from([...m.keys()].sort((a, b) => a - b));
        const counts = Float64Array.from(values, (v) => m.get(v)!);
        const expanded = Float64Array.from(Array.from(values).flatMap((v, i) => new Array<number>(counts[i]).fill(v)));
        return { values, counts, expanded };
      });
    fc.assert(fc.property(weighted, weighted, finiteSample(), (a, b, raw) => {
      const plain = J.sort(raw).sorted;
      for (const K of [W(), J]) {
        const r = K.ecdfCounts(a.values, a.counts, b.values, b.counts);
        expect(r).toEqual({ ...J.ksSweep(a.expanded, b.expanded), wasserstein: J.cdfDistance(a.expanded, b.expanded, 1) });
        const q = K.ecdfCounts(a.values, a.counts, plain, undefined);
        expect(q).toEqual({ ...J.ksSweep(a.expanded, plain), wasserstein: J.cdfDistance(a.expanded, plain, 1) });
      }
    }), { numRuns: 300 });
  });

  it('columnVsSample: histogram, non-NaN count and the sweep against a sample, as the separate kernels give', () => {
    const sample = fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 0, maxLength: 40 }).map((a) => {
      const values = Float64Array.from(new Set(a.map((v) => v / 4))).sort();
      return { values, counts: Float64Array.from(values, (_, i) => (i % 3) + 1) };
    });
    const column = fc.array(fc.oneof(fc.double({ min: -10, max: 10, noNaN: true }), fc.constant(NaN), fc.constant(Infinity), fc.integer({ min: -5, max: 5 })), { minLength: 0, maxLength: 400 })
      .map((a) => Float64Array.from(a));
    const edges = Float64Array.of(-Infinity, -2, 0, 0.5, 3, Infinity);
    fc.assert(fc.property(column, sample, (v, s) => {
      const sorted = J.sort(v).sorted;
      const expected = {
        histogram: J.histogram(v, edges), sorted: sorted.length,
        sweep: sorted.length > 0 && s.values.length > 0 ? J.ecdfCounts(s.values, s.counts, sorted, undefined) : undefined,
      };
      for (const K of [W(), J]) expect(K.columnVsSample(v, edges, s.values, s.counts)).toEqual(expected);
    }), { numRuns: 300 });
  });

  it('quantiles (numpy linear)', () => {
    fc.assert(fc.property(finiteSample(1, 500), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 20 }), (a, p) => {
      const s = J.sort(a).sorted, probs = Float64Array.from(p);
      expect(W().quantiles(s, probs)).toEqual(J.quantiles(s, probs));
    }));
  });

  it('quantile summary by selection (WASM) equals sort + numpy-linear quantiles (JS), incl. > 4096 values', () => {
    const big = fc.array(fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: -3, max: 3 }), fc.constant(NaN)), { minLength: 0, maxLength: 20000, size: 'max' }).map((a) => Float64Array.from(a));
    const probs = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 25 }).map((a) => Float64Array.from(a));
    fc.assert(fc.property(big, probs, (v, p) => {
      const w = W().quantileSummary(v, p), j = J.quantileSummary(v, p);
      expect(w).toEqual(j);
    }), { numRuns: 60 });
    // concentrated data (one top-16-bit bucket) and heavy ties
    const spread = Float64Array.from({ length: 50000 }, (_, i) => (i % 97 === 0 ? NaN : Math.tan(i * 0.618) * (i % 7)));
    for (const v of [spread, Float64Array.from({ length: 10000 }, (_, i) => 1000 + i * 1e-9), Float64Array.from({ length: 9000 }, (_, i) => i % 3)]) {
      const p = Float64Array.from({ length: 11 }, (_, k) => k / 10);
      expect(W().quantileSummary(v, p)).toEqual(J.quantileSummary(v, p));
    }
  });

  it('binned divergences: every sum within 1e-12, proportions and contributions too', () => {
    const counts = fc.array(fc.integer({ min: 0, max: 1e6 }), { minLength: 1, maxLength: 40 });
    fc.assert(fc.property(counts, counts, fc.constantFrom(0, 1e-6, 1e-4, 0.5), fc.constantFrom(0 as const, 1 as const), (r, c, eps, mode) => {
      const k = Math.min(r.length, c.length);
      const ref = Float64Array.from(r.slice(0, k)), cur = Float64Array.from(c.slice(0, k));
      ref[0] += 1; cur[k - 1] += 1;
      const w = W().binnedDivergences(ref, cur, eps, mode), j = J.binnedDivergences(ref, cur, eps, mode);
      for (const key of ['psi', 'klReferenceCurrent', 'klCurrentReference', 'jsDivergence', 'jsDistance', 'hellinger', 'totalVariation'] as const) {
        expectRel(w[key], j[key]);
        expect(w[key] >= 0 || Number.isNaN(w[key])).toBe(true);
      }
      w.psiContributions.forEach((t, i) => expectRel(t, j.psiContributions[i]));
      w.referenceProportions.forEach((t, i) => expectRel(t, j.referenceProportions[i]));
    }), { numRuns: 300 });
  });

  it('sample-sketch hash pre-filter: identical candidates', () => {
    fc.assert(fc.property(sample(0, 2000), fc.integer({ min: 0, max: 2 ** 32 - 1 }), (v, thr) => {
      expect(W().sketchCandidates(v, thr)).toEqual(J.sketchCandidates(v, thr));
    }), { numRuns: 200 });
    const v = Float64Array.of(0, -0, NaN, Infinity, 1.5, -2);
    expect(Array.from(W().sketchCandidates(v, 0xffffffff))).toEqual([0, 1, 4, 5]);
  });

  it('PRNG streams are identical', () => {
    for (const seed of [0, 1, 42, 0xffffffff]) expect(W().rng(seed, 1000)).toEqual(J.rng(seed, 1000));
  });

  it('resampling kernels give identical replicates for the same seed', () => {
    const ref = Float64Array.of(120, 5, 300, 0, 77, 1000, 3), cur = Float64Array.of(100, 50, 250, 9, 80, 900, 0);
    for (const stat of Object.values(BinnedStat)) {
      const w = W().bootstrapBinned(ref, cur, 200, 7, stat, 1e-6, 0), j = J.bootstrapBinned(ref, cur, 200, 7, stat, 1e-6, 0);
      w.forEach((v, i) => expectRel(v, j[i]));
      const pw = W().permutationBinned(Float64Array.from(ref, (v, i) => v + cur[i]), 1505, 100, 9, stat, 1e-6, 0);
      const pj = J.permutationBinned(Float64Array.from(ref, (v, i) => v + cur[i]), 1505, 100, 9, stat, 1e-6, 0);
      pw.forEach((v, i) => expectRel(v, pj[i]));
    }
    fc.assert(fc.property(finiteSample(2, 200), finiteSample(2, 200), fc.integer({ min: 0, max: 2 ** 32 - 1 }), (a, b, seed) => {
      const x = J.sort(a).sorted, y = J.sort(b).sorted;
      for (const stat of Object.values(SortedStat)) {
        const w = W().bootstrapSorted(x, y, 20, seed, stat), j = J.bootstrapSorted(x, y, 20, seed, stat);
        w.forEach((v, i) => expectRel(v, j[i]));
        const pooled = J.sort(Float64Array.from([...a, ...b])).sorted;
        const pw = W().permutationSorted(pooled, x.length, 20, seed, stat), pj = J.permutationSorted(pooled, x.length, 20, seed, stat);
        pw.forEach((v, i) => expectRel(v, pj[i]));
      }
    }), { numRuns: 50 });
  });
});
