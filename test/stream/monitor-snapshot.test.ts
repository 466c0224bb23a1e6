// Monitor persistence and peek: a snapshot taken mid-window (through JSON) and restored into a new monitor
// continues exactly as the uninterrupted monitor would; peek() reports the window so far without emitting.
import { describe, expect, it } from 'vitest';
import { createMonitor, type MonitorOptions, type WindowResult } from '../../src/stream/monitor.js';
import { profile } from '../../src/profile/index.js';
import { Xoshiro128 } from '../../src/engine/js/rng.js';
import { DriftkitError } from '../../src/errors.js';

function normals(n: number, mean: number, seed: number): Float64Array {
  const r = new Xoshiro128(seed);
  return Float64Array.from({ length: n }, () => mean + Math.sqrt(-2 * Math.log(1 - r.nextF64())) * Math.cos(2 * Math.PI * r.nextF64()));
}
const reference = profile({ x: normals(5000, 0, 1), c: Array.from({ length: 5000 }, (_, i) => 'abc'[i % 3]) });
const batch = (i: number) => ({ x: normals(700, i > 6 ? 1 : 0, 100 + i), c: Array.from({ length: 700 }, (_, j) => 'abcd'[(i + j) % (i > 8 ? 4 : 3)]) });
const key = (r: WindowResult) => JSON.stringify({ ...r, report: { ...r.report, timestamp: '' } });

describe.each([
  ['tumbling rows', { window: { kind: 'tumbling', rows: 2000 } }],
  ['sliding rows', { window: { kind: 'sliding', rows: 2000, slide: 500 }, detectors: { kind: 'page-hinkley', threshold: 0.5 }, detectorMetric: 'psi' }],
  ['sliding ms', { window: { kind: 'sliding', ms: 400, slide: 100 }, detectors: { kind: 'cusum', mu0: 0, sigma: 0.1 } }],
] as [string, Omit<MonitorOptions, 'now'>][])('%s', (_, base) => {
  it('snapshot → JSON → restore continues exactly like the uninterrupted monitor', () => {
    for (const cut of [3, 5, 8]) {
      let t = 1000;
      const now = () => t;
      const a = createMonitor(reference, { ...base, now, timer: false });
      const want: string[] = [];
      const got: string[] = [];
      let b = createMonitor(reference, { ...base, now, timer: false });
      for (let i = 0; i < 14; i++) {
        t += 37;
        want.push(...a.observe(batch(i)).map(key));
        if (i === cut) {
          const snap = JSON.parse(JSON.stringify(b.snapshot()));
          b.close();
          b = createMonitor(reference, { ...base, now, timer: false, restore: snap });
        }
        got.push(...b.observe(batch(i)).map(key));
      }
      expect(want.length).toBeGreaterThan(2);
      expect(got).toEqual(want);
      expect(b.stats).toEqual(a.stats);
      const pa = a.peek(), pb = b.peek();
      expect(pb && key(pb)).toEqual(pa && key(pa));
    }
  });
});

describe('peek', () => {
  it('reports the window so far, emits nothing, and equals what flush() then emits', () => {
    const m = createMonitor(reference, { window: { kind: 'tumbling', rows: 5000 } });
    expect(m.peek()).toBeUndefined();
    const seen: WindowResult[] = [];
    m.on('window', (r) => seen.push(r));
    m.observe(batch(1));
    m.observe(batch(2));
    const p = m.peek()!;
    expect(seen).toHaveLength(0);
    expect(p.window.rows).toBe(1400);
    expect(m.stats.windowsClosed).toBe(0);
    const f = m.flush()!;
    expect({ ...p.report, timestamp: '' }).toEqual({ ...f.report, timestamp: '' });
  });

  it('sliding: the last full window when the open pane is empty, else the last panes with the open one', () => {
    const m = createMonitor(reference, { window: { kind: 'sliding', rows: 2000, slide: 500 } });
    m.observe({ x: normals(2000, 0, 5), c: Array.from({ length: 2000 }, () => 'a') });
    expect(m.peek()!.window.rows).toBe(2000);
    m.observe({ x: normals(100, 0, 6), c: Array.from({ length: 100 }, () => 'a') });
    expect(m.peek()!.window).toMatchObject({ rows: 1600, startRow: 500, endRow: 2100 });
  });

  it('a snapshot of another window or reference is a clear error', () => {
    const m = createMonitor(reference, { window: { kind: 'tumbling', rows: 1000 } });
    m.observe(batch(0));
    const snap = m.snapshot();
    const other = profile({ x: normals(100, 5, 9), c: Array.from({ length: 100 }, () => 'a') });
    const bad = (f: () => unknown, arg: string) => {
      try { f(); } catch (e) { expect(e).toBeInstanceOf(DriftkitError); expect((e as DriftkitError).argument).toMatch(arg); return; }
      throw new Error('did not throw');
    };
    bad(() => createMonitor(reference, { window: { kind: 'tumbling', rows: 200 }, restore: snap }), 'restore.window');
    bad(() => createMonitor(other, { window: { kind: 'tumbling', rows: 1000 }, restore: snap }), 'restore.open.profile');
    bad(() => createMonitor(reference, { window: { kind: 'tumbling', rows: 1000 }, restore: { ...snap, t0: 'x' } as never }), 'restore.t0');
    bad(() => createMonitor(reference, { window: { kind: 'tumbling', rows: 1000 }, restore: {} as never }), 'restore');
  });
});
