// cramervonmises2samp end to end (midrank sweep kernel + SciPy's p-value paths) against SciPy's own test
// cases, on both backends.
import { describe, expect, it } from 'vitest';
import { cases, expectClose, tolFor } from '../helpers/oracle.js';
import { cramervonmises2samp } from '../../src/methods/cramervonmises.js';
import { DriftkitError } from '../../src/errors.js';

describe('cramervonmises2samp (SciPy test-suite cases)', () => {
  for (const backend of ['wasm', 'js'] as const) {
    for (const c of cases('cramervonmises_2samp')) {
      it(`${c.id} [${backend}]`, () => {
        const call = () => cramervonmises2samp(c.inputs.x, c.inputs.y, { method: c.params.method, nanPolicy: c.params.nan_policy, backend });
        if (c.expected.error || c.inputs.x.length === 0 || c.inputs.y.length === 0) {
          expect(call).toThrow(DriftkitError);
          return;
        }
        const r = call();
        expectClose(r.statistic, c.expected.statistic, tolFor(c, 'statistic'), `${c.id} statistic`);
        expectClose(r.pValue, c.expected.pvalue, tolFor(c, 'pvalue'), `${c.id} pvalue`);
      });
    }
  }

  it('fewer than 2 observations: NaN with a warning, as SciPy; NaN policies; errors name the argument', () => {
    const r = cramervonmises2samp([1], [1, 2, 3]);
    expect(r.statistic).toBeNaN();
    expect(r.warning).toMatch(/x has fewer than 2 observations/);
    expect(cramervonmises2samp([1, 2, NaN], [3, 4]).pValue).toBeNaN();
    expect(cramervonmises2samp([1, 2, NaN], [3, 4, 5], { nanPolicy: 'omit' }).statistic).toBe(cramervonmises2samp([1, 2], [3, 4, 5]).statistic);
    expect(() => cramervonmises2samp([1, 2], [3, NaN], { nanPolicy: 'raise' })).toThrow(/cramervonmises2samp: y contains NaN/);
    expect(() => cramervonmises2samp([1, 2], [3], { method: 'permutation' as never })).toThrow(/method must be one of/);
  });
});
