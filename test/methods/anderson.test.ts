// andersonKsamp against SciPy's own anderson_ksamp test cases (each test's tolerance, and tightly against
// what scipy 1.17.1 computes), plus the input errors driftkit raises where SciPy fails or misbehaves.
import { describe, expect, it } from 'vitest';
import { cases, expectClose, num, tolFor } from '../helpers/oracle.js';
import { andersonKsamp, ANDERSON_KSAMP_LEVELS } from '../../src/methods/anderson.js';
import { DriftkitError } from '../../src/errors.js';

const relErr = (a: number, e: number) => (a === e ? 0 : Math.abs(a - e) / Math.abs(e));

describe('anderson_ksamp (SciPy test-suite cases)', () => {
  const all = cases('anderson_ksamp');
  it('has the 15 oracle cases', () => expect(all.length).toBe(15));
  const worst = { statistic: 0, pvalue: 0, critical_values: 0 };
  for (const c of all) {
    it(c.id, () => {
      const call = () => andersonKsamp(c.inputs.samples, { variant: c.params.variant });
      if (c.expected.error) {
        expect(call).toThrow(DriftkitError);
        return;
      }
      const r = call();
      expectClose(r.statistic, c.expected.statistic, tolFor(c, 'statistic'), `${c.id} statistic`);
      expectClose(r.pValue, c.expected.pvalue, tolFor(c, 'pvalue'), `${c.id} pvalue`);
      if (c.expected.critical_values) {
        expectClose(r.criticalValues, c.expected.critical_values, tolFor(c, 'critical_values'), `${c.id} critical_values`);
      }
      // The SciPy tests check 3-4 decimals; check scipy 1.17.1's full-precision output as well.
      const local = num(c.local_scipy);
      expectClose(r.statistic, local.statistic, { rtol: 1e-13, atol: 0 }, `${c.id} statistic (local scipy)`);
      expectClose(r.pValue, local.pvalue, { rtol: 1e-13, atol: 0 }, `${c.id} pvalue (local scipy)`);
      expectClose(r.criticalValues, local.critical_values, { rtol: 0, atol: 0 }, `${c.id} critical_values (local scipy)`);
      worst.statistic = Math.max(worst.statistic, relErr(r.statistic, local.statistic));
      worst.pvalue = Math.max(worst.pvalue, relErr(r.pValue, local.pvalue));
      // SciPy warns when the p-value is capped or floored
      if (local.pvalue === 0.25) expect(r.warning).toMatch(/p-value capped/);
      else if (local.pvalue === 0.001) expect(r.warning).toMatch(/p-value floored/);
      else expect(r.warning).toBeUndefined();
    });
  }
  it('reports the worst relative errors against scipy 1.17.1', () => {
    console.log(`anderson_ksamp oracle: worst rel err statistic ${worst.statistic.toExponential(2)}, p ${worst.pvalue.toExponential(2)}`);
  });
});

describe('andersonKsamp: SciPy semantics', () => {
  const x = [0.1, 0.7, 1.3, 2.2, 2.9, 3.4, 4.8], y = [0.5, 1.1, 1.9, 3.7, 4.1, 5.5];
  it("'right' and 'continuous' agree without ties; 'midrank' is the default", () => {
    const right = andersonKsamp([x, y], { variant: 'right' });
    const cont = andersonKsamp([x, y], { variant: 'continuous' });
    expect(cont.statistic).toBeCloseTo(right.statistic, 12);
    expect(andersonKsamp([x, y])).toEqual(andersonKsamp([x, y], { variant: 'midrank' }));
  });
  it('critical values at the 7 levels 0.25 … 0.001 (k = 2: b0 + b1 + b2)', () => {
    expect(ANDERSON_KSAMP_LEVELS).toEqual([0.25, 0.1, 0.05, 0.025, 0.01, 0.005, 0.001]);
    expect(andersonKsamp([x, y]).criticalValues).toEqual(
      [0.32500000000000007, 1.226, 1.9609999999999999, 2.718, 3.752, 4.592, 6.546], // scipy 1.17.1
    );
  });
  it('N = 3: the variance is undefined; NaN statistic and p-value, as SciPy', () => {
    const r = andersonKsamp([[1, 2], [3]]);
    expect(r.statistic).toBeNaN();
    expect(r.pValue).toBeNaN();
    expect(r.warning).toMatch(/undefined for N = 3/);
  });
  it('N = 4 matches scipy 1.17.1 for every variant', () => {
    expect(andersonKsamp([[1, 2, 3], [4]], { variant: 'midrank' })).toMatchObject({ statistic: 1.3636363636363114 });
    const r = andersonKsamp([[1, 2, 3], [4]], { variant: 'right' });
    expect(r.statistic).toBe(0.9999999999999618);
    expect(r.pValue).toBeCloseTo(0.12646385413463487, 14);
    expect(andersonKsamp([[1, 2, 3], [4]], { variant: 'continuous' }).statistic).toBe(0.9999999999999618);
  });
  it('accepts every numeric input type; ±Infinity are ordinary values', () => {
    const a = [1, 2, 3, 7, 9, 9], b = [2, 4, 5, 8];
    const ref = andersonKsamp([a, b]);
    expect(andersonKsamp([Float64Array.from(a), Float32Array.from(b)])).toEqual(ref);
    expect(andersonKsamp([Int32Array.from(a), b])).toEqual(ref);
    expect(Number.isFinite(andersonKsamp([[...x, Infinity], y]).statistic)).toBe(true);
  });
});

describe('andersonKsamp: bad input', () => {
  it('rejects with a DriftkitError naming the argument', () => {
    expect(() => andersonKsamp([[1, 2, 3]])).toThrow(/andersonKsamp: samples must contain at least 2 samples; got 1/);
    expect(() => andersonKsamp([[1, 2], []])).toThrow(/andersonKsamp: samples\[1\] must not be empty/);
    expect(() => andersonKsamp([[1, 1], [1, 1, 1]])).toThrow(/samples must contain at least 2 distinct values/);
    expect(() => andersonKsamp([[1], [2]])).toThrow(/samples must contain at least 3 observations in total; got 2/);
    expect(() => andersonKsamp([[1, 2], [3, NaN, 4]])).toThrow(/andersonKsamp: samples\[1\] contains NaN \(1 values\)/);
    expect(() => andersonKsamp([[1, 2], ['a'] as never])).toThrow(/samples\[1\] must contain only numbers/);
    expect(() => andersonKsamp('ab' as never)).toThrow(/samples must be an array of samples/);
    expect(() => andersonKsamp([[1, 2], [3]], { variant: 'discrete' as never })).toThrow(/variant must be one of/);
    expect(() => andersonKsamp([[1, 2], [3, NaN]])).toThrow(DriftkitError);
  });
});
