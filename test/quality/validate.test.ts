// validate(batch, contract): the failures contracts exist for (a days-since field fed Unix timestamps, a
// renamed column, a field suddenly null, a new category, infinities, strings in a numeric column), with their
// exact counts, and the argument errors.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { profile } from '../../src/profile/index.js';
import { deriveContract, parseContract, validate, OTHER_COLUMNS, type DataContract } from '../../src/quality/index.js';
import { caught } from '../helpers/errors.js';

/** A deterministic fraud-model reference: 2000 rows. */
function reference(n = 2000) {
  let s = 12345;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  return {
    days_since_last_transaction: Float64Array.from({ length: n }, () => Math.floor(rnd() * 401)), // integers in [0, 400]
    amount: Float64Array.from({ length: n }, (_, i) => (i % 50 === 0 ? NaN : Math.round(rnd() * 50000) / 100)), // 2% missing
    country: Array.from({ length: n }, () => ['DE', 'FR', 'ES', 'IT'][Math.floor(rnd() * 4)]),
    is_new: Array.from({ length: n }, () => rnd() < 0.3),
  };
}
const ref = reference();
const refProfile = profile(ref);
const contract = deriveContract(refProfile);

/** A clean current batch of n rows (the reference's first n). */
const current = (n: number) => ({
  days_since_last_transaction: ref.days_since_last_transaction.slice(0, n),
  amount: ref.amount.slice(0, n),
  country: ref.country.slice(0, n),
  is_new: ref.is_new.slice(0, n),
});

describe('validate: the headline cases', () => {
  it('a days-since field receiving Unix timestamps is a range violation counting exactly those rows, in the first batch', () => {
    const f = contract.features.days_since_last_transaction;
    expect(f.type).toBe('numeric');
    expect(f.range!.min).toBe(0); // keepSign: a non-negative reference keeps a non-negative range
    expect(f.range!.max).toBeGreaterThanOrEqual(400);
    expect(f.range!.max).toBeLessThan(1500);
    const batch = current(500);
    const ts = Float64Array.from(batch.days_since_last_transaction);
    let changed = 0;
    for (let i = 0; i < ts.length; i += 3) { ts[i] = 1_700_000_000 + i * 60; changed++; }
    const r = validate({ ...batch, days_since_last_transaction: ts }, contract);
    expect(r.rows).toBe(500);
    expect(r.ok).toBe(false);
    expect(r.blocking).toBe(false);
    expect(r.violations).toHaveLength(1);
    const v = r.violations[0];
    expect(v).toMatchObject({
      feature: 'days_since_last_transaction', rule: 'range', count: changed, rows: 500, rate: changed / 500,
      value: 1_700_000_000, limit: f.range!.max, firstRow: 0, blocking: false,
    });
    expect(v.message).toBe(`days_since_last_transaction: ${changed} of 500 values outside [0, ${f.range!.max}] (e.g. 1700000000 > ${f.range!.max} at row 0)`);
    // one timestamp in a one-row batch is caught too (row rule: no minimum batch size)
    const one = validate([{ days_since_last_transaction: 1_712_345_678, amount: 10, country: 'DE', is_new: false }], contract);
    expect(one.violations.map((x) => [x.rule, x.count, x.rows])).toEqual([['range', 1, 1]]);
  });

  it('a renamed column is missing_column for the old name and unexpected_column for the new', () => {
    const { amount, ...rest } = current(200);
    const r = validate({ ...rest, amount_eur: amount }, contract);
    expect(r.violations.map((v) => [v.feature, v.rule, v.count, v.rows])).toEqual([
      ['amount', 'missing_column', 200, 200],
      ['amount_eur', 'unexpected_column', 200, 200],
    ]);
    expect(r.violations[0].message).toBe('amount: expected column missing');
    expect(r.violations[1].message).toBe('amount_eur: column not in the contract (200 of 200 rows)');
    // the same as row objects
    const rows = Array.from({ length: 3 }, (_, i) => ({ days_since_last_transaction: 3, amount_eur: 12.5 + i, country: 'FR', is_new: true }));
    expect(validate(rows, contract).violations.map((v) => [v.feature, v.rule, v.count, v.firstRow])).toEqual([
      ['amount', 'missing_column', 3, 0], ['amount_eur', 'unexpected_column', 3, 0],
    ]);
  });

  it('a field suddenly all null breaks null_rate with the observed rate', () => {
    const r = validate({ ...current(300), country: new Array(300).fill(null) }, contract);
    expect(r.violations).toHaveLength(1);
    expect(r.violations[0]).toMatchObject({
      feature: 'country', rule: 'null_rate', count: 300, rows: 300, rate: 1, value: 1,
      limit: contract.features.country.maxNullRate, firstRow: 0,
    });
    expect(contract.features.country.maxNullRate).toBe(0.01); // never null in the reference: the 1% floor
    expect(r.violations[0].message).toBe('country: 100% missing (300 of 300 rows), above the maximum 1%');
  });

  it('a new category is unseen_category with its rows and an example', () => {
    const batch = current(100);
    const country = batch.country.slice();
    country[7] = 'XX'; country[8] = 'XX'; country[50] = 'YY';
    const r = validate({ ...batch, country }, contract);
    expect(contract.features.country.allowedCategories).toEqual(['DE', 'ES', 'FR', 'IT']);
    expect(r.violations).toHaveLength(1);
    expect(r.violations[0]).toMatchObject({ feature: 'country', rule: 'unseen_category', count: 3, rows: 100, value: 'XX', firstRow: 7, limit: 0 });
    expect(r.violations[0].message).toBe('country: 3 of 100 values outside the 4 allowed categories (e.g. "XX" at row 7)');
  });

  it('strings in a numeric column are type violations (numeric strings too), not exceptions', () => {
    const amount: (number | string | null)[] = Array.from(current(10).amount);
    amount[2] = '12.50'; amount[4] = 'n/a'; amount[5] = null;
    const r = validate({ ...current(10), amount: amount as never }, contract);
    expect(r.violations.map((v) => [v.rule, v.count, v.rows, v.value, v.valueType, v.firstRow, v.limit])).toEqual([
      ['type', 2, 8, '12.50', 'string', 2, 'numeric'],
    ]); // 2 missing (row 0 was NaN already) of max(10, minRows 100) rows is not above the limit 4%
    expect(contract.features.amount.maxNullRate).toBe(0.04); // 2 × the reference's 2%
    expect(r.violations[0].message).toBe('amount: 2 of 8 values not numbers (e.g. string "12.50" at row 2)');
    // objects and booleans are type violations as well
    const rows = [{ ...row(0), amount: { eur: 3 } }, { ...row(1), amount: true }, { ...row(2), is_new: 'yes' }];
    expect(validate(rows, contract).violations.map((v) => [v.feature, v.rule, v.count, v.valueType, v.value])).toEqual([
      ['amount', 'type', 2, 'object', null], ['is_new', 'type', 1, 'string', 'yes'],
    ]);
  });
});

const row = (i: number) => ({
  days_since_last_transaction: ref.days_since_last_transaction[i], amount: ref.amount[i], country: ref.country[i], is_new: ref.is_new[i],
});

describe('validate: missing values and infinities', () => {
  it('NaN, null and undefined are missing values; ±Infinity is not_finite unless the reference had infinities', () => {
    const amount = Float64Array.from(current(200).amount);
    amount[3] = Infinity; amount[9] = -Infinity; amount[10] = Infinity;
    const r = validate({ ...current(200), amount }, contract);
    expect(contract.features.amount.allowInfinity).toBe(false);
    expect(r.violations.map((v) => [v.rule, v.count, v.rows, v.value, v.firstRow])).toEqual([['not_finite', 3, 196, Infinity, 3]]);
    // reference with infinities: allowed, and outside the range check
    const withInf = deriveContract(profile({ x: [1, 2, 3, Infinity, -Infinity, 5] }));
    expect(withInf.features.x.allowInfinity).toBe(true);
    expect(validate({ x: [Infinity, -Infinity, 2] }, withInf).ok).toBe(true);
    // NaN / null / undefined count as missing: all three in a 3-row batch are 3 of max(3, 100) = 3%
    const nulls = validate({ x: [NaN, null, undefined] }, withInf);
    expect(nulls.violations.map((v) => [v.rule, v.count, v.rows, v.value])).toEqual([['null_rate', 3, 3, 1]]);
    expect(withInf.features.x.maxNullRate).toBe(0.01);
  });
});

describe('validate: rate rules and minRows', () => {
  it('judges count / max(rows, minRows) against the limit, and reports the observed rate', () => {
    const c = parseContract({ format: 'driftkit-contract', version: 1, minRows: 100, features: { x: { type: 'numeric', maxNullRate: 0.05 } } });
    const judged = (nulls: number, rows: number) => validate({ x: Array.from({ length: rows }, (_, i) => (i < nulls ? null : 1)) }, c).violations;
    expect(judged(1, 1)).toEqual([]); // a single missing value in a one-row batch: 1/100
    expect(judged(5, 10)).toEqual([]); // 5/100 = 5%, not above 5%
    expect(judged(6, 10).map((v) => [v.count, v.rows, v.rate, v.value, v.limit])).toEqual([[6, 10, 0.6, 0.6, 0.05]]);
    expect(judged(50, 1000)).toEqual([]);
    expect(judged(51, 1000)).toHaveLength(1);
    // maxNullRate 0: any missing value breaks it (a required feature)
    const req = parseContract({ format: 'driftkit-contract', version: 1, features: { x: { type: 'numeric', maxNullRate: 0 } } });
    expect(validate({ x: [1, null] }, req).violations.map((v) => [v.rule, v.count])).toEqual([['null_rate', 1]]);
  });

  it('maxUnseenRate > 0 makes unseen_category a rate rule over non-missing values', () => {
    const c = parseContract({ format: 'driftkit-contract', version: 1, minRows: 10, features: {
      c: { type: 'categorical', maxNullRate: 1, allowedCategories: ['a', 'b'], maxUnseenRate: 0.1 } } });
    const v = (xs: (string | null)[]) => validate({ c: xs }, c).violations;
    expect(v(['z', 'a', 'a', 'a', 'a', 'a', 'a', 'a', 'a', 'a'])).toEqual([]); // 10%
    const r = v(['z', 'y', 'a', null, null, null, null, null, null, null]); // 2 of 3 values, 2/max(3, 10) = 20%
    expect(r.map((x) => [x.count, x.rows, x.value, x.limit])).toEqual([[2, 3, 'z', 0.1]]);
    expect(r[0].message).toBe('c: 2 of 3 values outside the 2 allowed categories (e.g. "z" at row 0): 66.7%, above the maximum 10%');
  });
});

describe('validate: inputs', () => {
  it('columns of every ColumnInput type and row objects give the same violations', () => {
    const c = parseContract({
      format: 'driftkit-contract', version: 1, minRows: 1, features: {
        n: { type: 'numeric', maxNullRate: 0.2, range: { min: 0, max: 10 }, integer: true },
        c: { type: 'categorical', maxNullRate: 0.2, allowedCategories: ['a', 'b', '3'] },
        b: { type: 'boolean', maxNullRate: 0.2 },
      },
    });
    const n = [1, 2.5, 11, null, -1, 10];
    const cat = ['a', 'x', null, 'b', 'a', 'y'];
    const b = [true, false, null, null, true, true];
    const want = validate({ n, c: cat, b }, c);
    expect(want.violations.map((v) => [v.feature, v.rule, v.count, v.rows, v.firstRow, v.value])).toEqual([
      ['n', 'range', 2, 5, 2, 11], ['n', 'integer', 1, 5, 1, 2.5],
      ['c', 'unseen_category', 2, 5, 1, 'x'],
      ['b', 'null_rate', 2, 6, 2, 1 / 3],
    ]);
    const asRows = n.map((_, i) => ({ n: n[i], c: cat[i], b: b[i] }));
    expect(validate(asRows, c)).toEqual(want);
    expect(validate({ n: Float64Array.from(n, (x) => x ?? NaN), c: { codes: [0, 1, -1, 2, 0, 3], dictionary: ['a', 'x', 'b', 'y'] }, b }, c)).toEqual(want);
    expect(validate({ n: Float32Array.from(n, (x) => x ?? NaN), c: { codes: Int32Array.of(0, 1, -1, 2, 0, 3), dictionary: ['a', 'x', 'b', 'y'] }, b }, c)).toEqual(want);
    // numbers in a categorical column are categories by String(), as in profile(); an Int32Array is numeric
    expect(validate({ c: Float64Array.of(3, 4), n: Int32Array.of(1, 12), b: [true, true] }, c).violations.map((v) => [v.feature, v.rule, v.value]))
      .toEqual([['n', 'range', 12], ['c', 'unseen_category', '4']]);
    // booleans in a numeric or boolean column, numbers in a boolean column
    expect(validate({ n: [true], c: [true], b: Float64Array.of(1) }, c).violations.map((v) => [v.feature, v.rule, v.valueType]))
      .toEqual([['n', 'type', 'boolean'], ['c', 'unseen_category', undefined], ['b', 'type', 'number']]);
  });

  it('row objects: absent keys are missing values; a key absent from every row is a missing column', () => {
    const rows = [row(0), { ...row(1), amount: undefined }, (({ amount: _a, ...r }) => r)(row(2))];
    const r = validate(rows, contract);
    expect(r.violations).toEqual([]); // 2 of max(3, 100) missing amounts = 2%, not above 2 × 2%
    const none = validate([0, 1, 2].map((i) => (({ amount: _a, ...x }) => x)(row(i))), contract);
    expect(none.violations.map((v) => [v.feature, v.rule, v.count])).toEqual([['amount', 'missing_column', 3]]);
  });

  it('optional columns may be absent (their values then count as missing); allowUnexpected admits other columns', () => {
    const c = parseContract({
      format: 'driftkit-contract', version: 1,
      columns: { expected: ['a'], optional: ['b', 'note'], allowUnexpected: false },
      features: { a: { type: 'numeric', maxNullRate: 1 }, b: { type: 'numeric', maxNullRate: 0.5 } },
    });
    expect(validate({ a: [1, 2] }, c).violations.map((v) => [v.feature, v.rule, v.count])).toEqual([]); // 2/100 of b
    expect(validate({ a: new Array(200).fill(1) }, c).violations.map((v) => [v.feature, v.rule, v.count])).toEqual([['b', 'null_rate', 200]]);
    expect(validate({ a: [1], note: ['x'], extra: [1] }, c).violations.map((v) => [v.feature, v.rule])).toEqual([['extra', 'unexpected_column']]);
    const open = parseContract({ ...c, columns: { ...c.columns, allowUnexpected: true } });
    expect(validate({ a: [1], extra: [1] }, open).violations).toEqual([]);
  });

  it('counts unexpected columns by name up to maxUnexpectedColumns, the rest together', () => {
    const cols: Record<string, number[]> = { days_since_last_transaction: [1, 2], amount: [1, 2], country: ['DE', 'FR'] as never, is_new: [true, false] as never };
    for (let i = 0; i < 5; i++) cols[`x${i}`] = [i, i];
    const r = validate(cols, contract, { maxUnexpectedColumns: 3 });
    expect(r.violations.map((v) => [v.feature, v.count])).toEqual([['x0', 2], ['x1', 2], ['x2', 2], [OTHER_COLUMNS, 4]]);
  });

  it('an empty batch has no violations', () => {
    expect(validate([], contract)).toEqual({ rows: 0, violations: [], ok: true, blocking: false });
    expect(validate({}, contract)).toEqual({ rows: 0, violations: [], ok: true, blocking: false });
  });

  it('bad arguments throw a DriftkitError naming them; data problems never do', () => {
    expect(caught(() => validate({ a: [1] }, { format: 'x' } as never)).message).toBe('validate: contract.format must be "driftkit-contract"; got "x" (not a driftkit contract)');
    expect(caught(() => validate('rows' as never, contract)).message).toBe('validate: batch must be an object of columns or an array of row objects; got string');
    expect(caught(() => validate(new Float64Array(3) as never, contract)).message).toMatch(/^validate: batch must be an object of columns/);
    expect(caught(() => validate([row(0), 7] as never, contract)).message).toBe('validate: batch[1] must be a row object keyed by column; got number');
    expect(caught(() => validate({ amount: [1, 2], country: ['a'] }, contract)).message)
      .toBe('validate: batch.country has 1 rows but batch.amount has 2; columns must have equal lengths');
    expect(caught(() => validate({ amount: 'x' as never }, contract)).message).toMatch(/^validate: batch.amount must be a Float64Array/);
    expect(caught(() => validate({ country: { codes: [0, 5], dictionary: ['a'] } }, contract)).message)
      .toBe('validate: batch.country.codes element 1 is 5, outside the dictionary of 1 entries (negative codes are missing)');
    expect(caught(() => validate([], contract, { maxUnexpectedColumns: -1 })).message).toBe('validate: maxUnexpectedColumns must be an integer >= 0; got -1');
    expect(caught(() => validate([], contract, { nope: 1 } as never)).message).toMatch(/^validate: options has unknown key 'nope'/);
    fc.assert(fc.property(fc.array(fc.record({ amount: fc.anything(), country: fc.anything(), z: fc.anything() }), { maxLength: 20 }), (rows) => {
      const r = validate(rows, contract);
      expect(r.ok).toBe(r.violations.length === 0);
    }), { numRuns: 200 });
  });

  it('a contract built in code is checked (and may be edited between calls); frozen ones are cached', () => {
    const c = JSON.parse(JSON.stringify(contract)) as { features: Record<string, { maxNullRate: number }> } & DataContract;
    const batch = { ...current(300), country: new Array(300).fill(null) };
    expect(validate(batch, c).ok).toBe(false);
    c.features.country.maxNullRate = 1;
    expect(validate(batch, c).ok).toBe(true);
    expect(Object.isFrozen(contract.features.country)).toBe(true);
    c.features.country.maxNullRate = 2;
    expect(caught(() => validate(batch, c)).message).toBe('validate: contract.features.country.maxNullRate must be a rate in [0, 1]; got 2');
  });
});

describe('validate: blocking', () => {
  it('marks violations of blocking rules; blocking is true when any is', () => {
    const c = deriveContract(refProfile, { blocking: ['range', 'missing_column', 'unseen_category'] });
    expect(c.features.days_since_last_transaction.blocking).toEqual(['range']);
    expect(c.features.country.blocking).toEqual(['unseen_category']);
    expect(c.features.is_new.blocking).toEqual([]); // no range or categories to block on
    expect(c.columns.blocking).toEqual(['missing_column']);
    const { amount: _a, ...noAmount } = current(10);
    const r = validate({ ...noAmount, extra: new Array(10).fill(1) }, c);
    expect(r.violations.map((v) => [v.rule, v.blocking])).toEqual([['missing_column', true], ['unexpected_column', false]]);
    expect(r.blocking).toBe(true);
    const s = validate({ ...current(10), days_since_last_transaction: new Array(10).fill(1.7e9) }, c);
    expect(s.blocking).toBe(true);
    expect(validate({ ...current(10), amount: new Array(10).fill(-5) }, c).blocking).toBe(true); // every range blocks
    expect(validate({ ...current(10), country: new Array(10).fill(null) }, c).blocking).toBe(false); // null_rate does not
  });
});

describe('the derived contract accepts its own reference', () => {
  it('with zero violations, for any data (property)', () => {
    const num = fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: -50, max: 50 }), fc.constantFrom(NaN, Infinity, -Infinity, 0, -0));
    fc.assert(fc.property(fc.integer({ min: 1, max: 80 }).chain((n) => fc.tuple(
      fc.array(num, { minLength: n, maxLength: n }),
      fc.array(fc.option(fc.constantFrom('a', 'b', 'c', 'd', 'é', ''), { nil: null }), { minLength: n, maxLength: n }),
      fc.array(fc.option(fc.boolean(), { nil: null }), { minLength: n, maxLength: n }),
      fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }),
    )), fc.record({
      rangeMargin: fc.constantFrom(0, 0.5, 1.5), maxCategories: fc.integer({ min: 1, max: 5 }),
      rateFactor: fc.constantFrom(1, 2), rateFloor: fc.constantFrom(0, 0.01), keepSign: fc.boolean(),
    }), ([x, c, b, k], opts) => {
      const cols = { x: Float64Array.from(x), c, b, k };
      const p = profile(cols, { types: { k: 'categorical' } });
      const contract = deriveContract(p, opts);
      // every limit is at least the reference's own share, and min/max are exact: nothing can fire
      expect(validate(cols, contract).violations).toEqual([]);
      expect(validate(x.map((_, i) => ({ x: x[i], c: c[i], b: b[i], k: k[i] })), contract).violations).toEqual([]);
    }), { numRuns: 300 });
  });
});

describe('contracts in YAML', () => {
  it('the documented example parses and catches the documented record', () => {
    const c = parseContract(`
format: driftkit-contract
version: 1
createdAt: 2025-01-01T00:00:00.000Z
minRows: 100
columns:
  expected: [days_since_last_transaction, amount, country, is_new]
  optional: []
  allowUnexpected: false
  blocking: []
features:
  days_since_last_transaction:
    type: numeric
    maxNullRate: 0.01
    range: { min: 0, max: 443 }
    allowInfinity: false
    integer: true
    blocking: []
  amount: { type: numeric, maxNullRate: 0.2, range: { min: 0, max: 340.1 }, allowInfinity: false, integer: false, blocking: [] }
  country: { type: categorical, maxNullRate: 0.2, allowedCategories: [DE, ES, FR, IT], maxUnseenRate: 0, blocking: [] }
  is_new: { type: boolean, maxNullRate: 0.2, blocking: [] }
`);
    const p = profile({
      days_since_last_transaction: [3, 17, 0, 45, 120, 8, 365, 30, 2, 60],
      amount: [12.5, 80, null, 43.2, 19.99, 250, 5, 64.1, 33, 120],
      country: ['DE', 'FR', 'DE', 'ES', 'DE', 'FR', null, 'DE', 'IT', 'DE'],
      is_new: [false, true, false, false, true, false, false, null, false, true],
    });
    const { createdAt: _a, ...derived } = deriveContract(p);
    const { createdAt: _b, ...parsed } = c;
    expect(parsed).toEqual(derived);
    const r = validate([{ days_since_last_transaction: 1717171717, amount: 'n/a', country: 'XX', is_new: true, amount_eur: 3 }], c);
    expect(r.violations.map((v) => [v.feature, v.rule, v.count, v.rows, v.value, v.limit, v.message])).toEqual([
      ['amount_eur', 'unexpected_column', 1, 1, null, null, 'amount_eur: column not in the contract (1 of 1 rows)'],
      ['days_since_last_transaction', 'range', 1, 1, 1717171717, 443, 'days_since_last_transaction: 1 of 1 values outside [0, 443] (e.g. 1717171717 > 443 at row 0)'],
      ['amount', 'type', 1, 1, 'n/a', 'numeric', 'amount: 1 of 1 values not numbers (e.g. string "n/a" at row 0)'],
      ['country', 'unseen_category', 1, 1, 'XX', 0, 'country: 1 of 1 values outside the 4 allowed categories (e.g. "XX" at row 0)'],
    ]);
  });

  it('a shallow-frozen contract built in code is still checked on every call', () => {
    const c = Object.freeze(JSON.parse(JSON.stringify(contract))) as DataContract & { features: Record<string, { maxNullRate: number }> };
    const batch = { ...current(300), country: new Array(300).fill(null) };
    expect(validate(batch, c).ok).toBe(false);
    c.features.country.maxNullRate = 1;
    expect(validate(batch, c).ok).toBe(true);
  });
});
