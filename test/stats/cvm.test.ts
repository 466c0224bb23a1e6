// Two-sample Cramér–von Mises p-values (src/stats/cvm.ts) against SciPy: the oracle's `_pval_cvm_2samp_exact`
// and `cramervonmises_2samp` cases (SciPy's own tests; U from an in-test reference), plus the generated
// fixture test/fixtures/cvm_pvalues.json (scripts/gen_cvm_pvalues.py) and K_{1/4} checks.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cases, expectClose, num, tolFor } from '../helpers/oracle.js';
import {
  besselK, bigDiv, cdfCvmInf, cvm2sampPValue, cvm2sampStatistic, kvAmos, pvalCvm2sampExact,
} from '../../src/stats/cvm.js';
import { crExp, crLog } from '../../src/stats/crmath.js';

/** Reference U (Anderson 1962, eq. 10): midranks of concat(sorted x, sorted y), as SciPy computes it. */
function cvmU(x: number[], y: number[]): number {
  const nx = x.length, ny = y.length;
  const z = [...[...x].sort((a, b) => a - b), ...[...y].sort((a, b) => a - b)];
  const order = z.map((_, i) => i).sort((a, b) => z[a] - z[b]);
  const r = new Array<number>(z.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && z[order[j + 1]] === z[order[i]]) j++;
    for (let k = i; k <= j; k++) r[order[k]] = (i + j) / 2 + 1; // average of ranks i+1..j+1
    i = j + 1;
  }
  let sx = 0, sy = 0;
  for (let i = 0; i < nx; i++) sx += (r[i] - (i + 1)) ** 2;
  for (let j = 0; j < ny; j++) sy += (r[nx + j] - (j + 1)) ** 2;
  return nx * sx + ny * sy;
}

const fixture = JSON.parse(
  readFileSync(fileURLToPath(new URL('../fixtures/cvm_pvalues.json', import.meta.url)), 'utf8'),
);
const relErr = (a: number, e: number) => (a === e ? 0 : Math.abs(a - e) / Math.abs(e));

describe('_pval_cvm_2samp_exact (SciPy test-suite cases, assert_equal)', () => {
  for (const c of cases('_pval_cvm_2samp_exact')) {
    it(c.id, () => {
      const { U, m, n } = c.inputs;
      expectClose(pvalCvm2sampExact(U, m, n), c.expected.pvalue, tolFor(c, 'pvalue'), c.id);
    });
  }
});

describe('cramervonmises_2samp (SciPy test-suite cases, U from the in-test reference)', () => {
  for (const c of cases('cramervonmises_2samp')) {
    it(c.id, () => {
      const { x, y } = c.inputs as { x: number[]; y: number[] };
      const U = x.length && y.length ? cvmU(x, y) : NaN;
      const T = cvm2sampStatistic(U, x.length, y.length);
      const p = cvm2sampPValue(U, T, x.length, y.length, c.params.method);
      expectClose(T, c.expected.statistic, tolFor(c, 'statistic'), `${c.id} statistic`);
      expectClose(p, c.expected.pvalue, tolFor(c, 'pvalue'), `${c.id} pvalue`);
      // and, tightly, what scipy 1.17.1 computes
      if (c.local_scipy) {
        expect(T).toBe(num(c.local_scipy.statistic));
        expect(p).toBe(num(c.local_scipy.pvalue));
      }
    });
  }
});

describe('cramervonmises_2samp p-values: generated fixture (scipy 1.17.1)', () => {
  const rows = fixture.cases.map((r: any) => num(r));
  it(`${rows.length} cases: T exact, p within 1e-14 relative (exact path: identical)`, () => {
    let worstT = 0, worstP = 0, worstId = '';
    for (const r of rows) {
      const T = cvm2sampStatistic(r.U, r.nx, r.ny);
      const p = cvm2sampPValue(r.U, T, r.nx, r.ny, r.method);
      const label = `${r.kind} ${r.nx}x${r.ny} ${r.method} U=${r.U}`;
      expectClose(T, r.statistic, { rtol: 0, atol: 0 }, `${label} T`);
      const exactPath = r.method === 'exact' || (r.method === 'auto' && Math.max(r.nx, r.ny) <= 20);
      expectClose(p, r.pvalue, exactPath ? { rtol: 0, atol: 0 } : { rtol: 1e-14, atol: 1e-300 }, `${label} p`);
      worstT = Math.max(worstT, relErr(T, r.statistic));
      if (relErr(p, r.pvalue) > worstP) { worstP = relErr(p, r.pvalue); worstId = label; }
    }
    console.log(`cvm fixture: worst rel err T ${worstT.toExponential(2)}, p ${worstP.toExponential(2)} (${worstId || '-'})`);
  });
  it('exact-path grid of attainable U values: identical to SciPy', () => {
    for (const r of fixture.exact.map((e: any) => num(e))) {
      expect(pvalCvm2sampExact(r.U, r.m, r.n), `U=${r.U} m=${r.m} n=${r.n}`).toBe(r.pvalue);
    }
  });
  it("'auto' is exact iff max(nx, ny) <= 20", () => {
    const U = 3000;
    expect(cvm2sampPValue(U, cvm2sampStatistic(U, 20, 3), 20, 3, 'auto')).toBe(pvalCvm2sampExact(U, 20, 3));
    const T = cvm2sampStatistic(U, 21, 3);
    expect(cvm2sampPValue(U, T, 21, 3, 'auto')).toBe(cvm2sampPValue(U, T, 21, 3, 'asymptotic'));
  });
  it('NaN and too-small samples give NaN', () => {
    expect(cvm2sampPValue(NaN, NaN, 5, 5, 'auto')).toBeNaN();
    expect(cvm2sampPValue(10, 0.1, 1, 5, 'exact')).toBeNaN();
    expect(cvm2sampStatistic(10, 5, 1)).toBeNaN();
    expect(cdfCvmInf(NaN)).toBeNaN();
  });
});

describe('Bessel K_{1/4}', () => {
  const rows = fixture.kv.map((r: any) => num(r));
  it('kvAmos reproduces scipy.special.kv(0.25, x) (Amos ZBKNU) to the ulp', () => {
    let worst = 0, equal = 0;
    for (const r of rows) {
      const a = kvAmos(0.25, r.x);
      if (a === r.kv) equal++;
      // above ALIM (x > 664.9) Amos rescales; only the underflow cutoff is reproduced, the value is besselK's
      expectClose(a, r.kv, r.x > 664 ? { rtol: 1e-12, atol: 0 } : { rtol: 5e-16, atol: 0 }, `x=${r.x}`);
      worst = Math.max(worst, relErr(a, r.kv));
    }
    console.log(`kvAmos: ${equal}/${rows.length} bit-identical to scipy.special.kv, worst rel err ${worst.toExponential(2)}`);
  });
  it('besselK (trapezoid rule) is accurate: within 2e-15 of mpmath, within SciPy\'s own error of kv', () => {
    let worstMp = 0, worstSp = 0;
    for (const r of rows) {
      const a = besselK(0.25, r.x);
      if (r.mp !== undefined) {
        expectClose(a, r.mp, { rtol: 2e-15, atol: 0 }, `x=${r.x} vs mpmath`);
        worstMp = Math.max(worstMp, relErr(a, r.mp));
      }
      expectClose(a, r.kv, { rtol: 1e-13, atol: 0 }, `x=${r.x} vs scipy`);
      worstSp = Math.max(worstSp, relErr(a, r.kv));
    }
    console.log(`besselK: worst rel err vs mpmath ${worstMp.toExponential(2)}, vs scipy.special.kv ${worstSp.toExponential(2)}`);
  });
  it('edge values', () => {
    expect(besselK(0.25, 0)).toBe(Infinity);
    expect(kvAmos(0.25, 0)).toBe(Infinity);
    expect(besselK(0.25, -1)).toBeNaN();
    expect(kvAmos(0.25, NaN)).toBeNaN();
    expect(kvAmos(0.25, 800)).toBe(0); // SciPy: underflow to 0
  });
});

describe('helpers', () => {
  it('bigDiv rounds Python int / int correctly', () => {
    expect(bigDiv(10n ** 30n + 1n, 3n)).toBe(3.333333333333333e29);
    expect(bigDiv(2n ** 64n + 1n, 2n ** 53n + 1n)).toBe(2047.9999999999998); // naive double division: 2048
    expect(bigDiv(3n ** 70n, 7n ** 30n)).toBe(111057177.03844833);
    expect(bigDiv(-(2n ** 80n + 12345n), 10n ** 20n + 7n)).toBe(-12089.258196146291);
    expect(bigDiv(7n, 2n)).toBe(3.5);
  });
  it('crExp / crLog are correctly rounded on known values', () => {
    expect(crExp(-0.5423449145401831)).toBe(0.5813833584289801); // Math.exp gives ...803
    expect(crExp(0)).toBe(1);
    expect(crExp(1)).toBe(Math.E);
    expect(crLog(Math.E)).toBe(1);
    expect(crLog(2)).toBe(Math.LN2);
    expect(crLog(10)).toBe(Math.LN10);
    expect(crLog(1)).toBe(0);
  });
});
