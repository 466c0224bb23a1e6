// timeline(): chunks compared with the reference profile, fixed and data-driven thresholds, bad options.
import { describe, expect, it } from 'vitest';
import { compare } from '../../src/compare/compare.js';
import { profile } from '../../src/profile/index.js';
import { timeline } from '../../src/timeline/timeline.js';
import { renderTimeline, timelineJson } from '../../src/timeline/report.js';
import { caught } from '../helpers/errors.js';
import { rng } from '../helpers/rng.js';

const DAY = 86_400_000;
const normal = (r: () => number) => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());

/** 10 ISO weeks from Monday 2024-01-01 (2024-W01..W10), `perWeek` rows each, shuffled; x shifts by 1.5σ from week 7. */
function weeks(perWeek = 500, seed = 7) {
  const r = rng(seed);
  const rows: { ts: string; x: number; y: number; c: string; week: number }[] = [];
  for (let w = 0; w < 10; w++) {
    for (let i = 0; i < perWeek; i++) {
      const ms = Date.UTC(2024, 0, 1) + w * 7 * DAY + Math.floor(r() * 7 * DAY);
      rows.push({ ts: new Date(ms).toISOString(), x: normal(r) + (w >= 6 ? 1.5 : 0), y: normal(r) * 2 + 5, c: ['a', 'b', 'c'][Math.floor(r() * 3)], week: w + 1 });
    }
  }
  for (let i = rows.length - 1; i > 0; i--) { const j = Math.floor(r() * (i + 1)); [rows[i], rows[j]] = [rows[j], rows[i]]; }
  return { ts: rows.map((x) => x.ts), x: rows.map((x) => x.x), y: rows.map((x) => x.y), c: rows.map((x) => x.c) };
}

describe('timeline, fixed thresholds', () => {
  const data = weeks();
  const t = timeline(data, { time: 'ts', reference: { start: '2024-01-01', end: '2024-01-29' }, every: 'week' });
  it('cuts the reference (marked) and the rest by ISO week, from unsorted rows', () => {
    expect(t.features).toEqual(['x', 'y', 'c']);
    expect(t.referenceRows).toBe(2000);
    expect(t.thresholds).toBe('fixed');
    expect(t.chunks.map((c) => `${c.period[0]}:${c.label}`)).toEqual([
      'r:2024-W01', 'r:2024-W02', 'r:2024-W03', 'r:2024-W04',
      'a:2024-W05', 'a:2024-W06', 'a:2024-W07', 'a:2024-W08', 'a:2024-W09', 'a:2024-W10',
    ]);
    expect(t.chunks.every((c) => c.rows === 500)).toBe(true);
    expect(t.chunks[6]).toMatchObject({ start: '2024-02-12T00:00:00.000Z', end: '2024-02-19T00:00:00.000Z' });
  });
  it('exactly weeks 7–10 drift in the shifted feature, nothing else drifts', () => {
    const drifting = t.chunks.filter((c) => c.features.x.drifted).map((c) => c.label);
    expect(drifting).toEqual(['2024-W07', '2024-W08', '2024-W09', '2024-W10']);
    for (const c of t.chunks) {
      expect(c.features.y.drifted).toBe(false);
      expect(c.features.c.drifted).toBe(false);
      expect(c.driftedFeatures).toEqual(c.features.x.drifted ? ['x'] : []);
    }
    expect(t.chunks[6].features.x).toMatchObject({ method: 'psi', severity: 'critical', status: 'ok' });
    expect(t.chunks[6].features.c.method).toBe('jensenshannon');
  });
  it('each chunk is compare() of the reference profile with the chunk; dataset drift follows its share rule', () => {
    // 1 of 3 features < 0.5: no dataset drift; with driftShare 0.3 the drifted weeks are dataset drift
    expect(t.chunks.some((c) => c.datasetDrift)).toBe(false);
    expect(t.chunks[6].driftShare).toBeCloseTo(1 / 3, 12);
    const low = timeline(data, { time: 'ts', reference: { start: '2024-01-01', end: '2024-01-29' }, every: 'week', driftShare: 0.3 });
    expect(low.chunks.filter((c) => c.datasetDrift).map((c) => c.label)).toEqual(['2024-W07', '2024-W08', '2024-W09', '2024-W10']);
    // the same numbers as compare() on the rows of the week
    const inRef = data.ts.map((s) => s < '2024-01-29');
    const pick = (keep: boolean[]) => ({ x: data.x.filter((_, i) => keep[i]), y: data.y.filter((_, i) => keep[i]), c: data.c.filter((_, i) => keep[i]) });
    const week7 = data.ts.map((s) => s >= '2024-02-12' && s < '2024-02-19');
    const r = compare(profile(pick(inRef)), pick(week7));
    for (const f of ['x', 'y', 'c']) expect(t.chunks[6].features[f].statistic).toBe(r.features[f].statistic);
  });
});

describe('timeline, reference thresholds', () => {
  it('mean ± 3σ of the reference chunks\' statistics (population σ); a chunk drifts above mean + 3σ', () => {
    const data = weeks(300, 11);
    const t = timeline(data, { time: 'ts', reference: { start: '2024-01-01', end: '2024-02-12' }, every: 'week', thresholds: 'reference' });
    const ref = t.chunks.filter((c) => c.period === 'reference');
    expect(ref.map((c) => c.label)).toEqual(['2024-W01', '2024-W02', '2024-W03', '2024-W04', '2024-W05', '2024-W06']);
    for (const f of ['x', 'y', 'c']) {
      const s = ref.map((c) => c.features[f].statistic);
      const mean = s.reduce((a, b) => a + b, 0) / s.length;
      const std = Math.sqrt(s.reduce((a, b) => a + (b - mean) ** 2, 0) / s.length);
      expect(t.limits![f]).toEqual({ method: f === 'c' ? 'jensenshannon' : 'psi', mean, std, lower: mean - 3 * std, upper: mean + 3 * std, chunks: 6 });
      for (const c of t.chunks) {
        expect(c.features[f].drifted).toBe(c.features[f].statistic > mean + 3 * std);
        expect(c.features[f].severity).toBe(c.features[f].drifted ? 'critical' : 'none');
      }
    }
    expect(t.chunks.filter((c) => c.features.x.drifted).map((c) => c.label)).toEqual(['2024-W07', '2024-W08', '2024-W09', '2024-W10']);
    // KS (a small reference) is thresholded on its D statistic, not its p-value
    const small = timeline(data, { time: 'ts', reference: { rows: 600 }, every: 100, thresholds: 'reference', features: ['x'] });
    expect(small.limits!.x.method).toBe('ks');
    const d = small.chunks.filter((c) => c.period === 'reference').map((c) => c.features.x.statistic);
    expect(d.length).toBe(6);
    expect(d.every((x) => x > 0 && x < 1)).toBe(true);
    expect(small.limits!.x.mean).toBeCloseTo(d.reduce((a, b) => a + b, 0) / 6, 14);
    expect(small.chunks[6].label).toBe('600-699');
  });
  it("'reference' needs 5 reference chunks, else an error naming thresholds", () => {
    const e = caught(() => timeline(weeks(50), { time: 'ts', reference: { start: '2024-01-01', end: '2024-01-29' }, every: 'week', thresholds: 'reference' }));
    expect(e.argument).toBe('thresholds');
    expect(e.message).toMatch(/at least 5 reference chunks to estimate σ; the reference gives 4/);
  });
});

describe('timeline options', () => {
  const data = weeks(20);
  const bad = (o: object) => caught(() => timeline(data, { time: 'ts', reference: { start: '2024-01-01', end: '2024-01-29' }, every: 'week', ...o } as never)).argument;
  it('bad options are DriftkitErrors naming the argument', () => {
    expect(bad({ every: 'year' })).toBe('every');
    expect(bad({ every: 0 })).toBe('every');
    expect(bad({ thresholds: 'auto' })).toBe('thresholds');
    expect(bad({ time: 'when' })).toBe('time');
    expect(bad({ time: undefined })).toBe('time');
    expect(bad({ reference: {} })).toBe('reference');
    expect(bad({ reference: { start: 'yesterday', end: '2024-02-01' } })).toBe('reference.start');
    expect(bad({ reference: { start: '2024-02-01', end: '2024-01-01' } })).toBe('reference.end');
    expect(bad({ reference: { start: '2030-01-01', end: '2030-02-01' } })).toBe('reference');
    expect(bad({ reference: { rows: 0 } })).toBe('reference.rows');
    expect(bad({ features: ['nope'] })).toBe('features');
  });
  it('epoch-millisecond times and N-row chunks; excluded columns are not followed', () => {
    const ts = data.ts.map((s) => Date.parse(s));
    const t = timeline({ ...data, ts, id: data.x.map((_, i) => `r${i}`) }, { time: 'ts', reference: { rows: 100 }, every: 50, exclude: ['id'] });
    expect(t.features).toEqual(['x', 'y', 'c']);
    expect(t.excluded).toEqual([{ column: 'ts', reason: 'time' }, { column: 'id', reason: 'excluded' }]);
    expect(t.chunks.map((c) => c.label)).toEqual(['0-49', '50-99', '100-149', '150-199']);
    expect(t.chunks[0].start! < t.chunks[1].start!).toBe(true);
  });
});

describe('timeline, periods without rows', () => {
  // weeks 1–10 as above, with no rows in weeks 3 (reference) and 8–9 (analysis)
  const full = weeks(300, 13);
  const keep = full.ts.map((s) => !(s >= '2024-01-15' && s < '2024-01-22') && !(s >= '2024-02-19' && s < '2024-03-04'));
  const data = Object.fromEntries(Object.entries(full).map(([k, v]) => [k, (v as unknown[]).filter((_, i) => keep[i])])) as typeof full;
  const t = timeline(data, { time: 'ts', reference: { start: '2024-01-01', end: '2024-02-05' }, every: 'week' });
  it('are chunks of 0 rows in time order within their part: nothing measured, nothing drifted', () => {
    expect(t.chunks.map((c) => `${c.period[0]}:${c.label}:${c.rows}`)).toEqual([
      'r:2024-W01:300', 'r:2024-W02:300', 'r:2024-W03:0', 'r:2024-W04:300', 'r:2024-W05:300',
      'a:2024-W06:300', 'a:2024-W07:300', 'a:2024-W08:0', 'a:2024-W09:0', 'a:2024-W10:300',
    ]);
    const gap = t.chunks[7];
    expect(gap).toMatchObject({ start: '2024-02-19T00:00:00.000Z', end: '2024-02-26T00:00:00.000Z', driftedFeatures: [], driftShare: 0, datasetDrift: false });
    expect(gap.features.x).toEqual({ method: 'psi', statistic: NaN, drifted: false, severity: 'none', status: 'no-rows' });
    expect(gap.features.c.method).toBe('jensenshannon');
    // the chunks with rows are what they were without the gaps
    expect(t.chunks.filter((c) => c.features.x.drifted).map((c) => c.label)).toEqual(['2024-W07', '2024-W10']);
  });
  it('the heat map leaves them blank and the chunk list says no data; JSON has rows 0 and null statistics', () => {
    const text = renderTimeline(t);
    expect(text).toMatch(/^x\s+\.\. \.\.\|\.C  C$/m);
    expect(text).toMatch(/^dataset\s+\.\. \.\.\|\.\.  \.$/m);
    expect(text).toMatch(/^2024-W08\s+analysis\s+0 rows\s+no data$/m);
    const j = timelineJson(t);
    expect(j.chunks[2]).toMatchObject({ label: '2024-W03', period: 'reference', rows: 0, drift_share: 0, dataset_drift: false });
    expect(j.chunks[2].features.y).toEqual({ method: 'psi', statistic: null, p_value: null, drifted: false, severity: 'none', status: 'no-rows' });
  });
  it("'reference' thresholds count and use only the reference chunks with rows", () => {
    const r = timeline(data, { time: 'ts', reference: { start: '2024-01-01', end: '2024-02-12' }, every: 'week', thresholds: 'reference' });
    expect(r.chunks.filter((c) => c.period === 'reference').map((c) => c.rows)).toEqual([300, 300, 0, 300, 300, 300]);
    expect(r.limits!.x.chunks).toBe(5);
    expect(r.chunks[2].features.x).toMatchObject({ drifted: false, severity: 'none', status: 'no-rows' });
  });
  it('a row-count reference: empty periods between its chunks are reference, later ones analysis', () => {
    const r = timeline(data, { time: 'ts', reference: { rows: 1200 }, every: 'week' });
    expect(r.chunks.map((c) => `${c.period[0]}:${c.label}:${c.rows}`).join(' ')).toBe(
      'r:2024-W01:300 r:2024-W02:300 r:2024-W03:0 r:2024-W04:300 r:2024-W05:300 a:2024-W06:300 a:2024-W07:300 a:2024-W08:0 a:2024-W09:0 a:2024-W10:300');
  });
  it('a stray time decades away is an error naming every, not millions of empty chunks', () => {
    const bad = { ...data, ts: [...data.ts.slice(0, -1), '1700-01-01'] };
    const e = caught(() => timeline(bad, { time: 'ts', reference: { start: '2024-01-01', end: '2024-02-05' }, every: 'day' }));
    expect(e.argument).toBe('every');
    expect(e.message).toMatch(/more than 100000 periods/);
    // by month the same span is fine: the empty months are listed
    const m = timeline(bad, { time: 'ts', reference: { start: '2024-01-01', end: '2024-02-05' }, every: 'month' });
    expect(m.chunks.filter((c) => c.period === 'analysis')[0]).toMatchObject({ label: '1700-01', rows: 1 });
    // 1700-01 … 2024-03 are 3891 months; 2024-02 is in both parts (the reference ends on Feb 5)
    expect(m.chunks.length).toBe((2024 - 1700) * 12 + 3 + 1);
    expect(m.chunks.filter((c) => c.rows === 0).length).toBe((2024 - 1700) * 12 - 1);
  });
});

describe('timeline in a time zone', () => {
  // hourly rows over March–April 2024; a reading every hour of UTC
  const ts: string[] = [], x: number[] = [];
  const r = rng(21);
  for (let ms = Date.UTC(2024, 2, 1); ms < Date.UTC(2024, 4, 1); ms += 3_600_000) { ts.push(new Date(ms).toISOString()); x.push(normal(r)); }
  it('days are local (23 hours on 2024-03-31 in Berlin), labels local, bounds UTC instants; zoneless reference bounds are local', () => {
    const t = timeline({ ts, x }, { time: 'ts', reference: { start: '2024-03-01', end: '2024-03-15' }, every: 'day', tz: 'Europe/Berlin' });
    expect(t.tz).toBe('Europe/Berlin');
    const ref = t.chunks.filter((c) => c.period === 'reference');
    // local 2024-03-01 00:00 is 2024-02-29T23:00Z, before the first row: the first reference day holds 23 rows
    expect(ref.map((c) => c.rows)).toEqual([23, ...Array(13).fill(24)]);
    expect(ref[0]).toMatchObject({ label: '2024-03-01', start: '2024-02-29T23:00:00.000Z', end: '2024-03-01T23:00:00.000Z' });
    expect(t.referenceRows).toBe(14 * 24 - 1);
    const dst = t.chunks.find((c) => c.label === '2024-03-31')!;
    expect(dst).toMatchObject({ period: 'analysis', start: '2024-03-30T23:00:00.000Z', end: '2024-03-31T22:00:00.000Z', rows: 23 });
    expect(t.chunks.find((c) => c.label === '2024-04-01')!.rows).toBe(24);
    // the last local day, 2024-05-01, holds the 2 hours 22:00–24:00 UTC of April 30
    expect(t.chunks.at(-1)).toMatchObject({ label: '2024-05-01', rows: 2 });
    expect(timelineJson(t).time_zone).toBe('Europe/Berlin');
    expect(renderTimeline(t)).toMatch(/every day, Europe\/Berlin/);
  });
  it('months in America/New_York start at local midnight (04:00 or 05:00 UTC)', () => {
    const t = timeline({ ts, x }, { time: 'ts', reference: { rows: 24 * 20 }, every: 'month', tz: 'America/New_York' });
    expect(t.chunks.map((c) => [c.period, c.label, c.start, c.rows])).toEqual([
      ['reference', '2024-02', '2024-02-01T05:00:00.000Z', 5],
      ['reference', '2024-03', '2024-03-01T05:00:00.000Z', 475],
      ['analysis', '2024-03', '2024-03-01T05:00:00.000Z', 268],
      ['analysis', '2024-04', '2024-04-01T04:00:00.000Z', 716], // the last row, 23:00 UTC on April 30, is 19:00 local
    ]);
    expect(timelineJson(timeline({ ts, x }, { time: 'ts', reference: { rows: 100 }, every: 'month' })).time_zone).toBe('UTC');
  });
  it('a zone that is not one is a DriftkitError naming tz', () => {
    const e = caught(() => timeline({ ts, x }, { time: 'ts', reference: { rows: 100 }, every: 'day', tz: 'Europe/Atlantis' }));
    expect(e.argument).toBe('tz');
    expect(e.message).toMatch(/^timeline: tz must be an IANA time zone name/);
  });
});

describe('a time column that is not one (found on vega-datasets files)', () => {
  it('names the column and a value when nothing reads as a time', () => {
    const e = caught(() => timeline({ t: ['2015/01/01 01:00:00', '2015/01/02 01:00:00'], x: [1, 2] }, { time: 't', reference: { rows: 1 }, every: 'day' }));
    expect(e.message).toMatch(/timeline: time column 't' has no value that reads as a time .*; e.g. "2015\/01\/01 01:00:00"/);
  });
  it('refuses numbers that all fall in 1970 (hours of the day read as epoch milliseconds)', () => {
    const e = caught(() => timeline({ t: [5.5, 12.25, 23.9], x: [1, 2, 3] }, { time: 't', reference: { rows: 1 }, every: 'day' }));
    expect(e.message).toMatch(/column 't' holds numbers that all fall in 1970 as epoch times \(largest 1970-01-01T00:00:00\.023Z\)/);
  });
});
