// createMonitor(reference, { window }): a streaming drift monitor. Batches (columns or row objects) are
// summarised as they arrive into a ReferenceProfile built with the reference's bin edges and kinds; profiles
// merge exactly (mergeProfiles; here mergeBuilt, which skips re-validating profiles built here), so a window's summary equals the profile of its rows concatenated, and the
// report of a closed window is compare(reference, windowProfile) — the same as compare(reference, rows of the
// window) while the window holds at most sampleCapacity distinct values per numeric feature (the ECDF methods
// then use an exact sample; beyond that, a bottom-k sample). State is bin counts, category counts and bounded
// samples — never raw rows — so memory stays bounded however long the stream runs.
//
// Windows
// - tumbling, rows: a window closes as soon as it holds `rows` rows (a batch crossing the boundary is split).
// - tumbling, ms: windows are [t0 + i·ms, t0 + (i+1)·ms) with t0 = now() at creation. A window closes on the
//   first observe() at or after its end, on flush(), or by an unref()'d timer at its end. Empty time windows
//   emit nothing (indices count emitted windows only).
// - sliding: panes of `slide` rows (or ms), default window/4; `slide` must divide the window. A result is
//   emitted every pane for the window made of the last window/slide panes. The first results (before the
//   window has filled) cover fewer panes: `window.rows` says how many rows.
// Missing / extra data
// - a feature absent from a batch counts as missing (null) for the batch's rows; columns or row keys that are
//   not features of the reference are ignored and counted in stats.unknownKeys.
// - flush() of a window with no rows returns undefined.
// Browser-safe: no Node built-ins here (the Node stream adapter is in node-adapters.ts).
import { fail } from '../errors.js';
import { compare, type CompareOptions, type DriftReport, type FeatureDrift } from '../compare/compare.js';
import { kernels } from '../engine/index.js';
import { ProfileAccumulator, shapeOf, type PreparedBatch } from '../profile/accumulate.js';
import { mergeBuilt } from '../profile/merge.js';
import { profileArgument } from '../profile/serialize.js';
import { checkSampleCapacity } from '../profile/build.js';
import { columnLength, sub } from '../profile/columns.js';
import type { ColumnInput, Columns, FeatureKind, ReferenceProfile } from '../profile/types.js';
import { createDetector, restoreDetector, type ChangeDetector, type DetectorConfig, type DetectorJSON, type DetectorResult } from './detectors.js';
import { checkProfile, profileToJSON } from '../profile/serialize.js';

const FN = 'createMonitor';

export interface WindowSpec {
  kind: 'tumbling' | 'sliding';
  /** Window length in rows (exactly one of rows / ms). */
  rows?: number;
  /** Window length in milliseconds of the monitor's clock. */
  ms?: number;
  /** Sliding windows: pane length in the window's unit (positive integer dividing the window; default window/4). */
  slide?: number;
}

/** Which number of each feature's report feeds its change detector. */
export type DetectorMetric = 'statistic' | 'psi' | 'ks' | 'wasserstein' | 'wassersteinNormalized' | 'jsDistance' | 'chisquarePValue';

export interface MonitorOptions {
  window: WindowSpec;
  /** Options passed to compare() for every closed window. */
  compare?: CompareOptions;
  /** A change detector per feature (created with createDetector), fed with `detectorMetric` per window. */
  detectors?: DetectorConfig;
  /**
   * Which number feeds the detectors: the feature's deciding statistic (default; for 'chisquare' the χ²
   * statistic, for 'ks' D) or one of its scores ('chisquarePValue' for the χ² p-value).
   */
  detectorMetric?: DetectorMetric;
  /** Distinct values kept by each window's numeric sample (default: the reference's sampleCapacity). */
  sampleCapacity?: number;
  /** State from `monitor.snapshot()` of a monitor with the same reference and window: resume where it stopped. */
  restore?: MonitorSnapshot;
  /** Clock in milliseconds (default Date.now): inject one for tests. */
  now?: () => number;
  /** Time windows: close due windows by a timer (unref'd in Node) as well as on observe (default true). */
  timer?: boolean;
}

export interface WindowInfo {
  /** 0-based index of the emitted window. */
  index: number;
  /** Rows [startRow, endRow) of the stream (0-based, over all rows observed). */
  startRow: number;
  endRow: number;
  /** Row windows: clock time of the first row and of the close; time windows: the window's bounds. */
  startTime: number;
  endTime: number;
  rows: number;
}

export interface WindowResult {
  window: WindowInfo;
  report: DriftReport;
  /** Per feature, the detector's answer for this window (features whose metric is not finite are skipped). */
  changes?: Record<string, DetectorResult>;
}

export interface MonitorStats {
  rowsObserved: number;
  windowsClosed: number;
  /** Row keys (row batches) or columns (columnar batches) that are not features of the reference. */
  unknownKeys: number;
}

export type Batch = Columns | readonly Record<string, unknown>[];

/** A monitor's state as JSON (profiles of the panes, counters, detectors): restore with `options.restore`. */
export interface MonitorSnapshot {
  format: 'driftkit-monitor';
  version: 1;
  window: WindowSpec;
  t0: number;
  paneIndex: number;
  stats: MonitorStats;
  open: PaneSnapshot;
  history: PaneSnapshot[];
  detectors: Record<string, DetectorJSON>;
}
export interface PaneSnapshot { /** JSON form of the pane's profile (profileToJSON). */ profile: object | null; rows: number; startRow: number; startTime: number | null; endTime: number | null }

export interface Monitor {
  /** Add rows; returns the windows this batch closed (also delivered to listeners and iterators). */
  observe(batch: Batch): WindowResult[];
  /** Close the open window (tumbling) or the open pane (sliding) now; undefined when it holds no rows. */
  flush(): WindowResult | undefined;
  /**
   * The report of the window as it stands (tumbling: the open window so far; sliding: the closed panes of
   * the window and the open pane), without closing or emitting anything; undefined when it holds no rows.
   * Detectors are not fed.
   */
  peek(): WindowResult | undefined;
  /** The state as JSON, to persist and resume with `options.restore`. */
  snapshot(): MonitorSnapshot;
  /** Listen to closed windows; returns the function that removes the listener. */
  on(event: 'window', fn: (result: WindowResult) => void): () => void;
  /** Closed windows from the moment the iterator is created; ends when the monitor is closed. */
  [Symbol.asyncIterator](): AsyncIterator<WindowResult>;
  /** Stop: clears the timer and ends the iterators (does not flush; call flush() first to keep the last window). */
  close(): void;
  readonly closed: boolean;
  readonly stats: Readonly<MonitorStats>;
  /** A window's panes and their length (rows or ms): window / slide for sliding windows, one pane for tumbling. */
  readonly panes: { count: number; size: number };
  /** Approximate size of the state (JSON length of the open window and the panes), in characters. */
  stateBytes(): number;
}

interface Pane {
  /** The pane's running summary (rows > 0), and its profile once the pane is closed. */
  acc: ProfileAccumulator | undefined;
  /** A restored open pane: the rows counted before the snapshot (merged with acc at close). */
  base?: ReferenceProfile;
  profile: ReferenceProfile | undefined;
  rows: number;
  startRow: number;
  startTime: number;
  endTime: number;
}

function positiveInt(name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) fail(FN, name, `must be a positive integer; got ${JSON.stringify(v)}`);
  return v;
}

export function createMonitor(reference: ReferenceProfile, options: MonitorOptions): Monitor {
  // a decoded or hand-built profile is validated: tampered counts or edges are a named error, not wrong numbers
  reference = profileArgument(FN, 'reference', reference);
  if (!options || typeof options !== 'object') fail(FN, 'options', 'must be an object with a window');
  const w = options.window as WindowSpec | undefined;
  if (!w || typeof w !== 'object') fail(FN, 'window', "must be { kind: 'tumbling' | 'sliding', rows | ms }");
  if (w.kind !== 'tumbling' && w.kind !== 'sliding') fail(FN, 'window.kind', `must be 'tumbling' or 'sliding'; got ${JSON.stringify(w.kind)}`);
  if ((w.rows === undefined) === (w.ms === undefined)) fail(FN, 'window', 'must give exactly one of rows and ms');
  const byRows = w.rows !== undefined;
  const size = byRows ? positiveInt('window.rows', w.rows) : positiveInt('window.ms', w.ms);
  let slide = size;
  if (w.kind === 'sliding') {
    if (w.slide === undefined) {
      if (size % 4 !== 0) fail(FN, 'window.slide', `is required when window.${byRows ? 'rows' : 'ms'} (${size}) is not divisible by 4`);
      slide = size / 4;
    } else {
      slide = positiveInt('window.slide', w.slide);
      if (slide > size || size % slide !== 0) fail(FN, 'window.slide', `must divide the window (${size}); got ${slide}`);
    }
  } else if (w.slide !== undefined) fail(FN, 'window.slide', 'applies to sliding windows only');
  const panesPerWindow = size / slide;
  const now = options.now ?? Date.now;
  if (typeof now !== 'function') fail(FN, 'now', 'must be a function returning milliseconds');
  const compareOptions = options.compare ?? {};
  const metric: DetectorMetric = options.detectorMetric ?? 'statistic';
  const capacity = options.sampleCapacity === undefined ? reference.options.sampleCapacity
    : checkSampleCapacity(FN, 'sampleCapacity', options.sampleCapacity);
  const K = kernels(FN, compareOptions.backend);
  const shape = shapeOf(reference, capacity);

  const features = shape.features;
  const featureSet = new Set(features);
  const kinds: Readonly<Record<string, FeatureKind>> = shape.kinds;
  // validate the compare options once, on a one-row profile
  const probe = new ProfileAccumulator(shape, K);
  const probeCols: Columns = {};
  for (const f of features) probeCols[f] = [null];
  probe.add(probe.prepare(probeCols, 1, FN, 'probe'), 0, 1);
  compare(reference, probe.profile()!, compareOptions);
  probe.dispose(); // kept for prepare(), which checks batches and needs no sample
  const detectors = new Map<string, ChangeDetector>();
  if (options.detectors !== undefined) createDetector(options.detectors); // validates the config

  let t0 = now();
  const useTimer = !byRows && options.timer !== false;
  const stats: MonitorStats = { rowsObserved: 0, windowsClosed: 0, unknownKeys: 0 };
  const listeners = new Set<(r: WindowResult) => void>();
  const iterators = new Set<{ queue: WindowResult[]; wake: (() => void) | undefined }>();
  let closed = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  // the open pane (tumbling: the open window) and, for sliding windows, the closed panes of the window
  const newPane = (startTime: number, endTime = NaN): Pane => ({ acc: undefined, profile: undefined, rows: 0, startRow: stats.rowsObserved, startTime, endTime });
  let paneIndex = 0; // time panes: index of the open pane since t0
  let open: Pane = byRows ? newPane(NaN) : newPane(t0, t0 + slide);
  const history: Pane[] = [];

  /** A pane's profile: closed panes keep theirs; an open pane's is its rows so far (restored part merged in). */
  function paneProfile(p: Pane): ReferenceProfile | undefined {
    if (p.profile) return p.profile;
    const a = p.acc?.profile();
    return p.base && a ? mergeBuilt(p.base, a) : p.base ?? a;
  }

  if (options.restore !== undefined) restoreFrom(options.restore);

  function restoreFrom(snap: MonitorSnapshot): void {
    const R = 'restore';
    if (!snap || typeof snap !== 'object' || snap.format !== 'driftkit-monitor' || snap.version !== 1) {
      fail(FN, R, "must be a monitor snapshot (format 'driftkit-monitor', version 1)");
    }
    if (JSON.stringify(snap.window) !== JSON.stringify(w)) fail(FN, `${R}.window`, `is ${JSON.stringify(snap.window)}, not this monitor's ${JSON.stringify(w)}`);
    const num = (name: string, v: unknown, nullable = false): number => {
      if (nullable && v === null) return NaN;
      if (typeof v !== 'number' || !Number.isFinite(v)) fail(FN, `${R}.${name}`, `must be a finite number; got ${JSON.stringify(v)}`);
      return v;
    };
    const pane = (name: string, x: PaneSnapshot): Pane => {
      if (!x || typeof x !== 'object') fail(FN, `${R}.${name}`, 'must be a pane object');
      let profile: ReferenceProfile | undefined;
      if (x.profile !== null) {
        profile = checkProfile(FN, `${R}.${name}.profile`, x.profile);
        for (const f of features) {
          const a = profile.features[f], b = reference.features[f];
          if (!a || a.kind !== b.kind || (a.kind === 'numeric' && JSON.stringify(a.edges) !== JSON.stringify((b as { edges: number[] }).edges))) {
            fail(FN, `${R}.${name}.profile`, `does not match the reference at feature ${JSON.stringify(f)} (snapshot of another reference profile?)`);
          }
        }
      }
      return { acc: undefined, profile, rows: num(`${name}.rows`, x.rows), startRow: num(`${name}.startRow`, x.startRow),
        startTime: num(`${name}.startTime`, x.startTime, true), endTime: num(`${name}.endTime`, x.endTime, true) };
    };
    t0 = num('t0', snap.t0);
    paneIndex = num('paneIndex', snap.paneIndex);
    if (!Array.isArray(snap.history) || snap.history.length > panesPerWindow) fail(FN, `${R}.history`, `must be an array of at most ${panesPerWindow} panes`);
    history.push(...snap.history.map((h, i) => pane(`history[${i}]`, h)));
    const o = pane('open', snap.open);
    open = { ...o, base: o.profile, profile: undefined };
    const st = snap.stats ?? ({} as MonitorStats);
    stats.rowsObserved = num('stats.rowsObserved', st.rowsObserved);
    stats.windowsClosed = num('stats.windowsClosed', st.windowsClosed);
    stats.unknownKeys = num('stats.unknownKeys', st.unknownKeys);
    if (snap.detectors && typeof snap.detectors === 'object') {
      for (const [f, json] of Object.entries(snap.detectors)) detectors.set(f, restoreDetector(json));
    }
  }

  function jsonOf(p: ReferenceProfile | undefined): object | null { return p ? profileToJSON(p) : null; }

  function snapshot(): MonitorSnapshot {
    const ps = (p: Pane): PaneSnapshot => ({
      profile: open === p || !p.profile ? jsonOf(paneProfile(p)) : jsonOf(p.profile), rows: p.rows, startRow: p.startRow,
      startTime: Number.isFinite(p.startTime) ? p.startTime : null, endTime: Number.isFinite(p.endTime) ? p.endTime : null,
    });
    return {
      format: 'driftkit-monitor', version: 1, window: { ...w! }, t0, paneIndex, stats: { ...stats },
      open: ps(open), history: history.map(ps),
      detectors: Object.fromEntries([...detectors].map(([f, d]) => [f, d.toJSON()])),
    };
  }

  function emit(r: WindowResult): void {
    stats.windowsClosed++;
    for (const fn of [...listeners]) fn(r);
    for (const it of iterators) { it.queue.push(r); const wake = it.wake; it.wake = undefined; wake?.(); }
  }

  function metricOf(f: FeatureDrift): number {
    return metric === 'statistic' ? f.statistic : f.scores[metric] ?? NaN;
  }

  /**
   * Close the open pane; returns the emitted result (undefined when the pane, or window, has no rows).
   * `advance` false (tumbling time windows on flush): the next pane keeps the same time slot.
   */
  function closePane(endTime: number, advance = true): WindowResult | undefined {
    const pane = open;
    pane.profile = paneProfile(pane);
    pane.acc?.dispose();
    pane.acc = undefined;
    pane.base = undefined;
    if (byRows) open = newPane(NaN);
    else {
      if (advance) paneIndex++;
      open = newPane(t0 + paneIndex * slide, t0 + (paneIndex + 1) * slide);
    }
    if (w!.kind === 'tumbling') {
      if (!pane.profile) return undefined;
      return finish(pane.profile, pane.startRow, pane.rows, pane.startTime, endTime);
    }
    history.push(pane);
    while (history.length > panesPerWindow) history.shift();
    if (!pane.profile) return undefined;
    return emitSliding(history, endTime);
  }

  /** Sliding: the window made of these panes (the last panesPerWindow), ending at endTime. */
  function emitSliding(panes: readonly Pane[], endTime: number): WindowResult | undefined {
    let merged: ReferenceProfile | undefined;
    let rows = 0;
    for (const p of panes) {
      if (!p.profile) continue;
      merged = merged ? mergeBuilt(merged, p.profile) : p.profile;
      rows += p.rows;
    }
    if (!merged) return undefined;
    const first = panes.find((p) => p.profile)!;
    const startTime = byRows ? first.startTime : Math.max(t0, panes[panes.length - 1].startTime + slide - size);
    return finish(merged, first.startRow, rows, startTime, endTime);
  }

  function finish(p: ReferenceProfile, startRow: number, rows: number, startTime: number, endTime: number): WindowResult {
    const report = compare(reference, p, compareOptions);
    const result: WindowResult = {
      window: { index: stats.windowsClosed, startRow, endRow: startRow + rows, startTime, endTime, rows },
      report,
    };
    if (options.detectors !== undefined) {
      const changes: Record<string, DetectorResult> = {};
      for (const [name, f] of Object.entries(report.features)) {
        const x = metricOf(f);
        if (!Number.isFinite(x)) continue;
        let d = detectors.get(name);
        if (!d) detectors.set(name, (d = createDetector(options.detectors)));
        changes[name] = d.update(x);
      }
      result.changes = changes;
    }
    emit(result);
    return result;
  }

  /** Time windows: close every pane that ended at or before t. */
  function closeDue(t: number, out: WindowResult[]): void {
    while (open.endTime <= t) {
      // skip runs of empty panes quickly (tumbling; sliding must still age its history)
      if (open.rows === 0 && (w!.kind === 'tumbling' || history.every((p) => !p.profile))) {
        const k = Math.floor((t - t0) / slide);
        if (k > paneIndex) { paneIndex = k; open = newPane(t0 + k * slide, t0 + (k + 1) * slide); history.length = 0; continue; }
      }
      const r = closePane(open.endTime);
      if (r) out.push(r);
    }
  }

  function armTimer(): void {
    if (!useTimer || closed || timer !== undefined || open.rows === 0) return;
    const delay = Math.max(0, open.endTime - now());
    timer = setTimeout(() => {
      timer = undefined;
      if (closed) return;
      closeDue(now(), []);
      armTimer();
    }, delay);
    (timer as { unref?: () => void }).unref?.();
  }

  /** The batch as columns of the reference's features, and its row count. */
  function toColumns(batch: Batch): { cols: Columns; n: number } {
    const cols: Columns = {};
    if (Array.isArray(batch)) {
      const rows = batch as readonly Record<string, unknown>[];
      const n = rows.length;
      for (let i = 0; i < n; i++) {
        const r = rows[i];
        if (r === null || typeof r !== 'object' || Array.isArray(r)) fail('observe', `batch[${i}]`, `must be a row object; got ${r === null ? 'null' : typeof r}`);
      }
      for (const f of features) {
        if (kinds[f] === 'numeric') {
          const out = new Float64Array(n);
          let generic: unknown[] | undefined;
          for (let i = 0; i < n; i++) {
            const v = rows[i][f];
            if (typeof v === 'number') out[i] = v;
            else if (v === null || v === undefined) out[i] = NaN;
            else { generic = rows.map((row) => row[f] ?? null); break; }
          }
          cols[f] = (generic ?? out) as ColumnInput;
        } else {
          const out = new Array<unknown>(n);
          for (let i = 0; i < n; i++) out[i] = rows[i][f] ?? null;
          cols[f] = out as ColumnInput;
        }
      }
      let unknown = 0;
      for (let i = 0; i < n; i++) for (const k in rows[i]) if (!featureSet.has(k)) unknown++;
      stats.unknownKeys += unknown;
      return { cols, n };
    }
    if (batch === null || typeof batch !== 'object' || ArrayBuffer.isView(batch)) {
      fail('observe', 'batch', 'must be an object of columns or an array of row objects');
    }
    const given = batch as Columns;
    let n = -1, first = '';
    for (const k of Object.keys(given)) {
      if (!featureSet.has(k)) { stats.unknownKeys++; continue; }
      const len = columnLength('observe', sub('batch', k), given[k]);
      if (n < 0) { n = len; first = k; }
      else if (len !== n) fail('observe', sub('batch', k), `has ${len} rows but ${sub('batch', first)} has ${n}; columns must have equal lengths`);
    }
    if (n < 0) fail('observe', 'batch', `has none of the reference's features (${features.join(', ')})`);
    for (const f of features) {
      if (Object.prototype.hasOwnProperty.call(given, f)) cols[f] = given[f];
      else cols[f] = kinds[f] === 'numeric' ? new Float64Array(n).fill(NaN) : new Array<null>(n).fill(null);
    }
    return { cols, n };
  }

  function add(batch: PreparedBatch, a: number, b: number, t: number): void {
    if (open.rows === 0 && byRows) open.startTime = t;
    (open.acc ??= new ProfileAccumulator(shape, K)).add(batch, a, b);
    open.rows += b - a;
    stats.rowsObserved += b - a;
  }

  function observe(batch: Batch): WindowResult[] {
    if (closed) fail('observe', 'monitor', 'is closed');
    const { cols, n } = toColumns(batch);
    const prepared = probe.prepare(cols, n, 'observe', 'batch'); // checks the whole batch before counting any of it
    const t = now();
    const out: WindowResult[] = [];
    if (!byRows) {
      closeDue(t, out);
      if (n > 0) add(prepared, 0, n, t);
      armTimer();
      return out;
    }
    let offset = 0;
    while (offset < n) {
      const take = Math.min(n - offset, slide - open.rows);
      add(prepared, offset, offset + take, t);
      offset += take;
      if (open.rows === slide) { const r = closePane(t); if (r) out.push(r); }
    }
    return out;
  }

  function peek(): WindowResult | undefined {
    if (closed) fail('peek', 'monitor', 'is closed');
    if (open.rows === 0 && (w!.kind === 'tumbling' || history.every((p) => !p.profile))) return undefined;
    const t = now();
    // sliding: the last panesPerWindow panes, the open one included when it holds rows
    const panes = w!.kind === 'tumbling' ? [open]
      : open.rows > 0 ? [...history.slice(history.length - panesPerWindow + 1), open] : history.slice(-panesPerWindow);
    const parts = panes.map((p) => ({ ...p, profile: paneProfile(p) })).filter((p) => p.profile);
    let merged: ReferenceProfile | undefined;
    for (const p of parts) merged = merged ? mergeBuilt(merged, p.profile!) : p.profile;
    if (!merged) return undefined;
    const rows = parts.reduce((s, p) => s + p.rows, 0);
    const last = panes[panes.length - 1];
    const startTime = byRows || w!.kind === 'tumbling' ? parts[0].startTime : Math.max(t0, last.startTime + slide - size);
    return {
      window: { index: stats.windowsClosed, startRow: parts[0].startRow, endRow: parts[0].startRow + rows, startTime, endTime: t, rows },
      report: compare(reference, merged, compareOptions),
    };
  }

  function flush(): WindowResult | undefined {
    if (closed) fail('flush', 'monitor', 'is closed');
    const t = now();
    if (!byRows) {
      const out: WindowResult[] = [];
      closeDue(t, out);
      if (out.length > 0 && open.rows === 0) return out[out.length - 1];
    }
    if (open.rows === 0) return undefined;
    if (w!.kind === 'sliding') {
      // the current window (closed panes and the open pane so far); the pane stays open
      const current = { ...open, profile: paneProfile(open) };
      return emitSliding([...history.slice(history.length - panesPerWindow + 1), current], t);
    }
    return closePane(t, false);
  }

  function close(): void {
    if (closed) return;
    closed = true;
    open.acc?.dispose();
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    for (const it of iterators) { const wake = it.wake; it.wake = undefined; wake?.(); }
  }

  return {
    observe,
    flush,
    peek,
    snapshot,
    on(event: 'window', fn: (result: WindowResult) => void): () => void {
      if (event !== 'window') fail('on', 'event', `must be 'window'; got ${JSON.stringify(event)}`);
      if (typeof fn !== 'function') fail('on', 'fn', 'must be a function');
      listeners.add(fn);
      return () => { listeners.delete(fn); };
    },
    [Symbol.asyncIterator](): AsyncIterator<WindowResult> {
      const it = { queue: [] as WindowResult[], wake: undefined as (() => void) | undefined };
      iterators.add(it);
      return {
        async next(): Promise<IteratorResult<WindowResult>> {
          while (it.queue.length === 0 && !closed) await new Promise<void>((resolve) => { it.wake = resolve; });
          if (it.queue.length > 0) return { value: it.queue.shift()!, done: false };
          iterators.delete(it);
          return { value: undefined, done: true };
        },
        async return(): Promise<IteratorResult<WindowResult>> {
          iterators.delete(it);
          it.queue.length = 0;
          return { value: undefined, done: true };
        },
      };
    },
    close,
    get closed() { return closed; },
    get stats() { return { ...stats }; },
    panes: { count: panesPerWindow, size: slide },
    stateBytes(): number {
      let bytes = open.rows > 0 ? JSON.stringify(paneProfile(open)).length : 0;
      for (const p of history) if (p.profile) bytes += JSON.stringify(p.profile).length;
      return bytes;
    },
  };
}

