// entropy / jensenshannon / rel_entr / kl_div / entr against SciPy's own test cases (each with the
// tolerance SciPy's test used), then against scipy 1.17.1's full-precision output, plus SciPy's edge
// semantics and driftkit's input errors.
import { describe, expect, it } from 'vitest';
import { cases, expectClose, num, tolFor, type OracleCase, type Tol } from '../helpers/oracle.js';
import { entrArray, entropy, jensenshannon, klDivArray, relEntrArray } from '../../src/methods/entropy.js';
import { DriftkitError } from '../../src/errors.js';

const TIGHT: Tol = { rtol: 1e-13, atol: 1e-15 };

function run(c: OracleCase): Record<string, unknown> {
  const base = c.params.base;
  switch (c.function) {
    case 'entropy':
      return { entropy: entropy(c.inputs.pk, c.inputs.qk, { base }) };
    case 'jensenshannon':
      return { distance: jensenshannon(c.inputs.p, c.inputs.q, { base }) };
    case 'rel_entr':
      return { value: relEntrArray(c.inputs.x, c.inputs.y) };
    case 'kl_div':
      return { value: klDivArray(c.inputs.x, c.inputs.y) };
    case 'entr':
      return { value: entrArray(c.inputs.x) };
  }
  throw new Error(`unknown function ${c.function}`);
}

for (const fn of ['entropy', 'jensenshannon', 'rel_entr', 'kl_div', 'entr']) {
  describe(`${fn} (SciPy test-suite cases)`, () => {
    const all = cases(fn);
    it(`has the expected number of cases`, () => {
      expect(all.length).toBe({ entropy: 18, jensenshannon: 650, rel_entr: 3, kl_div: 1, entr: 1 }[fn]);
    });
    for (const c of all) {
      it(c.id, () => {
        if (c.expected.error) {
          expect(() => run(c)).toThrow(DriftkitError);
          return;
        }
        const r = run(c);
        for (const [k, e] of Object.entries(c.expected)) expectClose(r[k], e, tolFor(c, k), `${c.id} ${k}`);
        for (const [k, e] of Object.entries(num(c.local_scipy ?? {}))) expectClose(r[k], e, TIGHT, `${c.id} ${k} (local scipy)`);
      });
    }
  });
}

describe('entropy / jensenshannon: SciPy semantics', () => {
  it('normalises each input by its own sum', () => {
    // Equal up to the rounding of the division by each sum.
    expect(entropy([1, 2, 3], [4, 5, 6])).toBeCloseTo(entropy([2, 4, 6], [0.4, 0.5, 0.6]), 15);
    expect(jensenshannon([1, 2, 3], [4, 5, 6])).toBeCloseTo(jensenshannon([10, 20, 30], [8, 10, 12]), 15);
  });
  it('base divides by log(base); jensenshannon is a distance (sqrt of the divergence)', () => {
    expect(entropy([1, 1, 1, 1], null, { base: 2 })).toBeCloseTo(2, 15);
    expect(jensenshannon([1, 0], [0, 1], { base: 2 })).toBe(1);
    const d = jensenshannon([0.2, 0.8], [0.6, 0.4]);
    const m = [0.4, 0.6];
    const div = 0.5 * (entropy([0.2, 0.8], m) + entropy([0.6, 0.4], m));
    expect(d).toBeCloseTo(Math.sqrt(div), 15);
  });
  it('qk = 0 where pk > 0 gives Infinity; NaN propagates', () => {
    expect(entropy([0.1, 0.9], [0, 1])).toBe(Infinity);
    expect(entropy([0.1, NaN])).toBeNaN();
    expect(entropy([0.1, 0.9], [NaN, 1])).toBeNaN();
    expect(jensenshannon([NaN, 1], [0.5, 0.5])).toBeNaN();
  });
  it('accepts typed arrays', () => {
    const ref = jensenshannon([1, 2, 3], [3, 2, 1]);
    expect(jensenshannon(Int32Array.from([1, 2, 3]), Float32Array.from([3, 2, 1]))).toBe(ref);
    expect(entropy(Float64Array.from([1, 2, 3]))).toBe(entropy([1, 2, 3]));
  });
  it('rel_entr keeps full precision when x ~ y (log1p branch, gh-20710)', () => {
    const [v] = relEntrArray([0.9456657713430001], [0.9456657713430094]);
    expect(v).toBeCloseTo(-9.325873406851269e-15, 27);
  });
});

describe('entropy / jensenshannon: input errors name the argument', () => {
  const bad = (f: () => unknown, re: RegExp) => {
    expect(f).toThrow(DriftkitError);
    expect(f).toThrow(re);
  };
  it('entropy', () => {
    bad(() => entropy([]), /entropy: pk must not be empty/);
    bad(() => entropy([1, 2], []), /entropy: qk must not be empty/);
    bad(() => entropy([1, 2, 3], [1, 2]), /entropy: qk must have the same length as pk \(3\); got length 2/);
    bad(() => entropy([1, 'a' as any]), /entropy: pk must contain only numbers; element 1 is string/);
    bad(() => entropy({} as any), /entropy: pk must be a Float64Array/);
    bad(() => entropy([1, 2], [{} as any, 1]), /entropy: qk must contain only numbers/);
    bad(() => entropy([1, -2]), /entropy: pk must not contain negative values; element 1 is -2/);
    bad(() => entropy([1, 2], [1, -2]), /entropy: qk must not contain negative values/);
    bad(() => entropy([1, 2], null, { base: -2 }), /entropy: base must be a positive number/);
    bad(() => entropy([1, 2], null, { base: 0 }), /entropy: base must be a positive number/);
    bad(() => entropy([1, 2], null, { base: 1 }), /entropy: base must be a finite positive number other than 1/);
    bad(() => entropy([1, 2], null, { base: '2' as any }), /entropy: base must be a positive number/);
    bad(() => entropy([1, 2], null, { axis: 0 } as any), /entropy: options has unknown key 'axis'/);
  });
  it('jensenshannon', () => {
    bad(() => jensenshannon([], [1]), /jensenshannon: p must not be empty/);
    bad(() => jensenshannon([1], []), /jensenshannon: q must not be empty/);
    bad(() => jensenshannon([1, 2], [1, 2, 3]), /jensenshannon: q must have the same length as p \(2\); got length 3/);
    bad(() => jensenshannon([1, 'x' as any], [1, 2]), /jensenshannon: p must contain only numbers/);
    bad(() => jensenshannon([1, 2], 'ab' as any), /jensenshannon: q must be/);
    bad(() => jensenshannon([1, -1], [1, 2]), /jensenshannon: p must not contain negative values/);
    bad(() => jensenshannon([1, 2], [1, 2], { base: 0 }), /jensenshannon: base must be a positive number/);
    bad(() => jensenshannon([1, 2], [1, 2], { base: -1 }), /jensenshannon: base must be a positive number/);
  });
  it('elementwise functions', () => {
    bad(() => relEntrArray([1, 2], [1]), /relEntrArray: y must have the same length as x/);
    bad(() => klDivArray([1], [1, 2]), /klDivArray: y must have the same length as x/);
    bad(() => entrArray(['a'] as any), /entrArray: x must contain only numbers/);
    bad(() => relEntrArray(null as any, [1]), /relEntrArray: x must be/);
  });
});
