// The streaming monitor: streaming equals batch (tumbling and sliding), time windows, detectors, delivery
// (listener, async iterator, Node Writable, WritableStream), bounded state, bad input.
import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createMonitor, type WindowResult } from '../../src/stream/monitor.js';
import { monitorWritable } from '../../src/stream/node-adapters.js';
import { monitorWritableStream } from '../../src/stream/web-adapters.js';
import { compare, type DriftReport } from '../../src/compare/compare.js';
import { profile } from '../../src/profile/index.js';
import { Xoshiro128 } from '../../src/engine/js/rng.js';
import { DriftkitError } from '../../src/errors.js';

function normals(n: number, mean: number, sd: number, seed: number): Float64Array {
  const r = new Xoshiro128(seed);
  return Float64Array.from({ length: n }, () => mean + sd * Math.sqrt(-2 * Math.log(1 - r.nextF64())) * Math.cos(2 * Math.PI * r.nextF64()));
}
function cats(n: number, labels: string[], seed: number): string[] {
  const r = new Xoshiro128(seed);
  return Array.from({ length: n }, () => labels[Math.floor(r.nextF64() * labels.length)]);
}
const reference = profile({ x: normals(20_000, 0, 1, 1), y: normals(20_000, 5, 2, 2), c: cats(20_000, ['a', 'b', 'c'], 3) });

type Data = { x: Float64Array; y: Float64Array; c: string[] };
function batch(n: number, seed: number, shift = 0): Data {
  return { x: normals(n, shift, 1, seed), y: normals(n, 5, 2, seed + 1000), c: cats(n, ['a', 'b', 'c'], seed + 2000) };
}
function concat(parts: Data[], a: number, b: number): Data {
  const x = new Float64Array(parts.reduce((s, p) => s + p.x.length, 0));
  const y = new Float64Array(x.length);
  const c: string[] = [];
  let o = 0;
  for (const p of parts) { x.set(p.x, o); y.set(p.y, o); c.push(...p.c); o += p.x.length; }
  return { x: x.slice(a, b), y: y.slice(a, b), c: c.slice(a, b) };
}
const strip = (r: DriftReport) => ({ ...r, timestamp: '' });

describe('tumbling windows by rows', () => {
  it('10 batches of 1,000 rows, window 2,500: 4 windows with exact bounds, each equal to compare() on its rows', () => {
    const batches = Array.from({ length: 10 }, (_, i) => batch(1000, 10 + i));
    const all = concat(batches, 0, 10_000);
    const m = createMonitor(reference, { window: { kind: 'tumbling', rows: 2500 } });
    const got: WindowResult[] = [];
    const perBatch = batches.map((b) => m.observe(b));
    for (const r of perBatch) got.push(...r);
    expect(perBatch.map((r) => r.length)).toEqual([0, 0, 1, 0, 1, 0, 0, 1, 0, 1]);
    expect(got.map((r) => [r.window.index, r.window.startRow, r.window.endRow, r.window.rows])).toEqual(
      [[0, 0, 2500, 2500], [1, 2500, 5000, 2500], [2, 5000, 7500, 2500], [3, 7500, 10000, 2500]]);
    for (const r of got) {
      const expected = compare(reference, concat([all], r.window.startRow, r.window.endRow));
      expect(strip(r.report)).toEqual(strip(expected));
    }
    expect(m.stats).toEqual({ rowsObserved: 10_000, windowsClosed: 4, unknownKeys: 0 });
    expect(m.flush()).toBeUndefined(); // nothing open
  });

  it('row objects equal columns; missing keys are nulls, unknown keys are counted; flush emits the partial window', () => {
    const d = batch(1500, 77);
    const rows = Array.from({ length: 1500 }, (_, i) => (i % 10 === 0 ? { x: d.x[i], c: d.c[i], extra: 1 } : { x: d.x[i], y: d.y[i], c: d.c[i] }));
    const y = Array.from(d.y, (v, i) => (i % 10 === 0 ? null : v));
    const m = createMonitor(reference, { window: { kind: 'tumbling', rows: 1000 } });
    const [first] = m.observe(rows);
    expect(first.window).toMatchObject({ startRow: 0, endRow: 1000, rows: 1000 });
    expect(strip(first.report)).toEqual(strip(compare(reference, { x: d.x.slice(0, 1000), y: y.slice(0, 1000), c: d.c.slice(0, 1000) })));
    expect(m.stats.unknownKeys).toBe(150);
    const last = m.flush()!;
    expect(last.window).toMatchObject({ index: 1, startRow: 1000, endRow: 1500, rows: 500 });
    expect(strip(last.report)).toEqual(strip(compare(reference, { x: d.x.slice(1000), y: y.slice(1000), c: d.c.slice(1000) })));
    // a columnar batch missing a feature: its nulls
    const m2 = createMonitor(reference, { window: { kind: 'tumbling', rows: 500 } });
    const [r] = m2.observe({ x: d.x.slice(0, 500), c: d.c.slice(0, 500) });
    expect(r.report.features.y.currentNullShare).toBe(1);
    expect(r.report.features.y.status).toBe('no-current-data');
  });
});

describe('sliding windows', () => {
  it('window 2,000 rows sliding by 500: every pane emits compare() of the last 2,000 rows', () => {
    const batches = Array.from({ length: 6 }, (_, i) => batch(700, 40 + i));
    const all = concat(batches, 0, 4200);
    const m = createMonitor(reference, { window: { kind: 'sliding', rows: 2000, slide: 500 } });
    const got = batches.flatMap((b) => m.observe(b));
    expect(got.map((r) => [r.window.startRow, r.window.endRow])).toEqual(
      [[0, 500], [0, 1000], [0, 1500], [0, 2000], [500, 2500], [1000, 3000], [1500, 3500], [2000, 4000]]);
    for (const r of got) expect(strip(r.report)).toEqual(strip(compare(reference, concat([all], r.window.startRow, r.window.endRow))));
    const f = m.flush()!; // current window, open pane included
    expect([f.window.startRow, f.window.endRow]).toEqual([2500, 4200]);
    expect(strip(f.report)).toEqual(strip(compare(reference, concat([all], 2500, 4200))));
  });
});

describe('time windows', () => {
  it('tumbling by ms with an injected clock: closes on the first observe after the end, skips empty windows', () => {
    let t = 1000;
    const m = createMonitor(reference, { window: { kind: 'tumbling', ms: 100 }, now: () => t });
    const b = [batch(300, 1), batch(300, 2), batch(300, 3), batch(300, 4)];
    expect(m.observe(b[0])).toEqual([]);
    t = 1050; expect(m.observe(b[1])).toEqual([]);
    t = 1100;
    const [w0] = m.observe(b[2]);
    expect(w0.window).toMatchObject({ index: 0, startRow: 0, endRow: 600, startTime: 1000, endTime: 1100, rows: 600 });
    expect(strip(w0.report)).toEqual(strip(compare(reference, concat([b[0], b[1]], 0, 600))));
    t = 1450; // windows [1100,1200) closes; [1200,1300), [1300,1400) are empty
    const r = m.observe(b[3]);
    expect(r.map((x) => x.window)).toEqual([{ index: 1, startRow: 600, endRow: 900, startTime: 1100, endTime: 1200, rows: 300 }]);
    t = 1460;
    const f = m.flush()!;
    expect(f.window).toMatchObject({ index: 2, startRow: 900, endRow: 1200, startTime: 1400, endTime: 1460 });
    m.close();
  });

  it('sliding by ms: window 200 ms in panes of 100 ms', () => {
    let t = 0;
    const m = createMonitor(reference, { window: { kind: 'sliding', ms: 200, slide: 100 }, now: () => t });
    const b = [batch(200, 5), batch(200, 6), batch(200, 7)];
    m.observe(b[0]);
    t = 100; const [a] = m.observe(b[1]);
    t = 200; const [c] = m.observe(b[2]);
    t = 300; const [d] = m.observe({ x: new Float64Array(0), y: new Float64Array(0), c: [] });
    expect([a, c, d].map((r) => [r.window.startRow, r.window.endRow, r.window.startTime, r.window.endTime])).toEqual(
      [[0, 200, 0, 100], [0, 400, 0, 200], [200, 600, 100, 300]]);
    expect(strip(d.report)).toEqual(strip(compare(reference, concat(b, 200, 600))));
    m.close();
  });

  it('the timer closes a due window without another observe', async () => {
    const m = createMonitor(reference, { window: { kind: 'tumbling', ms: 30 } });
    const seen = new Promise<WindowResult>((resolve) => m.on('window', resolve));
    m.observe(batch(100, 9));
    const r = await seen;
    expect(r.window.rows).toBe(100);
    m.close();
  });
});

describe('drift mid-stream and detectors', () => {
  it('a shift from batch 20 on shows in the right windows and the detectors on PSI flag it', () => {
    for (const kind of ['adwin', 'cusum'] as const) {
      const m = createMonitor(reference, {
        window: { kind: 'tumbling', rows: 1000 }, detectorMetric: 'psi',
        detectors: kind === 'adwin' ? { kind, clock: 1, delta: 0.1 } : { kind, mu0: 0.01, sigma: 0.02 },
      });
      const got = Array.from({ length: 50 }, (_, i) => m.observe(batch(1000, 500 + i, i >= 20 ? 1 : 0))).flat();
      expect(got.length).toBe(50);
      const drifted = got.map((r) => r.report.features.x.drifted);
      expect(drifted.slice(0, 20).filter(Boolean).length).toBeLessThanOrEqual(1);
      expect(drifted.slice(20).every(Boolean)).toBe(true);
      expect(got.slice(20).every((r) => !r.report.features.y.drifted)).toBe(true);
      const alarms = got.map((r, i) => (r.changes!.x.changeDetected ? i : -1)).filter((i) => i >= 0);
      expect(alarms.length).toBeGreaterThan(0);
      expect(alarms[0]).toBeGreaterThanOrEqual(20);
      expect(alarms[0]).toBeLessThan(kind === 'cusum' ? 23 : 45);
      console.log(kind, 'first alarm at window', alarms[0]);
    }
  });
});

describe('delivery', () => {
  const data = Array.from({ length: 8 }, (_, i) => batch(500, 900 + i));
  const run = () => { const m = createMonitor(reference, { window: { kind: 'tumbling', rows: 1200 } }); return m; };
  const key = (r: WindowResult) => JSON.stringify({ ...r, window: { ...r.window, startTime: 0, endTime: 0 }, report: strip(r.report) });

  it('the async iterator yields the same events as on()', async () => {
    const m = run();
    const heard: WindowResult[] = [];
    const off = m.on('window', (r) => heard.push(r));
    const it = m[Symbol.asyncIterator]();
    const returned = data.flatMap((b) => m.observe(b));
    m.flush();
    m.close();
    const iterated: WindowResult[] = [];
    for (let n = await it.next(); !n.done; n = await it.next()) iterated.push(n.value);
    expect(heard.length).toBe(4);
    expect(iterated).toEqual(heard);
    expect(returned).toEqual(heard.slice(0, 3));
    off();
  });

  it('an async iterator waits for windows', async () => {
    const m = run();
    const out: number[] = [];
    const consumer = (async () => { for await (const r of m) out.push(r.window.index); })();
    for (const b of data) { m.observe(b); await new Promise((r) => setTimeout(r, 1)); }
    m.close();
    await consumer;
    expect(out).toEqual([0, 1, 2]);
  });

  it('Node Writable and WritableStream adapters deliver the same windows (rows buffered, flushed on end)', async () => {
    const direct = run();
    const expected = data.flatMap((b) => direct.observe(b));
    expected.push(direct.flush()!);

    const viaNode = run();
    const a: WindowResult[] = [];
    viaNode.on('window', (r) => a.push(r));
    await pipeline(Readable.from(data, { objectMode: true }), monitorWritable(viaNode));

    const viaWeb = run();
    const b: WindowResult[] = [];
    viaWeb.on('window', (r) => b.push(r));
    const ws = monitorWritableStream(viaWeb);
    const writer = ws.getWriter();
    for (const d of data) await writer.write(d);
    await writer.close();

    // single row objects through the Node adapter
    const viaRows = run();
    const c: WindowResult[] = [];
    viaRows.on('window', (r) => c.push(r));
    const rows = data.flatMap((d) => Array.from(d.x, (x, i) => ({ x, y: d.y[i], c: d.c[i] })));
    await pipeline(Readable.from(rows, { objectMode: true }), monitorWritable(viaRows, { batchRows: 700 }));

    expect(a.map(key)).toEqual(expected.map(key));
    expect(b.map(key)).toEqual(expected.map(key));
    expect(c.map(key)).toEqual(expected.map(key));
  });
});

describe('bounded memory', () => {
  it('2,000 batches of 10,000 rows, window 50,000: the state stays under a fixed bound', () => {
    const m = createMonitor(reference, { window: { kind: 'sliding', rows: 50_000, slide: 12_500 }, sampleCapacity: 1000 });
    const x = new Float64Array(10_000), y = new Float64Array(10_000);
    const c = cats(10_000, ['a', 'b', 'c'], 4);
    const r = new Xoshiro128(5);
    const sizes: number[] = [];
    let windows = 0;
    for (let i = 0; i < 2000; i++) {
      for (let j = 0; j < x.length; j++) { x[j] = r.nextF64() * 10 + i; y[j] = r.nextF64(); }
      windows += m.observe({ x, y, c }).length;
      if (i % 100 === 99) sizes.push(m.stateBytes());
    }
    expect(m.stats.rowsObserved).toBe(20_000_000);
    expect(windows).toBe(1600);
    const bound = 5 * (2 * 1000 * 30 + 5000); // 5 profiles (4 panes + open), 2 numeric samples of ≤ 1,000 values (~22 chars each)
    console.log('stateBytes every 100 batches:', sizes.join(' '));
    for (const s of sizes) expect(s).toBeLessThan(bound);
    // no growth: the last sizes are no larger than the earliest full-window sizes (10% slack)
    expect(Math.max(...sizes.slice(-5))).toBeLessThan(Math.max(...sizes.slice(0, 5)) * 1.1);
  }, 240_000);
});

describe('bad input', () => {
  const bad = (f: () => unknown, arg: string) => {
    try { f(); } catch (e) { expect(e).toBeInstanceOf(DriftkitError); expect((e as DriftkitError).argument).toBe(arg); return; }
    throw new Error('did not throw');
  };
  it('names the argument', () => {
    bad(() => createMonitor(reference, { window: { kind: 'tumbling', rows: 0 } }), 'window.rows');
    bad(() => createMonitor(reference, { window: { kind: 'tumbling', rows: 1.5 } }), 'window.rows');
    bad(() => createMonitor(reference, { window: { kind: 'tumbling', ms: -1 } }), 'window.ms');
    bad(() => createMonitor(reference, { window: { kind: 'tumbling', rows: 10, ms: 10 } }), 'window');
    bad(() => createMonitor(reference, { window: { kind: 'tumbling' } }), 'window');
    bad(() => createMonitor(reference, { window: { kind: 'hopping' as 'sliding', rows: 10 } }), 'window.kind');
    bad(() => createMonitor(reference, { window: { kind: 'sliding', rows: 10, slide: 3 } }), 'window.slide');
    bad(() => createMonitor(reference, { window: { kind: 'sliding', rows: 10, slide: 20 } }), 'window.slide');
    bad(() => createMonitor(reference, { window: { kind: 'sliding', rows: 10 } }), 'window.slide');
    bad(() => createMonitor(reference, { window: { kind: 'tumbling', rows: 10, slide: 5 } }), 'window.slide');
    bad(() => createMonitor({} as never, { window: { kind: 'tumbling', rows: 10 } }), 'reference');
    bad(() => createMonitor(reference, { window: { kind: 'tumbling', rows: 10 }, detectors: { kind: 'nope' } as never }), 'kind');
    const m = createMonitor(reference, { window: { kind: 'tumbling', rows: 10 } });
    bad(() => m.observe({ x: new Float64Array(3), y: new Float64Array(4) }), 'batch.y');
    bad(() => m.observe({ z: [1] } as never), 'batch');
    bad(() => m.observe([1] as never), 'batch[0]');
    bad(() => m.observe({ x: ['1', '2'], y: [1, 2] } as never), 'batch.x');
    bad(() => m.observe([{ x: 1 }, { x: 'high' }] as never), 'batch.x');
    expect(m.stats.rowsObserved).toBe(0); // rejected batches count nothing
    expect(m.flush()).toBeUndefined();
    m.close();
    bad(() => m.observe({ x: [1] }), 'monitor');
  });
});
