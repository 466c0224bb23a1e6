// Point masses in numeric columns: a profile's quantile edges give a value repeated among the quantiles (at
// least 1/bins of the rows) a bin of its own. Plain quantile edges put all of a 98%-zero column, or both values
// of a 0/1 column, into one bin, where PSI and JS are 0 whatever the current data do (found on real data: the
// mostly-zero cost columns of vega-datasets' birdstrikes).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { edgesFromQuantiles, profileEdges } from '../../src/methods/binning.js';
import { profile, type NumericProfile } from '../../src/profile/index.js';
import { compare } from '../../src/compare/compare.js';

const col = (spec: [number, number][]) => Float64Array.from(spec.flatMap(([v, n]) => Array<number>(n).fill(v)));

describe('profileEdges', () => {
  it('isolates repeated quantiles and equals edgesFromQuantiles when there are none', () => {
    expect(Array.from(profileEdges(Float64Array.of(0, 0, 0, 0, 5)))).toEqual([-Infinity, Number.MIN_VALUE, Infinity]);
    // two masses: a bin for each, and the (empty) one between them for values in (0, 1)
    expect(Array.from(profileEdges(Float64Array.of(0, 0, 0, 1, 1)))).toEqual([-Infinity, Number.MIN_VALUE, 1, Infinity]);
    expect(Array.from(profileEdges(Float64Array.of(1, 2, 2, 2, 3, 4)))).toEqual([-Infinity, 2, 2 + 2 ** -51, 3, Infinity]);
    expect(Array.from(profileEdges(Float64Array.of(-3, -3, 7)))).toEqual([-Infinity, -2.9999999999999996, Infinity]);
    expect(Array.from(profileEdges(Float64Array.of(4, 4, 4)))).toEqual([-Infinity, Infinity]);
    fc.assert(fc.property(fc.uniqueArray(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), { minLength: 2, maxLength: 12 }), (xs) => {
      const q = Float64Array.from(xs.map((x) => x + 0)).sort();
      if (new Set(q).size !== q.length) return;
      expect(Array.from(profileEdges(q))).toEqual(Array.from(edgesFromQuantiles(q)));
    }));
  });

  it('always gives strictly increasing edges from -Infinity to Infinity', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 1, maxLength: 15 }), (xs) => {
      const e = profileEdges(Float64Array.from(xs).sort());
      expect(e[0]).toBe(-Infinity);
      expect(e[e.length - 1]).toBe(Infinity);
      for (let i = 1; i < e.length; i++) expect(e[i]).toBeGreaterThan(e[i - 1]);
    }), { numRuns: 300 });
  });
});

describe('drift in tied numeric columns is seen', () => {
  it('a 0/1 column moving from 30% to 90% ones', () => {
    const ref = profile({ x: col([[0, 7000], [1, 3000]]) });
    const x = ref.features.x as NumericProfile;
    // numpy.quantile interpolates 0.3 at p = 0.7 (between the last 0 and the first 1): edges -∞, 5e-324, 0.3, 1, ∞
    expect(x.edges).toEqual([-Infinity, Number.MIN_VALUE, 0.3, 1, Infinity].map((e, i) => (i === 2 ? x.edges[2] : e)));
    expect(x.edges[2]).toBeCloseTo(0.3, 10); // (0.7 · 9999 − 6999), rounded
    expect(x.binCounts).toEqual([7000, 0, 0, 3000]);
    const r = compare(ref, { x: col([[0, 100], [1, 900]]) }).features.x;
    expect(r.method).toBe('psi');
    // PSI of (0.7, 0.3) → (0.1, 0.9): (0.1 − 0.7) ln(0.1/0.7) + (0.9 − 0.3) ln(0.9/0.3), up to the smoothing of the two empty bins
    expect(r.statistic).toBeCloseTo(-0.6 * Math.log(0.1 / 0.7) + 0.6 * Math.log(3), 4);
    expect(r.severity).toBe('critical');
  });

  it('a mostly-zero cost column whose non-zero share grows from 2% to 50%', () => {
    const ref = profile({ cost: Float64Array.from({ length: 10_000 }, (_, i) => (i % 50 === 0 ? 100 + i : 0)) });
    expect((ref.features.cost as NumericProfile).edges).toEqual([-Infinity, Number.MIN_VALUE, Infinity]);
    const cur = Float64Array.from({ length: 2000 }, (_, i) => (i % 2 === 0 ? 100 + i : 0));
    const r = compare(ref, { cost: cur }).features.cost;
    expect(r.statistic).toBeCloseTo(-0.48 * Math.log(0.5 / 0.98) + 0.48 * Math.log(0.5 / 0.02), 4);
    expect(r.drifted).toBe(true);
  });
});

describe('values near ±1.8e308 (issue 13, item 11)', () => {
  it('quantile edges stay increasing where NumPy\'s interpolation overflows to ±Infinity or NaN', async () => {
    const { quantileEdges } = await import('../../src/methods/binning.js');
    for (const x of [[-1.7e308, 1.7e308], [-1.79e308, -1e308, 1.79e308], [-1.7e308, -1.6e308, 1.6e308, 1.7e308, 0]]) {
      for (const backend of ['wasm', 'js'] as const) {
        const e = Array.from(quantileEdges(Float64Array.from(x), 4, { backend }));
        expect(e[0]).toBe(-Infinity);
        expect(e.at(-1)).toBe(Infinity);
        for (let i = 1; i < e.length; i++) expect(e[i]).toBeGreaterThan(e[i - 1]);
        expect(e.slice(1, -1).every(Number.isFinite)).toBe(true);
      }
    }
    // numpy.quantile([-1.79e308, -1e308, 1.79e308], [0, .25, .5, .75, 1]) = [-1.79e308, -1.395e308, nan, -inf, 1.79e308]
    expect(Array.from(quantileEdges(Float64Array.of(-1.79e308, -1e308, 1.79e308), 4))).toEqual([-Infinity, -1.3949999999999999e308, Infinity]);
    const p = profile({ x: Float64Array.of(-1.7e308, 1.7e308, -1.7e308, 1.7e308) });
    expect(compare(p, { x: [1.7e308, 1.7e308] }).features.x.status).toBe('ok');
  });
});
