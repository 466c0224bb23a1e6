// Cutting rows by UTC calendar period (ISO weeks, months, quarters) and into N-row runs.
import { describe, expect, it } from 'vitest';
import { cutPeriods, cutRows, periodOf, timeMillis } from '../../src/timeline/periods.js';

const t = (s: string) => timeMillis(s);

describe('periodOf', () => {
  it('ISO weeks start on Monday; the week of the year\'s first Thursday is W01, across year ends', () => {
    expect(periodOf(t('2024-01-01'), 'week').label).toBe('2024-W01'); // a Monday
    expect(periodOf(t('2024-01-07T23:59:59Z'), 'week').label).toBe('2024-W01'); // Sunday
    expect(periodOf(t('2024-01-08'), 'week').label).toBe('2024-W02');
    expect(periodOf(t('2024-01-16'), 'week').label).toBe('2024-W03');
    expect(periodOf(t('2024-12-29'), 'week').label).toBe('2024-W52'); // Sunday
    const w = periodOf(t('2024-12-30'), 'week'); // Monday → the week holding 2025-01-02 (Thursday)
    expect(w.label).toBe('2025-W01');
    expect(new Date(w.start).toISOString()).toBe('2024-12-30T00:00:00.000Z');
    expect(new Date(w.end).toISOString()).toBe('2025-01-06T00:00:00.000Z');
    expect(periodOf(t('2025-01-05T12:00:00Z'), 'week').label).toBe('2025-W01');
    expect(periodOf(t('2021-01-03'), 'week').label).toBe('2020-W53');
    expect(periodOf(t('2020-12-31'), 'week').label).toBe('2020-W53');
  });
  it('days, months and quarters in UTC', () => {
    expect(periodOf(t('2024-02-29T23:30:00+00:00'), 'day').label).toBe('2024-02-29');
    expect(periodOf(t('2024-03-01T00:30:00+02:00'), 'day').label).toBe('2024-02-29'); // 22:30 UTC
    const m = periodOf(t('2024-02-15'), 'month');
    expect(m).toEqual({ label: '2024-02', start: Date.UTC(2024, 1, 1), end: Date.UTC(2024, 2, 1) });
    expect(periodOf(t('2024-12-31T23:59:59Z'), 'month').label).toBe('2024-12');
    expect(periodOf(t('2024-03-31'), 'quarter')).toEqual({ label: '2024-Q1', start: Date.UTC(2024, 0, 1), end: Date.UTC(2024, 3, 1) });
    expect(periodOf(t('2024-04-01'), 'quarter').label).toBe('2024-Q2');
    expect(periodOf(t('2024-12-01'), 'quarter').label).toBe('2024-Q4');
  });
});

describe('cutPeriods / cutRows', () => {
  it('cuts unsorted rows into periods in time order; rows without a time are left out', () => {
    const raw = ['2024-03-02', '2024-01-05', null, '2024-02-10', '2024-01-20', 'not a date', '2024-03-31T23:00:00Z', Date.UTC(2024, 1, 1)];
    const times = raw.map(timeMillis);
    const rows = raw.map((_, i) => i);
    const months = cutPeriods(times, rows, 'month');
    expect(months.map((c) => [c.label, c.rows])).toEqual([['2024-01', [1, 4]], ['2024-02', [3, 7]], ['2024-03', [0, 6]]]);
    expect(cutPeriods(times, rows, 'quarter').map((c) => [c.label, c.rows.length])).toEqual([['2024-Q1', 6]]);
    const weeks = cutPeriods([t('2025-01-01'), t('2024-12-30'), t('2024-12-29')], [0, 1, 2], 'week');
    expect(weeks.map((c) => [c.label, c.rows])).toEqual([['2024-W52', [2]], ['2025-W01', [0, 1]]]);
  });
  it('cuts N-row runs in the order given, the last one shorter, labelled by position', () => {
    const c = cutRows([4, 3, 2, 1, 0], 2, 10, [0, 10, 20, 30, 40]);
    expect(c.map((x) => [x.label, x.rows])).toEqual([['10-11', [4, 3]], ['12-13', [2, 1]], ['14-14', [0]]]);
    expect(c[0].start).toBe(30);
    expect(c[0].end).toBe(40);
    expect(cutRows([0, 1, 2], 5)[0]).toMatchObject({ label: '0-2', rows: [0, 1, 2], start: NaN });
  });
});
