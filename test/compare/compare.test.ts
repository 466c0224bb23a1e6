// compare(): method selection by type and size, values equal to the standalone statistics, the drift signals
// (distribution, null share, unseen categories, missing column), multiple testing, the dataset rule.
import { describe, expect, it } from 'vitest';
import { compare } from '../../src/compare/compare.js';
import { adjustPValues, severityOf, DEFAULT_BANDS } from '../../src/compare/policy.js';
import { profile } from '../../src/profile/index.js';
import { ks2samp } from '../../src/methods/ks2samp.js';
import { psi, binnedDivergences } from '../../src/methods/divergences.js';
import { chi2Contingency } from '../../src/methods/chisquare.js';
import { wassersteinDistance } from '../../src/methods/cdf-distance.js';
import { Xoshiro128 } from '../../src/engine/js/rng.js';
import { DriftkitError } from '../../src/errors.js';

function normals(n: number, mean: number, sd: number, seed: number): Float64Array {
  const r = new Xoshiro128(seed);
  return Float64Array.from({ length: n }, () => mean + sd * Math.sqrt(-2 * Math.log(1 - r.nextF64())) * Math.cos(2 * Math.PI * r.nextF64()));
}
function cats(n: number, probs: number[], labels: string[], seed: number): string[] {
  const r = new Xoshiro128(seed);
  return Array.from({ length: n }, () => {
    let u = r.nextF64();
    for (let i = 0; i < probs.length; i++) { if ((u -= probs[i]) < 0) return labels[i]; }
    return labels[labels.length - 1];
  });
}

describe('compare: method selection and values', () => {
  it('small numeric reference: KS decides, with the same statistic and p-value as ks2samp', () => {
    const ref = normals(500, 0, 1, 1), cur = normals(400, 0.4, 1, 2);
    const r = compare({ x: ref }, { x: cur });
    const f = r.features.x;
    const ks = ks2samp(ref, cur);
    expect(f.method).toBe('ks');
    expect(f.statistic).toBe(ks.statistic);
    expect(f.pValue).toBe(ks.pValue);
    expect(f.drifted).toBe(true);
    expect(f.severity).toBe('critical');
    expect(f.scores.wasserstein).toBeCloseTo(wassersteinDistance(ref, cur), 12);
  });

  it('large numeric reference: PSI decides (equal to psi()), and a tiny shift at large n is not drift', () => {
    const ref = normals(100_000, 0, 1, 3), same = normals(100_000, 0.01, 1, 4), moved = normals(20_000, 0.5, 1, 5);
    const quiet = compare({ x: ref }, { x: same }).features.x;
    expect(quiet.method).toBe('psi');
    expect(quiet.statistic).toBe(psi(ref, same).value);
    expect(ks2samp(ref, same).pValue).toBeLessThan(0.05); // a p-value test would flag it...
    expect(quiet.drifted).toBe(false); // ...the distance does not
    const loud = compare({ x: ref }, { x: moved }).features.x;
    expect(loud.statistic).toBe(psi(ref, moved).value);
    expect(loud.severity).toBe(loud.statistic >= 0.25 ? 'critical' : 'moderate');
    expect(loud.bins!.contributions.reduce((a, b) => a + b)).toBeCloseTo(loud.statistic, 12);
  });

  it('timestamps instead of day counts: critical on every distance', () => {
    const days = Float64Array.from(normals(5000, 0, 1, 6), (z) => Math.floor(Math.abs(z) * 10));
    const ts = days.map((d) => 1_763_700_000 - d * 86_400);
    const f = compare({ days_since_last_transaction: days }, { days_since_last_transaction: ts }).features.days_since_last_transaction;
    expect(f.severity).toBe('critical');
    expect(f.scores.ks).toBe(1);
    expect(f.scores.wassersteinNormalized).toBeGreaterThan(1e6);
  });

  it('categorical: chi-square (small) and JS distance (large), unseen and missing categories', () => {
    const refSmall = cats(600, [0.5, 0.3, 0.2], ['a', 'b', 'c'], 7), curSmall = cats(500, [0.3, 0.3, 0.4], ['a', 'b', 'c'], 8);
    const s = compare({ c: refSmall }, { c: curSmall }).features.c;
    const count = (xs: string[], k: string) => xs.filter((x) => x === k).length;
    const table = [['a', 'b', 'c'].map((k) => count(refSmall, k)), ['a', 'b', 'c'].map((k) => count(curSmall, k))];
    expect(s.method).toBe('chisquare');
    expect(s.pValue).toBe(chi2Contingency(table).pValue);
    const refBig = cats(5000, [0.5, 0.3, 0.2], ['a', 'b', 'c'], 9), curBig = cats(3000, [0.5, 0.3, 0.15, 0.05], ['a', 'b', 'c', 'NEW'], 10);
    const b = compare({ c: refBig }, { c: curBig.filter((x) => x !== 'c') }).features.c;
    expect(b.method).toBe('jensenshannon');
    expect(b.newCategories).toEqual(['NEW']);
    expect(b.missingCategories).toEqual(['c']);
    const rc = ['a', 'b', 'c', 'NEW'].map((k) => count(refBig, k)), cc = ['a', 'b', 'c', 'NEW'].map((k) => count(curBig.filter((x) => x !== 'c'), k));
    expect(b.statistic).toBe(binnedDivergences(rc, cc).jsDistance);
    expect(b.signals.find((g) => g.kind === 'newCategories')!.severity).not.toBe('none');
  });

  it('chi-square: statistic is the chi-square statistic and pValue the p-value, as scipy.stats.chi2_contingency', () => {
    // reference a×30 b×20 c×10; current a×10 b×20 c×25 plus 5 rows of an unseen category d. compare's table is
    // reference vs current counts over the union of categories (the reference's, then the new ones):
    // [[30, 20, 10, 0], [10, 20, 25, 5]]. SciPy 1.x: chi2_contingency(table) → statistic 150/7, dof 3,
    // pvalue 8.576092160798478e-05.
    const rep = (k: string, n: number) => Array.from({ length: n }, () => k);
    const ref = [...rep('a', 30), ...rep('b', 20), ...rep('c', 10)];
    const cur = [...rep('a', 10), ...rep('b', 20), ...rep('c', 25), ...rep('d', 5)];
    const f = compare({ c: ref }, { c: cur }, { methods: { c: 'chisquare' } }).features.c;
    const table = [[30, 20, 10, 0], [10, 20, 25, 5]];
    expect(f.method).toBe('chisquare');
    expect(f.statistic).toBe(chi2Contingency(table).statistic);
    expect(f.statistic).toBeCloseTo(150 / 7, 12);
    expect(f.pValue).toBe(chi2Contingency(table).pValue);
    expect(f.pValue! / 8.576092160798478e-05 - 1).toBeLessThan(1e-9);
    expect(f.scores.chisquarePValue).toBe(f.pValue);
    // severity follows the p-value against the 'lower' bands (p < 0.001: critical), not the statistic
    const dist = f.signals.find((g) => g.kind === 'distribution')!;
    expect(dist.value).toBe(f.pValue);
    expect(dist.severity).toBe('critical');
    expect(f.drifted).toBe(true);

    // a 2×2 table: Yates' correction, as SciPy (chi2_contingency([[30, 10], [10, 30]]) → 18.05, 2.1517864378120177e-05)
    const two = compare({ y: [...rep('x', 30), ...rep('z', 10)] }, { y: [...rep('x', 10), ...rep('z', 30)] }, { methods: { y: 'chisquare' } }).features.y;
    expect(two.statistic).toBeCloseTo(18.05, 12);
    expect(two.pValue! / 2.1517864378120177e-05 - 1).toBeLessThan(1e-9);

    // no drift: a large-ish statistic with a large p-value is severity none (the statistic is not the decision value)
    const same = compare({ c: ref }, { c: [...rep('a', 28), ...rep('b', 22), ...rep('c', 10)] }, { methods: { c: 'chisquare' } }).features.c;
    expect(same.statistic).toBe(chi2Contingency([[30, 20, 10], [28, 22, 10]]).statistic);
    expect(same.pValue).toBeGreaterThan(0.05);
    expect(same.severity).toBe('none');
    // one category only: statistic 0, p-value 1
    const one = compare({ c: rep('a', 10) }, { c: rep('a', 7) }, { methods: { c: 'chisquare' } }).features.c;
    expect([one.statistic, one.pValue]).toEqual([0, 1]);
  });

  it('a change in null share is a drift signal even when the distribution holds', () => {
    const ref = normals(3000, 0, 1, 11);
    const cur: (number | null)[] = Array.from(normals(3000, 0, 1, 12));
    for (let i = 0; i < cur.length; i += 4) cur[i] = null; // 25% missing
    const f = compare({ x: ref }, { x: cur }).features.x;
    expect(f.currentNullShare).toBeCloseTo(0.25, 12);
    expect(f.signals.find((g) => g.kind === 'distribution')!.severity).toBe('none');
    expect(f.signals.find((g) => g.kind === 'nullShare')!.severity).toBe('critical');
    expect(f.drifted).toBe(true);
  });

  it('a feature missing from current is reported, not dropped; all-null current is a status', () => {
    const r = compare({ a: normals(100, 0, 1, 13), b: normals(100, 0, 1, 14) }, { a: normals(100, 0, 1, 15) });
    expect(r.features.b.status).toBe('missing-in-current');
    expect(r.features.b.severity).toBe('critical');
    const n = compare({ a: normals(100, 0, 1, 13) }, { a: [null, null, NaN] });
    expect(n.features.a.status).toBe('no-current-data');
    expect(n.features.a.drifted).toBe(true);
  });
});

describe('compare: dataset rule, corrections, profiles, errors', () => {
  const ref = { a: normals(800, 0, 1, 20), b: normals(800, 0, 1, 21), c: normals(800, 0, 1, 22), d: normals(800, 0, 1, 23) };
  const cur = { a: normals(500, 1, 1, 24), b: normals(500, 1, 1, 25), c: normals(500, 0, 1, 26), d: normals(500, 0, 1, 27) };

  it('share of drifted features against the threshold (default 0.5)', () => {
    const r = compare(ref, cur);
    expect(r.featuresMonitored).toBe(4);
    expect(r.driftedFeatures).toEqual(['a', 'b']);
    expect(r.driftShare).toBe(0.5);
    expect(r.driftDetected).toBe(true);
    expect(compare(ref, cur, { driftShare: 0.75 }).driftDetected).toBe(false);
  });

  it('a profile gives the same report as the raw reference', () => {
    const a = compare(ref, cur), b = compare(profile(ref), cur);
    expect({ ...b, timestamp: '' }).toEqual({ ...a, timestamp: '' });
  });

  it('the current side as a profile (with the reference edges) gives the same report as its columns', () => {
    const p = profile(ref);
    const edges = Object.fromEntries(Object.entries(p.features).map(([k, f]) => [k, (f as { edges: number[] }).edges]));
    const a = compare(p, cur), b = compare(p, profile(cur, { edges }));
    expect({ ...b, timestamp: '' }).toEqual({ ...a, timestamp: '' });
    expect(() => compare(p, profile(cur))).toThrow(/current\.features\.a must be profiled with the reference's bin edges/);
    const c = { c: cats(3000, [0.5, 0.5], ['x', 'y'], 30) }, d = { c: cats(2000, [0.4, 0.6], ['x', 'y'], 31) };
    expect({ ...compare(c, profile(d)), timestamp: '' }).toEqual({ ...compare(c, d), timestamp: '' });
  });

  it('Bonferroni and Benjamini–Hochberg adjust the p-values (BH as scipy.stats.false_discovery_control)', () => {
    expect(adjustPValues([0.01, 0.04, 0.03, 0.005], 'bh')).toEqual([0.02, 0.04, 0.039999999999999994, 0.02]);
    expect(adjustPValues([0.5, 0.001, 0.2, 0.04, 0.04, 0.9], 'bh')).toEqual([0.6, 0.006, 0.30000000000000004, 0.08, 0.08, 0.9]);
    expect(adjustPValues([0.01, 0.3], 'bonferroni')).toEqual([0.02, 0.6]);
    const r = compare(ref, cur, { correction: 'bonferroni' });
    for (const f of Object.values(r.features)) expect(f.adjustedPValue).toBe(Math.min(1, f.pValue! * 4));
  });

  it('prediction drift is reported on its own', () => {
    const r = compare({ ...ref, score: normals(800, 0.2, 0.1, 28) }, { ...cur, score: normals(500, 0.5, 0.1, 29) }, { prediction: 'score' });
    expect(r.predictionDrift?.feature).toBe('score');
    expect(r.predictionDrift?.drifted).toBe(true);
  });

  it('severity bands and overrides', () => {
    expect(severityOf(0.3, DEFAULT_BANDS.psi)).toBe('critical');
    expect(severityOf(0.12, DEFAULT_BANDS.psi)).toBe('moderate');
    expect(severityOf(0.01, DEFAULT_BANDS.ks)).toBe('moderate');
    const r = compare(ref, cur, { methods: { a: 'psi' }, thresholds: { psi: { moderate: 10, critical: 20 } } });
    expect(r.features.a.method).toBe('psi');
    expect(r.features.a.signals[0].severity).toBe('none');
  });

  it('bad input is an error naming the argument', () => {
    expect(() => compare(ref, { a: [1, 2], b: [1] })).toThrow(DriftkitError);
    expect(() => compare(ref, cur, { features: ['zzz'] })).toThrow(/compare: features names 'zzz', which is not in the reference profile/);
    expect(() => compare(ref, cur, { driftShare: 0 })).toThrow(/driftShare must be in \(0, 1\]/);
    expect(() => compare(ref, cur, { correction: 'holm' as never })).toThrow(/correction must be/);
    expect(() => compare(ref, cur, { methods: { a: 'chisquare' } })).toThrow(/categorical features only/);
    expect(() => compare(ref, cur, { prediction: 'nope' })).toThrow(/prediction names 'nope'/);
    expect(() => compare(ref, { a: ['x', 'y'] } as never)).toThrow(/compare: current\.a/);
  });

  it('a feature called "__proto__" is compared and reported like any other (issue 13: it was counted but missing)', () => {
    const cols = (v: number[]) => Object.fromEntries([['__proto__', v], ['x', v]]);
    const r = compare(cols([1, 2, 3, 4, 5, 6]), cols([10, 20, 30, 40, 50, 60]), { methods: Object.fromEntries([['__proto__', 'ks'], ['x', 'ks']]) });
    expect(Object.keys(r.features)).toEqual(['__proto__', 'x']);
    expect(Object.getPrototypeOf(r.features)).toBe(Object.prototype);
    expect(r.features['__proto__'].statistic).toBe(1);
    expect(r.driftedFeatures).toEqual(['__proto__', 'x']);
  });

  it('category names that are Object.prototype keys are ordinary categories', () => {
    const r = compare({ c: ['a', 'b', 'a', 'b'] }, { c: ['a', 'constructor', 'toString', '__proto__'] }).features.c;
    // one row each: listed by name (code-unit order) after rows
    expect(r.newCategories).toEqual(['__proto__', 'constructor', 'toString']);
    expect(r.newCategoryShare).toBe(0.75);
  });
});
