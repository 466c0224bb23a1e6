// CanaryTracker: baseline vs candidate model version over the same sliding window, on seeded synthetic traffic.
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { profile } from '../../src/profile/build.js';
import type { ReferenceProfile } from '../../src/profile/types.js';
import { CanaryTracker, DEFAULT_CANARY_GATES, splitByVersion, type CanaryBatch, type CanaryOptions } from '../../src/service/canary.js';
import { caught } from '../helpers/errors.js';
import { rng } from '../helpers/rng.js';

const normal = (r: () => number): number => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());

const COUNTRIES = ['DE', 'FR', 'IT', 'ES', 'NL'];

interface Traffic {
  /** Added to the model's logit: shifts the probability distribution. */
  logitShift?: number;
  errorRate?: number;
  /** Latencies are multiplied by this. */
  slowdown?: number;
  /** Share of amounts replaced by null (a pipeline fault). */
  amountNulls?: number;
}

/** n records of a fraud-like model: amount (log-normal), hour, country, is_new, and the model's probability. */
function records(n: number, seed: number, o: Traffic = {}): CanaryBatch {
  const r = rng(seed);
  const amount: (number | null)[] = [], hour: number[] = [], country: string[] = [], isNew: boolean[] = [], probability: number[] = [];
  const latencyMs: number[] = [];
  let errors = 0;
  for (let i = 0; i < n; i++) {
    const a = Math.exp(3.5 + 0.8 * normal(r));
    amount.push(o.amountNulls && r() < o.amountNulls ? null : a);
    hour.push(Math.floor(r() * 24));
    country.push(COUNTRIES[Math.floor(r() * r() * COUNTRIES.length)]);
    const fresh = r() < 0.2;
    isNew.push(fresh);
    const logit = -2 + 0.01 * (a - 33) + (fresh ? 0.8 : 0) + normal(r) + (o.logitShift ?? 0);
    probability.push(1 / (1 + Math.exp(-logit)));
    latencyMs.push(20 * Math.exp(0.4 * normal(r)) * (o.slowdown ?? 1));
    if (r() < (o.errorRate ?? 0.01)) errors++;
  }
  return { rows: n, columns: { amount, hour, country, is_new: isNew, probability }, latencyMs, errors };
}

let reference: ReferenceProfile | undefined;
function ref(): ReferenceProfile {
  if (!reference) {
    const b = records(20_000, 1);
    reference = profile(b.columns as never);
  }
  return reference;
}

const MIN = 60_000;
const trackers: CanaryTracker[] = [];
function tracker(o: Partial<CanaryOptions> = {}): CanaryTracker {
  const t = new CanaryTracker({ reference: ref(), now: () => 0, ...o });
  trackers.push(t);
  return t;
}
afterEach(() => { for (const t of trackers.splice(0)) t.close(); });

/**
 * Feed both versions over the first `minutes` of the window in batches of `batch` rows (interleaved, as a
 * traffic split delivers them), starting at t0; returns the time of the last batch.
 */
function feed(c: CanaryTracker, parts: { version: string; rows: number; seed: number; traffic?: Traffic }[], t0 = 0, minutes = 5, batch = 250): number {
  let t = t0;
  const queues = parts.map((p) => {
    const all = records(p.rows, p.seed, p.traffic);
    const out: CanaryBatch[] = [];
    for (let a = 0; a < p.rows; a += batch) {
      const b = Math.min(p.rows, a + batch);
      // errors: re-draw per slice so that they spread over the batches
      const errs = Math.round((all.errors * (b - a)) / p.rows);
      out.push({
        rows: b - a,
        columns: Object.fromEntries(Object.entries(all.columns).map(([k, v]) => [k, (v as unknown[]).slice(a, b)])) as CanaryBatch['columns'],
        latencyMs: Array.from(all.latencyMs).slice(a, b),
        errors: Math.min(errs, b - a),
      });
    }
    return { version: p.version, out };
  });
  const steps = Math.max(...queues.map((q) => q.out.length));
  for (let i = 0; i < steps; i++) {
    t = t0 + Math.floor((i * minutes * MIN) / steps);
    for (const q of queues) if (i < q.out.length) c.observe(q.version, q.out[i], t);
  }
  return t;
}

describe('verdicts', () => {
  it('promotes a candidate whose traffic looks like the baseline, with no drifted feature', () => {
    const c = tracker();
    const t = feed(c, [{ version: 'v1', rows: 4000, seed: 11 }, { version: 'v2', rows: 2500, seed: 12 }]);
    const s = c.status(t);
    expect(s.baseline?.version).toBe('v1');
    expect(s.candidate?.version).toBe('v2');
    expect(s.baseline?.rows).toBe(4000);
    expect(s.candidate?.profiled_rows).toBe(2500);
    expect(s.verdict).toBe('promote');
    expect(s.comparison?.drifted_features).toEqual([]);
    expect(Object.keys(s.comparison!.features).sort()).toEqual(['amount', 'country', 'hour', 'is_new']);
    expect(s.comparison!.prediction!.feature).toBe('probability');
    expect(s.comparison!.prediction!.psi!).toBeLessThan(0.05);
    expect(s.comparison!.error_rate.p_value).toBeGreaterThan(0.01);
    expect(s.comparison!.latency.p95_ratio!).toBeGreaterThan(0.9);
    expect(s.comparison!.latency.p95_ratio!).toBeLessThan(1.1);
    expect(s.reasons).toContain('no input feature differs between the versions');
    expect(s.reasons.join('\n')).toMatch(/prediction probability PSI [0-9.]+ < 0\.1/);
    expect(c.metricSamples(t).find((m) => m.metric === 'canary_verdict')?.value).toBe(0);
  });

  it('rolls back a candidate whose predictions shifted, naming the PSI', () => {
    const c = tracker();
    const t = feed(c, [{ version: 'v1', rows: 4000, seed: 21 }, { version: 'v2', rows: 2000, seed: 22, traffic: { logitShift: 1.5 } }]);
    const s = c.status(t);
    expect(s.verdict).toBe('rollback');
    expect(s.comparison!.prediction!.psi!).toBeGreaterThanOrEqual(0.25);
    expect(s.reasons[0]).toMatch(/^prediction probability PSI [0-9.]+ ≥ 0\.25 \(rollback\)$/);
    // inputs are the same: no feature drift; the prediction is not counted among the features
    expect(s.comparison!.drifted_features).toEqual([]);
    const m = c.metricSamples(t);
    expect(m.find((x) => x.metric === 'canary_prediction_psi')?.value).toBe(s.comparison!.prediction!.psi);
    expect(m.find((x) => x.metric === 'canary_verdict')?.value).toBe(2);
    expect(m.find((x) => x.metric === 'canary_verdict')?.context).toMatchObject({ baseline: 'v1', candidate: 'v2', verdict: 'rollback' });
  });

  it('holds on a moderate prediction shift', () => {
    const c = tracker();
    const t = feed(c, [{ version: 'v1', rows: 4000, seed: 23 }, { version: 'v2', rows: 3000, seed: 24, traffic: { logitShift: 0.5 } }]);
    const s = c.status(t);
    const psi = s.comparison!.prediction!.psi!;
    expect(psi).toBeGreaterThanOrEqual(0.1);
    expect(psi).toBeLessThan(0.25);
    expect(s.verdict).toBe('hold');
    expect(s.reasons[0]).toMatch(/PSI [0-9.]+ ≥ 0\.1 \(hold\)/);
  });

  it('rolls back a candidate failing 5% of requests against 1%, with a tiny p-value', () => {
    const c = tracker();
    const t = feed(c, [{ version: 'v1', rows: 4000, seed: 31, traffic: { errorRate: 0.01 } }, { version: 'v2', rows: 3000, seed: 32, traffic: { errorRate: 0.05 } }]);
    const s = c.status(t);
    expect(s.verdict).toBe('rollback');
    const e = s.comparison!.error_rate;
    expect(e.delta).toBeGreaterThan(0.03);
    expect(e.z).toBeGreaterThan(5);
    expect(e.p_value).toBeLessThan(1e-8);
    expect(s.candidate!.error_rate!).toBeCloseTo(s.candidate!.errors / 3000, 12);
    expect(s.reasons.some((x) => /^error rate .*→.*p < 0\.01 and Δ > 0\.5 pp \(rollback\)$/.test(x))).toBe(true);
    expect(c.metricSamples(t).find((m) => m.metric === 'canary_error_rate_delta')?.value).toBeCloseTo(e.delta, 12);
  });

  it('does not roll back on an error difference below 0.5 pp, however significant', () => {
    const c = tracker({ gates: { minRows: 1000 } });
    // 1.0% vs 1.4%: big samples make it significant, but the delta is below the practical floor
    const t = feed(c, [{ version: 'v1', rows: 60_000, seed: 33, traffic: { errorRate: 0.01 } }, { version: 'v2', rows: 60_000, seed: 34, traffic: { errorRate: 0.014 } }], 0, 5, 5000);
    const s = c.status(t);
    expect(s.comparison!.error_rate.p_value).toBeLessThan(0.01);
    expect(s.comparison!.error_rate.delta).toBeLessThan(0.005);
    expect(s.verdict).toBe('promote');
  });

  it('holds a candidate with a 30% slower p95 and rolls back one twice as slow', () => {
    const slow = tracker();
    let t = feed(slow, [{ version: 'v1', rows: 4000, seed: 41 }, { version: 'v2', rows: 3000, seed: 42, traffic: { slowdown: 1.3 } }]);
    let s = slow.status(t);
    expect(s.comparison!.latency.p95_ratio!).toBeGreaterThan(1.2);
    expect(s.comparison!.latency.p99_ratio!).toBeLessThan(1.5);
    expect(s.verdict).toBe('hold');
    expect(s.reasons[0]).toMatch(/^p95 latency [0-9.]+ → [0-9.]+ ms \(ratio 1\.[0-9]+\) ≥ 1\.2 \(hold\)$/);

    const slower = tracker();
    t = feed(slower, [{ version: 'v1', rows: 4000, seed: 43 }, { version: 'v2', rows: 3000, seed: 44, traffic: { slowdown: 2 } }]);
    s = slower.status(t);
    expect(s.verdict).toBe('rollback');
    expect(s.reasons[0]).toMatch(/^p99 latency .* \(ratio [0-9.]+\) ≥ 1\.5 \(rollback\)$/);
    expect(slower.metricSamples(t).find((m) => m.metric === 'canary_latency_p99_ratio')?.value).toBeGreaterThan(1.8);
  });

  it('ignores latency ratios when the difference is below latencyMinDeltaMs', () => {
    const c = tracker({ gates: { latencyMinDeltaMs: 50 } });
    const t = feed(c, [{ version: 'v1', rows: 3000, seed: 45 }, { version: 'v2', rows: 3000, seed: 46, traffic: { slowdown: 1.3 } }]);
    const s = c.status(t);
    expect(s.comparison!.latency.p95_ratio!).toBeGreaterThan(1.2); // reported...
    expect(s.verdict).toBe('promote'); // ...but 30% of ~30 ms is under 50 ms
  });

  it('holds when an input feature differs between the versions (a pipeline fault), or ignores it when told', () => {
    const c = tracker();
    const parts = [{ version: 'v1', rows: 3000, seed: 51 }, { version: 'v2', rows: 3000, seed: 52, traffic: { amountNulls: 0.3 } }];
    const t = feed(c, parts);
    const s = c.status(t);
    expect(s.comparison!.drifted_features).toEqual(['amount']);
    expect(s.verdict).toBe('hold');
    expect(s.reasons.join('\n')).toMatch(/1 input feature differs between the versions: amount \(null share 0\.00% → 3[0-9.]+%\)/);

    const lax = tracker({ gates: { featureDrift: 'ignore' } });
    expect(lax.status(feed(lax, parts)).verdict).toBe('promote');
  });
});

describe('insufficient data', () => {
  it('waits for minRows rows per version, naming the counts', () => {
    const c = tracker();
    const t = feed(c, [{ version: 'v1', rows: 3000, seed: 61 }, { version: 'v2', rows: 300, seed: 62, traffic: { logitShift: 2 } }]);
    const s = c.status(t);
    expect(s.verdict).toBe('insufficient_data');
    expect(s.reasons).toEqual(['candidate v2 has 300 rows, needs 1000']);
    expect(s.comparison).not.toBeNull(); // shown, not acted on
    expect(c.metricSamples(t)).toEqual([]);
  });

  it('with one version only, or none, says so', () => {
    const c = tracker();
    expect(c.status(0)).toMatchObject({ verdict: 'insufficient_data', baseline: null, candidate: null, comparison: null, reasons: ['no model version has rows in the last 10 min'] });
    const t = feed(c, [{ version: 'v1', rows: 2000, seed: 63 }]);
    expect(c.status(t)).toMatchObject({ verdict: 'insufficient_data', baseline: { version: 'v1', rows: 2000 }, candidate: null, reasons: ['only v1 has rows in the last 10 min: no candidate to compare'] });
  });

  it('rolls back early on an overwhelming error rate, before minRows', () => {
    const c = tracker();
    const t = feed(c, [{ version: 'v1', rows: 3000, seed: 64, traffic: { errorRate: 0.01 } }, { version: 'v2', rows: 200, seed: 65, traffic: { errorRate: 0.4 } }]);
    const s = c.status(t);
    expect(s.verdict).toBe('rollback');
    expect(s.reasons[0]).toMatch(/^error rate .* p < 0\.001 before 1000 rows \(early rollback\)$/);
    expect(s.reasons[1]).toBe('candidate v2 has 200 rows, needs 1000');
    // the verdict is a sample; the distribution metrics wait for minRows
    expect(c.metricSamples(t).map((m) => [m.metric, m.value])).toEqual([['canary_verdict', 2]]);
    // early rollback disabled: insufficient data
    const off = tracker({ gates: { earlyRollbackPValue: 0 } });
    expect(off.status(feed(off, [{ version: 'v1', rows: 3000, seed: 64 }, { version: 'v2', rows: 200, seed: 65, traffic: { errorRate: 0.4 } }])).verdict).toBe('insufficient_data');
  });
});

describe('versions', () => {
  it('pairs the two busiest versions, the one seen first as baseline, also after the canary ramps past 50%', () => {
    const c = tracker();
    let t = feed(c, [{ version: 'v1', rows: 1000, seed: 71 }], 0, 1);
    expect(c.status(t)).toMatchObject({ baseline: { version: 'v1' }, candidate: null });
    t = feed(c, [{ version: 'v1', rows: 1000, seed: 72 }, { version: 'v2', rows: 100, seed: 73 }], t + 1000, 1);
    expect(c.status(t)).toMatchObject({ baseline: { version: 'v1' }, candidate: { version: 'v2' } });
    // v2 now takes most traffic: still the candidate (v1 was there first)
    t = feed(c, [{ version: 'v1', rows: 500, seed: 74 }, { version: 'v2', rows: 4000, seed: 75 }], t + 1000, 1);
    expect(c.status(t)).toMatchObject({ baseline: { version: 'v1', rows: 2500 }, candidate: { version: 'v2', rows: 4100, profiled_rows: 4100 } });
    // a straggler (an old pod) sends a few rows: counted, never in the pair
    t = feed(c, [{ version: 'v0', rows: 12, seed: 76 }], t + 1000, 0);
    let s = c.status(t);
    expect(s).toMatchObject({ baseline: { version: 'v1' }, candidate: { version: 'v2' }, other_versions: { v0: 12 } });
    expect(c.stats.versions).toBe(3);
  });

  it('moves to a new canary within two panes of the old one stopping, profiled from its first row', () => {
    const c = tracker(); // 1-minute panes
    let t = feed(c, [{ version: 'v1', rows: 3000, seed: 171 }, { version: 'v2', rows: 3000, seed: 172 }], 0, 3);
    expect(c.status(t).candidate?.version).toBe('v2');
    // v2 is rolled back; v3 starts at once, with less traffic than v2 had
    const start = t + 1000;
    t = feed(c, [{ version: 'v1', rows: 600, seed: 173 }, { version: 'v3', rows: 100, seed: 174 }], start, 0.5, 50);
    expect(c.status(t).candidate?.version).toBe('v2'); // v2's recent rows still outweigh v3's
    t = feed(c, [{ version: 'v1', rows: 2400, seed: 175 }, { version: 'v3', rows: 1200, seed: 176 }], t + 1000, 2);
    const s = c.status(t);
    expect(s.candidate).toMatchObject({ version: 'v3', rows: 1300, profiled_rows: 1300 });
    expect(s.other_versions).toEqual({ v2: 3000 });
    expect(s.verdict).toBe('promote');
  });

  it('keeps configured versions, whatever the traffic', () => {
    const c = tracker({ baseline: 'prod', candidate: 'next' });
    const t = feed(c, [{ version: 'shadow', rows: 5000, seed: 81 }, { version: 'prod', rows: 1200, seed: 82 }, { version: 'next', rows: 1100, seed: 83 }]);
    const s = c.status(t);
    expect(s.baseline?.version).toBe('prod');
    expect(s.candidate?.version).toBe('next');
    expect(s.other_versions).toEqual({ shadow: 5000 });
    expect(s.verdict).toBe('promote');
    const missing = tracker({ candidate: 'v9' });
    const s2 = missing.status(feed(missing, [{ version: 'v1', rows: 2000, seed: 84 }]));
    expect(s2).toMatchObject({ verdict: 'insufficient_data', baseline: { version: 'v1' }, candidate: { version: 'v9', rows: 0, first_seen: null } });
    expect(s2.reasons).toEqual(['candidate v9 has 0 rows, needs 1000']);
  });

  it('answers for the pair a caller asks about (a deploy pipeline knows its candidate)', () => {
    const c = tracker();
    const t = feed(c, [
      { version: 'prod', rows: 6000, seed: 181 }, { version: 'shadow', rows: 3000, seed: 182 },
      { version: 'canary', rows: 1500, seed: 183 }, { version: 'old', rows: 200, seed: 184 },
    ]);
    // three live versions: the two busiest pair up by themselves
    expect(c.status(t)).toMatchObject({ baseline: { version: 'prod' }, candidate: { version: 'shadow' } });
    const s = c.status(t, { candidate: 'canary' });
    expect(s).toMatchObject({ baseline: { version: 'prod' }, candidate: { version: 'canary', rows: 1500, profiled_rows: 1500 }, verdict: 'promote' });
    expect(s.other_versions).toEqual({ shadow: 3000, old: 200 });
    // the fourth version is counted, not profiled (maxProfiled 3)
    const o = c.status(t, { candidate: 'old' });
    expect(o.verdict).toBe('insufficient_data');
    expect(o.reasons).toEqual(['candidate old is not profiled (200 rows counted): only the 3 busiest versions are; configure it as the candidate']);
    expect(caught(() => c.status(t, { baseline: 'prod', candidate: 'prod' })).argument).toBe('roles.candidate');
    expect(caught(() => c.status(t, { champion: 'prod' } as never)).argument).toBe('roles.champion');
  });

  it('forgets a version a window after its last row', () => {
    const c = tracker(); // 10 min in 1-min panes
    let t = feed(c, [{ version: 'v1', rows: 3000, seed: 91 }, { version: 'v2', rows: 3000, seed: 92 }]);
    expect(c.status(t).verdict).toBe('promote');
    // v2 is rolled back at t; v1 carries on
    const stop = t;
    for (let i = 1; i <= 10; i++) feed(c, [{ version: 'v1', rows: 200, seed: 100 + i }], stop + i * MIN, 0);
    expect(c.status(stop + 10 * MIN).candidate?.version).toBe('v2'); // still in the window (its pane overlaps it)
    for (let i = 11; i <= 12; i++) feed(c, [{ version: 'v1', rows: 200, seed: 100 + i }], stop + i * MIN, 0);
    t = stop + 12 * MIN;
    const s = c.status(t);
    expect(s.candidate).toBeNull();
    expect(s.baseline?.version).toBe('v1');
    expect(s.verdict).toBe('insufficient_data');
    expect(c.stats.versions).toBe(1);
    // every v1 pane before the window has gone too: 11 panes at most, 200 rows per minute
    expect(s.baseline!.rows).toBeLessThanOrEqual(11 * 200);
    expect(s.baseline!.profiled_rows).toBe(s.baseline!.rows);
    expect(s.baseline!.latency.count).toBe(s.baseline!.rows);
  });

  it('drops rows older than the window and counts them', () => {
    const c = tracker();
    c.observe('v1', records(10, 1), 20 * MIN);
    expect(c.observe('v1', records(10, 2), 5 * MIN)).toBe(false);
    expect(c.stats.late_rows).toBe(10);
    expect(c.status(20 * MIN).baseline?.rows).toBe(10);
    // late but inside the window: counted at the latest time
    expect(c.observe('v1', records(10, 3), 15 * MIN)).toBe(true);
    expect(c.status(20 * MIN).baseline?.rows).toBe(20);
  });
});

describe('splitByVersion', () => {
  it('splits a batch of mixed versions into one batch per version, and observing them equals observing each apart', () => {
    const all = records(900, 131, { errorRate: 0.1 });
    const r = rng(132);
    const versions = Array.from({ length: 900 }, () => { const u = r(); return u < 0.7 ? 'v1' : u < 0.95 ? 'v2' : null; });
    const failed = Array.from({ length: 900 }, () => r() < 0.1);
    // one column as a typed array and one dictionary-encoded, as library callers may send them
    const amount = Float64Array.from(all.columns.amount as (number | null)[], (x) => x ?? NaN);
    const codes = Int32Array.from(all.columns.country as string[], (c) => COUNTRIES.indexOf(c));
    const batch = { ...all, columns: { ...all.columns, amount, country: { codes, dictionary: COUNTRIES } } };
    const parts = splitByVersion(batch, versions, failed);
    expect([...parts.keys()].sort()).toEqual(['v1', 'v2']);
    const idx = (v: string) => versions.flatMap((x, i) => (x === v ? [i] : []));
    for (const v of ['v1', 'v2']) {
      const p = parts.get(v)!;
      const rows = idx(v);
      expect(p.rows).toBe(rows.length);
      expect(p.errors).toBe(rows.filter((i) => failed[i]).length);
      expect(Array.from(p.columns.amount as Float64Array)).toEqual(rows.map((i) => amount[i]));
      expect((p.columns.country as { codes: Int32Array }).codes).toEqual(Int32Array.from(rows, (i) => codes[i]));
      expect(p.columns.hour).toEqual(rows.map((i) => (all.columns.hour as number[])[i]));
      expect(Array.from(p.latencyMs)).toEqual(rows.map((i) => all.latencyMs[i]));
    }
    const c = tracker({ gates: { minRows: 10 } });
    for (const [v, p] of parts) c.observe(v, p, 0);
    const s = c.status(0);
    expect(s.baseline).toMatchObject({ version: 'v1', rows: idx('v1').length });
    expect(s.candidate).toMatchObject({ version: 'v2', rows: idx('v2').length });
    // one version: the batch itself, no copy
    const same = splitByVersion(all, new Array<string>(900).fill('v1'), failed);
    expect(same.get('v1')!.columns).toBe(all.columns);
    expect(caught(() => splitByVersion(all, ['v1'], failed)).argument).toBe('versions');
    expect(caught(() => splitByVersion(all, versions, [true])).argument).toBe('failed');
  });
});

describe('memory', () => {
  it('stays bounded over many batches and many versions', () => {
    const c = tracker({ maxVersions: 8, panes: 5, windowMs: 5 * MIN });
    const sizes: number[] = [];
    let t = 0;
    let fresh = 0;
    for (let step = 0; step < 400; step++) {
      t += 6_000; // 10 batches per minute: 40 minutes, 8 windows
      c.observe('prod', records(100, 1000 + step), t);
      c.observe('canary', records(20, 5000 + step), t);
      // a stream of one-off versions (a client sending build ids): counted up to maxVersions, then overflow
      c.observe(`build-${fresh++}`, records(3, 9000 + step), t);
      if (step % 50 === 49) {
        const st = c.stats;
        expect(st.versions).toBeLessThanOrEqual(8);
        expect(st.profile_panes).toBeLessThanOrEqual(3 * (5 + 1));
        sizes.push(JSON.stringify(c.toJSON()).length);
      }
    }
    const s = c.status(t);
    expect(s.baseline?.version).toBe('prod');
    expect(s.overflow_rows).toBeGreaterThan(0);
    // after the first window, the state no longer grows
    const later = sizes.slice(2);
    expect(Math.max(...later)).toBeLessThan(1.2 * Math.min(...later));
  });
});

describe('persistence', () => {
  it('toJSON → restore gives the same status, and both carry on alike', () => {
    const a = tracker();
    let t = feed(a, [{ version: 'v1', rows: 3000, seed: 111 }, { version: 'v2', rows: 1500, seed: 112, traffic: { logitShift: 0.5, slowdown: 1.1 } }], 0, 7);
    a.observe('v0', records(40, 113), t);
    const json = JSON.stringify(a.toJSON());
    const b = CanaryTracker.restore(json, { reference: ref(), now: () => 0 });
    trackers.push(b);
    expect(b.status(t)).toEqual(a.status(t));
    // the open pane carries on in both: rows merged into the restored part equal the live accumulator's
    const more = records(400, 114, { logitShift: 0.5 });
    a.observe('v2', more, t + 500);
    b.observe('v2', more, t + 500);
    t += 3 * MIN;
    a.observe('v1', records(300, 115), t);
    b.observe('v1', records(300, 115), t);
    expect(b.status(t)).toEqual(a.status(t));
    expect(b.status(t).verdict).toBe(a.status(t).verdict);
  });

  it('rejects a foreign or corrupt document, naming the field', () => {
    const a = tracker();
    feed(a, [{ version: 'v1', rows: 500, seed: 121 }, { version: 'v2', rows: 500, seed: 122 }]);
    const doc = a.toJSON();
    expect(caught(() => CanaryTracker.restore('{', { reference: ref() })).argument).toBe('json');
    expect(caught(() => CanaryTracker.restore({ ...doc, format: 'x' }, { reference: ref() })).argument).toBe('json');
    expect(caught(() => CanaryTracker.restore(doc, { reference: ref(), windowMs: 60_000 })).argument).toBe('json.window_ms');
    const badCounts = { ...doc, versions: [{ ...doc.versions[0], counts: [[0, 5, 9]] }] };
    expect(caught(() => CanaryTracker.restore(badCounts, { reference: ref() })).argument).toBe('json.versions[0].counts[0]');
    const other = profile({ amount: [1, 2, 3], hour: [1, 2, 3], country: ['a', 'b', 'c'], is_new: [true, false, true], probability: [0.1, 0.2, 0.3] });
    const e = caught(() => CanaryTracker.restore(doc, { reference: other, sampleCapacity: doc.sample_capacity }));
    expect(e.argument).toMatch(/^json\.tracked\[0\]\.panes\[0\]\.profile/);
  });
});

describe('bad input', () => {
  it('names the argument', () => {
    const c = tracker();
    const ok = records(5, 1);
    expect(caught(() => c.observe('', ok)).argument).toBe('version');
    expect(caught(() => c.observe(7 as never, ok)).argument).toBe('version');
    expect(caught(() => c.observe('v1', { ...ok, columns: { ...ok.columns, amount: [1, 2] } })).argument).toBe('batch.columns.amount');
    expect(caught(() => c.observe('v1', { ...ok, columns: { ...ok.columns, amount: ['x', 'y', 'z', 'u', 'v'] } })).argument).toBe('batch.columns.amount');
    expect(caught(() => c.observe('v1', { ...ok, columns: { ...ok.columns, colour: ok.columns.country } })).argument).toBe('batch.columns.colour');
    expect(caught(() => c.observe('v1', { ...ok, latencyMs: [1] })).argument).toBe('batch.latencyMs');
    expect(caught(() => c.observe('v1', { ...ok, latencyMs: [1, 2, -3, 4, 5] })).argument).toBe('batch.latencyMs[2]');
    expect(caught(() => c.observe('v1', { ...ok, errors: 6 })).argument).toBe('batch.errors');
    expect(caught(() => c.observe('v1', { ...ok, rows: 1.5 })).argument).toBe('batch.rows');
    expect(caught(() => c.observe('v1', ok, NaN)).argument).toBe('t');
    // nothing of a rejected batch counted
    expect(c.status(0).baseline).toBeNull();
    // absent features are missing values
    const { amount: _drop, ...rest } = ok.columns;
    expect(c.observe('v1', { ...ok, columns: rest })).toBe(true);
    expect(c.status(0).baseline?.rows).toBe(5);
  });

  it('checks its options', () => {
    expect(caught(() => new CanaryTracker({ reference: {} as never })).argument).toBe('reference');
    expect(caught(() => tracker({ gates: { minRows: 0 } })).argument).toBe('gates.minRows');
    expect(caught(() => tracker({ gates: { predictionPsiRollback: 0.05 } })).argument).toBe('gates.predictionPsiRollback');
    expect(caught(() => tracker({ gates: { typo: 1 } as never })).argument).toBe('gates.typo');
    expect(caught(() => tracker({ gates: { featureDrift: 'warn' as never } })).argument).toBe('gates.featureDrift');
    expect(caught(() => tracker({ baseline: 'a', candidate: 'a' })).argument).toBe('candidate');
    expect(caught(() => tracker({ predictionFeature: 'score' })).argument).toBe('predictionFeature');
    expect(caught(() => tracker({ panes: 0 })).argument).toBe('panes');
    expect(caught(() => tracker({ compare: { driftShare: 0.3 } as never })).argument).toBe('compare.driftShare');
    expect(DEFAULT_CANARY_GATES.minRows).toBe(1000);
  });

  it('never throws on valid traffic in any order, and accounts for every row in the window', () => {
    const c = tracker({ maxVersions: 3, panes: 4, windowMs: 4000 });
    let t = 0, seed = 0;
    const log: { t: number; rows: number }[] = [];
    fc.assert(fc.property(
      fc.array(fc.record({ v: fc.constantFrom('a', 'b', 'c', 'd', 'e'), rows: fc.integer({ min: 0, max: 30 }), dt: fc.integer({ min: -500, max: 2500 }) }), { minLength: 1, maxLength: 30 }),
      (steps) => {
        for (const s of steps) {
          t = Math.max(0, t + s.dt);
          const b = records(s.rows, ++seed, { errorRate: 0.3 });
          if (c.observe(s.v, b, t)) log.push({ t: Math.max(t, ...log.map((x) => x.t)), rows: s.rows });
          const st = c.status(t);
          const head = Math.max(t, ...log.map((x) => x.t));
          // rows whose pane overlaps (head − window, head]
          const lo = Math.floor((head - 4000) / 1000);
          const inWindow = log.filter((x) => Math.floor(x.t / 1000) >= lo).reduce((n, x) => n + x.rows, 0);
          const counted = (st.baseline?.rows ?? 0) + (st.candidate?.rows ?? 0) + st.overflow_rows
            + Object.values(st.other_versions).reduce((n, r) => n + r, 0);
          expect(counted).toBe(inWindow);
          expect(c.stats.versions).toBeLessThanOrEqual(3);
        }
      },
    ), { numRuns: 30, seed: 42 });
  });
});
