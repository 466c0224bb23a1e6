// ContractAccumulator: a window of batches judged as a whole equals validate() of the batches concatenated;
// merge, reset, and the JSON state round trip.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { profile } from '../../src/profile/index.js';
import { ContractAccumulator, deriveContract, parseContract, validate, type ContractWindowJSON } from '../../src/quality/index.js';
import { caught } from '../helpers/errors.js';

const contract = parseContract({
  format: 'driftkit-contract', version: 1, minRows: 20,
  columns: { expected: ['n', 'c', 'b', 'id'], optional: ['o'], allowUnexpected: false, blocking: ['missing_column'] },
  features: {
    n: { type: 'numeric', maxNullRate: 0.1, range: { min: -5, max: 5 }, integer: true, blocking: ['range'] },
    c: { type: 'categorical', maxNullRate: 0.2, allowedCategories: ['a', 'b'], maxUnseenRate: 0.05 },
    b: { type: 'boolean', maxNullRate: 0 },
    o: { type: 'numeric', maxNullRate: 0.5, allowInfinity: true },
  },
});

const numCell = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -6, max: 6 }) },
  fc.constantFrom(NaN, Infinity, -Infinity, 0.5, 1e9, null),
  fc.constantFrom('7', 'x', true),
);
const catCell = fc.oneof({ weight: 5, arbitrary: fc.constantFrom('a', 'b') }, fc.constantFrom('z', 'y', null, 3, false));
const boolCell = fc.oneof({ weight: 5, arbitrary: fc.boolean() }, fc.constantFrom(null, 1, 'true'));
const row = fc.record({ n: numCell, c: catCell, b: boolCell, id: fc.integer(), o: numCell, x: fc.string({ maxLength: 3 }) },
  { requiredKeys: ['n', 'c', 'b', 'id'] });
/** Row batches in which the expected columns appear (so a concatenation has the same columns). */
const rowBatches = fc.array(fc.array(row, { minLength: 1, maxLength: 30 }), { minLength: 1, maxLength: 6 });
const columnsOf = (rows: Record<string, unknown>[], keys: readonly string[]) =>
  Object.fromEntries(keys.map((k) => [k, rows.map((r) => r[k] ?? null)]));

describe('ContractAccumulator', () => {
  it('a window equals validate() of its batches concatenated (row batches; property)', () => {
    fc.assert(fc.property(rowBatches, fc.integer({ min: 0, max: 3 }), (batches, maxUnexpected) => {
      const acc = new ContractAccumulator(contract, { maxUnexpectedColumns: maxUnexpected });
      for (const b of batches) expect(acc.add(b)).toEqual(validate(b, contract, { maxUnexpectedColumns: maxUnexpected }));
      const all = batches.flat();
      expect(acc.result()).toEqual({ ...validate(all, contract, { maxUnexpectedColumns: maxUnexpected }), batches: batches.length });
      expect(acc.rows).toBe(all.length);
    }), { numRuns: 300 });
  });

  it('a window equals validate() of its batches concatenated (columnar batches, typed and plain; property)', () => {
    const keys = fc.subarray(['o', 'x', 'y'], { minLength: 0 }).map((extra) => ['n', 'c', 'b', 'id', ...extra]);
    fc.assert(fc.property(rowBatches, keys, fc.boolean(), (batches, cols, typed) => {
      const acc = new ContractAccumulator(contract);
      const toCols = (rows: Record<string, unknown>[]) => {
        const c = columnsOf(rows, cols);
        // a typed numeric column where the values allow it
        if (typed && c.n.every((v) => typeof v === 'number' || v === null)) return { ...c, n: Float64Array.from(c.n as (number | null)[], (v) => v ?? NaN) };
        return c;
      };
      for (const b of batches) acc.add(toCols(b));
      expect(acc.result()).toEqual({ ...validate(columnsOf(batches.flat(), cols), contract), batches: batches.length });
    }), { numRuns: 200 });
  });

  it('merge appends another window; toJSON / restore resume exactly (property)', () => {
    fc.assert(fc.property(rowBatches, rowBatches, (a, b) => {
      const one = new ContractAccumulator(contract);
      for (const x of [...a, ...b]) one.add(x);
      const left = new ContractAccumulator(contract), right = new ContractAccumulator(contract);
      for (const x of a) left.add(x);
      for (const x of b) right.add(x);
      expect(left.merge(right).result()).toEqual(one.result());
      const saved = JSON.stringify(one.toJSON());
      const back = ContractAccumulator.restore(contract, saved);
      expect(back.result()).toEqual(one.result());
      expect(back.toJSON()).toEqual(one.toJSON());
      back.add(a[0]); one.add(a[0]);
      expect(back.result()).toEqual(one.result());
    }), { numRuns: 150 });
  });

  it('a days-since field turning into Unix timestamps is caught within one window, in the batch where it starts', () => {
    const days = Float64Array.from({ length: 5000 }, (_, i) => (i * 37) % 401);
    const c = deriveContract(profile({ days_since_last_transaction: days }));
    const acc = new ContractAccumulator(c);
    const perBatch = [];
    for (let k = 0; k < 10; k++) {
      const x = days.slice(k * 100, k * 100 + 100);
      if (k >= 6) x.fill(1_717_000_000 + k); // the pipeline switched to epoch seconds at batch 6
      perBatch.push(acc.add({ days_since_last_transaction: x }).violations.map((v) => [v.rule, v.count]));
    }
    expect(perBatch).toEqual([[], [], [], [], [], [], [['range', 100]], [['range', 100]], [['range', 100]], [['range', 100]]]);
    const w = acc.result();
    expect(w.violations.map((v) => [v.feature, v.rule, v.count, v.rows, v.firstRow, v.value])).toEqual([
      ['days_since_last_transaction', 'range', 400, 1000, 600, 1_717_000_006],
    ]);
    expect(w.batches).toBe(10);
  });

  it('judges rates on the window: small batches each under minRows add up to a breach', () => {
    const acc = new ContractAccumulator(contract);
    const batch = (nulls: number) => Array.from({ length: 10 }, (_, i) => ({ n: i < nulls ? null : 1, c: 'a', b: true, id: 1, o: 0 }));
    for (let k = 0; k < 9; k++) expect(acc.add(batch(2)).ok).toBe(true); // 2 of max(10, 20): 10%, not above 10%
    expect(acc.result().violations.map((v) => [v.rule, v.count, v.rows, v.value])).toEqual([['null_rate', 18, 90, 0.2]]);
    acc.reset();
    expect(acc.result()).toEqual({ rows: 0, violations: [], ok: true, blocking: false, batches: 0 });
  });

  it('missing columns in part of the window, and blocking carried to the window', () => {
    const acc = new ContractAccumulator(contract);
    acc.add([{ n: 1, c: 'a', b: true, id: 1 }, { n: 2, c: 'a', b: true, id: 2 }]);
    const r = acc.add([{ n: 1, c: 'a', b: true }]);
    expect(r.violations.map((v) => [v.feature, v.rule, v.count, v.blocking])).toEqual([['id', 'missing_column', 1, true]]);
    expect(r.blocking).toBe(true);
    const w = acc.result();
    expect(w.violations.map((v) => [v.feature, v.rule, v.count, v.rows, v.firstRow])).toEqual([['id', 'missing_column', 1, 3, 2]]);
    expect(w.violations[0].message).toBe('id: expected column missing from 1 of 3 rows');
    expect(w.blocking).toBe(true);
  });

  it('caps unexpected column names in a window', () => {
    const acc = new ContractAccumulator(contract, { maxUnexpectedColumns: 2 });
    for (let k = 0; k < 50; k++) acc.add([{ n: 1, c: 'a', b: true, id: 1, [`col${k}`]: 1 }]);
    const json = acc.toJSON();
    expect(Object.keys(json.unexpected)).toEqual(['col0', 'col1', '(other columns)']);
    expect(json.unexpected['(other columns)'].count).toBe(48);
  });

  it('a bad batch throws and counts nothing; restore and merge check their arguments', () => {
    const acc = new ContractAccumulator(contract);
    acc.add([{ n: 1, c: 'a', b: true, id: 1 }]);
    const before = JSON.stringify(acc.toJSON());
    expect(caught(() => acc.add({ n: [1, 2], c: ['a'] })).message).toBe('ContractAccumulator.add: batch.c has 1 rows but batch.n has 2; columns must have equal lengths');
    expect(caught(() => acc.add({ c: { codes: [0, 9], dictionary: ['a'] }, n: [1, 2] })).message).toMatch(/^ContractAccumulator.add: batch.c.codes element 1 is 9/);
    expect(JSON.stringify(acc.toJSON())).toBe(before);

    const json = acc.toJSON();
    const restore = (j: unknown) => caught(() => ContractAccumulator.restore(contract, j as ContractWindowJSON)).message;
    expect(restore({ ...json, format: 'x' })).toBe("ContractAccumulator.restore: json must be an accumulator's toJSON() (format 'driftkit-contract-window', version 1)");
    expect(restore('{')).toMatch(/^ContractAccumulator.restore: json is not valid JSON/);
    expect(restore({ ...json, rows: -1 })).toMatch(/^ContractAccumulator.restore: json.rows must be an integer in \[0, /);
    expect(restore({ ...json, features: { ...json.features, zz: { present: 0, hits: {} } } })).toBe('ContractAccumulator.restore: json.features.zz is not a feature of the contract');
    expect(restore({ ...json, features: { n: { present: 1, hits: { rnage: { count: 1, first: 0, value: 1 } } } } }))
      .toBe('ContractAccumulator.restore: json.features.n.hits has unknown rule "rnage" (type, null_rate, not_finite, range, integer, unseen_category)');
    expect(restore({ ...json, features: { n: { present: 1, hits: { range: { count: 2, first: 0, value: 1 } } } } }))
      .toBe('ContractAccumulator.restore: json.features.n.hits.range.count must be an integer in [0, 1]; got 2');
    expect(restore({ ...json, missing: { n2: { count: 1, first: 0, value: null } } })).toBe('ContractAccumulator.restore: json.missing.n2 is not an expected column of the contract');
    expect(restore({ ...json, unexpected: { n: { count: 1, first: 0, value: null } } })).toBe('ContractAccumulator.restore: json.unexpected.n is a column of the contract, not unexpected');

    const other = new ContractAccumulator(deriveContract(profile({ q: [1, 2] })));
    expect(caught(() => acc.merge(other)).message).toBe('ContractAccumulator.merge: other was made with a different contract');
    expect(caught(() => acc.merge(acc)).message).toMatch(/^ContractAccumulator.merge: other is this accumulator/);
    expect(caught(() => acc.merge({} as never)).message).toBe('ContractAccumulator.merge: other must be a ContractAccumulator; got object');
    expect(caught(() => new ContractAccumulator({} as never)).message).toMatch(/^ContractAccumulator: contract.format must be/);
  });

  it('infinite example values survive the JSON state', () => {
    const acc = new ContractAccumulator(contract);
    acc.add({ n: Float64Array.of(1, -Infinity), c: ['a', 'a'], b: Float64Array.of(Infinity, 0), id: [1, 2] });
    const back = ContractAccumulator.restore(contract, JSON.parse(JSON.stringify(acc.toJSON())));
    const vs = back.result().violations.map((v) => [v.feature, v.rule, v.value, v.valueType]);
    expect(vs).toEqual([['n', 'not_finite', -Infinity, undefined], ['b', 'type', Infinity, 'number']]);
    expect(back.result()).toEqual(acc.result());
  });

  it('add(batch, { unlessBlocking: true }) returns the verdict and counts nothing of a blocking batch (a service rejects it)', () => {
    const acc = new ContractAccumulator(contract);
    acc.add({ n: [1, 2], c: ['a', 'b'], b: [true, false], id: [1, 2] });
    const r = acc.add({ n: [1, 99], c: ['a', 'a'], b: [true, true], id: [3, 4] }, { unlessBlocking: true });
    expect(r.blocking).toBe(true);
    expect(r.violations).toContainEqual(expect.objectContaining({ feature: 'n', rule: 'range', count: 1, value: 99, blocking: true }));
    expect(acc.rows).toBe(2);
    expect(acc.result().ok).toBe(true);
    acc.add({ n: [1, 99], c: ['a', 'a'], b: [true, true], id: [3, 4] });
    expect(acc.rows).toBe(4);
  });
});
