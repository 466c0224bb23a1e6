// chisquare / power_divergence / chi2_contingency / expected_freq against SciPy's own test cases (each with
// the tolerance SciPy's test used), then against scipy 1.17.1's full-precision output for the same inputs,
// plus SciPy's edge semantics and driftkit's input errors.
import { describe, expect, it } from 'vitest';
import { cases, expectClose, num, tolFor, type OracleCase, type Tol } from '../helpers/oracle.js';
import { chi2Contingency, chisquare, expectedFreq, powerDivergence } from '../../src/methods/chisquare.js';
import { DriftkitError } from '../../src/errors.js';

// How tightly driftkit must reproduce what scipy 1.17.1 computes locally (same algorithm, numpy sum order).
const TIGHT: Tol = { rtol: 1e-12, atol: 1e-300 };

const keyMap: Record<string, string> = { statistic: 'statistic', pvalue: 'pValue', dof: 'dof', expected_freq: 'expectedFreq' };

function run(c: OracleCase): any {
  const p = c.params;
  switch (c.function) {
    case 'chisquare':
      return chisquare(c.inputs.f_obs, c.inputs.f_exp, { ddof: p.ddof, ...(p.sum_check !== undefined && { sumCheck: p.sum_check }) });
    case 'power_divergence':
      return powerDivergence(c.inputs.f_obs, c.inputs.f_exp, { ddof: p.ddof, lambda: p.lambda_ });
    case 'chi2_contingency':
      return chi2Contingency(c.inputs.observed, { correction: p.correction, lambda: p.lambda_ });
    case 'expected_freq':
      return { expectedFreq: expectedFreq(c.inputs.observed) };
  }
  throw new Error(`unknown function ${c.function}`);
}

// SciPy returns (statistic 0, p NaN) for an empty f_obs; driftkit treats an empty table as an input error.
const DELIBERATE_ERRORS = new Set(['power_divergence/TestPowerDivergence::test_empty_cases/01']);

for (const fn of ['chisquare', 'power_divergence', 'chi2_contingency', 'expected_freq']) {
  describe(`${fn} (SciPy test-suite cases)`, () => {
    for (const c of cases(fn)) {
      it(c.id, () => {
        if (c.expected.error || DELIBERATE_ERRORS.has(c.id)) {
          expect(() => run(c)).toThrow(DriftkitError);
          return;
        }
        const r = run(c);
        for (const [k, e] of Object.entries(c.expected)) {
          expectClose(r[keyMap[k]], e, tolFor(c, k), `${c.id} ${k}`);
        }
        // Every output scipy 1.17.1 produced, at full precision.
        for (const [k, e] of Object.entries(num(c.local_scipy ?? {}))) {
          expectClose(r[keyMap[k]], e, k === 'dof' ? { rtol: 0, atol: 0 } : TIGHT, `${c.id} ${k} (local scipy)`);
        }
      });
    }
  });
}

describe('chisquare family: SciPy semantics', () => {
  it('f_exp defaults to the mean; a scalar or length-1 array broadcasts', () => {
    expect(chisquare([4, 8, 12, 8])).toEqual(chisquare([4, 8, 12, 8], 8));
    expect(chisquare([4, 8, 12, 8], [8])).toEqual(chisquare([4, 8, 12, 8], 8));
    expect(chisquare([4, 8, 12, 8]).statistic).toBe(4);
  });
  it('accepts typed arrays', () => {
    const r = chisquare([4, 8, 12, 8], [2, 16, 12, 2]);
    expect(chisquare(Float32Array.from([4, 8, 12, 8]), Int32Array.from([2, 16, 12, 2]))).toEqual(r);
    expect(chisquare(Float64Array.from([4, 8, 12, 8]), Float64Array.from([2, 16, 12, 2]))).toEqual(r);
  });
  it('sum check: sqrt(eps) relative, disabled by sumCheck: false', () => {
    expect(() => chisquare([10, 20], [30, 60])).toThrow(/chisquare: fExp must sum to the same total/);
    expect(() => chisquare([10, 20], [10, 20 + 1e-7])).not.toThrow(); // 3.3e-9 relative
    expect(() => chisquare([10, 20], [10, 20 + 1e-6])).toThrow(/fExp must sum/); // 3.3e-8 > sqrt(eps)
    expect(chisquare([10, 20], [30, 60], { sumCheck: false }).statistic).toBe(40) // 20^2/30 + 40^2/60;
  });
  it('ddof shifts the degrees of freedom; df = 0 gives p = 0 for a positive statistic, df < 0 gives NaN', () => {
    expect(chisquare([1, 2, 3], undefined, { ddof: 2 }).pValue).toBe(0);
    expect(chisquare([1, 2, 3], undefined, { ddof: 5 }).pValue).toBeNaN();
    // scipy: chisquare([1., 2., 3.], [2, 2, 2], ddof=0.5) -> p 0.47206289016532843
    expect(chisquare([1, 2, 3], [2, 2, 2], { ddof: 0.5 }).pValue).toBeCloseTo(0.47206289016532843, 14);
  });
  it('zero expected with positive observed gives inf / p 0; O = E = 0 gives NaN; NaN propagates', () => {
    expect(chisquare([1, 1], [2, 0])).toEqual({ statistic: Infinity, pValue: 0 });
    const z = chisquare([1, 0], [1, 0]);
    expect(z.statistic).toBeNaN();
    expect(z.pValue).toBeNaN();
    const n = chisquare([1, NaN, 3]);
    expect(n.statistic).toBeNaN();
    expect(n.pValue).toBeNaN();
  });
  it('named lambdas equal their numeric values; log-likelihood and mod-log-likelihood use xlogy', () => {
    const o = [4, 8, 12, 8];
    const e = [2, 16, 12, 2];
    expect(powerDivergence(o, e, { lambda: 'cressie-read' })).toEqual(powerDivergence(o, e, { lambda: 2 / 3 }));
    expect(powerDivergence(o, e, { lambda: 'neyman' })).toEqual(powerDivergence(o, e, { lambda: -2 }));
    expect(powerDivergence(o, e, { lambda: 'freeman-tukey' })).toEqual(powerDivergence(o, e, { lambda: -0.5 }));
    // scipy.stats.power_divergence([1,2,3],[2,2,2],lambda_=0) and lambda_=-0.5
    expect(powerDivergence([1, 2, 3], [2, 2, 2], { lambda: 0 }).statistic).toBeCloseTo(1.0464962875290957, 14);
    expect(powerDivergence([1, 2, 3], [2, 2, 2], { lambda: -0.5 }).statistic).toBeCloseTo(1.090373558749814, 14);
    // A zero count: mod-log-likelihood -> inf (p 0); neyman -> 0 * inf = NaN, as in SciPy.
    expect(powerDivergence([0, 2, 4], undefined, { lambda: -1 })).toEqual({ statistic: Infinity, pValue: 0 });
    expect(powerDivergence([0, 2, 4], undefined, { lambda: 'neyman' }).statistic).toBeNaN();
  });
  it('chi2Contingency: dof 0 (1-D) gives statistic 0, p 1 and expected == observed', () => {
    expect(chi2Contingency([1, 2, 3])).toEqual({ statistic: 0, pValue: 1, dof: 0, expectedFreq: [1, 2, 3] });
    expect(chi2Contingency([[5, 6, 7]]).dof).toBe(0);
  });
  it('chi2Contingency: Yates only when dof == 1, and never overshooting (gh-13875)', () => {
    const t = [[12, 5], [7, 9]];
    const yates = chi2Contingency(t);
    const plain = chi2Contingency(t, { correction: false });
    expect(yates.statistic).toBeLessThan(plain.statistic);
    // scipy: chi2_contingency([[12,5],[7,9]]) -> 1.455996378814684, p 0.22756821457580642
    expect(yates.statistic).toBeCloseTo(1.455996378814684, 13);
    expect(yates.pValue).toBeCloseTo(0.22756821457580642, 13);
    const big = [[12, 5, 3], [7, 9, 8]];
    expect(chi2Contingency(big)).toEqual(chi2Contingency(big, { correction: false }));
    expect(chi2Contingency([[1573, 3], [4, 0]]).pValue).toBeCloseTo(1, 12);
  });
  it('chi2Contingency: G-test via lambda', () => {
    // scipy test_chi2_contingency_g
    expect(chi2Contingency([[15, 60], [15, 90]], { lambda: 'log-likelihood', correction: false }).statistic)
      .toBeCloseTo(1.0172448205755877, 13);
  });
  it('expectedFreq handles 1-D, 2-D and 3-D tables', () => {
    expect(expectedFreq([1])).toEqual([1]);
    expect(expectedFreq([[10, 10, 20], [20, 20, 20]])).toEqual([[12, 12, 16], [18, 18, 24]]);
    const e3 = expectedFreq([[[1, 2], [3, 4]], [[5, 6], [7, 8]]]) as number[][][];
    // margins 10/26, 14/22, 16/20 of total 36: e[0][0][0] = 10*14*16/36^2
    expect(e3[0][0][0]).toBeCloseTo((10 * 14 * 16) / (36 * 36), 14);
  });
});

describe('chisquare family: input errors name the argument', () => {
  const bad = (f: () => unknown, re: RegExp) => {
    expect(f).toThrow(DriftkitError);
    expect(f).toThrow(re);
  };
  it('chisquare / powerDivergence', () => {
    bad(() => chisquare([]), /chisquare: fObs must not be empty/);
    bad(() => powerDivergence([]), /powerDivergence: fObs must not be empty/);
    bad(() => chisquare([1, 'a' as any, 3]), /chisquare: fObs must contain only numbers; element 1 is string/);
    bad(() => chisquare({ a: 1 } as any), /chisquare: fObs must be a Float64Array/);
    bad(() => chisquare('123' as any), /chisquare: fObs must be/);
    bad(() => chisquare([1, -2, 3]), /chisquare: fObs must not contain negative frequencies; element 1 is -2/);
    bad(() => chisquare([1, 2, 3], [1, -2, 7]), /chisquare: fExp must not contain negative/);
    bad(() => chisquare([1, 2, 3], [1, 2]), /chisquare: fExp must have the same length as fObs \(3\)/);
    bad(() => chisquare([1, 2, 3], [1, 'x' as any, 3]), /chisquare: fExp must contain only numbers/);
    bad(() => chisquare([1, 2, 3], { x: 1 } as any), /chisquare: fExp must be/);
    bad(() => chisquare([1, 2, 3], undefined, { ddof: '1' as any }), /chisquare: ddof must be a finite number/);
    bad(() => chisquare([1, 2, 3], undefined, { sumCheck: 1 as any }), /chisquare: sumCheck must be a boolean/);
    bad(() => chisquare([1, 2, 3], undefined, { lambda: 0 } as any), /chisquare: options has unknown key 'lambda'/);
    bad(() => powerDivergence([1, 2], undefined, { lambda: 'g-test' as any }), /powerDivergence: lambda must be/);
    bad(() => powerDivergence([1, 2], undefined, { lambda: NaN }), /powerDivergence: lambda must be/);
  });
  it('chi2Contingency / expectedFreq', () => {
    bad(() => chi2Contingency([]), /chi2Contingency: observed must not be empty/);
    bad(() => chi2Contingency([[], []]), /chi2Contingency: observed must not be empty/);
    bad(() => chi2Contingency([[-1, 10], [1, 2]]), /chi2Contingency: observed must not contain negative counts; element \[0, 0\]/);
    bad(() => chi2Contingency([[0, 1], [0, 1]]), /chi2Contingency: observed gives a zero expected frequency at \[0, 0\]/);
    bad(() => chi2Contingency([[1, 2], [3]]), /chi2Contingency: observed must be rectangular/);
    bad(() => chi2Contingency([[1, 2], 3] as any), /chi2Contingency: observed must be rectangular/);
    bad(() => chi2Contingency([[1, 'a'], [3, 4]] as any), /chi2Contingency: observed must contain only numbers/);
    bad(() => chi2Contingency({} as any), /chi2Contingency: observed must be/);
    bad(() => chi2Contingency([[1, 2], [3, 4]], { correction: 'yes' as any }), /chi2Contingency: correction must be a boolean/);
    bad(() => chi2Contingency([[1, 2], [3, 4]], { lambda: 'x' as any }), /chi2Contingency: lambda must be/);
    bad(() => expectedFreq([]), /expectedFreq: observed must not be empty/);
    bad(() => expectedFreq([[1], [2, 3]]), /expectedFreq: observed must be rectangular/);
  });
});
