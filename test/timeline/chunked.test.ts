// timelineChunked(): timeline() over a chunk source. Equal to timeline() of the whole table for any chunking when
// the samples are exact (statistics up to the rounding of means / variances combined chunk by chunk), from sorted
// or unsorted rows; rows without time, memory bounds and errors.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Chunk } from '../../src/profile/chunked.js';
import type { Columns } from '../../src/profile/types.js';
import { timelineChunked, type TimelineChunkedOptions } from '../../src/timeline/chunked.js';
import { timeline, type Timeline, type TimelineOptions } from '../../src/timeline/timeline.js';
import { DriftkitError } from '../../src/errors.js';
import { rng } from '../helpers/rng.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);
const normal = (r: () => number) => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());

type Table = { ts?: (string | number | null)[]; x: Float64Array; z: (number | null)[]; c: (string | null)[]; b: (boolean | null)[] };

/** The table in chunks of the given sizes (cycled), as a re-startable source; `calls` counts the passes. */
function source(t: Table, sizes: readonly number[]) {
  const n = t.x.length;
  const calls = { count: 0 };
  const fn = async function* (): AsyncIterable<Chunk> {
    calls.count++;
    for (let a = 0, k = 0; a < n; k++) {
      const b = Math.min(n, a + Math.max(1, sizes[k % sizes.length]));
      const columns: Columns = { x: t.x.subarray(a, b), z: t.z.slice(a, b), c: t.c.slice(a, b), b: t.b.slice(a, b) };
      if (t.ts) columns.ts = t.ts.slice(a, b) as Columns[string];
      yield { rows: b - a, columns };
      a = b;
    }
  };
  return Object.assign(fn, { calls });
}

const whole = (t: Table): Columns => ({ ...(t.ts ? { ts: t.ts as Columns[string] } : {}), x: t.x, z: t.z, c: t.c, b: t.b });

/** What a call throws, or its result. */
async function outcome<T>(f: () => T | Promise<T>): Promise<{ ok: T } | { error: DriftkitError }> {
  try { return { ok: await f() }; } catch (e) { expect(e).toBeInstanceOf(DriftkitError); return { error: e as DriftkitError }; }
}

const close = (a: number, b: number) => a === b || (Number.isNaN(b) ? Number.isNaN(a) : Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b)));

/** timelineChunked's result equals timeline()'s: statistics and limits up to rounding, everything else exactly. */
function expectSame(got: Timeline, want: Timeline): void {
  expect(got.chunks.length).toBe(want.chunks.length);
  got.chunks.forEach((c, i) => {
    const w = want.chunks[i];
    for (const f of want.features) {
      const g = c.features[f], x = w.features[f];
      expect(close(g.statistic, x.statistic), `${c.label} ${f} statistic ${g.statistic} vs ${x.statistic}`).toBe(true);
      expect(g.pValue === undefined ? x.pValue === undefined : close(g.pValue, x.pValue!), `${c.label} ${f} p-value ${g.pValue} vs ${x.pValue}`).toBe(true);
      g.statistic = x.statistic;
      if (x.pValue !== undefined) g.pValue = x.pValue;
    }
  });
  for (const f of Object.keys(want.limits ?? {})) {
    const g = got.limits![f], x = want.limits![f];
    for (const k of ['mean', 'std', 'lower', 'upper'] as const) { expect(close(g[k], x[k]), `limit ${f}.${k}`).toBe(true); g[k] = x[k]; }
  }
  expect(got).toEqual(want);
}

/** Random table: times within `days` days (some missing), exact-sample numbers, categories, booleans. */
function table(rows: number, seed: number, o: { days?: number; missing?: number; sorted?: boolean; iso?: boolean; time?: boolean; shift?: number } = {}): Table {
  const r = rng(seed);
  const days = o.days ?? 60, missing = o.missing ?? 0;
  let ms = Array.from({ length: rows }, () => T0 + Math.floor(r() * days) * DAY + Math.floor(r() * 4) * 6 * 3600_000);
  if (o.sorted) ms = ms.sort((a, b) => a - b);
  const late = (i: number) => (ms[i] - T0) / DAY >= days / 2 ? (o.shift ?? 0) : 0;
  return {
    ...(o.time === false ? {} : { ts: ms.map((t) => (r() < missing ? null : o.iso === false ? t : new Date(t).toISOString())) }),
    x: Float64Array.from(ms, (_, i) => (r() < 0.05 ? NaN : Math.round((normal(r) + late(i)) * 4) / 4)),
    z: ms.map(() => (r() < 0.1 ? null : Math.floor(r() * 10))),
    c: ms.map((_, i) => (r() < 0.05 ? null : ['a', 'b', 'c', 'd'][Math.floor(r() * (late(i) ? 4 : 3))])),
    b: ms.map(() => (r() < 0.05 ? null : r() < 0.4)),
  };
}

const types = { c: 'categorical', b: 'boolean' } as const;

describe('timelineChunked equals timeline()', () => {
  it('over random tables, options and chunkings (exact samples)', async () => {
    const every = fc.oneof(fc.constantFrom<TimelineOptions['every']>('day', 'week', 'month'), fc.integer({ min: 1, max: 60 }));
    const day = fc.integer({ min: -2, max: 62 }).map((d) => new Date(T0 + d * DAY).toISOString().slice(0, 10));
    const reference = fc.oneof(fc.integer({ min: 1, max: 320 }).map((rows) => ({ rows })),
      fc.tuple(day, fc.integer({ min: 1, max: 40 })).map(([s, len]) => ({ start: s, end: new Date(Date.parse(s) + len * DAY).toISOString() })));
    await fc.assert(fc.asyncProperty(
      fc.integer({ min: 0, max: 300 }), fc.integer(), fc.boolean(), fc.boolean(), fc.constantFrom(0, 0.1), fc.boolean(),
      every, reference, fc.constantFrom<'fixed' | 'reference'>('fixed', 'fixed', 'reference'), fc.array(fc.integer({ min: 1, max: 120 }), { minLength: 1, maxLength: 5 }),
      fc.constantFrom(undefined, undefined, 'Europe/Berlin', 'America/New_York'), fc.constantFrom(undefined, { x: 'wasserstein' as const, z: 'psi' as const }),
      async (rows, seed, sorted, iso, missing, timed, every, reference, thresholds, sizes, tz, methods) => {
        const t = table(rows, seed, { sorted, iso, missing, time: timed, shift: 1 });
        // without a time column: N-row chunks and a first-N reference (else both fail on `time`, tested below)
        if (!timed && typeof every === 'string') every = 25;
        if (!timed && !('rows' in reference)) reference = { rows: 40 };
        const options: TimelineOptions = { ...(timed ? { time: 'ts' } : {}), every, reference, thresholds, types, ...(tz ? { tz } : {}), ...(methods ? { methods } : {}) };
        const want = await outcome(() => timeline(whole(t), options));
        const got = await outcome(() => timelineChunked(source(t, sizes), options));
        if ('error' in want) {
          // an empty table: the chunked source yields no chunk, and says so after timeline()'s message
          expect('error' in got ? got.error.message.replace('timelineChunked', 'timeline').replace(': the source yielded no chunks', '') : got.ok).toBe(want.error.message);
          return;
        }
        if ('error' in got) throw got.error;
        expectSame(got.ok, want.ok);
      }), { numRuns: Number(process.env.RUNS ?? 300) });
  });

  it('unsorted ISO weeks with rows without time, a drift from week 6, reference thresholds', async () => {
    const t = table(6000, 3, { days: 70, missing: 0.02, shift: 1.5 });
    const options: TimelineOptions = { time: 'ts', reference: { start: '2024-01-01', end: '2024-02-05' }, every: 'week', thresholds: 'reference', types };
    const got = await timelineChunked(source(t, [1000, 37, 4096]), options);
    expectSame(got, timeline(whole(t), options));
    expect(got.rowsWithoutTime).toBeGreaterThan(50);
    expect(got.chunks.filter((c) => c.period === 'analysis' && c.features.x.drifted).map((c) => c.label)).toEqual(['2024-W06', '2024-W07', '2024-W08', '2024-W09', '2024-W10']);
  });

  it('N-row chunks of unsorted times, ties across chunk boundaries, first-N reference', async () => {
    // 1,000 rows on 40 distinct instants: every chunk boundary falls inside a run of ties
    const t = table(1000, 5, { days: 10, missing: 0.05 });
    for (const every of [7, 64, 250]) {
      for (const reference of [{ rows: 333 }, { start: '2024-01-03', end: '2024-01-06' }]) {
        const options: TimelineOptions = { time: 'ts', reference, every, types };
        expectSame(await timelineChunked(source(t, [100, 3]), options), timeline(whole(t), options));
      }
    }
  });

  it('rows without a time column: N-row chunks in table order', async () => {
    const t = table(900, 8, { time: false });
    const options: TimelineOptions = { reference: { rows: 200 }, every: 150, types };
    const got = await timelineChunked(source(t, [64]), options);
    expectSame(got, timeline(whole(t), options));
    expect(got.chunks.map((c) => c.label)).toEqual(['0-149', '150-199', '200-349', '350-499', '500-649', '650-799', '800-899']);
    expect(got.rowsWithoutTime).toBe(0);
  });
});

describe('timelineChunked passes and memory', () => {
  it('time-sorted rows close each chunk as the next one starts: one or two open chunks; unsorted rows keep all open', async () => {
    const sorted = table(3000, 9, { sorted: true, days: 90 });
    const options: TimelineChunkedOptions = { time: 'ts', reference: { start: '2024-01-01', end: '2024-01-20' }, every: 'day', types, maxOpenChunks: 2 };
    const src = source(sorted, [500]);
    const got = await timelineChunked(src, options);
    expectSame(got, timeline(whole(sorted), options));
    // a peek at the first chunk, the reference's two passes, the chunks' pass
    expect(src.calls.count).toBe(4);
    const e = await outcome(() => timelineChunked(source(table(3000, 9, { days: 90 }), [500]), options));
    expect('error' in e && e.error.argument).toBe('every');
    expect('error' in e && e.error.message).toMatch(/needs more than 2 chunks open at once \(maxOpenChunks/);
  });

  it('N-row chunks over a time column: a pass over the times; a second one keeps them sorted when the rows are not', async () => {
    const options: TimelineOptions = { time: 'ts', reference: { rows: 100 }, every: 100, types };
    const sorted = source(table(1000, 2, { sorted: true }), [128]);
    await timelineChunked(sorted, { ...options, maxOpenChunks: 2 });
    expect(sorted.calls.count).toBe(4);
    const unsorted = source(table(1000, 2), [128]);
    await timelineChunked(unsorted, options);
    expect(unsorted.calls.count).toBe(5);
  });

  it('a chunk with more distinct values than sampleCapacity: KS on its sample, close to the exact one', async () => {
    const r = rng(4);
    const n = 6000;
    const ts = Array.from({ length: n }, (_, i) => T0 + Math.floor(i / 1000) * DAY);
    const cols = { ts, x: Float64Array.from(ts, (t) => normal(r) + (t >= T0 + 3 * DAY ? 0.5 : 0)) };
    const src = async function* () { for (let a = 0; a < n; a += 700) yield { rows: Math.min(n, a + 700) - a, columns: { ts: ts.slice(a, a + 700), x: cols.x.subarray(a, a + 700) } }; };
    const options: TimelineChunkedOptions = { time: 'ts', reference: { start: '2024-01-01', end: '2024-01-02' }, every: 'day', methods: { x: 'ks' } };
    const got = await timelineChunked(src, { ...options, sampleCapacity: 200 });
    const want = timeline(cols, options);
    got.chunks.forEach((c, i) => {
      expect(Math.abs(c.features.x.statistic - want.chunks[i].features.x.statistic)).toBeLessThan(0.12);
      expect(c.features.x.drifted).toBe(want.chunks[i].features.x.drifted);
    });
  });
});

describe('timelineChunked errors', () => {
  const t = table(200, 1);
  const base: TimelineChunkedOptions = { time: 'ts', reference: { start: '2024-01-01', end: '2024-01-20' }, every: 'week', types };
  const arg = async (o: object, src: unknown = source(t, [50])) => {
    const r = await outcome(() => timelineChunked(src as never, { ...base, ...o } as never));
    return 'error' in r ? r.error.argument : 'no error';
  };
  it('bad options name the argument, as timeline() does', async () => {
    expect(await arg({ every: 'year' })).toBe('every');
    expect(await arg({ thresholds: 'auto' })).toBe('thresholds');
    expect(await arg({ time: 'when' })).toBe('time');
    expect(await arg({ time: undefined })).toBe('time');
    expect(await arg({ reference: {} })).toBe('reference');
    expect(await arg({ reference: { start: 'yesterday', end: '2024-02-01' } })).toBe('reference.start');
    expect(await arg({ reference: { start: '2024-02-01', end: '2024-01-01' } })).toBe('reference.end');
    expect(await arg({ reference: { rows: 0 } })).toBe('reference.rows');
    expect(await arg({ features: ['nope'] })).toBe('features');
    expect(await arg({ sampleCapacity: 0 })).toBe('sampleCapacity');
    expect(await arg({ maxOpenChunks: 0 })).toBe('maxOpenChunks');
    expect(await arg({}, 'data.csv')).toBe('source');
  });
  it('a reference that selects no rows, an empty source, chunks of no rows', async () => {
    const none = await outcome(() => timelineChunked(source(t, [50]), { ...base, reference: { start: '2030-01-01', end: '2030-02-01' } }));
    expect('error' in none && none.error.message).toBe('timelineChunked: reference selects no rows');
    expect(await arg({}, async function* () { /* nothing */ })).toBe('reference');
    expect(await arg({}, async function* () { yield { rows: 0, columns: { ts: [], x: new Float64Array(0) } }; })).toBe('reference');
    expect(await arg({ thresholds: 'reference' })).toBe('thresholds');
  });
  it('a time column that reads as no time: timeline()\'s error', async () => {
    for (const ts of [t.x.map((_, i) => i % 24) as unknown as number[], t.ts!.map(() => '2015/01/01')]) {
      const bad = { ...t, ts };
      const want = await outcome(() => timeline(whole(bad), base));
      const got = await outcome(() => timelineChunked(source(bad, [64]), base));
      expect('error' in want && 'error' in got && got.error.message.replace('timelineChunked', 'timeline')).toBe('error' in want && want.error.message);
      expect('error' in got && got.error.argument).toBe('time');
    }
  });
  it('a stray time centuries away: the span of periods is refused naming every before the chunks\' pass', async () => {
    const stray = { ...t, ts: ['1700-01-01T00:00:00Z', ...t.ts!.slice(1)] };
    const src = source(stray, [50]);
    expect(await arg({ every: 'day' }, src)).toBe('every');
    expect(src.calls.count).toBe(2); // the peek and the reference's first pass
  });
  it('a source that yields another table on a later pass', async () => {
    let pass = 0;
    const shrinking = async function* () { const n = pass++ < 3 ? 200 : 150; yield* source({ ts: t.ts!.slice(0, n), x: t.x.slice(0, n), z: t.z.slice(0, n), c: t.c.slice(0, n), b: t.b.slice(0, n) }, [64])(); };
    expect(await arg({}, shrinking)).toBe('source');
  });
});

describe('a reference profile made elsewhere (training data) against a current table', () => {
  it('analyses every row, follows the profile\'s features, and the chunked path equals timeline()', async () => {
    const { profile } = await import('../../src/profile/index.js');
    const train = table(400, 11, { time: false });
    // the profile has a feature the current table lacks (x2): not followed, not "missing"
    const ref = profile({ x: train.x, z: train.z, c: train.c, b: train.b, x2: train.x }, { types });
    const cur = table(300, 12, { shift: 2, sorted: false });
    for (const every of ['week', 25] as const) {
      const options: TimelineOptions = { time: 'ts', reference: { profile: ref }, every };
      const want = timeline(whole(cur), options);
      expect(want.features).toEqual(['x', 'z', 'c', 'b']);
      expect(want.referenceRows).toBe(400);
      expect(want.chunks.every((c) => c.period === 'analysis')).toBe(true);
      expect(want.chunks.reduce((s, c) => s + c.rows, 0)).toBe(300);
      // the shift in the second half of the days drifts x against the training profile
      expect(want.chunks.at(-1)!.features.x.drifted).toBe(true);
      for (const sizes of [[300], [7, 31], [64]]) expectSame(await timelineChunked(source(cur, sizes), { ...options, types }), want);
    }
  });

  it('refuses data-driven thresholds (no reference chunks) and a feature the profile lacks, naming them', async () => {
    const { profile } = await import('../../src/profile/index.js');
    const ref = profile({ x: [1, 2, 3] });
    const cur = table(50, 3);
    const e1 = await outcome(() => timeline(whole(cur), { time: 'ts', reference: { profile: ref }, every: 'week', thresholds: 'reference' }));
    expect('error' in e1 && e1.error.argument).toBe('thresholds');
    const e2 = await outcome(() => timeline(whole(cur), { time: 'ts', reference: { profile: ref }, every: 'week', features: ['z'] }));
    expect('error' in e2 && e2.error.message).toMatch(/features names 'z', which is not in the reference profile/);
    const e3 = await outcome(() => timeline(whole(cur), { time: 'ts', reference: { profile: { format: 'driftkit-profile' } as never }, every: 'week' }));
    expect('error' in e3 && e3.error.argument).toMatch(/^reference\.profile/);
  });
});
