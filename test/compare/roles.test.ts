// Column roles in the library: detectRoles() thresholds (identifiers, ISO-8601 datetimes, Parquet / Arrow
// timestamps, forced roles), timeSpan(), and compare()'s `exclude` option (left out of the features and of the
// dataset drift share, listed in report.excluded).
import { describe, expect, it } from 'vitest';
import { compare } from '../../src/compare/compare.js';
import { detectRoles, isoMillis, idLikeName, timeSpan, epochSeconds } from '../../src/compare/roles.js';
import * as dk from '../../src/index.js';

const range = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));

describe('isoMillis: strict ISO-8601', () => {
  it('reads dates and datetimes, with or without zone (none: UTC)', () => {
    expect(isoMillis('2026-03-04')).toBe(Date.UTC(2026, 2, 4));
    expect(isoMillis('2026-03-04T05:06')).toBe(Date.UTC(2026, 2, 4, 5, 6));
    expect(isoMillis('2026-03-04 05:06:07')).toBe(Date.UTC(2026, 2, 4, 5, 6, 7));
    expect(isoMillis('2026-03-04T05:06:07.250Z')).toBe(Date.UTC(2026, 2, 4, 5, 6, 7, 250));
    expect(isoMillis('2026-03-04T05:06:07+02:00')).toBe(Date.UTC(2026, 2, 4, 3, 6, 7));
    expect(isoMillis('2026-03-04T05:06:07+0200')).toBe(Date.UTC(2026, 2, 4, 3, 6, 7));
    expect(isoMillis('2026-03-04T05:06:07-05')).toBe(Date.UTC(2026, 2, 4, 10, 6, 7));
    expect(isoMillis('2026-03-04T05:06:07.123456789Z')).toBe(Date.UTC(2026, 2, 4, 5, 6, 7, 123));
  });
  it('refuses what Date.parse would guess at', () => {
    for (const s of ['2026-13-01', '2026-00-10', '2026-01-32', '2026-01-01T24:00', '2026-01-01T10:60', 'Jan 1 2026', '2026/01/01', '20260101', '1', '12', 'abc', ' 2026-01-01', '2026-01-01T10']) {
      expect(isoMillis(s), s).toBeNaN();
    }
  });
});

describe('idLikeName', () => {
  it('id, *_id, *-id, *Id, uuid, guid, key, hash; not words ending in "id"', () => {
    for (const n of ['id', 'ID', 'user_id', 'USER_ID', 'user-id', 'userId', 'customerID', 'uuid', 'request_uuid', 'guid', 'key', 'row_hash', 'sessionKey']) expect(idLikeName(n), n).toBe(true);
    for (const n of ['paid', 'valid', 'grid', 'keyboard', 'idle', 'width', 'monkey', 'hashed']) expect(idLikeName(n), n).toBe(false);
  });
});

describe('detectRoles', () => {
  const n = 200;
  it('the issue\'s table: row_id and user_id identifiers, event_time the time column; features stay', () => {
    const cols = {
      row_id: Float64Array.from(range(n, (i) => i + 1) as number[]),
      user_id: range(n, (i) => `u-${(i * 7919).toString(16)}-${i}`),
      event_time: range(n, (i) => new Date(Date.UTC(2026, 0, 1) + i * 3_600_000).toISOString()),
      amount: Float64Array.from(range(n, (i) => (i * 37) % 101 + 0.5) as number[]),
      price: Float64Array.from(range(n, (i) => Math.sin(i) * 1000) as number[]), // continuous: distinct, a feature
      count: Float64Array.from(range(n, (i) => i % 7) as number[]),
      channel: range(n, (i) => ['web', 'app'][i % 2]),
      flag: range(n, (i) => i % 3 === 0),
    };
    const r = detectRoles(cols);
    expect(r.excluded).toEqual([
      { column: 'row_id', reason: 'identifier', detail: '100% distinct over 200 values; named like an id' },
      { column: 'user_id', reason: 'identifier', detail: '100% distinct over 200 values; named like an id' },
      { column: 'event_time', reason: 'time', detail: 'ISO-8601 dates' },
    ]);
    expect(r.time).toEqual({ column: 'event_time', span: { min: '2026-01-01T00:00:00.000Z', max: '2026-01-09T07:00:00.000Z', rows: 200, days: 9, rowsPerDay: 200 / 9 } });
    // compare() with the detected roles: the same report as comparing the features alone
    const cur = { ...cols, row_id: Float64Array.from(range(n, (i) => i + 1001) as number[]), user_id: range(n, (i) => `v-${i}`),
      event_time: range(n, (i) => new Date(Date.UTC(2026, 5, 1) + i * 3_600_000).toISOString()) };
    const all = compare(cols, cur, { driftShare: 0.3 });
    expect(all.driftedFeatures).toEqual(['row_id', 'user_id', 'event_time']);
    expect(all.driftDetected).toBe(true);
    const rep = compare(cols, cur, { driftShare: 0.3, exclude: r.excluded });
    expect(rep.driftDetected).toBe(false);
    expect(Object.keys(rep.features)).toEqual(['amount', 'price', 'count', 'channel', 'flag']);
    expect(rep.featuresMonitored).toBe(5);
    expect(rep.excluded).toEqual(r.excluded);
  });

  it('identifier thresholds: >= 95% distinct strings over >= 50 values; integers only when dense like row numbers', () => {
    const ids = (k: number, distinct: number) => range(k, (i) => `x${i < distinct ? i : 0}`);
    expect(detectRoles({ s: ids(100, 96) }).excluded.map((e) => e.reason)).toEqual(['identifier']); // 96 distinct (incl. x0) of 100
    expect(detectRoles({ s: ids(100, 94) }).excluded).toEqual([]); // 94%
    expect(detectRoles({ s: ids(49, 49) }).excluded).toEqual([]); // too few values to tell
    expect(detectRoles({ s: [...ids(50, 50), null, '', null] }).excluded.map((e) => e.column)).toEqual(['s']); // nulls not counted
    // integers: a row number (dense) is an identifier; an integer amount in cents (spread) is a feature
    expect(detectRoles({ n: Float64Array.from(range(100, (i) => 5000 + i)) }).excluded.map((e) => e.detail)).toEqual(['100% distinct over 100 values, consecutive like row numbers']);
    expect(detectRoles({ cents: Float64Array.from(range(100, (i) => (i * 7919) % 100_003)) }).excluded).toEqual([]);
    // floats are distinct by nature: features
    expect(detectRoles({ x: Float64Array.from(range(100, (i) => i + 0.5)) }).excluded).toEqual([]);
    // named like an id: >= 50% distinct is enough (strings or integers)
    expect(detectRoles({ user_id: range(100, (i) => `u${i % 60}`) }).excluded.map((e) => e.column)).toEqual(['user_id']);
    expect(detectRoles({ customerId: Float64Array.from(range(100, (i) => (i % 60) * 1000)) }).excluded.map((e) => e.column)).toEqual(['customerId']);
    expect(detectRoles({ user_id: range(100, (i) => `u${i % 40}`) }).excluded).toEqual([]);
    // booleans and mixed strings / numbers are never identifiers
    expect(detectRoles({ b: range(100, (i) => i % 2 === 0) }).excluded).toEqual([]);
  });

  it('datetime threshold: >= 95% of non-null strings ISO-8601; Parquet / Arrow timestamps by type; further datetimes', () => {
    const dates = (bad: number) => range(100, (i) => (i < bad ? 'n/a?' : `2026-01-${String((i % 28) + 1).padStart(2, '0')}`));
    expect(detectRoles({ d: dates(5) }).time?.column).toBe('d'); // 95%
    expect(detectRoles({ d: dates(6) }).excluded).toEqual([]); // 94%: a categorical feature
    expect(detectRoles({ d: ['2026-01-01', null, '2026-01-03'] }).time).toEqual({
      column: 'd', span: { min: '2026-01-01T00:00:00.000Z', max: '2026-01-03T00:00:00.000Z', rows: 2, days: 3, rowsPerDay: 2 / 3 },
    });
    // numbers are never guessed to be epochs; a column the reader marks as a timestamp is
    const ms = Float64Array.from([Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 2, 12)]);
    expect(detectRoles({ ts: ms }).excluded).toEqual([]);
    const typed = detectRoles({ ts: ms, created: ms, other: ['2026-01-01', '2026-01-02'] }, { datetimes: ['ts', 'created'] });
    expect(typed.excluded).toEqual([
      { column: 'ts', reason: 'time', detail: 'date / timestamp column' },
      { column: 'created', reason: 'datetime', detail: 'date / timestamp column' },
      { column: 'other', reason: 'datetime', detail: 'ISO-8601 dates' },
    ]);
    expect(typed.time?.span).toMatchObject({ rows: 2, days: 2, rowsPerDay: 1 });
  });

  it('forced roles: time (numeric epochs in seconds or ms), ids, exclude; detect: false keeps only those', () => {
    const cols = { t: Float64Array.from([1_767_225_600, 1_767_312_000]), row: ['a', 'b'], x: Float64Array.from([1, 2]), other: ['2026-01-01', '2026-01-02'] };
    const r = detectRoles(cols, { time: 't', ids: ['row'], exclude: ['x'] });
    expect(r.excluded).toEqual([
      { column: 't', reason: 'time', detail: 'set as the time column' },
      { column: 'row', reason: 'identifier', detail: 'set as an identifier' },
      { column: 'x', reason: 'excluded', detail: 'excluded by request' },
      { column: 'other', reason: 'datetime', detail: 'ISO-8601 dates' },
    ]);
    expect(r.time?.span).toEqual({ min: '2026-01-01T00:00:00.000Z', max: '2026-01-02T00:00:00.000Z', rows: 2, days: 2, rowsPerDay: 1 });
    expect(detectRoles(cols, { time: 't', detect: false }).excluded.map((e) => e.column)).toEqual(['t']);
    expect(epochSeconds([1_767_225_600])).toBe(true);
    expect(epochSeconds([1_767_225_600_000])).toBe(false);
    expect(timeSpan([1_767_225_600_000, NaN, null])).toMatchObject({ rows: 1, days: 1 });
    expect(timeSpan([null, 'x'])).toBeUndefined();
  });

  it('is exported from driftkit', () => {
    expect(dk.detectRoles).toBe(detectRoles);
    expect(dk.ID_DISTINCT_SHARE).toBe(0.95);
    expect(dk.DATETIME_SHARE).toBe(0.95);
  });
});

describe('compare({ exclude })', () => {
  const ref = { a: Float64Array.from(range(300, (i) => i % 50)), b: range(300, (i) => ['x', 'y'][i % 2]), id: range(300, (i) => `r${i}`) };
  const cur = { a: Float64Array.from(range(300, (i) => i % 50)), b: range(300, (i) => ['x', 'y'][i % 2]), id: range(300, (i) => `c${i}`) };
  it('names (reason "excluded") or { column, reason }; the share counts the compared features only', () => {
    expect(compare(ref, cur).driftShare).toBeCloseTo(1 / 3);
    const r = compare(ref, cur, { exclude: ['id'] });
    expect(r.excluded).toEqual([{ column: 'id', reason: 'excluded' }]);
    expect(r.driftShare).toBe(0);
    expect(Object.keys(r.features)).toEqual(['a', 'b']);
    expect(compare(ref, cur, { exclude: [{ column: 'id', reason: 'identifier', detail: 'd' }, 'id'] }).excluded).toEqual([{ column: 'id', reason: 'identifier', detail: 'd' }]);
    // a column the reference does not have is simply not compared
    expect(compare(ref, cur, { exclude: ['nope'] }).featuresMonitored).toBe(3);
    // no option: no field (reports stay as they were)
    expect('excluded' in compare(ref, cur)).toBe(false);
  });
  it('refuses a malformed entry and a column both compared and excluded', () => {
    expect(() => compare(ref, cur, { exclude: [{ column: 'id', reason: 'bogus' as 'time' }] })).toThrow(/exclude\[0\]/);
    expect(() => compare(ref, cur, { exclude: 'id' as unknown as string[] })).toThrow(/exclude/);
    expect(() => compare(ref, cur, { features: ['a', 'id'], exclude: ['id'] })).toThrow(/features.*'id'.*also excluded/);
  });
});
