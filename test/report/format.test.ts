// The renderers' number formatting and ordering helpers.
import { describe, expect, it } from 'vitest';
import { driftScore, edgesOf, esc, fmt, fmtP, fmtPct, num, squeeze, tickLabels } from '../../src/report/format.js';
import { ecdfScale, linearTicks, stepsFromSample } from '../../src/report/svg.js';
import type { FeatureDrift } from '../../src/compare/compare.js';

describe('report formatting', () => {
  it('fmt: compact numbers, grouped thousands, plain exponents, infinities', () => {
    expect([0, 0.0123, 4.2, 33.1, 4083.16, 12345, 1_763_700_000, 3.2e-7, -0.5].map((x) => fmt(x)))
      .toEqual(['0', '0.0123', '4.2', '33.1', '4,083', '12,345', '1.76e9', '3.2e-7', '−0.5']);
    expect([Infinity, -Infinity, NaN].map((x) => fmt(x))).toEqual(['+∞', '−∞', '—']);
    expect([Infinity, -Infinity, NaN, -2].map((x) => fmt(x, { ascii: true }))).toEqual(['inf', '-inf', '-', '-2']);
  });

  it('tickLabels: enough digits to tell neighbours apart', () => {
    expect(tickLabels([1_763_700_000, 1_763_786_400, 1_763_872_800])).toEqual(['1.7637e9', '1.7638e9', '1.7639e9']);
    expect(tickLabels([1_763_700_000, 1_763_710_000])).toEqual(['1.7637e9', '1.76371e9']);
    expect(tickLabels([0, 0.5, 1])).toEqual(['0', '0.5', '1']);
    expect(tickLabels([1.001, 1.002])).toEqual(['1.001', '1.002']);
    expect(tickLabels([NaN, 5, NaN])).toEqual(['—', '5', '—']);
  });

  it('p-values and percentages', () => {
    expect([0.5, 0.043, 0.0012, 2.1e-12, 0].map((p) => fmtP(p))).toEqual(['0.5', '0.043', '0.0012', '2.1e-12', '0']);
    expect([0, 0.123, 0.0004, 0.99996, 1].map((x) => fmtPct(x))).toEqual(['0%', '12.3%', '<0.1%', '>99.9%', '100%']);
  });

  it('esc and tolerant number reading (reports that went through JSON)', () => {
    expect(esc('<a href="x">&\'</a>')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;');
    expect([num('Infinity'), num('-Infinity'), num(null), num(3)]).toEqual([Infinity, -Infinity, NaN, 3]);
    expect(edgesOf([null, 1, 2, null])).toEqual([-Infinity, 1, 2, Infinity]);
  });

  it('drift score: 1 at the moderate threshold whatever the method; unmeasured features first', () => {
    const f = (method: string, statistic: number, direction: 'higher' | 'lower', moderate: number, pValue?: number) =>
      ({ method, statistic, pValue, threshold: { direction, moderate, critical: moderate }, status: 'ok' }) as unknown as FeatureDrift;
    expect(driftScore(f('psi', 0.1, 'higher', 0.1))).toBeCloseTo(1);
    expect(driftScore(f('ks', 0.2, 'lower', 0.05, 0.05))).toBeCloseTo(1);
    expect(driftScore(f('ks', 0.2, 'lower', 0.05, 1e-10))).toBeGreaterThan(5);
    expect(driftScore({ ...f('psi', NaN, 'higher', 0.1), status: 'missing-in-current' } as FeatureDrift)).toBe(Infinity);
  });

  it('squeeze: numeric bins averaged (equal-mass bins stay level), categories keep the largest', () => {
    const even = squeeze({ ref: Array(10).fill(0.1), cur: Array(10).fill(0.1) }, 7, false);
    expect(new Set(even.ref.map((x) => x.toFixed(12))).size).toBe(1);
    const cats = squeeze({ ref: [0.5, 0.01, 0.3, 0.02, 0.17], cur: [0.5, 0.01, 0.3, 0.02, 0.17] }, 3, true);
    expect(cats.ref.map((x) => +x.toFixed(6))).toEqual([0.5, 0.3, 0.2]);
  });

  it('ECDF scale: symmetric log for day counts next to timestamps, linear otherwise', () => {
    const days = stepsFromSample([0, 1, 2, 5, 30], [50, 30, 10, 8, 2])!;
    const ts = stepsFromSample([1.7630e9, 1.7634e9, 1.7637e9], [1, 1, 1])!;
    expect(ecdfScale(days, ts).kind).toBe('symlog');
    expect(ecdfScale(stepsFromSample([5], [10])!, stepsFromSample([7], [10])!).kind).toBe('linear');
    expect(ecdfScale(ts, stepsFromSample([1.7640e9, 1.7641e9], [1, 1])!).kind).toBe('linear');
    expect(linearTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });
});
