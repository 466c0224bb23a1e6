// wasserstein_distance and energy_distance against SciPy's own test cases, on both backends, plus the
// input errors SciPy raises and the NaN/Infinity behaviour it has.
import { describe, expect, it } from 'vitest';
import { cases, expectClose, tolFor } from '../helpers/oracle.js';
import { energyDistance, wassersteinDistance } from '../../src/methods/cdf-distance.js';
import { DriftkitError } from '../../src/errors.js';

const fns = { wasserstein_distance: wassersteinDistance, energy_distance: energyDistance } as const;

for (const [name, f] of Object.entries(fns)) {
  describe(`${name} (SciPy test-suite cases)`, () => {
    for (const backend of ['wasm', 'js'] as const) {
      for (const c of cases(name)) {
        it(`${c.id} [${backend}]`, () => {
          const { u_values, v_values, u_weights, v_weights } = c.inputs;
          const call = () => f(u_values, v_values, u_weights ?? null, v_weights ?? null, { backend });
          if (c.expected.error) {
            expect(call).toThrow(DriftkitError);
            return;
          }
          expectClose(call(), c.expected.distance, tolFor(c, 'distance'), c.id);
        });
      }
    }
  });
}

describe('cdf distances: SciPy semantics at the edges', () => {
  it('NaN gives NaN; Infinity on one side gives Infinity; on both sides NaN', () => {
    expect(wassersteinDistance([1, NaN], [2])).toBeNaN();
    expect(wassersteinDistance([1, Infinity], [2])).toBe(Infinity);
    expect(energyDistance([1, Infinity], [2])).toBe(Infinity);
    expect(wassersteinDistance([1, Infinity], [2, Infinity])).toBeNaN();
  });
  it('bad input names the argument', () => {
    expect(() => wassersteinDistance([], [1])).toThrow(/wassersteinDistance: u must not be empty/);
    expect(() => energyDistance([1], [])).toThrow(/energyDistance: v must not be empty/);
    expect(() => wassersteinDistance([1, 2], [1], [1], null)).toThrow(/uWeights must have the same length as u/);
    expect(() => wassersteinDistance([1, 2], [1], [1, -1], null)).toThrow(/uWeights must be non-negative/);
    expect(() => wassersteinDistance([1, 2], [1], null, [0])).toThrow(/vWeights must sum to a positive, finite number/);
    expect(() => wassersteinDistance([1, 'a'] as never, [1])).toThrow(/u must contain only numbers; element 1 is string/);
    expect(() => wassersteinDistance('12' as never, [1])).toThrow(/u must be a Float64Array, Float32Array, Int32Array or number\[\]; got string/);
    expect(() => wassersteinDistance([1], [2], null, null, { backend: 'gpu' as never })).toThrow(/backend must be 'wasm' or 'js'/);
  });
  it('accepts every numeric input type with the same result', () => {
    const a = [1, 2, 3, 7], b = [2, 2, 9];
    const ref = wassersteinDistance(a, b);
    expect(wassersteinDistance(Float64Array.from(a), Float32Array.from(b))).toBe(ref);
    expect(wassersteinDistance(Int32Array.from(a), b)).toBe(ref);
  });
});
