// deriveContract (defaults and their arithmetic), parseContract (JSON, YAML, every field checked with its
// path) and serializeContract (exact round trips).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { profile } from '../../src/profile/index.js';
import { deriveContract, parseContract, serializeContract, type DataContract } from '../../src/quality/index.js';
import { roundUp3 } from '../../src/quality/derive.js';
import { caught } from '../helpers/errors.js';

const ages = [34, 51, 28, null, 45, 39, 62, 28, 23, 30];
const small = profile({
  age: ages,
  plan: ['basic', 'pro', 'basic', null, 'basic', 'team', 'pro', 'basic', 'basic', 'pro'],
  churned: [false, false, true, false, null, false, true, false, false, false],
  ratio: [0.5, -0.25, 1.5, 2.25, Infinity, 0.75, 1, 0.5, 0.5, 1.25],
});

describe('deriveContract', () => {
  it('derives type, null limit, range ± 1.5·IQR rounded outward, integers, infinities and categories', () => {
    const c = deriveContract(small);
    expect(c.format).toBe('driftkit-contract');
    expect(c.version).toBe(1);
    expect(Date.parse(c.createdAt!)).not.toBeNaN();
    expect(c.minRows).toBe(100);
    expect(c.columns).toEqual({ expected: ['age', 'plan', 'churned', 'ratio'], optional: [], allowUnexpected: false, blocking: [] });
    // age: numpy quantiles of [34, 51, 28, 45, 39, 62, 28, 23, 30] → q1 28, q3 45, IQR 17; margin 25.5 (grid 0.1)
    // [23 - 25.5, 62 + 25.5] = [-2.5, 87.5], kept ≥ 0 since the reference is; null share 1/10 → 2 × 10% = 20%
    expect(c.features.age).toEqual({ type: 'numeric', maxNullRate: 0.2, range: { min: 0, max: 87.5 }, allowInfinity: false, integer: true, blocking: [] });
    // plan: 1 null of 10 → 20%; categories sorted by name
    expect(c.features.plan).toEqual({ type: 'categorical', maxNullRate: 0.2, allowedCategories: ['basic', 'pro', 'team'], maxUnseenRate: 0, blocking: [] });
    expect(c.features.churned).toEqual({ type: 'boolean', maxNullRate: 0.2, blocking: [] });
    // ratio: finite values [0.5, -0.25, 1.5, 2.25, 0.75, 1, 0.5, 0.5, 1.25]: q1 0.5, q3 1.25, IQR 0.75, margin 1.125
    // (grid 0.01): [-0.25 - 1.125, 2.25 + 1.125] = [-1.375, 3.375] → [-1.38, 3.38]; an Infinity in the reference
    expect(c.features.ratio).toEqual({ type: 'numeric', maxNullRate: 0.01, range: { min: -1.38, max: 3.38 }, allowInfinity: true, integer: false, blocking: [] });
    expect(Object.isFrozen(c) && Object.isFrozen(c.features.age.range)).toBe(true);
  });

  it('options: margin, sign, rate floor and factor, integers, minRows, allowUnexpected, blocking', () => {
    const c = deriveContract(small, {
      rangeMargin: 0, keepSign: false, rateFloor: 0.3, rateFactor: 1, integers: false, minRows: 5, allowUnexpected: true,
      blocking: ['type', 'range', 'unexpected_column', 'missing_column', 'not_finite'],
    });
    expect(c.features.age).toEqual({ type: 'numeric', maxNullRate: 0.3, range: { min: 23, max: 62 }, allowInfinity: false, integer: false, blocking: ['type', 'not_finite', 'range'] });
    expect(c.features.ratio.blocking).toEqual(['type', 'range']); // infinities allowed: not_finite cannot fire
    expect(c.features.plan.blocking).toEqual(['type']);
    expect(c.minRows).toBe(5);
    expect(c.columns).toEqual({ expected: ['age', 'plan', 'churned', 'ratio'], optional: [], allowUnexpected: true, blocking: ['missing_column'] });
    const wide = deriveContract(small, { rangeMargin: 1, keepSign: false });
    expect(wide.features.age.range).toEqual({ min: 6, max: 79 }); // 23 - 17, 62 + 17 (grid 0.1)
  });

  it('a constant or mostly-constant column widens by the full range; a column without finite values gets no range', () => {
    const c = deriveContract(profile({ k: new Array(100).fill(7), z: [...new Array(95).fill(0), 10, 20, 30, 40, 50] }));
    expect(c.features.k.range).toEqual({ min: 7, max: 7 }); // no spread at all
    expect(c.features.z.range).toEqual({ min: 0, max: 125 }); // IQR 0 → 1.5 × (50 - 0)
    const d = deriveContract(profile({ e: [null, NaN, Infinity], s: [null, null, null] }));
    expect(d.features.e).toEqual({ type: 'numeric', maxNullRate: 1, allowInfinity: true, integer: false, blocking: [] }); // 2 × 2/3, at most 1
    expect(d.features.s).toEqual({ type: 'numeric', maxNullRate: 1, allowInfinity: false, integer: false, blocking: [] });
  });

  it('quantile probabilities without 0.25 / 0.75: the IQR comes from the sample', () => {
    const x = Array.from({ length: 101 }, (_, i) => i);
    const c = deriveContract(profile({ x }, { probs: [0.5] }));
    expect(c.features.x.range).toEqual({ min: 0, max: 175 }); // IQR 50, margin 75
  });

  it('caps categories at the most frequent; the tail becomes the allowed unseen rate; an open set gets no list', () => {
    const cat = [...new Array(60).fill('a'), ...new Array(30).fill('b'), ...new Array(6).fill('c'), 'd', 'e', 'f', 'g'];
    const c = deriveContract(profile({ cat }), { maxCategories: 2 });
    expect(c.features.cat).toMatchObject({ allowedCategories: ['a', 'b'], maxUnseenRate: 0.2 }); // 2 × 10% tail
    expect(deriveContract(profile({ cat }), { maxCategories: 6 }).features.cat).toMatchObject({ allowedCategories: ['a', 'b', 'c', 'd', 'e', 'f'], maxUnseenRate: 0.02 });
    const ids = deriveContract(profile({ id: Array.from({ length: 50 }, (_, i) => `u${i}`) }), { maxCategories: 10 });
    expect(ids.features.id).toEqual({ type: 'categorical', maxNullRate: 0.01, blocking: [] });
  });

  it('rejects bad arguments', () => {
    expect(caught(() => deriveContract({} as never)).message).toBe('deriveContract: profile must be a ReferenceProfile (profile(...) or parseProfile(...))');
    expect(caught(() => deriveContract(small, { rangeMargin: -1 })).message).toBe('deriveContract: rangeMargin must be a finite number >= 0; got -1');
    expect(caught(() => deriveContract(small, { rateFloor: 2 })).message).toBe('deriveContract: rateFloor must be a number in [0, 1]; got 2');
    expect(caught(() => deriveContract(small, { maxCategories: 0 })).message).toBe('deriveContract: maxCategories must be a positive integer; got 0');
    expect(caught(() => deriveContract(small, { blocking: ['range', 'nope'] as never })).message).toMatch(/^deriveContract: blocking\[1\] must be one of missing_column, .*; got "nope"$/);
    expect(caught(() => deriveContract(small, { margin: 1 } as never)).message).toMatch(/^deriveContract: options has unknown key 'margin'/);
  });

  it('roundUp3 rounds up to 3 significant digits and never below its argument', () => {
    expect([0.01, 0.07, 0.0612244, 0.2, 1 / 3, 123456, 0.999999].map(roundUp3)).toEqual([0.01, 0.07, 0.0613, 0.2, 0.334, 124000, 1]);
    fc.assert(fc.property(fc.double({ min: 1e-300, max: 1e300, noNaN: true }), (x) => {
      const r = roundUp3(x);
      expect(r).toBeGreaterThanOrEqual(x);
      expect(r).toBeLessThanOrEqual(x * 1.0101);
    }));
  });
});

const minimal = `
format: driftkit-contract
version: 1
features:
  amount:
    type: numeric
    maxNullRate: 0.05
    range: { min: 0, max: 10000 }
  country:
    type: categorical
    maxNullRate: 0
    allowedCategories: [DE, FR, "1"]
`;

describe('parseContract', () => {
  it('reads hand-written YAML and fills the defaults', () => {
    const c = parseContract(minimal);
    expect(c).toEqual({
      format: 'driftkit-contract', version: 1, minRows: 100,
      columns: { expected: ['amount', 'country'], optional: [], allowUnexpected: false, blocking: [] },
      features: {
        amount: { type: 'numeric', maxNullRate: 0.05, range: { min: 0, max: 10000 }, allowInfinity: false, integer: false, blocking: [] },
        country: { type: 'categorical', maxNullRate: 0, allowedCategories: ['DE', 'FR', '1'], maxUnseenRate: 0, blocking: [] },
      },
    });
    expect('createdAt' in c).toBe(false);
    expect(parseContract(JSON.stringify(c))).toEqual(c);
  });

  it('round-trips exactly through JSON and YAML (property over derived contracts)', () => {
    const num = fc.oneof(fc.double({ noNaN: true }), fc.integer(), fc.constantFrom(NaN, Infinity, -Infinity, -0, 1e-310, 5e-324));
    fc.assert(fc.property(
      fc.array(num, { minLength: 1, maxLength: 40 }),
      fc.array(fc.option(fc.string({ maxLength: 6 }), { nil: null }), { minLength: 1, maxLength: 40 }),
      fc.record({ rangeMargin: fc.double({ min: 0, max: 10, noNaN: true }), rateFactor: fc.double({ min: 0, max: 5, noNaN: true }), maxCategories: fc.integer({ min: 1, max: 5 }) }),
      (x, s, opts) => {
        const c = deriveContract(profile({ x, s: s.slice(0, x.length).concat(new Array(Math.max(0, x.length - s.length)).fill(null)) }), opts);
        const json = serializeContract(c);
        const back = parseContract(json);
        expect(back).toEqual(c);
        expect(serializeContract(back)).toBe(json);
        const yaml = serializeContract(c, { format: 'yaml' });
        expect(parseContract(yaml)).toEqual(c);
        expect(serializeContract(parseContract(yaml))).toBe(json);
        expect(serializeContract(c, { space: 0 })).toBe(JSON.stringify(JSON.parse(json)));
      }), { numRuns: 200 });
  });

  it('YAML keeps category names that look like numbers or booleans as strings', () => {
    const c = parseContract({ format: 'driftkit-contract', version: 1, features: { k: { type: 'categorical', maxNullRate: 0, allowedCategories: ['1', 'true', 'null', '1e3', '-0', 'yes', ''] } } });
    expect(parseContract(serializeContract(c, { format: 'yaml' }))).toEqual(c);
  });

  const bad = (text: string | object) => caught(() => parseContract(text)).message;
  const base = { format: 'driftkit-contract', version: 1 };
  const withFeature = (f: object, extra: object = {}) => ({ ...base, ...extra, features: { amount: { type: 'numeric', maxNullRate: 0.1, ...f } } });

  it('names the field of every problem', () => {
    expect(bad(withFeature({ range: { min: 'a', max: 1 } }))).toBe('parseContract: features.amount.range.min must be a finite number; got "a"');
    expect(bad(minimal.replace('min: 0', 'min: a'))).toBe('parseContract: features.amount.range.min must be a finite number; got "a"');
    expect(bad(withFeature({ range: { min: 5, max: 1 } }))).toBe('parseContract: features.amount.range has min 5 > max 1');
    expect(bad(withFeature({ range: { min: 0, max: '.inf' } }))).toBe('parseContract: features.amount.range.max must be a finite number; got ".inf"');
    expect(bad(minimal.replace('max: 10000', 'max: .inf'))).toBe('parseContract: features.amount.range.max must be a finite number; got Infinity');
    expect(bad(withFeature({ maxNullRate: -0.1 }))).toBe('parseContract: features.amount.maxNullRate must be a rate in [0, 1]; got -0.1');
    expect(bad(withFeature({ maxNullRate: 1.5 }))).toBe('parseContract: features.amount.maxNullRate must be a rate in [0, 1]; got 1.5');
    expect(bad(withFeature({ blocking: ['range', 'rnage'] }))).toMatch(/^parseContract: features.amount.blocking\[1\] must be one of type, null_rate, not_finite, range, integer, unseen_category; got "rnage"$/);
    expect(bad(withFeature({ blocking: ['missing_column'] }))).toMatch(/^parseContract: features.amount.blocking\[0\] must be one of .*; got "missing_column" \(a rule that does not apply here\)$/);
    expect(bad(withFeature({ blocking: ['range'] }))).toBe('parseContract: features.amount.blocking[0] names range, which cannot fire for this feature (it has no range)');
    expect(bad(withFeature({ blocking: ['type', 'type'] }))).toBe('parseContract: features.amount.blocking[1] repeats "type"');
    expect(bad(withFeature({ maxNullrate: 0.1 }))).toMatch(/^parseContract: features.amount has unknown field "maxNullrate" \(allowed: type, maxNullRate, range, /);
    expect(bad(withFeature({ allowedCategories: ['a'] }))).toBe('parseContract: features.amount.allowedCategories applies to categorical features only; this one is numeric');
    expect(bad(withFeature({ type: 'text' }))).toBe('parseContract: features.amount.type must be "numeric", "categorical" or "boolean"; got "text"');
    expect(bad(withFeature({ integer: true, range: { min: 0.2, max: 0.8 } }))).toBe('parseContract: features.amount.range holds no integer, but integer is true ([0.2, 0.8])');
    expect(bad({ ...base, features: { c: { type: 'categorical', maxNullRate: 0, maxUnseenRate: 0.1 } } })).toBe('parseContract: features.c.maxUnseenRate needs allowedCategories (unseen means: outside them)');
    expect(bad({ ...base, features: { c: { type: 'categorical', maxNullRate: 0, allowedCategories: ['a', 1] } } })).toBe('parseContract: features.c.allowedCategories[1] must be a string; got 1 (quote it in YAML)');
    expect(bad({ ...base, features: { c: { type: 'categorical', maxNullRate: 0, allowedCategories: ['a', 'a'] } } })).toBe('parseContract: features.c.allowedCategories[1] repeats "a"');
    expect(bad(withFeature({}, { columns: { expected: ['x'] } }))).toBe('parseContract: features.amount is a feature of no column: list it in columns.expected or columns.optional');
    expect(bad(withFeature({}, { columns: { expected: ['amount'], optional: ['amount'] } }))).toBe('parseContract: columns.optional[0] names "amount", which columns.expected lists too');
    expect(bad(withFeature({}, { columns: { expected: ['amount'], allowUnexpected: true, blocking: ['unexpected_column'] } })))
      .toBe('parseContract: columns.blocking names unexpected_column, but columns.allowUnexpected is true');
    expect(bad(withFeature({}, { columns: { expected: ['amount'], blocking: ['range'] } }))).toMatch(/^parseContract: columns.blocking\[0\] must be one of missing_column, unexpected_column; got "range"/);
    expect(bad(withFeature({}, { minRows: 0 }))).toBe('parseContract: minRows must be an integer >= 1; got 0');
    expect(bad(withFeature({}, { createdAt: 'yesterday' }))).toBe('parseContract: createdAt must be an ISO 8601 date string; got "yesterday"');
    expect(bad(withFeature({}, { extra: 1 }))).toMatch(/^parseContract: contract has unknown field "extra"/);
    expect(bad({ ...base, version: 2, features: {} })).toBe('parseContract: version is 2, but this driftkit reads contract version 1 only');
    expect(bad({ format: 'driftkit-profile', version: 1 })).toBe('parseContract: format must be "driftkit-contract"; got "driftkit-profile" (not a driftkit contract)');
    expect(bad({ ...base })).toBe('parseContract: contract lacks the field "features"');
    expect(bad('[1, 2]')).toBe('parseContract: contract must be an object; got an array');
    expect(bad('')).toBe('parseContract: contract must be an object; got null');
    expect(bad('{"format": ')).toMatch(/^parseContract: text is not valid JSON \(/);
    expect(bad('a: 1\na: 2')).toMatch(/^parseContract: text is not valid YAML \(Map keys must be unique/);
    expect(bad(7 as never)).toBe('parseContract: input must be JSON or YAML text or a contract object; got number');
  });

  it('serializeContract validates first', () => {
    const c = deriveContract(small);
    const broken = { ...c, minRows: -1 } as DataContract;
    expect(caught(() => serializeContract(broken)).message).toBe('serializeContract: contract.minRows must be an integer >= 1; got -1');
    expect(caught(() => serializeContract(c, { format: 'xml' as never })).message).toBe("serializeContract: format must be 'json' or 'yaml'; got \"xml\"");
  });
});
