// Binning and binned divergences: NumPy conventions, SciPy's entropy/jensenshannon values, smoothing,
// policies for NaN/±Infinity, and errors that name the argument.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { histogram, histogramDetailed, quantileEdges } from '../../src/methods/binning.js';
import { binnedDivergences, hellinger, jsDivergence, klDivergence, psi, totalVariation } from '../../src/methods/divergences.js';
import { DriftkitError } from '../../src/errors.js';

describe('quantileEdges', () => {
  it('numpy.quantile linear, unique, outer edges opened', () => {
    // np.quantile(np.arange(1, 11), np.arange(11)/10) = 1, 1.9, 2.8, ..., 10
    const e = quantileEdges([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 10);
    expect(Array.from(e)).toEqual([-Infinity, 1.9, 2.8, 3.6999999999999997, 4.6, 5.5, 6.3999999999999995, 7.3, 8.2, 9.1, Infinity]);
    expect(Array.from(quantileEdges([3, 3, 3], 10))).toEqual([-Infinity, Infinity]);
    expect(Array.from(quantileEdges([0, 0, 0, 1], 4))).toEqual([-Infinity, 0.25, Infinity]);
  });
  it('ignores NaN, puts ±Infinity in the outer bins (as numpy.quantile ranks them), rejects empty input', () => {
    expect(Array.from(quantileEdges([1, NaN, 2, 3], 2))).toEqual([-Infinity, 2, Infinity]);
    // np.quantile([1, inf], [0, .5, 1]) = [1, inf, inf]: no finite inner edge
    expect(Array.from(quantileEdges([1, Infinity], 2))).toEqual([-Infinity, Infinity]);
    expect(() => quantileEdges([], 2)).toThrow(/reference must not be empty/);
    expect(() => quantileEdges([NaN], 2)).toThrow(/reference has no non-NaN values/);
    expect(() => quantileEdges([1, 2], 0)).toThrow(/bins must be an integer/);
  });
});

describe('histogram (numpy.histogram semantics)', () => {
  it('bins [e_i, e_i+1), last bin closed, outside and NaN not counted', () => {
    const v = [0, 1, 1.5, 2, 2.5, 3, 3.5, NaN, -1, 4];
    expect(Array.from(histogram(v, [0, 1, 2, 3]))).toEqual([1, 2, 3]);
    expect(histogramDetailed(v, [0, 1, 2, 3])).toMatchObject({ under: 1, over: 2, nan: 1 });
  });
  it('a number of bins gives numpy\'s equal-width bins over the range (fast path)', () => {
    // numpy.histogram([0,1,1.5,2,2.5,3,3.5,4,10], bins=4) -> [4, 4, 0, 1], edges 0, 2.5, 5, 7.5, 10
    const v = [0, 1, 1.5, 2, 2.5, 3, 3.5, 4, 10];
    for (const backend of ['wasm', 'js'] as const) {
      const h = histogramDetailed(v, 4, { backend });
      expect(Array.from(h.counts)).toEqual([4, 4, 0, 1]);
      expect(Array.from(h.edges)).toEqual([0, 2.5, 5, 7.5, 10]);
      // numpy.histogram(v, bins=3, range=(0, 4)) -> [2, 3, 3]
      expect(Array.from(histogram(v, 3, { range: [0, 4], backend }))).toEqual([2, 3, 3]);
      // numpy.histogram(0.1..1.0, bins=10) -> ten ones (edges 0.1, 0.19, ... are inexact)
      expect(Array.from(histogram([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0], 10, { backend }))).toEqual(new Array(10).fill(1));
      expect(Array.from(histogram([5, 5], 2, { backend }))).toEqual([0, 2]); // range widened to [4.5, 5.5]
    }
    expect(() => histogram([1, Infinity], 3)).toThrow(/histogram: values contain ±Infinity/);
    expect(() => histogram([NaN], 3)).toThrow(/values have no finite values/);
    expect(() => histogram([1], 3, { range: [2, 1] })).toThrow(/range must be \[lo, hi\]/);
    expect(() => histogram([1], [0, 1], { range: [0, 1] })).toThrow(/range applies only when bins is a number/);
  });
  it('rejects bad edges by name', () => {
    expect(() => histogram([1], [1])).toThrow(/edges must have at least 2 values/);
    expect(() => histogram([1], [2, 1])).toThrow(/edges must increase strictly/);
    expect(() => histogram([1], [0, NaN])).toThrow(/edges must not contain NaN/);
  });
});

describe('binnedDivergences', () => {
  it('matches hand-computed values with epsilon clipping', () => {
    const d = binnedDivergences([50, 50, 0], [25, 50, 25]);
    // p = clip([0.5, 0.5, 0], 1e-6) renormalised
    const p = [0.5, 0.5, 1e-6].map((x) => x / 1.000001), q = [0.25, 0.5, 0.25];
    const psiExp = p.reduce((s, pi, i) => s + (q[i] - pi) * Math.log(q[i] / pi), 0);
    expect(d.psi).toBeCloseTo(psiExp, 12);
    expect(d.psiContributions.reduce((a, b) => a + b, 0)).toBeCloseTo(d.psi, 12);
    expect(d.klReferenceCurrent + d.klCurrentReference).toBeCloseTo(d.psi, 12);
    expect(d.totalVariation).toBeCloseTo(0.25, 5);
  });
  it('epsilon 0 gives raw proportions: an emptied bin makes PSI infinite', () => {
    expect(binnedDivergences([1, 1], [2, 0], { epsilon: 0 }).psi).toBe(Infinity);
    expect(binnedDivergences([1, 1], [2, 0], { epsilon: 0 }).totalVariation).toBe(0.5);
  });
  it('additive smoothing', () => {
    const d = binnedDivergences([1, 0], [0, 1], { epsilon: 1, smoothing: 'additive' });
    expect(Array.from(d.referenceProportions)).toEqual([2 / 3, 1 / 3]);
  });
  it('invariants: non-negative, symmetric where the metric is, zero on identical counts', () => {
    const counts = fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 2, maxLength: 20 });
    fc.assert(fc.property(counts, counts, (a, b) => {
      const k = Math.min(a.length, b.length);
      const r = a.slice(0, k), c = b.slice(0, k);
      r[0]++; c[0]++;
      const d = binnedDivergences(r, c), e = binnedDivergences(c, r);
      for (const key of ['psi', 'klReferenceCurrent', 'jsDistance', 'hellinger', 'totalVariation'] as const) expect(d[key]).toBeGreaterThanOrEqual(0);
      for (const key of ['psi', 'jsDistance', 'hellinger', 'totalVariation'] as const) expect(Math.abs(d[key] - e[key])).toBeLessThanOrEqual(1e-12 * Math.max(1, d[key]));
      expect(Math.abs(d.klReferenceCurrent - e.klCurrentReference)).toBeLessThanOrEqual(1e-12 * Math.max(1, d.klReferenceCurrent));
      expect(binnedDivergences(r, r).psi).toBe(0);
    }));
  });
  it('errors name the argument', () => {
    expect(() => binnedDivergences([1, 2], [1])).toThrow(/currentCounts must have the same length as referenceCounts/);
    expect(() => binnedDivergences([1, -2], [1, 1])).toThrow(/referenceCounts must hold non-negative finite counts; index 1 is -2/);
    expect(() => binnedDivergences([0, 0], [1, 1])).toThrow(/referenceCounts must have a positive total/);
    expect(() => binnedDivergences([], [])).toThrow(/referenceCounts must not be empty/);
    expect(() => binnedDivergences([1], [1], { epsilon: -1 })).toThrow(/epsilon must be a number in \[0, 1\)/);
    expect(() => binnedDivergences([1], [1], { smoothing: 'laplace' as never })).toThrow(/smoothing must be 'clip' or 'additive'/);
  });
});

describe('psi and friends on raw samples', () => {
  const ref = Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 10);
  const cur = Array.from({ length: 800 }, (_, i) => Math.sin(i * 1.3) * 10 + 3);
  it('shape: edges, counts, proportions and contributions that sum to the value', () => {
    const r = psi(ref, cur);
    expect(r.edges.length).toBe(11);
    expect(r.referenceCounts.reduce((a, b) => a + b)).toBe(1000);
    expect(r.currentCounts.reduce((a, b) => a + b)).toBe(800);
    expect(r.contributions.reduce((a, b) => a + b)).toBeCloseTo(r.value, 12);
    expect(r.value).toBeGreaterThan(0.25);
    expect(psi(ref, ref).value).toBe(0);
  });
  it('NaN is dropped and counted; ±Infinity in current lands in the outer bins', () => {
    const r = psi([...ref, NaN, NaN], [...cur, NaN, Infinity, -Infinity]);
    expect(r.referenceNaN).toBe(2);
    expect(r.currentNaN).toBe(1);
    expect(r.currentCounts.reduce((a, b) => a + b)).toBe(802);
  });
  it('the other metrics agree with binnedDivergences on the same counts', () => {
    const b = psi(ref, cur);
    const d = binnedDivergences(b.referenceCounts, b.currentCounts);
    expect(klDivergence(ref, cur).value).toBe(d.klReferenceCurrent);
    expect(klDivergence(ref, cur, { direction: 'current-reference' }).value).toBe(d.klCurrentReference);
    expect(jsDivergence(ref, cur).value).toBe(d.jsDivergence);
    expect(jsDivergence(ref, cur).distance).toBe(d.jsDistance);
    expect(jsDivergence(ref, cur, { base: 2 }).value).toBeCloseTo(d.jsDivergence / Math.LN2, 14);
    expect(hellinger(ref, cur).value).toBe(d.hellinger);
    expect(totalVariation(ref, cur).value).toBe(d.totalVariation);
    for (const m of [klDivergence(ref, cur), jsDivergence(ref, cur), totalVariation(ref, cur)]) {
      expect(m.contributions.reduce((a, b) => a + b)).toBeCloseTo(m.value, 12);
    }
  });
  it('explicit edges are used with outer edges opened', () => {
    const r = psi([1, 2, 3, 4], [0, 10], { edges: [1, 2.5, 4] });
    expect(Array.from(r.edges)).toEqual([-Infinity, 2.5, Infinity]);
    expect(Array.from(r.currentCounts)).toEqual([1, 1]);
  });
  it('errors name the argument', () => {
    expect(() => psi([], [1])).toThrow(/psi: reference must not be empty/);
    expect(() => psi([1, 2], [])).toThrow(/psi: current must not be empty/);
    expect(() => psi([1, 2], [NaN])).toThrow(/psi: current has no non-NaN values/);
    expect(() => psi([1, Infinity], [1])).toThrow(/psi: reference must be finite/);
    expect(() => psi([1, 2], [1], { bins: 2.5 })).toThrow(/psi: bins must be an integer/);
    expect(() => klDivergence([1, 2], [1], { direction: 'up' as never })).toThrow(/direction must be/);
    expect(() => jsDivergence([1, 2], [1], { base: 1 })).toThrow(/base must be a positive number other than 1/);
    expect(() => psi({} as never, [1])).toThrow(DriftkitError);
  });
});
