// timeline(): chunks compared with the reference profile, fixed and data-driven thresholds, bad options.
import { describe, expect, it } from 'vitest';
import { compare } from '../../src/compare/compare.js';
import { profile } from '../../src/profile/index.js';
import { timeline } from '../../src/timeline/timeline.js';
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
