// The SLO tracker on synthetic event streams: burn rates and budgets against hand-computed values, alert
// timing of the multi-window pairs, bounded memory, persistence, and windows against a brute-force recount.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SloTracker, type SloStatus } from '../../src/slo/index.js';
import { caught } from '../helpers/errors.js';
import { Clock, DAY, HOUR, MIN, T0, stream, tracker } from './helpers.js';

const API = { name: 'api', sli: 'error_rate', objective: 0.99 } as const;
const only = (tr: SloTracker, name = 'api'): SloStatus => tr.status().slos.find((s) => s.name === name)!;
const firing = (s: SloStatus) => s.alerts.map((a) => a.alert);

describe('burn rates and error budget', () => {
  it('objective 0.99, 1000 events a minute with 2% bad for 10 minutes: burn 2 everywhere, budget overspent by 100%', () => {
    const { tr, clock } = tracker({ slos: [API] });
    stream(tr, clock, 'error_rate', 0, 10, 1000, 20);
    const s = only(tr);
    // Every window holds the same 10 minutes: (20/1000) / (1 − 0.99) = 2.
    for (const w of ['5m', '30m', '1h', '6h', '3d']) expect(s.burn_rates[w], w).toBe(2);
    expect(Object.keys(s.burn_rates)).toEqual(['5m', '30m', '1h', '6h', '3d']);
    expect(s).toMatchObject({ good: 9800, total: 10_000, period: '28d', period_ms: 28 * DAY, threshold: null, label: null });
    expect(s.compliance).toBeCloseTo(0.98, 12);
    // Allowed: 1% of 10,000 = 100 bad events; spent 200.
    expect(s.error_budget).toEqual({ total: 100, consumed: 200, remaining: -1 });
    // 2 < 6 < 14.4: only the ticket pair (3d and 6h > 1) holds.
    expect(firing(s)).toEqual(['ticket']);
  });

  it('50 good minutes then 10 at 5% bad: 1h burn 500/60000/0.01, 5m burn 5', () => {
    const { tr, clock } = tracker({ slos: [API] });
    stream(tr, clock, 'error_rate', 0, 50, 1000, 0);
    stream(tr, clock, 'error_rate', 50, 10, 1000, 50);
    const s = only(tr);
    // The 5m window spans the 6 minute buckets holding t − 5m … t: all in the bad stretch.
    expect(s.burn_rates['5m']).toBeCloseTo(5, 12);
    expect(s.burn_rates['30m']).toBeCloseTo(500 / 31_000 / 0.01, 12);
    expect(s.burn_rates['1h']).toBeCloseTo(500 / 60_000 / 0.01, 12);
    expect(s.error_budget.remaining).toBeCloseTo(1 - 500 / 600, 12);
  });

  it('no events: compliance null, budget untouched, burn 0', () => {
    const { tr } = tracker();
    for (const s of tr.status().slos) {
      expect(s).toMatchObject({ good: 0, total: 0, compliance: null, error_budget: { total: 0, consumed: 0, remaining: 1 }, alerts: [] });
      expect(Object.values(s.burn_rates)).toEqual([0, 0, 0, 0, 0]);
    }
  });

  it('the 3d window takes its old end from hour buckets: a bad hour two days ago counts there, not in 6h', () => {
    const { tr, clock } = tracker({ slos: [API] });
    // 4 days at 1000 a minute, the last record at the start of an hour; hour 48 to 49 before the end is all bad.
    const minutes = 4 * 24 * 60 + 1;
    for (let m = 0; m < minutes; m++) {
      clock.t = T0 + m * MIN;
      const bad = m >= minutes - 49 * 60 && m < minutes - 48 * 60;
      tr.record('error_rate', bad ? 0 : 1000, 1000);
    }
    clock.t += 30_000; // half a minute into the last minute bucket
    const s = only(tr);
    expect(s.burn_rates['6h']).toBe(0);
    // t − 3d falls 30 s into an hour bucket, counted whole: 72 h of minutes plus the last minute's record.
    expect(s.burn_rates['3d']).toBeCloseTo(60_000 / ((72 * 60 + 1) * 1000) / 0.01, 12);
    expect(s.total).toBe(minutes * 1000);
  });
});

describe('multi-window alerts', () => {
  /** First minute of the burn at which the pair holds (records and status at the start of each minute). */
  function detection(objective: number, bad: number, pair: string): number {
    const { tr, clock } = tracker({ slos: [{ ...API, objective }] });
    stream(tr, clock, 'error_rate', 0, 6 * 60, 1000, 0);
    let first = -1;
    stream(tr, clock, 'error_rate', 6 * 60, 6 * 60, 1000, bad, (m) => {
      if (first < 0 && firing(only(tr)).includes(pair)) first = m;
    });
    return first;
  }

  it('a 20x burn: the fast pair holds after 60·14.4/20 = 43.2 minutes, the slow one after 6·60·6/20 = 108', () => {
    // The 1h window (61 buckets) needs 200·(m + 1)/61,000 > 14.4% bad: m + 1 > 43.9. A 20x burn cannot page
    // within 5 minutes: the long window must see 14.4/20 of an hour of it (that is its job: significance).
    expect(detection(0.99, 200, 'fast')).toBe(43);
    expect(detection(0.99, 200, 'slow')).toBe(108);
  });

  it('total failure pages within minutes: 100x at 99% after 8.64 min, 1000x at 99.9% at once', () => {
    expect(detection(0.99, 1000, 'fast')).toBe(8);
    expect(detection(0.999, 1000, 'fast')).toBe(0);
  });

  it('detection time of the fast pair is 60·14.4/B minutes (to the bucket) for any burn B', () => {
    fc.assert(fc.property(fc.integer({ min: 150, max: 1000 }), (bad) => {
      const burn = bad / 1000 / 0.01;
      expect(detection(0.99, bad, 'fast')).toBe(Math.floor((61 * 14.4) / burn));
    }), { numRuns: 15 });
  });

  it('resolves a minute after a 20x burn stops, while the 1h window still burns above 14.4', () => {
    const { tr, clock } = tracker({ slos: [API] });
    stream(tr, clock, 'error_rate', 0, 6 * 60, 1000, 0);
    stream(tr, clock, 'error_rate', 6 * 60, 60, 1000, 200);
    expect(firing(only(tr))).toEqual(['fast', 'ticket']);
    const after: [string[], number][] = [];
    stream(tr, clock, 'error_rate', 7 * 60, 5, 1000, 0, () => { const s = only(tr); after.push([firing(s), s.burn_rates['1h']!]); });
    // The first good minute still leaves 5 bad of the 6 buckets of the 5m window: 20·5/6 = 16.7 > 14.4.
    expect(after[0]![0]).toContain('fast');
    expect(after[1]![0]).not.toContain('fast');
    expect(after[1]![1]).toBeGreaterThan(14.4);
    const a = only(tr);
    expect(a.alerts.find((x) => x.alert === 'ticket')).toMatchObject({ slo: 'api', sli: 'error_rate', severity: 'info', threshold: 1, long: { window: '3d' }, short: { window: '6h' } });
  });

  it('a 3-minute outage is seen by the short windows only: nothing holds', () => {
    const { tr, clock } = tracker({ slos: [API] });
    stream(tr, clock, 'error_rate', 0, 6 * 60, 1000, 0);
    stream(tr, clock, 'error_rate', 6 * 60, 3, 1000, 1000);
    const s = only(tr);
    expect(s.burn_rates['5m']).toBeGreaterThan(14.4);
    expect(s.burn_rates['30m']).toBeGreaterThan(6);
    expect(s.burn_rates['1h']).toBeLessThan(14.4);
    expect(s.burn_rates['6h']).toBeLessThan(6);
    expect(s.alerts).toEqual([]);
  });
});

describe('record and observe', () => {
  it('threshold SLOs classify raw values; SLOs without one take classified events', () => {
    const { tr } = tracker({
      slos: [
        { name: 'p99', sli: 'latency', objective: 0.99 },
        { name: 'p90', sli: 'latency', objective: 0.9, threshold: '100ms' },
        { name: 'drift', sli: 'drift', objective: 0.95 },
        { name: 'psi', sli: 'drift', objective: 0.95, threshold: 0.25 },
      ],
    });
    tr.observe('latency', [50, 100, 150, 499.9, 500, 501, NaN]);
    tr.record('latency', 1, 1); // no latency SLO takes classified events
    tr.record('drift', 0, 1, undefined, 'amount');
    tr.observe('drift', [0.3], undefined, 'amount');
    tr.observe('drift', [0.1], undefined, 'hour');
    const byName = Object.fromEntries(tr.status().slos.map((s) => [s.name, [s.good, s.total]]));
    // ≤ threshold is good; NaN is no event.
    expect(byName).toEqual({ p99: [5, 6], p90: [2, 6], drift: [0, 1], psi: [1, 2] });
  });

  it('per-label compliance, and SLOs restricted to one feature or source', () => {
    const { tr } = tracker({
      slos: [
        { name: 'all', sli: 'drift', objective: 0.95 },
        { name: 'amount', sli: 'drift', objective: 0.95, feature: 'amount' },
        { name: 'stream', sli: 'freshness', objective: 0.99, source: 'stream' },
      ],
    });
    for (let i = 0; i < 10; i++) {
      tr.record('drift', i < 7 ? 1 : 0, 1, undefined, 'amount');
      tr.record('drift', 1, 1, undefined, 'hour');
      tr.record('freshness', 1, 1, undefined, i % 2 ? 'stream' : 'batch');
    }
    tr.record('drift', 1, 1); // no label: overall only
    const [all, amount, stream] = tr.status().slos;
    expect(all).toMatchObject({ good: 18, total: 21, labels: { amount: { good: 7, total: 10, compliance: 0.7 }, hour: { good: 10, total: 10, compliance: 1 } } });
    expect(amount).toMatchObject({ good: 7, total: 10, label: 'amount', labels: {} });
    expect(stream).toMatchObject({ good: 5, total: 5, label: 'stream' });
  });

  it('rejects bad events, naming the argument', () => {
    const { tr } = tracker();
    expect(caught(() => tr.record('error_rate', 3, 2)).message).toBe('record: good must not exceed total (2); got 3');
    expect(caught(() => tr.record('error_rate', 0, -1)).argument).toBe('total');
    expect(caught(() => tr.record('error_rate', NaN, 1)).argument).toBe('good');
    expect(caught(() => tr.record('errors' as 'error_rate', 1, 1)).argument).toBe('sli');
    expect(caught(() => tr.record('error_rate', 1, 1, NaN)).argument).toBe('t');
    expect(caught(() => tr.record('error_rate', 1, 1, undefined, 5 as unknown as string)).argument).toBe('label');
    expect(caught(() => tr.observe('latency', 5 as unknown as number[])).argument).toBe('values');
    expect(caught(() => tr.observe('latency', ['5'] as unknown as number[])).argument).toBe('values[0]');
  });

  it('counts events from the future now, and late ones in the period but not in the short windows', () => {
    const { tr, clock } = tracker({ slos: [API] });
    clock.t = T0 + DAY;
    tr.record('error_rate', 0, 10, clock.t + HOUR); // counted at now: in the 5m window
    expect(only(tr).burn_rates['5m']).toBeCloseTo(100, 9);
    tr.record('error_rate', 0, 10, clock.t - 7 * HOUR); // older than the minute ring (6 h)
    const s = only(tr);
    expect(s.total).toBe(20);
    expect(s.burn_rates['6h']).toBeCloseTo(100, 9);
    expect(s.burn_rates['3d']).toBeCloseTo(100, 9);
    expect(tr.stats.late).toBe(10);
    expect(tr.counters()).toEqual([{ slo: 'api', sli: 'error_rate', good: 0, total: 20 }]);
  });
});

describe('memory', () => {
  it('stays bounded over 60 days of traffic: constant bucket count, labels that stop are forgotten', () => {
    const { tr, clock } = tracker({ slos: [{ name: 'drift', sli: 'drift', objective: 0.95 }, API] });
    const features = ['a', 'b', 'c', 'gone'];
    const seen: number[] = [];
    const sizes: number[] = [];
    for (let m = 0; m < 60 * 24 * 60; m++) {
      clock.t = T0 + m * MIN;
      tr.record('error_rate', 990, 1000);
      for (const f of features) if (f !== 'gone' || m < 2 * 24 * 60) tr.record('drift', m % 20 ? 1 : 0, 1, undefined, f);
      if (m % (24 * 60) === 0) {
        const s = tr.status().slos[0]!;
        seen.push(tr.stats.buckets);
        sizes.push(JSON.stringify(tr.toJSON()).length);
        expect(Object.keys(s.labels)).toEqual(m < 30 * 24 * 60 ? features : features.slice(0, 3));
      }
    }
    // Minute ring 361 + hour ring 673 per SLO, 29 day buckets per label.
    expect(new Set(seen.slice(1, 30))).toEqual(new Set([2 * (361 + 673) + 4 * 29]));
    expect(seen.at(-1)).toBe(2 * (361 + 673) + 3 * 29);
    // The document is as big on day 60 as on day 29 (full rings), whatever the history.
    expect(sizes.at(-1)! / sizes[29]!).toBeLessThan(1.05);
    const s = tr.status().slos[1]!;
    expect(s.total).toBe(28 * 24 * 60 * 1000 + 60 * 1000); // the period (28 days and up to an hour), not 60 days
    expect(s.compliance).toBeCloseTo(0.99, 12);
    expect(s.error_budget.remaining).toBeCloseTo(0, 9);
  });

  it('caps the per-label breakdown: extra labels count for the SLO only', () => {
    const { tr } = tracker({ slos: [{ name: 'd', sli: 'drift', objective: 0.9 }], maxLabels: 2 });
    for (const f of ['a', 'b', 'c']) tr.record('drift', 1, 1, undefined, f);
    expect(tr.status().slos[0]).toMatchObject({ total: 3, labels: { a: { total: 1 }, b: { total: 1 } } });
    expect(tr.stats).toMatchObject({ labels: 2, dropped_labels: 1 });
  });
});

describe('persistence', () => {
  type Ev = { dt: number; sli: 'error_rate' | 'drift' | 'latency'; good: number; bad: number; label: string | undefined };
  const event = fc.record({
    dt: fc.integer({ min: 0, max: 3 * HOUR }),
    sli: fc.constantFrom('error_rate' as const, 'drift' as const, 'latency' as const),
    good: fc.integer({ min: 0, max: 50 }),
    bad: fc.integer({ min: 0, max: 5 }),
    label: fc.constantFrom(undefined, 'a', 'b'),
  });
  const slos = [
    API,
    { name: 'drift', sli: 'drift', objective: 0.95 },
    { name: 'latency', sli: 'latency', objective: 0.99, threshold: 100 },
  ];
  const apply = (tr: SloTracker, clock: Clock, e: Ev) => {
    clock.t += e.dt;
    if (e.sli === 'latency') tr.observe('latency', [...Array(e.good).fill(50), ...Array(e.bad).fill(150)], undefined, e.label);
    else tr.record(e.sli, e.good, e.good + e.bad, undefined, e.label);
  };

  it('toJSON → restore → continue equals continuing (property)', () => {
    fc.assert(fc.property(fc.array(event, { maxLength: 150 }), fc.array(event, { maxLength: 150 }), (before, after) => {
      const a = tracker({ slos });
      for (const e of before) apply(a.tr, a.clock, e);
      const clock = new Clock();
      clock.t = a.clock.t;
      const b = SloTracker.restore(JSON.stringify(a.tr), { slos, now: clock.now });
      for (const e of after) { apply(a.tr, a.clock, e); apply(b, clock, e); }
      expect(b.status()).toEqual(a.tr.status());
      expect(b.toJSON()).toEqual(a.tr.toJSON());
      expect(b.counters()).toEqual(a.tr.counters());
      expect(b.stats).toEqual(a.tr.stats);
    }), { numRuns: 60 });
  });

  it('keeps history across objective, period and window changes; drops it when what is counted changed', () => {
    const { tr, clock } = tracker({ slos });
    stream(tr, clock, 'error_rate', 0, 120, 1000, 10);
    tr.observe('latency', [50, 150]);
    const json = tr.toJSON();
    const next = SloTracker.restore(json, {
      now: clock.now,
      slos: [{ ...API, objective: 0.999, period: '7d' }, { name: 'latency', sli: 'latency', objective: 0.99, threshold: 200 }],
      burnAlerts: [{ name: 'fast', long: '2h', short: '10m', burn_rate: 10 }],
    });
    const [api, latency] = next.status().slos;
    expect(api).toMatchObject({ total: 120_000, good: 118_800, period: '7d' });
    expect(api!.burn_rates['2h']).toBeCloseTo(10, 9); // 1% bad against a 0.1% budget
    expect(latency!.total).toBe(0); // the threshold changed: old counts meant something else
    expect(next.stats.buckets).toBe(121 + 169 + 121 + 673); // rings re-laid for the new windows and period (api: 7d)
  });

  it('rejects foreign or corrupt documents, naming the field', () => {
    expect(caught(() => SloTracker.restore('{', {})).argument).toBe('json');
    expect(caught(() => SloTracker.restore({ format: 'driftkit-latency', version: 1 })).argument).toBe('json');
    const { tr } = tracker({ slos: [API] });
    tr.record('error_rate', 1, 2);
    const doc = tr.toJSON();
    const bad = structuredClone(doc) as unknown as { slos: { api: { fine: { good: unknown[] }; total: unknown } } };
    bad.slos.api.fine.good[0] = 5;
    expect(caught(() => SloTracker.restore(bad, { slos: [API] })).argument).toBe('json.slos.api.fine.total[0]');
    const bad2 = structuredClone(doc) as unknown as { slos: { api: { total: unknown } } };
    bad2.slos.api.total = -1;
    expect(caught(() => SloTracker.restore(bad2, { slos: [API] })).argument).toBe('json.slos.api.total');
  });
});

describe('windows against a brute-force recount (property)', () => {
  // Documented guarantee: a window of length W at t counts every event in (t − W, t] and possibly some of the
  // bucket before (a minute; an hour at the old end of windows longer than the minute ring).
  const WINDOWS = [['5m', 5 * MIN, MIN], ['30m', 30 * MIN, MIN], ['1h', HOUR, MIN], ['6h', 6 * HOUR, MIN], ['3d', 3 * DAY, HOUR]] as const;
  it('burn-rate windows and the period hold what they claim', () => {
    const events = fc.array(fc.record({ dt: fc.integer({ min: 0, max: 20 * HOUR }), good: fc.integer({ min: 0, max: 9 }), bad: fc.integer({ min: 0, max: 3 }) }), { minLength: 1, maxLength: 120 });
    fc.assert(fc.property(events, fc.integer({ min: 0, max: 2 * HOUR }), (evs, tail) => {
      const { tr, clock } = tracker({ slos: [{ ...API, period: '2d' }] });
      const log: { t: number; good: number; total: number }[] = [];
      for (const e of evs) {
        clock.t += e.dt;
        tr.record('error_rate', e.good, e.good + e.bad);
        log.push({ t: clock.t, good: e.good, total: e.good + e.bad });
      }
      clock.t += tail;
      const t = clock.t;
      const s = only(tr);
      const within = (from: number) => log.filter((e) => e.t > from).reduce((a, e) => ({ good: a.good + e.good, total: a.total + e.total }), { good: 0, total: 0 });
      const check = (got: { good: number; total: number }, w: number, slack: number) => {
        const exact = within(t - w);
        const loose = within(t - w - slack);
        expect(got.total).toBeGreaterThanOrEqual(exact.total);
        expect(got.total).toBeLessThanOrEqual(loose.total);
        expect(got.total - got.good).toBeGreaterThanOrEqual(exact.total - exact.good);
        expect(got.total - got.good).toBeLessThanOrEqual(loose.total - loose.good);
      };
      for (const [key, w, slack] of WINDOWS) {
        check(s.windows[key]!, w, slack);
        const { good, total } = s.windows[key]!;
        expect(s.burn_rates[key]).toBe(total > 0 ? (total - good) / total / 0.01 : 0);
      }
      check({ good: s.good, total: s.total }, 2 * DAY, HOUR);
    }), { numRuns: 200 });
  });
});
