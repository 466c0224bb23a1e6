import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DDSketch } from '@datadog/sketches-js';
import { DriftkitError } from '../../src/errors.js';
import { LatencyTracker, type LatencyTrackerJSON, type LatencyTrackerOptions } from '../../src/service/latency.js';

/** The tracker records latencies below 1 ns (1e-6 ms) as 0; the guarantee is about the recorded values. */
const recorded = (x: number): number => (x < 1e-6 ? 0 : x);

/** The quantile DDSketch guarantees: the element of rank ⌊q·(n − 1)⌋ in sorted order ("lower"). */
function exactQuantile(sorted: readonly number[], q: number): number {
  return sorted[Math.floor(q * (sorted.length - 1))]!;
}

/**
 * |estimate − exact| ≤ α·exact, plus 1e-12·exact for floating-point rounding: a value within rounding of a
 * bin edge can land in the next bin (seen at 1e-202 ms with α = 0.001, where bin keys reach −232 000).
 */
function expectWithin(estimate: number | null, exact: number, alpha: number): void {
  expect(estimate).not.toBeNull();
  expect(Math.abs(estimate! - exact)).toBeLessThanOrEqual((alpha + 1e-12) * exact);
}

function clock(start = 0): { now: () => number; set: (t: number) => void; advance: (dt: number) => void } {
  let t = start;
  return { now: () => t, set: (v) => (t = v), advance: (dt) => (t += dt) };
}

function expectError(fn: () => unknown, argument: string): DriftkitError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, `expected a DriftkitError naming ${argument}`).toBeInstanceOf(DriftkitError);
  const err = caught as DriftkitError;
  expect(err.argument).toBe(argument);
  expect(err.message).toContain(argument);
  return err;
}

/** Restoring either succeeds or throws a DriftkitError: never a TypeError, RangeError or the like. */
function restoresOrDriftkitError(doc: unknown, options: LatencyTrackerOptions): void {
  try {
    LatencyTracker.restore(doc, options);
  } catch (e) {
    expect(e).toBeInstanceOf(DriftkitError);
  }
}

const QS = [0, 0.5, 0.9, 0.95, 0.99, 1];

/** A double's 8 little-endian bytes, as protobuf writes it. */
const f64 = (v: number): number[] => [...new Uint8Array(new Float64Array([v]).buffer)];

// ---- latency sets -------------------------------------------------------------------------------------

const u01 = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
const size = { minLength: 1, maxLength: 600 };
const uniform = fc.array(fc.double({ min: 0, max: 1e4, noNaN: true }), size);
const logNormal = fc
  .record({ mu: fc.double({ min: -3, max: 8, noNaN: true }), sigma: fc.double({ min: 0.01, max: 3, noNaN: true }), u: fc.array(fc.tuple(u01, u01), size) })
  // z reaches ~8.6σ as a → 1, so e^(8 + 3·8.6) ≈ 5e14: clamp to the 1e12 ms the tracker accepts
  .map(({ mu, sigma, u }) => u.map(([a, b]) => Math.min(1e12, Math.exp(mu + sigma * Math.sqrt(-2 * Math.log(1 - a)) * Math.cos(2 * Math.PI * b)))));
// Pareto with shape down to 0.3: no finite mean, extreme upper tail.
const pareto = fc
  .record({ xm: fc.double({ min: 0.1, max: 100, noNaN: true }), shape: fc.double({ min: 0.3, max: 3, noNaN: true }), u: fc.array(u01, size) })
  .map(({ xm, shape, u }) => u.map((a) => Math.min(1e12, xm / Math.pow(1 - a, 1 / shape))));
// 1e-9 … 1e12 ms: includes sub-ns values (recorded as 0) and subnormals come from `uniform`.
// 10 ** 12 computed as Math.pow(10, 21 - 9) is 1e12 · (1 + 2.6e-15): clamp to the tracker's accepted maximum.
const logUniform = fc.array(u01.map((a) => Math.min(1e12, Math.pow(10, a * 21 - 9))), size);
const duplicates = fc
  .record({ values: fc.array(fc.double({ min: 0, max: 5000, noNaN: true }), { minLength: 1, maxLength: 4 }), picks: fc.array(fc.nat(), size) })
  .map(({ values, picks }) => picks.map((i) => values[i % values.length]!));
const base = fc.oneof(uniform, logNormal, pareto, logUniform, duplicates);
const withZeros = fc.tuple(base, fc.integer({ min: 1, max: 400 })).map(([xs, zeros]) => [...xs, ...new Array<number>(zeros).fill(0)]);
const latencySet = fc.oneof(base, withZeros);

// ---- tests --------------------------------------------------------------------------------------------

describe('LatencyTracker: relative error', () => {
  it('p50/p95/p99 (and any q) are within 1% of the exact rank-⌊q(n−1)⌋ quantile', () => {
    fc.assert(
      fc.property(latencySet, fc.double({ min: 0, max: 1, noNaN: true }), (xs, q) => {
        const c = clock(1_000_000);
        const tracker = new LatencyTracker({ now: c.now });
        for (const x of xs) tracker.record(x);
        const sorted = xs.map(recorded).sort((a, b) => a - b);
        const snap = tracker.snapshot();
        expect(snap.count).toBe(xs.length);
        expect(snap.min_ms).toBe(sorted[0]);
        expect(snap.max_ms).toBe(sorted[sorted.length - 1]);
        expectWithin(snap.p50_ms, exactQuantile(sorted, 0.5), 0.01);
        expectWithin(snap.p90_ms, exactQuantile(sorted, 0.9), 0.01);
        expectWithin(snap.p95_ms, exactQuantile(sorted, 0.95), 0.01);
        expectWithin(snap.p99_ms, exactQuantile(sorted, 0.99), 0.01);
        expectWithin(tracker.quantile(q), exactQuantile(sorted, q), 0.01);
        expect(snap.p95_ms).toBe(tracker.quantile(0.95));
      }),
      { numRuns: 300 },
    );
  });

  it('the bound scales with relativeAccuracy', () => {
    fc.assert(
      fc.property(latencySet, fc.constantFrom(0.001, 0.005, 0.02, 0.05), (xs, alpha) => {
        const tracker = new LatencyTracker({ relativeAccuracy: alpha, now: () => 0 });
        for (const x of xs) tracker.record(x);
        const sorted = xs.map(recorded).sort((a, b) => a - b);
        for (const q of QS) expectWithin(tracker.quantile(q), exactQuantile(sorted, q), alpha);
      }),
      { numRuns: 100 },
    );
  });

  it('uses the lower rank convention (rank ⌊q(n−1)⌋, no interpolation)', () => {
    const tracker = new LatencyTracker({ now: () => 0 });
    // Ranks under q(n−1) for n = 11: p50 → 5, p95 → 9.5 → 9, p99 → 9.9 → 9; values 1…11.
    for (let v = 1; v <= 11; v++) tracker.record(v);
    expectWithin(tracker.quantile(0.5), 6, 0.01);
    expectWithin(tracker.quantile(0.95), 10, 0.01);
    expectWithin(tracker.quantile(0.99), 10, 0.01);
    expectWithin(tracker.quantile(1), 11, 0.01);
    expect(tracker.quantile(0)).toBe(1); // the bin value 0.99 is clamped to the exact min
  });
});

describe('LatencyTracker: sliding window', () => {
  // An event: advance the clock by dt, then record a latency at now + offset (mostly 0; sometimes late or ahead).
  const event = fc.record({
    dt: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1, noNaN: true })),
    offset: fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.double({ min: -1.5, max: 0.05, noNaN: true }) }),
    latency: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1, noNaN: true }).map((u) => Math.pow(10, u * 8 - 3))),
    check: fc.boolean(),
  });

  it('a snapshot equals a recomputation over the records in panes ⌊(t−W)/p⌋…⌊t/p⌋, within 1% of exact', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(1_000, 60_000),
        fc.constantFrom(1, 3, 10),
        fc.array(event, { minLength: 1, maxLength: 300 }),
        (windowMs, panes, events) => {
          const c = clock(5 * windowMs);
          const tracker = new LatencyTracker({ windowMs, panes, now: c.now });
          const p = windowMs / panes;
          const skew = Math.min(1_000, p / 2);
          const kept: { at: number; v: number }[] = [];
          let late = 0;
          let clamped = 0;

          const check = (): void => {
            const t = c.now();
            const lo = Math.floor((t - windowMs) / p);
            const hi = Math.floor(t / p);
            const inWindow = kept.filter((r) => Math.floor(r.at / p) >= lo && Math.floor(r.at / p) <= hi);
            // The pane-widened window holds every record of (t − W, t] and nothing older than t − W − p.
            for (const r of kept) {
              if (r.at > t - windowMs && r.at <= t) expect(inWindow).toContain(r);
            }
            for (const r of inWindow) expect(r.at).toBeGreaterThan(t - windowMs - p);
            const snap = tracker.snapshot();
            expect(snap.count).toBe(inWindow.length);
            if (inWindow.length === 0) {
              expect([snap.min_ms, snap.max_ms, snap.mean_ms, snap.p50_ms, snap.p99_ms]).toEqual([null, null, null, null, null]);
              return;
            }
            const values = inWindow.map((r) => r.v);
            const sorted = [...values].sort((a, b) => a - b);
            const fresh = new DDSketch({ relativeAccuracy: 0.01 });
            for (const v of values) fresh.accept(v);
            expect(snap.min_ms).toBe(sorted[0]);
            expect(snap.max_ms).toBe(sorted[sorted.length - 1]);
            expect(snap.mean_ms).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 6);
            for (const q of QS) {
              const est = tracker.quantile(q);
              // Exactly what a sketch over the remaining records gives (clamped to their exact range) …
              expect(est).toBe(Math.min(Math.max(fresh.getValueAtQuantile(q), sorted[0]!), sorted[sorted.length - 1]!));
              // … hence within 1% of the exact quantile.
              expectWithin(est, exactQuantile(sorted, q), 0.01);
            }
          };

          for (const e of events) {
            c.advance(e.dt * windowMs);
            const now = c.now();
            const at = now + e.offset * windowMs;
            const counted = tracker.record(e.latency, at);
            if (at < now - windowMs) {
              late++;
              expect(counted).toBe(false);
            } else {
              expect(counted).toBe(true);
              if (at > now + skew) clamped++;
              kept.push({ at: at > now + skew ? now : at, v: e.latency });
            }
            if (e.check) check();
          }
          check();
          c.advance(windowMs / 2);
          check();
          c.advance(windowMs + p);
          check();
          expect(tracker.snapshot().count).toBe(0);
          expect(tracker.stats).toEqual({ recorded: kept.length, late, clamped });
        },
      ),
      { numRuns: 150 },
    );
  });

  it('records age out between W and W + W/panes after their timestamp', () => {
    const c = clock(0);
    const tracker = new LatencyTracker({ windowMs: 60_000, panes: 6, now: c.now }); // panes of 10 s
    for (let i = 0; i < 10; i++) tracker.record(5);
    c.set(9_999);
    for (let i = 0; i < 3; i++) tracker.record(50);
    const countAt = (t: number): number => tracker.snapshot(t).count;
    expect(countAt(9_999)).toBe(13);
    expect(countAt(60_000)).toBe(13); // the records at 0 are exactly W old: still in (t − W, t]
    expect(countAt(69_999)).toBe(13); // pane [0, 10 s) still overlaps (t − W, t]
    expect(countAt(70_000)).toBe(0); // … and now it does not: both the record at 0 and the one at 9.999 s are gone
    c.set(69_999);
    expectWithin(tracker.snapshot().p50_ms, 5, 0.01);
    c.set(70_000);
    expect(tracker.snapshot()).toMatchObject({ count: 0, p50_ms: null });
  });

  it('drops late records, clamps far-future ones and keeps slightly-future ones in their own pane', () => {
    const c = clock(100_000);
    const tracker = new LatencyTracker({ windowMs: 60_000, panes: 6, now: c.now });
    expect(tracker.record(1, 39_999)).toBe(false); // older than now − W
    expect(tracker.record(2, 40_000)).toBe(true); // exactly now − W is in
    expect(tracker.record(3, 101_000)).toBe(true); // within the 1 s skew: kept at 101 000 (same pane as now)
    expect(tracker.record(4, 101_001)).toBe(true); // beyond it: counted at now
    expect(tracker.stats).toEqual({ recorded: 3, late: 1, clamped: 1 });
    expect(tracker.snapshot().count).toBe(3);

    c.set(109_500);
    tracker.record(9, 110_400); // within the skew but in the next pane
    expect(tracker.snapshot()).toMatchObject({ count: 3, max_ms: 4 }); // not yet: its pane starts after now
    // At 110 000 it is in, and the record at 40 000 (pane [40 000, 50 000)) has left.
    expect(tracker.snapshot(110_000)).toMatchObject({ count: 3, min_ms: 3, max_ms: 9 });
  });
});

describe('LatencyTracker: SLOs', () => {
  const tracked = (values: number[], slos?: Record<string, number>): LatencyTracker => {
    const tracker = new LatencyTracker({ now: () => 0, ...(slos ? { slos } : {}) });
    for (const v of values) tracker.record(v);
    return tracker;
  };

  it('is ok at the threshold and not ok just above it', () => {
    // Equal values make the clamped estimate exact, so the comparison sits exactly at the threshold.
    const at = tracked(new Array(100).fill(100)).snapshot();
    expect(at.slo.p95).toEqual({ threshold_ms: 100, value_ms: 100, ok: true });
    expect(at.slo.p99).toEqual({ threshold_ms: 500, value_ms: 100, ok: true });
    expect(at.ok).toBe(true);

    const above = tracked(new Array(100).fill(100.000001)).snapshot();
    expect(above.slo.p95).toEqual({ threshold_ms: 100, value_ms: 100.000001, ok: false });
    expect(above.slo.p99.ok).toBe(true);
    expect(above.ok).toBe(false);

    expect(tracked(new Array(100).fill(500)).snapshot().slo.p99.ok).toBe(true);
    expect(tracked(new Array(100).fill(500.000001)).snapshot().slo.p99.ok).toBe(false);
  });

  it('evaluates each SLO at its own rank', () => {
    // n = 100: p95 is rank ⌊94.05⌋ = 94, p99 is rank ⌊98.01⌋ = 98.
    const tail4 = tracked([...new Array(96).fill(10), ...new Array(4).fill(1000)]).snapshot();
    expect(tail4.slo.p95.ok).toBe(true);
    expect(tail4.slo.p95.value_ms).toBeCloseTo(10, 0);
    expect(tail4.slo.p99.ok).toBe(false);
    expectWithin(tail4.slo.p99.value_ms, 1000, 0.01);
    expect(tail4.ok).toBe(false);

    const tail6 = tracked([...new Array(94).fill(10), ...new Array(6).fill(1000)]).snapshot();
    expect(tail6.slo.p95.ok).toBe(false);
    expect(tail6.slo.p99.ok).toBe(false);
  });

  it('with no records: count 0, nulls, every SLO ok', () => {
    const tracker = new LatencyTracker({ now: () => 0 });
    expect(tracker.snapshot()).toEqual({
      window_ms: 300_000,
      count: 0,
      min_ms: null,
      max_ms: null,
      mean_ms: null,
      p50_ms: null,
      p90_ms: null,
      p95_ms: null,
      p99_ms: null,
      slo: { p95: { threshold_ms: 100, value_ms: null, ok: true }, p99: { threshold_ms: 500, value_ms: null, ok: true } },
      ok: true,
    });
    expect(tracker.quantile(0.5)).toBeNull();
  });

  it('takes any pNN… quantile name', () => {
    const values = Array.from({ length: 1000 }, (_, i) => i);
    const snap = tracked(values, { p50: 600, p999: 990, p05: 40 }).snapshot();
    expect(Object.keys(snap.slo)).toEqual(['p50', 'p999', 'p05']);
    expectWithin(snap.slo.p50!.value_ms, 499, 0.01); // rank ⌊0.5·999⌋
    expectWithin(snap.slo.p999!.value_ms, 998, 0.01); // rank ⌊0.999·999⌋
    expectWithin(snap.slo.p05!.value_ms, 49, 0.01); // rank ⌊0.05·999⌋
    expect([snap.slo.p50!.ok, snap.slo.p999!.ok, snap.slo.p05!.ok]).toEqual([true, false, false]);
    expect(tracked(values, {}).snapshot()).toMatchObject({ slo: {}, ok: true });
  });
});

describe('LatencyTracker: bad input', () => {
  it('rejects latencies that are not finite, non-negative numbers, naming latency_ms', () => {
    const tracker = new LatencyTracker({ now: () => 0 });
    for (const bad of [NaN, -1, -1e-300, Infinity, -Infinity, '5', null, undefined, {}, 10n, 1.7e12]) {
      expectError(() => tracker.record(bad as number), 'latency_ms');
    }
    expect(tracker.stats.recorded).toBe(0);
    expect(tracker.record(0)).toBe(true);
    expect(tracker.record(-0)).toBe(true);
    expect(tracker.record(1e12)).toBe(true);
    const snap = tracker.snapshot();
    expect(Object.is(snap.min_ms, 0)).toBe(true);
    expect(snap.p50_ms).toBe(0);
  });

  it('records latencies below 1 ns (1e-6 ms) as 0', () => {
    const tracker = new LatencyTracker({ now: () => 0 });
    for (const v of [9.99e-7, 5e-324, 1e-300]) tracker.record(v);
    expect(tracker.snapshot()).toMatchObject({ count: 3, min_ms: 0, max_ms: 0, mean_ms: 0, p99_ms: 0 });
    tracker.record(1e-6);
    expect(tracker.snapshot().max_ms).toBe(1e-6);
  });

  it('rejects bad times and quantiles, naming the argument', () => {
    const tracker = new LatencyTracker({ now: () => 0 });
    for (const bad of [NaN, Infinity, '5', 1e16]) {
      expectError(() => tracker.record(1, bad as number), 'at');
      expectError(() => tracker.snapshot(bad as number), 'at');
      expectError(() => tracker.quantile(0.5, bad as number), 'at');
    }
    for (const bad of [-0.01, 1.01, NaN, '0.5', null]) expectError(() => tracker.quantile(bad as number), 'q');
    const broken = new LatencyTracker({ now: () => NaN });
    expectError(() => broken.record(1), 'now');
    expectError(() => broken.snapshot(), 'now');
    expectError(() => broken.toJSON(), 'now');
  });

  it('validates every option, naming it', () => {
    const make = (options: unknown) => () => new LatencyTracker(options as LatencyTrackerOptions);
    expectError(make(null), 'options');
    for (const bad of [0, -1, NaN, Infinity, '300000']) expectError(make({ windowMs: bad }), 'window_ms');
    expectError(make({ windowMs: 5, panes: 10 }), 'window_ms'); // panes under 1 ms
    for (const bad of [0, 1.5, 1001, '10', NaN]) expectError(make({ panes: bad }), 'panes');
    for (const bad of [0, 1, -0.01, NaN, 0.0009, '0.01']) expectError(make({ relativeAccuracy: bad }), 'relative_accuracy');
    for (const bad of [null, [], 'p95', 5]) expectError(make({ slos: bad }), 'slos');
    for (const name of ['p5', 'p100', 'p00', 'x95', 'p9a', '95']) expectError(make({ slos: { [name]: 100 } }), `slos.${name}`);
    for (const bad of [0, -5, NaN, Infinity, '100', null]) expectError(make({ slos: { p95: bad } }), 'slos.p95');
    for (const bad of [5, 'now', null]) expectError(make({ now: bad }), 'now');
    expect(() => new LatencyTracker()).not.toThrow();
    expect(() => new LatencyTracker({ windowMs: 10, panes: 10, relativeAccuracy: 0.001, slos: { p9999: 1 } })).not.toThrow();
  });
});

describe('LatencyTracker: persistence', () => {
  function busyTracker(c: ReturnType<typeof clock>, options: LatencyTrackerOptions = {}): LatencyTracker {
    const tracker = new LatencyTracker({ windowMs: 60_000, panes: 10, now: c.now, ...options });
    let seed = 7;
    const rand = (): number => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    for (let i = 0; i < 5_000; i++) {
      c.advance(30);
      tracker.record(i % 17 === 0 ? 0 : Math.exp(rand() * 12 - 2));
    }
    tracker.record(3, c.now() - 70_000); // late
    tracker.record(3, c.now() + 5_000); // clamped
    return tracker;
  }

  it('toJSON → restore gives equal snapshots, stats and later behaviour', () => {
    const c = clock(1_700_000_000_000);
    const tracker = busyTracker(c);
    const json = tracker.toJSON();
    expect(json.pane_sketches.length).toBeGreaterThan(0);
    for (const text of [JSON.stringify(json), JSON.parse(JSON.stringify(json)) as unknown]) {
      const restored = LatencyTracker.restore(text, { now: c.now });
      expect(restored.snapshot()).toEqual(tracker.snapshot());
      expect(restored.stats).toEqual(tracker.stats);
      for (let q = 0; q <= 1; q += 0.01) expect(restored.quantile(q)).toBe(tracker.quantile(q));
      expect(restored.toJSON()).toEqual(json);
    }
    // Both go on identically.
    const restored = LatencyTracker.restore(JSON.stringify(json), { windowMs: 60_000, panes: 10, relativeAccuracy: 0.01, now: c.now });
    for (let i = 0; i < 3_000; i++) {
      c.advance(17);
      tracker.record(i % 50);
      restored.record(i % 50);
      if (i % 500 === 0) expect(restored.snapshot()).toEqual(tracker.snapshot());
    }
    expect(restored.snapshot()).toEqual(tracker.snapshot());
  });

  it('round-trips the extremes (0, sub-ns → 0, 1e-6, 1e12) in one pane, down to α = 0.001', () => {
    for (const relativeAccuracy of [0.001, 0.01, 0.5]) {
      const c = clock(0);
      const tracker = new LatencyTracker({ relativeAccuracy, now: c.now });
      // Alternating ends: each new extreme makes DenseStore grow or re-centre over the whole span.
      for (const v of [1e12, 0, 5e-324, 1e-300, 1e-6, 1e-3, 1, 1e12, 1e-6, 1e12]) tracker.record(v);
      const restored = LatencyTracker.restore(JSON.stringify(tracker.toJSON()), { now: c.now });
      expect(restored.snapshot()).toEqual(tracker.snapshot());
      expect(restored.snapshot()).toMatchObject({ count: 10, min_ms: 0, max_ms: 1e12 });
      expectWithin(restored.quantile(0.5), 1e-6, relativeAccuracy); // sorted: 0×4, 1e-6×2, 1e-3, 1, 1e12×3
    }
  });

  it('writes the DDSketch.proto wire format (contiguous bins, zigzag offset, empty negative store)', () => {
    const tracker = new LatencyTracker({ now: () => 0 });
    for (const v of [0, 0.5, 1]) tracker.record(v);
    const bytes = Buffer.from(tracker.toJSON().pane_sketches[0]!.sketch, 'base64');
    const gamma = 1 + (2 * 0.01) / (1 - 0.01);
    // 0.5 → bin ⌈ln 0.5 / ln γ⌉ = −34, 1 → bin 0: 35 contiguous counts from offset −34 (zigzag 67).
    const counts = new Array<number>(35).fill(0);
    counts[0] = 1;
    counts[34] = 1;
    const store = [0x12, 0x98, 0x02, ...counts.flatMap(f64), 0x18, 67];
    const expected = [
      ...[0x0a, 20, 0x09, ...f64(gamma), 0x11, ...f64(0), 0x18, 0], // mapping: gamma, indexOffset 0, interpolation NONE
      ...[0x12, 0x9d, 0x02, ...store], // positiveValues (285 bytes)
      ...[0x1a, 0], // negativeValues: empty
      ...[0x21, ...f64(1)], // zeroCount
    ];
    expect(store.length).toBe(285);
    expect([...bytes]).toEqual(expected);
  });

  it('writes a restorable document even after the clock ran backwards', () => {
    const c = clock(1_000_000);
    const tracker = new LatencyTracker({ windowMs: 60_000, panes: 6, now: c.now });
    tracker.record(7); // pane 100, ring slot 100 mod 8 = 4
    c.set(1_000_000 - 120_000); // two windows back: pane 100 is now ahead of the clock
    for (let i = 0; i < 6; i++) {
      tracker.record(3); // panes 88…90, slots 0…2: pane 100 survives in the ring
      c.advance(5_000);
    }
    const restored = LatencyTracker.restore(tracker.toJSON(), { now: c.now });
    expect(restored.snapshot()).toEqual(tracker.snapshot());
    expect(restored.snapshot()).toMatchObject({ count: 6, max_ms: 3 });
  });

  it('takes the geometry from the document and rejects a different one', () => {
    const c = clock(0);
    const tracker = new LatencyTracker({ windowMs: 60_000, panes: 6, relativeAccuracy: 0.02, now: c.now });
    tracker.record(5);
    const json = tracker.toJSON();
    expect(LatencyTracker.restore(json, { now: c.now }).snapshot()).toEqual(tracker.snapshot());
    expectError(() => LatencyTracker.restore(json, { windowMs: 300_000, now: c.now }), 'json.window_ms');
    expectError(() => LatencyTracker.restore(json, { panes: 10, now: c.now }), 'json.panes');
    expectError(() => LatencyTracker.restore(json, { relativeAccuracy: 0.01, now: c.now }), 'json.relative_accuracy');
    // Panes expired under the new clock simply do not count.
    c.set(1e9);
    expect(LatencyTracker.restore(json, { now: c.now }).snapshot().count).toBe(0);
  });

  describe('corrupt or foreign documents are DriftkitErrors', () => {
    const c = clock(1_000_000);
    const validText = JSON.stringify(busyTracker(c));
    const valid = (): LatencyTrackerJSON => JSON.parse(validText) as LatencyTrackerJSON;
    const opts = { now: c.now };
    const pane0 = (mutate: (p: LatencyTrackerJSON['pane_sketches'][number]) => void): LatencyTrackerJSON => {
      const doc = valid();
      mutate(doc.pane_sketches[0]!);
      return doc;
    };

    it('names what is wrong', () => {
      for (const bad of [null, 5, 'not json', '{}', '[]', { format: 'driftkit-monitor', version: 1 }, { ...valid(), version: 2 }]) {
        expectError(() => LatencyTracker.restore(bad, opts), 'json');
      }
      expectError(() => LatencyTracker.restore({ ...valid(), window_ms: 'x' }, opts), 'json.window_ms');
      expectError(() => LatencyTracker.restore({ ...valid(), stats: null }, opts), 'json.stats');
      expectError(() => LatencyTracker.restore({ ...valid(), stats: { recorded: -1, late: 0, clamped: 0 } }, opts), 'json.stats.recorded');
      expectError(() => LatencyTracker.restore({ ...valid(), pane_sketches: {} }, opts), 'json.pane_sketches');
      expectError(() => LatencyTracker.restore({ ...valid(), pane_sketches: new Array(13).fill(valid().pane_sketches[0]) }, opts), 'json.pane_sketches');
      const doc = valid();
      doc.pane_sketches.push(doc.pane_sketches[0]!); // the same pane twice
      expectError(() => LatencyTracker.restore(doc, opts), 'json.pane_sketches');
      const P = 'json.pane_sketches[0]';
      expectError(() => LatencyTracker.restore(pane0((p) => (p.start_ms += 1)), opts), `${P}.start_ms`);
      expectError(() => LatencyTracker.restore(pane0((p) => (p.count += 1)), opts), `${P}.count`);
      expectError(() => LatencyTracker.restore(pane0((p) => (p.count = 0)), opts), `${P}.count`);
      expectError(() => LatencyTracker.restore(pane0((p) => (p.min_ms = -1)), opts), `${P}.min_ms`);
      expectError(() => LatencyTracker.restore(pane0((p) => (p.min_ms = p.max_ms)), opts), `${P}.sum_ms`);
      // Consistent with count and sum, but not with the sketch's lowest bin.
      expectError(() => LatencyTracker.restore(pane0((p) => (p.min_ms = p.sum_ms / p.count)), opts), `${P}.min_ms`);
      expectError(() => LatencyTracker.restore(pane0((p) => (p.max_ms *= 1.5)), opts), `${P}.min_ms`);
      expectError(() => LatencyTracker.restore(pane0((p) => (p.sum_ms = -1)), opts), `${P}.sum_ms`);
      expectError(() => LatencyTracker.restore(pane0((p) => (p.sketch = '@@@@')), opts), `${P}.sketch`);
      expectError(() => LatencyTracker.restore(pane0((p) => (p.sketch = p.sketch.slice(0, 40))), opts), `${P}.sketch`);
      expectError(() => LatencyTracker.restore(pane0((p) => (p.sketch = '')), opts), `${P}.sketch`);
    });

    it('rejects bins outside the recordable range (which could otherwise overflow DenseStore)', () => {
      const gamma = 1 + (2 * 0.01) / (1 - 0.01);
      // One count in bin −1000 (≈ 2.5e-9 ms), zigzag 1999 = 0xcf 0x0f.
      const store = [0x12, 8, ...f64(1), 0x18, 0xcf, 0x0f];
      const bytes = [0x0a, 20, 0x09, ...f64(gamma), 0x11, ...f64(0), 0x18, 0, 0x12, store.length, ...store, 0x1a, 0, 0x21, ...f64(0)];
      const doc = pane0((p) => Object.assign(p, { count: 1, sum_ms: 1, min_ms: 1, max_ms: 1, sketch: Buffer.from(bytes).toString('base64') }));
      const err = expectError(() => LatencyTracker.restore(doc, opts), 'json.pane_sketches[0].sketch');
      expect(err.message).toMatch(/bin -1000, outside the range of latencies/);
    });

    it('rejects a sketch written with another accuracy', () => {
      const other = new LatencyTracker({ relativeAccuracy: 0.02, now: c.now });
      other.record(5);
      const doc = valid();
      const p = doc.pane_sketches[0]!;
      Object.assign(p, { ...other.toJSON().pane_sketches[0]!, start_ms: p.start_ms });
      const err = expectError(() => LatencyTracker.restore(doc, opts), 'json.pane_sketches[0].sketch');
      expect(err.message).toMatch(/relative accuracy 0\.02/);
    });

    it('never crashes on random sketch bytes', () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
          restoresOrDriftkitError(pane0((p) => (p.sketch = Buffer.from(bytes).toString('base64'))), opts);
        }),
        { numRuns: 300 },
      );
    });

    it('never crashes on flipped bytes or replaced fields', () => {
      const doc = valid();
      const raw = Buffer.from(doc.pane_sketches[0]!.sketch, 'base64');
      fc.assert(
        fc.property(fc.nat({ max: raw.length - 1 }), fc.integer({ min: 1, max: 255 }), (i, x) => {
          const flipped = Buffer.from(raw);
          flipped[i]! ^= x;
          restoresOrDriftkitError(pane0((p) => (p.sketch = flipped.toString('base64'))), opts);
        }),
        { numRuns: 300 },
      );
      const paths: string[][] = [
        ...Object.keys(doc).map((k) => [k]),
        ...Object.keys(doc.stats).map((k) => ['stats', k]),
        ...Object.keys(doc.pane_sketches[0]!).map((k) => ['pane_sketches', '0', k]),
      ];
      fc.assert(
        fc.property(fc.constantFrom(...paths), fc.anything(), (path, value) => {
          const copy = valid() as unknown as Record<string, unknown>;
          let target = copy;
          for (const k of path.slice(0, -1)) target = target[k] as Record<string, unknown>;
          target[path[path.length - 1]!] = value;
          restoresOrDriftkitError(copy, opts);
        }),
        { numRuns: 300 },
      );
    });
  });
});

describe('LatencyTracker: memory', () => {
  it('the JSON stays bounded over 1e6 records spread over 100 windows', () => {
    const c = clock(0);
    const windowMs = 60_000;
    const panes = 10;
    const tracker = new LatencyTracker({ windowMs, panes, now: c.now });
    let seed = 42;
    const rand = (): number => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const lowMs = 0.1;
    const highMs = 60_000;
    const sizes: number[] = [];
    for (let i = 1; i <= 1_000_000; i++) {
      c.advance(6); // 1e6 × 6 ms = 100 windows
      tracker.record(lowMs * Math.pow(highMs / lowMs, rand()));
      if (i % 50_000 === 0) sizes.push(JSON.stringify(tracker.toJSON()).length);
    }
    // Bound: panes + 2 sketches, each with one 8-byte count per bin over [low, high], base64, plus fields.
    const gamma = 1 + (2 * 0.01) / (1 - 0.01);
    const bins = Math.ceil(Math.log(highMs / lowMs) / Math.log(gamma)) + 2;
    const bound = (panes + 2) * (Math.ceil((bins * 8 + 64) / 3) * 4 + 200) + 400;
    expect(Math.max(...sizes)).toBeLessThan(bound);
    // Flat after the first window: the size depends on the value range, not on how many records came.
    const steady = sizes.slice(2);
    expect(Math.max(...steady) / Math.min(...steady)).toBeLessThan(1.1);
    expect(tracker.stats.recorded).toBe(1_000_000);
    // ~10 000 records per window (one every 6 ms), ~11 000 with the straddling pane.
    const count = tracker.snapshot().count;
    expect(count).toBeGreaterThanOrEqual(10_000);
    expect(count).toBeLessThanOrEqual(11_001);
  });
});
