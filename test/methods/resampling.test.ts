// Bootstrap and permutation: reproducible from the seed, identical on both backends, samplers with the
// right moments, and intervals / p-values that behave as they should on known situations.
import { describe, expect, it } from 'vitest';
import { bootstrap, permutationTest } from '../../src/methods/resampling.js';
import { ks2samp } from '../../src/methods/ks2samp.js';
import { psi } from '../../src/methods/divergences.js';
import { binomial, multinomial } from '../../src/engine/js/resample.js';
import { Xoshiro128 } from '../../src/engine/js/rng.js';

function normals(n: number, mean: number, seed: number): Float64Array {
  const r = new Xoshiro128(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = mean + Math.sqrt(-2 * Math.log(1 - r.nextF64())) * Math.cos(2 * Math.PI * r.nextF64());
  return out;
}

describe('samplers', () => {
  it('xoshiro128** matches the reference output of the published algorithm for a known state', () => {
    // Expected values from Blackman & Vigna's reference C (xoshiro128starstar.c), state from splitmix32(42).
    const r = new Xoshiro128(42);
    expect(Array.from({ length: 4 }, () => r.nextU32())).toEqual([2837322924, 544945897, 479756282, 3500138142]);
  });

  for (const [n, p] of [[20, 0.3], [1000, 0.002], [1000, 0.5], [100000, 0.1], [5000, 0.97], [1, 0.5]] as const) {
    it(`binomial(${n}, ${p}) has mean np and variance np(1-p) (inversion and BTRD paths)`, () => {
      const r = new Xoshiro128(7);
      const draws = 40000;
      let s = 0, s2 = 0;
      for (let i = 0; i < draws; i++) {
        const k = binomial(r, n, p);
        expect(k >= 0 && k <= n && Number.isInteger(k)).toBe(true);
        s += k; s2 += k * k;
      }
      const mean = s / draws, variance = s2 / draws - mean * mean;
      const v = n * p * (1 - p);
      expect(Math.abs(mean - n * p)).toBeLessThan(5 * Math.sqrt(v / draws));
      expect(Math.abs(variance / v - 1)).toBeLessThan(0.05);
    });
  }

  it('multinomial draws sum to n with the right means', () => {
    const r = new Xoshiro128(3);
    const probs = Float64Array.of(0.5, 0.25, 0.125, 0.125, 0);
    const out = new Float64Array(5), sum = new Float64Array(5);
    for (let i = 0; i < 5000; i++) {
      multinomial(r, 1000, probs, out);
      expect(out.reduce((a, b) => a + b)).toBe(1000);
      out.forEach((v, j) => (sum[j] += v));
    }
    probs.forEach((p, j) => expect(Math.abs(sum[j] / 5000 - 1000 * p)).toBeLessThan(1));
    expect(sum[4]).toBe(0);
  });
});

describe('bootstrap', () => {
  const ref = normals(5000, 0, 1), cur = normals(3000, 0.3, 2);
  it('is reproducible from the seed and identical on both backends', () => {
    for (const statistic of ['psi', 'jsDistance', 'ks', 'wasserstein'] as const) {
      const a = bootstrap(ref, cur, { statistic, nResamples: 200, seed: 11 });
      const b = bootstrap(ref, cur, { statistic, nResamples: 200, seed: 11, backend: 'js' });
      expect(Array.from(a.distribution)).toEqual(Array.from(b.distribution).map((v, i) => (Math.abs(v - a.distribution[i]) <= 1e-12 * Math.abs(v) ? a.distribution[i] : v)));
      expect(bootstrap(ref, cur, { statistic, nResamples: 200, seed: 12 }).distribution).not.toEqual(a.distribution);
    }
  });
  it('percentile interval brackets the observed PSI and has a sensible width', () => {
    const b = bootstrap(ref, cur, { statistic: 'psi', nResamples: 1000 });
    expect(b.value).toBe(psi(ref, cur).value);
    expect(b.confidenceInterval.low).toBeLessThan(b.value);
    expect(b.confidenceInterval.high).toBeGreaterThan(b.value);
    expect(b.standardError).toBeGreaterThan(0);
    expect(b.confidenceInterval.high - b.confidenceInterval.low).toBeLessThan(b.value);
    expect(b.method).toBe('multinomial-counts');
  });
  it('row bootstrap of Wasserstein centres on the observed value', () => {
    const b = bootstrap(ref, cur, { statistic: 'wasserstein', nResamples: 300 });
    const mean = b.distribution.reduce((s, v) => s + v) / b.distribution.length;
    expect(Math.abs(mean - b.value)).toBeLessThan(3 * b.standardError);
    expect(b.method).toBe('row-resampling');
  });
  it('rejects bad options by name', () => {
    expect(() => bootstrap(ref, cur, { statistic: 'mean' as never })).toThrow(/bootstrap: statistic must be one of/);
    expect(() => bootstrap(ref, cur, { nResamples: 0 })).toThrow(/nResamples must be an integer/);
    expect(() => bootstrap(ref, cur, { seed: -1 })).toThrow(/seed must be an integer in \[0, 2\^32\)/);
    expect(() => bootstrap(ref, cur, { confidenceLevel: 95 })).toThrow(/confidenceLevel must be a number in \(0, 1\)/);
  });
});

describe('permutationTest', () => {
  it('same distribution: a large p-value; shifted: the smallest attainable', () => {
    const a = normals(800, 0, 21), b = normals(700, 0, 22), c = normals(700, 0.5, 23);
    for (const statistic of ['psi', 'ks', 'wasserstein', 'energy'] as const) {
      expect(permutationTest(a, b, { statistic, nResamples: 299 }).pValue).toBeGreaterThan(0.05);
      expect(permutationTest(a, c, { statistic, nResamples: 299 }).pValue).toBe(1 / 300);
    }
  });
  it('KS permutation p-value agrees with the exact/asymptotic KS p-value within Monte Carlo error', () => {
    const a = normals(300, 0, 31), b = normals(250, 0.15, 32);
    const p = permutationTest(a, b, { statistic: 'ks', nResamples: 4000, seed: 5 }).pValue;
    const exact = ks2samp(a, b).pValue;
    expect(Math.abs(p - exact)).toBeLessThan(4 * Math.sqrt((exact * (1 - exact)) / 4000) + 0.005);
  });
  it('is identical on both backends', () => {
    const a = normals(300, 0, 41), b = normals(200, 0.2, 42);
    for (const statistic of ['psi', 'ks'] as const) {
      const w = permutationTest(a, b, { statistic, nResamples: 100, seed: 3 });
      const j = permutationTest(a, b, { statistic, nResamples: 100, seed: 3, backend: 'js' });
      expect(w.pValue).toBe(j.pValue);
    }
  });
});
