// Cutting rows by calendar period (ISO weeks, months, quarters; UTC or an IANA zone) and into N-row runs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkTimeZone, cutPeriods, cutRows, isTimeZone, periodCutter, periodOf, periodsBetween, timeMillis, zonedMillis, type CalendarEvery } from '../../src/timeline/periods.js';
import { caught } from '../helpers/errors.js';

const t = (s: string) => timeMillis(s);
const HOUR = 3_600_000;
/** A period with ISO-8601 bounds, for readable expectations. */
const show = (p: { label: string; start: number; end: number }) => ({ label: p.label, start: new Date(p.start).toISOString(), end: new Date(p.end).toISOString() });

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

describe('periodOf in a time zone', () => {
  it('Europe/Berlin: the spring-forward day (2024-03-31) lasts 23 hours, the fall-back day (2024-10-27) 25, both from local midnight', () => {
    expect(show(periodOf(t('2024-03-31T12:00:00Z'), 'day', 'Europe/Berlin')))
      .toEqual({ label: '2024-03-31', start: '2024-03-30T23:00:00.000Z', end: '2024-03-31T22:00:00.000Z' });
    expect(show(periodOf(t('2024-10-27T12:00:00Z'), 'day', 'Europe/Berlin')))
      .toEqual({ label: '2024-10-27', start: '2024-10-26T22:00:00.000Z', end: '2024-10-27T23:00:00.000Z' });
    // 00:30 local on 2024-03-31 is still 2024-03-30 in UTC; 23:30 local on 2024-10-27 is 22:30 UTC
    expect(periodOf(t('2024-03-30T23:30:00Z'), 'day', 'Europe/Berlin').label).toBe('2024-03-31');
    expect(periodOf(t('2024-10-27T22:59:59.999Z'), 'day', 'Europe/Berlin').label).toBe('2024-10-27');
    expect(periodOf(t('2024-10-27T23:00:00Z'), 'day', 'Europe/Berlin').label).toBe('2024-10-28');
    // the same instants in UTC (no zone) keep their UTC days
    expect(periodOf(t('2024-03-30T23:30:00Z'), 'day').label).toBe('2024-03-30');
  });
  it('America/New_York: 2024-03-10 lasts 23 hours (EST to EDT), 2024-11-03 25 hours', () => {
    const spring = periodOf(t('2024-03-10T15:00:00Z'), 'day', 'America/New_York');
    expect(show(spring)).toEqual({ label: '2024-03-10', start: '2024-03-10T05:00:00.000Z', end: '2024-03-11T04:00:00.000Z' });
    expect((spring.end - spring.start) / HOUR).toBe(23);
    const fall = periodOf(t('2024-11-03T15:00:00Z'), 'day', 'America/New_York');
    expect((fall.end - fall.start) / HOUR).toBe(25);
    expect(periodOf(t('2024-03-10T04:59:59Z'), 'day', 'America/New_York').label).toBe('2024-03-09');
  });
  it('weeks, months and quarters start at local midnight; labels are local', () => {
    // Monday 2024-04-01 00:00 in Berlin (CEST) is 2024-03-31T22:00Z: already W14, April, Q2 there, still W13 / March / Q1 in UTC
    const at = t('2024-03-31T22:30:00Z');
    expect(show(periodOf(at, 'week', 'Europe/Berlin'))).toEqual({ label: '2024-W14', start: '2024-03-31T22:00:00.000Z', end: '2024-04-07T22:00:00.000Z' });
    expect(show(periodOf(at, 'month', 'Europe/Berlin'))).toEqual({ label: '2024-04', start: '2024-03-31T22:00:00.000Z', end: '2024-04-30T22:00:00.000Z' });
    expect(show(periodOf(at, 'quarter', 'Europe/Berlin'))).toEqual({ label: '2024-Q2', start: '2024-03-31T22:00:00.000Z', end: '2024-06-30T22:00:00.000Z' });
    expect([periodOf(at, 'week').label, periodOf(at, 'month').label, periodOf(at, 'quarter').label]).toEqual(['2024-W13', '2024-03', '2024-Q1']);
    // the week holding the spring-forward Sunday is 167 hours long; March in Berlin is 743 hours (31 days − 1 h)
    const w = periodOf(t('2024-03-27T12:00:00Z'), 'week', 'Europe/Berlin');
    expect(show(w)).toEqual({ label: '2024-W13', start: '2024-03-24T23:00:00.000Z', end: '2024-03-31T22:00:00.000Z' });
    expect((w.end - w.start) / HOUR).toBe(167);
    const m = periodOf(t('2024-03-15T12:00:00Z'), 'month', 'Europe/Berlin');
    expect((m.end - m.start) / HOUR).toBe(31 * 24 - 1);
    // New York: local Sunday 2024-12-29 19:30 EST is 2024-12-30T00:30Z (Monday, 2025-W01 in UTC) but 2024-W52 locally
    expect(periodOf(t('2024-12-30T00:30:00Z'), 'week', 'America/New_York').label).toBe('2024-W52');
    expect(periodOf(t('2024-12-30T00:30:00Z'), 'week').label).toBe('2025-W01');
    expect(show(periodOf(t('2025-01-01T03:00:00Z'), 'quarter', 'America/New_York'))).toEqual({ label: '2024-Q4', start: '2024-10-01T04:00:00.000Z', end: '2025-01-01T05:00:00.000Z' });
  });
  it('a midnight the clock skips (America/Santiago, 2024-09-08) starts the day when the clock jumps, at 01:00 local', () => {
    expect(show(periodOf(t('2024-09-08T12:00:00Z'), 'day', 'America/Santiago'))).toEqual({ label: '2024-09-08', start: '2024-09-08T04:00:00.000Z', end: '2024-09-09T03:00:00.000Z' });
  });
  it('a day a zone skipped (Pacific/Apia, 2011-12-30) is no period: periodsBetween goes from the 29th to the 31st', () => {
    const days = [...periodsBetween(t('2011-12-29T12:00:00Z'), t('2012-01-01T00:00:00Z'), 'day', 'Pacific/Apia')];
    expect(days.map((p) => p.label)).toEqual(['2011-12-29', '2011-12-31', '2012-01-01']);
    for (let i = 1; i < days.length; i++) expect(days[i].start).toBe(days[i - 1].end);
  });
  it('zonedMillis reads zoneless ISO-8601 as local time in the zone; a zone or an offset in the string wins', () => {
    const iso = (x: number) => new Date(x).toISOString();
    expect(iso(zonedMillis('2024-01-01', 'Europe/Berlin'))).toBe('2023-12-31T23:00:00.000Z');
    expect(iso(zonedMillis('2024-07-01 00:00', 'America/New_York'))).toBe('2024-07-01T04:00:00.000Z');
    expect(iso(zonedMillis('2024-03-31T02:30', 'Europe/Berlin'))).toBe('2024-03-31T01:00:00.000Z'); // in the gap: when the clock jumps
    expect(iso(zonedMillis('2024-10-27T02:30', 'Europe/Berlin'))).toBe('2024-10-27T00:30:00.000Z'); // twice: the first
    expect(iso(zonedMillis('2024-01-01T00:00Z', 'Europe/Berlin'))).toBe('2024-01-01T00:00:00.000Z');
    expect(iso(zonedMillis('2024-01-01T00:00-05', 'Europe/Berlin'))).toBe('2024-01-01T05:00:00.000Z');
    expect(zonedMillis(1_700_000_000_000, 'Europe/Berlin')).toBe(1_700_000_000_000);
    expect(iso(zonedMillis('2024-01-01'))).toBe('2024-01-01T00:00:00.000Z');
  });
  it('a zone that is not one is a DriftkitError naming tz', () => {
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('')).toBe(false);
    const e = caught(() => periodOf(0, 'day', 'Mars/Olympus'));
    expect(e.argument).toBe('tz');
    expect(e.message).toMatch(/^periodOf: tz must be an IANA time zone name .*got "Mars\/Olympus"/);
    expect(caught(() => checkTimeZone(5, 'timeline')).message).toMatch(/^timeline: tz must be/);
  });
  it('cutPeriods cuts by local day: rows either side of local midnight land in different periods', () => {
    const times = ['2024-03-30T22:59:00Z', '2024-03-30T23:01:00Z', '2024-03-31T21:59:00Z', '2024-03-31T22:00:00Z'].map(t);
    expect(cutPeriods(times, [0, 1, 2, 3], 'day', 'Europe/Berlin').map((c) => [c.label, c.rows])).toEqual([['2024-03-30', [0]], ['2024-03-31', [1, 2]], ['2024-04-01', [3]]]);
    expect(cutPeriods(times, [0, 1, 2, 3], 'day').map((c) => [c.label, c.rows])).toEqual([['2024-03-30', [0, 1]], ['2024-03-31', [2, 3]]]);
  });
});

describe('periods tile time (property)', () => {
  const zones = [undefined, 'UTC', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/Santiago', 'Pacific/Apia'];
  const everies: CalendarEvery[] = ['day', 'week', 'month', 'quarter'];
  it('every instant is in exactly one period, and the periods either side meet it without gap or overlap', () => {
    fc.assert(fc.property(
      fc.integer({ min: Date.UTC(1971, 0, 1), max: Date.UTC(2060, 0, 1) }), fc.constantFrom(...zones), fc.constantFrom(...everies),
      (ms, tz, every) => {
        const p = periodOf(ms, every, tz);
        expect(p.start).toBeLessThanOrEqual(ms);
        expect(p.end).toBeGreaterThan(ms);
        // the same period from anywhere inside it, and its neighbours end / start exactly at its bounds
        expect(periodOf(p.start, every, tz)).toEqual(p);
        expect(periodOf(p.end - 1, every, tz)).toEqual(p);
        expect(periodOf(p.end, every, tz).start).toBe(p.end);
        expect(periodOf(p.start - 1, every, tz).end).toBe(p.start);
        expect(periodOf(p.end, every, tz).label).not.toBe(p.label);
        // lengths: a day 23 to 25 hours (Lord Howe: 23.5 / 24.5), a week 7 days ± 1 h, months and quarters whole days ± 1 h
        const h = (p.end - p.start) / HOUR;
        if (every === 'day') expect(h >= 23 && h <= 25).toBe(true);
        if (every === 'week') expect(Math.abs(h - 168)).toBeLessThanOrEqual(1);
      },
    ), { numRuns: 600, seed: 12 });
  });
  it('the cutter gives periodOf\'s periods for any order of instants', () => {
    fc.assert(fc.property(
      fc.array(fc.integer({ min: Date.UTC(2023, 0, 1), max: Date.UTC(2026, 0, 1) }), { minLength: 1, maxLength: 60 }), fc.constantFrom(...zones), fc.constantFrom(...everies),
      (times, tz, every) => {
        const cut = periodCutter(every, tz);
        for (const ms of times) expect(cut(ms)).toEqual(periodOf(ms, every, tz));
      },
    ), { numRuns: 200, seed: 7 });
  });
});
