// quantileEdges with ±Infinity in the reference: accepted as numpy.quantile accepts it. NumPy ranks an
// infinite value below / above every finite one and interpolates; an inner quantile that touches an infinity
// comes out ±inf or NaN and is no edge here, so the infinite values land in the outer bins.
import { describe, expect, it } from 'vitest';
import { histogram, quantileEdges } from '../../src/methods/binning.js';
import { DriftkitError } from '../../src/errors.js';
import { readFileSync } from 'node:fs';

const golden = JSON.parse(readFileSync(new URL('../fixtures/golden.json', import.meta.url), 'utf8')).datasets;

const backends = ['wasm', 'js'] as const;
const decode = (xs: (number | string)[]): number[] => xs.map((x) => (typeof x === 'number' ? x : Number(x)));

describe.each(backends)('quantileEdges with infinite values (%s)', (backend) => {
  it('+Infinity: finite inner edges are numpy.quantile\'s, the infinity is in the last bin', () => {
    // np.quantile([1..9, inf], k/10) = 1, 1.9, 2.8, 3.7, 4.6, 5.5, 6.4, 7.3, 8.2, inf, nan
    const ref = [1, 2, 3, 4, 5, 6, 7, 8, 9, Infinity];
    const e = Array.from(quantileEdges(ref, 10, { backend }));
    const finite = Array.from(quantileEdges([1, 2, 3, 4, 5, 6, 7, 8, 9, 9.5], 10, { backend })).slice(1, 9);
    // the same inner edges as a reference with a finite top value, up to the 0.8 quantile (8.2)
    expect(e).toEqual([-Infinity, ...finite, Infinity]);
    expect(e[e.length - 2]).toBeCloseTo(8.2, 12);
    // every value, the infinity included, is counted; the infinity in the last bin
    const h = Array.from(histogram(ref, e));
    expect(h.reduce((a, b) => a + b, 0)).toBe(ref.length);
    expect(h[h.length - 1]).toBe(2); // 9 and +Infinity
  });

  it('numpy gives NaN at an exact index next to an infinity: no edge there', () => {
    // np.quantile([1..10, inf], k/10) = 1..9, nan, nan
    expect(Array.from(quantileEdges([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, Infinity], 10, { backend })))
      .toEqual([-Infinity, 2, 3, 4, 5, 6, 7, 8, 9, Infinity]);
  });

  it('-Infinity and +Infinity: both in the outer bins', () => {
    // np.quantile([-inf, 1..9, inf], [0, .25, .5, .75, 1]) = nan, 2.5, 5, 7.5, nan
    const ref = [-Infinity, 1, 2, 3, 4, 5, 6, 7, 8, 9, Infinity];
    const e = Array.from(quantileEdges(ref, 4, { backend }));
    expect(e).toEqual([-Infinity, 2.5, 5, 7.5, Infinity]);
    expect(Array.from(histogram(ref, e))).toEqual([3, 2, 3, 3]);
    // np.quantile([-inf, 1, 2, 3], k/3) = nan, 1, 2, 3: the inner edges 1 and 2 are kept
    expect(Array.from(quantileEdges([-Infinity, 1, 2, 3], 3, { backend }))).toEqual([-Infinity, 1, 2, Infinity]);
  });

  it('only infinite values (and NaN): the single bin [-Infinity, Infinity]', () => {
    expect(Array.from(quantileEdges([Infinity, Infinity], 5, { backend }))).toEqual([-Infinity, Infinity]);
    expect(Array.from(quantileEdges([-Infinity, NaN, Infinity], 5, { backend }))).toEqual([-Infinity, Infinity]);
    expect(Array.from(quantileEdges([1, Infinity], 2, { backend }))).toEqual([-Infinity, Infinity]);
  });

  it('the golden references with infinities: numpy.quantile\'s finite inner edges (recorded in the fixture notes)', () => {
    const g = golden as unknown as Record<string, { x: (number | string)[] }>;
    // numpy.quantile(with_posinf.x, k/10) inner values, from the fixture's notes (last one NaN)
    const posinf = quantileEdges(decode(g.with_posinf.x), 10, { backend });
    expect(Array.from(posinf)).toEqual([-Infinity, -1.5829750642690639, -0.7672420195688989, -0.2856814159348518,
      -0.015113665454933319, 0.1984395267393443, 0.3750260462548119, 0.8678258258406947, 1.3768140673930314,
      1.6474281175697831, Infinity]);
    const both = quantileEdges(decode(g.with_inf_both.x), 10, { backend });
    expect(Array.from(both)).toEqual([-Infinity, -1.560252850272235, -0.9553621585572765, -0.5489385916608298,
      -0.18759048978545173, 0.12191023911557178, 0.19912969783047235, 0.44573987975794904, 0.8058426867893326,
      1.1989824822487265, Infinity]);
  });

  it('empty or all-NaN is still an error naming the argument', () => {
    expect(() => quantileEdges([], 3, { backend })).toThrow(DriftkitError);
    expect(() => quantileEdges([NaN, NaN], 3, { backend })).toThrow(/quantileEdges: reference has no non-NaN values/);
  });
});
