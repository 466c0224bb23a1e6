import { Buffer } from 'node:buffer';
import { DDSketch } from '@datadog/sketches-js';
import { fail } from '../errors.js';

/*
 * Latency SLO tracker of the monitoring service (served as JSON at GET /latency).
 *
 * Latencies go into a ring of DDSketches (@datadog/sketches-js), one per pane of windowMs/panes
 * milliseconds on a fixed time grid (pane i covers [i·p, (i+1)·p), p = windowMs/panes). A snapshot at
 * time t merges the panes that overlap (t − windowMs, t]: panes ⌊(t − windowMs)/p⌋ … ⌊t/p⌋.
 */

const FORMAT = 'driftkit-latency';
const VERSION = 1;
/** Records timestamped at most this far ahead of the clock keep their time; later ones are clamped to now. */
const MAX_FUTURE_SKEW_MS = 1_000;
/** ±8.64e15 ms is the range of a JS Date; beyond it pane indices would stop being exact integers. */
const MAX_TIME_MS = 8.64e15;
/**
 * The largest latency record() takes: ~32 years. Larger values are not latencies (an epoch timestamp
 * passed by mistake is 1.7e12), and the cap keeps a pane's sum finite, so toJSON always writes a
 * restorable document. Exported so that input validation can reject what record() would.
 */
export const MAX_LATENCY_MS = 1e12;
/**
 * 1 ns, the resolution of process.hrtime: positive latencies below it are recorded as 0. Besides being
 * below any clock, they would stretch a sketch's bins down to 1e-308: DenseStore grows its bin array with
 * push.apply, which overflows the stack past ~120k bins. With this floor and α ≥ 0.001 a sketch spans at
 * most ~20,700 bins (~2,100 at α = 0.01).
 */
const MIN_LATENCY_MS = 1e-6;
const MIN_RELATIVE_ACCURACY = 0.001;

export interface LatencyTrackerOptions {
  /** Sliding-window length in ms (default 300 000, i.e. 5 minutes). */
  windowMs?: number;
  /** Panes the window is cut into (default 10), an integer in [1, 1000] with windowMs/panes ≥ 1 ms. */
  panes?: number;
  /** DDSketch relative accuracy α, in [0.001, 1) (default 0.01). */
  relativeAccuracy?: number;
  /**
   * SLO thresholds in ms, keyed by quantile name: `p95` is q = 0.95, `p99` 0.99, `p999` 0.999, `p50` 0.5
   * (default { p95: 100, p99: 500 }).
   */
  slos?: Record<string, number>;
  /** Clock in ms (default Date.now); inject one in tests. */
  now?: () => number;
}

export interface SloResult {
  threshold_ms: number;
  /** The sketch's quantile estimate, or null when the window is empty. */
  value_ms: number | null;
  /** value_ms ≤ threshold_ms; true when the window is empty. */
  ok: boolean;
}

export interface LatencySnapshot {
  window_ms: number;
  count: number;
  min_ms: number | null;
  max_ms: number | null;
  mean_ms: number | null;
  p50_ms: number | null;
  p90_ms: number | null;
  p95_ms: number | null;
  p99_ms: number | null;
  slo: Record<string, SloResult>;
  /** Every SLO ok. */
  ok: boolean;
}

export interface LatencyStats {
  /** Records counted into a pane. */
  recorded: number;
  /** Records dropped because they were older than the window when they arrived. */
  late: number;
  /** Records timestamped more than the skew in the future, counted at now instead. */
  clamped: number;
}

export interface LatencyPaneJSON {
  start_ms: number;
  count: number;
  sum_ms: number;
  min_ms: number;
  max_ms: number;
  /** The pane's DDSketch as DDSketch.proto bytes (the format of sketches-go/-java/-py), base64. */
  sketch: string;
}

export interface LatencyTrackerJSON {
  format: typeof FORMAT;
  version: typeof VERSION;
  window_ms: number;
  panes: number;
  relative_accuracy: number;
  stats: LatencyStats;
  pane_sketches: LatencyPaneJSON[];
}

interface Pane {
  index: number;
  sketch: DDSketch;
  // DDSketch keeps these too, but a sketch rebuilt from its bins (restore) would have bin values, not the exact ones.
  count: number;
  sum: number;
  min: number;
  max: number;
}

interface Window {
  sketch: DDSketch;
  count: number;
  sum: number;
  min: number;
  max: number;
}

/**
 * Sliding-window latency tracker with SLO evaluation.
 *
 * **Accuracy.** For the n latencies x₍₀₎ ≤ … ≤ x₍ₙ₋₁₎ in the window, `quantile(q)` (and the p50/p90/p95/p99
 * of a snapshot) is within relative error α = relativeAccuracy (1% by default) of the exact rank-based
 * quantile x₍ₖ₎, k = ⌊q·(n − 1)⌋ (the "lower" convention: DDSketch ranks at q·(n − 1) and returns the bin
 * holding the element at that rank, rounding down): |estimate − x₍ₖ₎| ≤ α·x₍ₖ₎, up to floating-point
 * rounding. Zeros are exact; latencies below 1e-6 ms (1 ns) are recorded as 0. Estimates are clamped to
 * the exact [min, max], which never moves them away from x₍ₖ₎. count, min and max are exact, the mean up
 * to floating-point summation.
 *
 * **Window.** The window is sliding with pane granularity p = windowMs/panes: a snapshot at t merges the
 * panes overlapping (t − windowMs, t], so it holds every record timestamped in (t − windowMs, t] plus those
 * of the oldest pane's part before t − windowMs (less than p older). A record with timestamp a counts
 * from the start of its pane until t = end of its pane + windowMs: for more than windowMs and at most
 * windowMs + p. Within that the answer equals a recomputation over the remaining records exactly (merged
 * DDSketch bins are exact counts). A record with at < now − windowMs is dropped (`stats.late`); one more
 * than min(1 s, p/2) in the future is counted at now (`stats.clamped`). The clock is expected not to run
 * backwards; if it does, panes ahead of it are overwritten as the ring reaches them.
 *
 * **Memory.** panes + 2 sketches at most (the panes overlapping the window plus one for records up to the
 * skew ahead), whatever the traffic: a sketch has one bin per factor (1+α)/(1−α) of the range its values
 * span: ~1,100 bins for 1 µs…1 h at α = 0.01, ~2,100 at worst (1e-6…1e12 ms, the recorded range).
 *
 * **SLOs.** An SLO is ok when the estimate is ≤ its threshold; a true quantile within α of the threshold
 * can go either way. **With no records** count is 0, min/max/mean/quantiles are null and every SLO is ok
 * (no traffic breaches no latency objective).
 */
/**
 * A number a saved tracker document records about its own shape (window, panes, …): finite, and equal to the
 * restoring tracker's setting when one is given (a state saved under another shape cannot be resumed).
 */
export function savedSetting(fn: string, doc: Record<string, unknown>, key: string, given: number | undefined): number {
  const v = doc[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(fn, `json.${key}`, `must be a finite number; got ${show(v)}`);
  if (given !== undefined && given !== v) fail(fn, `json.${key}`, `is ${v}, not this tracker's ${show(given)}`);
  return v as number;
}

export class LatencyTracker {
  readonly #windowMs: number;
  readonly #panes: number;
  readonly #paneMs: number;
  readonly #alpha: number;
  readonly #slos: ReadonlyArray<readonly [name: string, q: number, threshold: number]>;
  readonly #now: () => number;
  readonly #skewMs: number;
  /** Ring indexed by pane index mod length; see #paneFor for why panes + 2 slots never collide in use. */
  readonly #ring: (Pane | undefined)[];
  #stats: LatencyStats = { recorded: 0, late: 0, clamped: 0 };

  constructor(options: LatencyTrackerOptions = {}) {
    const FN = 'LatencyTracker';
    if (options === null || typeof options !== 'object') fail(FN, 'options', 'must be an object');
    const { windowMs = 300_000, panes = 10, relativeAccuracy = 0.01, slos = { p95: 100, p99: 500 }, now = Date.now } = options;
    if (typeof windowMs !== 'number' || !Number.isFinite(windowMs) || windowMs <= 0) {
      fail(FN, 'window_ms', `must be a positive finite number of milliseconds; got ${show(windowMs)}`);
    }
    if (typeof panes !== 'number' || !Number.isInteger(panes) || panes < 1 || panes > 1000) {
      fail(FN, 'panes', `must be an integer from 1 to 1000; got ${show(panes)}`);
    }
    if (windowMs / panes < 1) fail(FN, 'window_ms', `must be at least panes (${panes}) so that a pane spans ≥ 1 ms; got ${windowMs}`);
    if (typeof relativeAccuracy !== 'number' || !(relativeAccuracy >= MIN_RELATIVE_ACCURACY && relativeAccuracy < 1)) {
      fail(FN, 'relative_accuracy', `must be a number in [${MIN_RELATIVE_ACCURACY}, 1); got ${show(relativeAccuracy)}`);
    }
    if (slos === null || typeof slos !== 'object' || Array.isArray(slos)) {
      fail(FN, 'slos', `must be an object of thresholds in ms by quantile name, e.g. { p95: 100, p99: 500 }; got ${show(slos)}`);
    }
    const parsed: [string, number, number][] = [];
    for (const [name, threshold] of Object.entries(slos)) {
      const q = sloQuantile(name);
      if (q === undefined) fail(FN, `slos.${name}`, 'is not a quantile name: use p50, p90, p95, p99, p999, … (p + the digits after "0.")');
      if (typeof threshold !== 'number' || !Number.isFinite(threshold) || threshold <= 0) {
        fail(FN, `slos.${name}`, `must be a positive finite threshold in ms; got ${show(threshold)}`);
      }
      parsed.push([name, q, threshold]);
    }
    if (typeof now !== 'function') fail(FN, 'now', 'must be a function returning the time in milliseconds');
    this.#windowMs = windowMs;
    this.#panes = panes;
    this.#paneMs = windowMs / panes;
    this.#alpha = relativeAccuracy;
    this.#slos = parsed;
    this.#now = now;
    // Under half a pane, so that the panes in use (window + straddling pane + the skew ahead) fit panes + 2 slots.
    this.#skewMs = Math.min(MAX_FUTURE_SKEW_MS, this.#paneMs / 2);
    this.#ring = new Array<Pane | undefined>(panes + 2).fill(undefined);
  }

  /** Counters since construction (carried over by restore). */
  get stats(): LatencyStats {
    return { ...this.#stats };
  }

  /**
   * Counts one latency (ms, 0…1e12; below 1e-6, i.e. 1 ns, recorded as 0) at time `at` (default now).
   * Returns false when the record was older than the window and dropped.
   */
  record(latencyMs: number, at?: number): boolean {
    const FN = 'record';
    if (typeof latencyMs !== 'number' || !Number.isFinite(latencyMs) || latencyMs < 0 || latencyMs > MAX_LATENCY_MS) {
      fail(FN, 'latency_ms', `must be a finite number of milliseconds from 0 to ${MAX_LATENCY_MS}; got ${show(latencyMs)}`);
    }
    const now = this.#clock(FN);
    let t = at === undefined ? now : checkTime(FN, 'at', at);
    if (t < now - this.#windowMs) {
      this.#stats.late++;
      return false;
    }
    if (t > now + this.#skewMs) {
      t = now;
      this.#stats.clamped++;
    }
    const pane = this.#paneFor(Math.floor(t / this.#paneMs));
    const v = latencyMs < MIN_LATENCY_MS ? 0 : latencyMs; // also turns -0 into 0
    pane.sketch.accept(v);
    pane.count++;
    pane.sum += v;
    if (v < pane.min) pane.min = v;
    if (v > pane.max) pane.max = v;
    this.#stats.recorded++;
    return true;
  }

  /** The q-quantile (q in [0, 1]) of the window at `at` (default now), or null when it is empty. */
  quantile(q: number, at?: number): number | null {
    if (typeof q !== 'number' || !(q >= 0 && q <= 1)) fail('quantile', 'q', `must be a number in [0, 1]; got ${show(q)}`);
    return estimate(this.#window('quantile', at), q);
  }

  /** Summary and SLO evaluation of the window at `at` (default now); see the class comment for an empty window. */
  snapshot(at?: number): LatencySnapshot {
    const w = this.#window('snapshot', at);
    const empty = w.count === 0;
    const slo: Record<string, SloResult> = {};
    let ok = true;
    for (const [name, q, threshold] of this.#slos) {
      const value = estimate(w, q);
      const good = value === null || value <= threshold;
      slo[name] = { threshold_ms: threshold, value_ms: value, ok: good };
      ok &&= good;
    }
    return {
      window_ms: this.#windowMs,
      count: w.count,
      min_ms: empty ? null : w.min,
      max_ms: empty ? null : w.max,
      // Clamped: summation rounding can put the mean of equal values a hair outside [min, max].
      mean_ms: empty ? null : Math.min(Math.max(w.sum / w.count, w.min), w.max),
      p50_ms: estimate(w, 0.5),
      p90_ms: estimate(w, 0.9),
      p95_ms: estimate(w, 0.95),
      p99_ms: estimate(w, 0.99),
      slo,
      ok,
    };
  }

  /** Persistable state: the non-empty panes in use at now, each as DDSketch protobuf bytes in base64. */
  toJSON(): LatencyTrackerJSON {
    const now = this.#clock('toJSON');
    // Expired panes are useless, and panes beyond the skew (left by a clock that ran backwards) could
    // make the document span more panes than the ring holds, so that restore would reject it.
    const lo = Math.floor((now - this.#windowMs) / this.#paneMs);
    const hi = Math.floor((now + this.#skewMs) / this.#paneMs);
    const panes = this.#ring
      .filter((p): p is Pane => p !== undefined && p.count > 0 && p.index >= lo && p.index <= hi)
      .sort((a, b) => a.index - b.index);
    return {
      format: FORMAT,
      version: VERSION,
      window_ms: this.#windowMs,
      panes: this.#panes,
      relative_accuracy: this.#alpha,
      stats: { ...this.#stats },
      pane_sketches: panes.map((p) => ({
        start_ms: p.index * this.#paneMs,
        count: p.count,
        sum_ms: p.sum,
        min_ms: p.min,
        max_ms: p.max,
        sketch: Buffer.from(encodeSketch(p.sketch)).toString('base64'),
      })),
    };
  }

  /**
   * Rebuilds a tracker from toJSON() output (the object or its JSON text). windowMs, panes and
   * relativeAccuracy default to the document's and must equal them when given. A corrupt or foreign
   * document throws a DriftkitError naming the offending field; the caller can then start afresh.
   */
  static restore(json: unknown, options: LatencyTrackerOptions = {}): LatencyTracker {
    const FN = 'restore';
    let doc: unknown = json;
    if (typeof json === 'string') {
      try {
        doc = JSON.parse(json);
      } catch (e) {
        fail(FN, 'json', `is not valid JSON: ${(e as Error).message}`);
      }
    }
    if (!isRecord(doc) || doc.format !== FORMAT || doc.version !== VERSION) {
      fail(FN, 'json', `must be a latency tracker document (format '${FORMAT}', version ${VERSION}) from LatencyTracker#toJSON`);
    }
    if (options === null || typeof options !== 'object') fail(FN, 'options', 'must be an object');
    const geometry = (key: string, given: number | undefined) => savedSetting(FN, doc, key, given);
    const tracker = new LatencyTracker({
      ...options,
      windowMs: geometry('window_ms', options.windowMs),
      panes: geometry('panes', options.panes),
      relativeAccuracy: geometry('relative_accuracy', options.relativeAccuracy),
    });
    tracker.#load(doc);
    return tracker;
  }

  #load(doc: Record<string, unknown>): void {
    const FN = 'restore';
    const stats = doc.stats;
    if (!isRecord(stats)) fail(FN, 'json.stats', 'must be an object { recorded, late, clamped }');
    for (const key of ['recorded', 'late', 'clamped'] as const) {
      const v = stats[key];
      if (!isCount(v)) fail(FN, `json.stats.${key}`, `must be an integer ≥ 0; got ${show(v)}`);
      this.#stats[key] = v;
    }
    const list = doc.pane_sketches;
    if (!Array.isArray(list) || list.length > this.#ring.length) {
      fail(FN, 'json.pane_sketches', `must be an array of at most ${this.#ring.length} panes`);
    }
    const panes: Pane[] = list.map((p, i) => this.#loadPane(p, `json.pane_sketches[${i}]`));
    const indices = panes.map((p) => p.index);
    // Distinct and within one ring's span, or two panes would share a slot.
    if (new Set(indices).size !== indices.length || Math.max(...indices) - Math.min(...indices) >= this.#ring.length) {
      fail(FN, 'json.pane_sketches', `must hold distinct panes spanning at most ${this.#ring.length} panes`);
    }
    for (const p of panes) this.#ring[mod(p.index, this.#ring.length)] = p;
  }

  #loadPane(p: unknown, name: string): Pane {
    const FN = 'restore';
    if (!isRecord(p)) fail(FN, name, 'must be a pane object');
    const num = (key: string): number => {
      const v = p[key];
      if (typeof v !== 'number' || !Number.isFinite(v)) fail(FN, `${name}.${key}`, `must be a finite number; got ${show(v)}`);
      return v;
    };
    const start = num('start_ms');
    const index = Math.round(start / this.#paneMs);
    if (index * this.#paneMs !== start || Math.abs(start) > MAX_TIME_MS) {
      fail(FN, `${name}.start_ms`, `is not a pane start of this tracker's grid (multiples of ${this.#paneMs} ms); got ${start}`);
    }
    const count = p.count;
    if (!isCount(count) || count === 0) fail(FN, `${name}.count`, `must be a positive integer; got ${show(count)}`);
    const sum = num('sum_ms');
    const min = num('min_ms');
    const max = num('max_ms');
    if (!(min >= 0 && min <= max && max <= MAX_LATENCY_MS)) {
      fail(FN, `${name}.min_ms`, `and max_ms must satisfy 0 ≤ min_ms ≤ max_ms ≤ ${MAX_LATENCY_MS}; got ${min}, ${max}`);
    }
    const slack = 1 + 1e-9; // the sum was accumulated in floating point
    if (!(sum >= (min * count) / slack && sum <= max * count * slack)) {
      fail(FN, `${name}.sum_ms`, `must lie between count·min_ms and count·max_ms; got ${sum}`);
    }
    if (typeof p.sketch !== 'string' || p.sketch.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(p.sketch)) {
      fail(FN, `${name}.sketch`, 'must be a base64 string');
    }
    let decoded: DecodedSketch;
    try {
      decoded = decodeSketch(Buffer.from(p.sketch, 'base64'));
    } catch (e) {
      fail(FN, `${name}.sketch`, `is not a DDSketch protobuf: ${(e as Error).message}`);
    }
    const sketch = this.#rebuild(decoded, `${name}.sketch`);
    if (sketch.count !== count) fail(FN, `${name}.count`, `is ${count} but the sketch holds ${sketch.count}`);
    // The exact min and max must fall in the sketch's lowest and highest bins (or among its zeros).
    const m = sketch.mapping;
    const binOf = (v: number): number => (v > m.minPossible ? m.key(v) : -Infinity);
    let low = Infinity;
    let high = -Infinity;
    for (const key of decoded.bins.keys()) {
      low = Math.min(low, key);
      high = Math.max(high, key);
    }
    if (decoded.zeroCount > 0) low = -Infinity;
    if (binOf(min) !== low || binOf(max) !== high) fail(FN, `${name}.min_ms`, `and max_ms (${min}, ${max}) do not match the sketch's bins`);
    return { index, sketch, count, sum, min, max };
  }

  /**
   * A fresh DDSketch holding the decoded bins. Each bin is re-added at its representative value, which
   * must map back to the same bin: that holds only for this tracker's mapping, so a sketch written with
   * another accuracy or mapping is rejected rather than silently re-binned.
   */
  #rebuild(d: DecodedSketch, name: string): DDSketch {
    const FN = 'restore';
    const sketch = new DDSketch({ relativeAccuracy: this.#alpha });
    const m = sketch.mapping;
    if (d.interpolation !== 0 || d.indexOffset !== 0) {
      fail(FN, name, `uses another index mapping (interpolation ${d.interpolation}, offset ${d.indexOffset}); expected logarithmic with offset 0`);
    }
    if (!(Math.abs(d.gamma / m.gamma - 1) <= 1e-12)) {
      fail(FN, name, `has relative accuracy ${(d.gamma - 1) / (d.gamma + 1)}, not this tracker's ${this.#alpha}`);
    }
    if (d.negativeCount !== 0) fail(FN, name, 'holds negative values; latencies are ≥ 0');
    const isWeight = (c: number): boolean => Number.isSafeInteger(c) && c >= 0;
    // Bins outside the recordable range would also let a crafted document blow DenseStore's stack.
    const lowest = m.key(MIN_LATENCY_MS);
    const highest = m.key(MAX_LATENCY_MS);
    if (!isWeight(d.zeroCount)) fail(FN, name, `has an invalid zero count ${d.zeroCount}`);
    if (d.zeroCount > 0) sketch.accept(0, d.zeroCount);
    for (const [key, c] of d.bins) {
      if (!isWeight(c)) fail(FN, name, `has an invalid count ${c} in bin ${key}`);
      const v = m.value(key);
      if (!(key >= lowest && key <= highest && m.key(v) === key)) {
        fail(FN, name, `has bin ${key}, outside the range of latencies (${MIN_LATENCY_MS}…${MAX_LATENCY_MS} ms)`);
      }
      sketch.accept(v, c);
    }
    if (!Number.isSafeInteger(sketch.count)) fail(FN, name, 'has a total count beyond 2^53');
    return sketch;
  }

  #clock(fn: string): number {
    return checkTime(fn, 'now', this.#now(), 'must return');
  }

  /**
   * The pane for index i, emptied first if its slot held another pane. Indices in use at time t lie in
   * [⌊(t − W)/p⌋, ⌊(t + skew)/p⌋], at most panes + 2 of them (skew < p/2), so with a monotone clock the
   * other pane is always expired (or, if the clock ran backwards, ahead of it).
   */
  #paneFor(index: number): Pane {
    const slot = mod(index, this.#ring.length);
    let pane = this.#ring[slot];
    if (pane === undefined || pane.index !== index) {
      pane = { index, sketch: new DDSketch({ relativeAccuracy: this.#alpha }), count: 0, sum: 0, min: Infinity, max: -Infinity };
      this.#ring[slot] = pane;
    }
    return pane;
  }

  #window(fn: string, at: number | undefined): Window {
    const t = at === undefined ? this.#clock(fn) : checkTime(fn, 'at', at);
    const lo = Math.floor((t - this.#windowMs) / this.#paneMs);
    const hi = Math.floor(t / this.#paneMs);
    const w: Window = { sketch: new DDSketch({ relativeAccuracy: this.#alpha }), count: 0, sum: 0, min: Infinity, max: -Infinity };
    for (const p of this.#ring) {
      if (p === undefined || p.count === 0 || p.index < lo || p.index > hi) continue;
      w.sketch.merge(p.sketch);
      w.count += p.count;
      w.sum += p.sum;
      w.min = Math.min(w.min, p.min);
      w.max = Math.max(w.max, p.max);
    }
    return w;
  }
}

function estimate(w: Window, q: number): number | null {
  if (w.count === 0) return null;
  return Math.min(Math.max(w.sketch.getValueAtQuantile(q), w.min), w.max);
}

/** `p95` → 0.95, `p999` → 0.999; undefined for anything else (`p5`, `p100` are ambiguous, `p00` is 0). */
function sloQuantile(name: string): number | undefined {
  const m = /^p(\d{2,})$/.exec(name);
  if (m === null || (m[1].length > 2 && m[1].endsWith('0'))) return undefined;
  const q = Number(`0.${m[1]}`);
  return q > 0 ? q : undefined;
}

function checkTime(fn: string, name: string, t: unknown, verb = 'must be'): number {
  if (typeof t !== 'number' || !Number.isFinite(t) || Math.abs(t) > MAX_TIME_MS) {
    fail(fn, name, `${verb} a finite time in milliseconds (|t| ≤ ${MAX_TIME_MS}); got ${show(t)}`);
  }
  return t;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

function mod(i: number, n: number): number {
  return ((i % n) + n) % n;
}

function show(v: unknown): string {
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'function') return 'a function';
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/*
 * DDSketch.proto (github.com/DataDog/sketches-go et al.), the format DDSketch#toProto writes:
 *   DDSketch     { IndexMapping mapping = 1; Store positiveValues = 2; Store negativeValues = 3; double zeroCount = 4; }
 *   IndexMapping { double gamma = 1; double indexOffset = 2; Interpolation interpolation = 3; }  // NONE = 0
 *   Store        { map<sint32, double> binCounts = 1; repeated double contiguousBinCounts = 2 [packed]; sint32 contiguousBinIndexOffset = 3; }
 * Encoded here because toProto/fromProto require protobufjs, which @datadog/sketches-js 2.1.1 does not
 * declare as a dependency (DataDog/sketches-js#26), and fromProto drops min, max and sum anyway.
 */

function encodeSketch(s: DDSketch): Uint8Array {
  const mapping = new ProtoWriter().double(1, s.mapping.gamma).double(2, 0).varint(3, 0);
  const positive = new ProtoWriter();
  const { bins, offset, minKey, maxKey, count } = s.store;
  if (count > 0) {
    // Only [minKey, maxKey]: the store's array carries chunk padding on both sides.
    positive.packedDoubles(2, bins.slice(minKey - offset, maxKey - offset + 1)).sint32(3, minKey);
  }
  // An empty negativeValues, not an absent one: DenseStore.fromProto throws on a missing store.
  return new ProtoWriter().message(1, mapping).message(2, positive).message(3, new ProtoWriter()).double(4, s.zeroCount).finish();
}

interface DecodedSketch {
  gamma: number;
  indexOffset: number;
  interpolation: number;
  /** Positive bins: key → count, zero counts left out. */
  bins: Map<number, number>;
  negativeCount: number;
  zeroCount: number;
}

function decodeSketch(bytes: Uint8Array): DecodedSketch {
  const d: DecodedSketch = { gamma: NaN, indexOffset: 0, interpolation: 0, bins: new Map(), negativeCount: 0, zeroCount: 0 };
  let sawMapping = false;
  const r = new ProtoReader(bytes, 0, bytes.length);
  while (!r.done()) {
    const [field, wire] = r.tag();
    if (field === 1 && wire === 2) {
      sawMapping = true;
      const m = r.sub();
      while (!m.done()) {
        const [f, w] = m.tag();
        if (f === 1 && w === 1) d.gamma = m.double();
        else if (f === 2 && w === 1) d.indexOffset = m.double();
        else if (f === 3 && w === 0) d.interpolation = m.varint();
        else m.skip(f, w);
      }
    } else if ((field === 2 || field === 3) && wire === 2) {
      const bins = decodeStore(r.sub());
      if (field === 2) d.bins = bins;
      else for (const c of bins.values()) d.negativeCount += c;
    } else if (field === 4 && wire === 1) d.zeroCount = r.double();
    else r.skip(field, wire);
  }
  if (!sawMapping) throw new Error('no index mapping');
  return d;
}

function decodeStore(r: ProtoReader): Map<number, number> {
  const bins = new Map<number, number>();
  const add = (key: number, c: number): void => {
    if (c !== 0) bins.set(key, (bins.get(key) ?? 0) + c);
  };
  const contiguous: number[] = [];
  let offset = 0;
  while (!r.done()) {
    const [field, wire] = r.tag();
    if (field === 1 && wire === 2) {
      const e = r.sub();
      let key = 0;
      let c = 0;
      while (!e.done()) {
        const [f, w] = e.tag();
        if (f === 1 && w === 0) key = e.sint32();
        else if (f === 2 && w === 1) c = e.double();
        else e.skip(f, w);
      }
      add(key, c);
    } else if (field === 2 && wire === 2) {
      const p = r.sub();
      while (!p.done()) contiguous.push(p.double());
    } else if (field === 2 && wire === 1) contiguous.push(r.double());
    else if (field === 3 && wire === 0) offset = r.sint32();
    else r.skip(field, wire);
  }
  contiguous.forEach((c, i) => add(offset + i, c));
  return bins;
}

class ProtoWriter {
  readonly #bytes: number[] = [];

  #raw(v: number): void {
    // v is a non-negative integer below 2^53: base-128 little-endian.
    while (v > 127) {
      this.#bytes.push((v % 128) | 128);
      v = Math.floor(v / 128);
    }
    this.#bytes.push(v);
  }

  #f64(v: number): void {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, v, true);
    for (const x of b) this.#bytes.push(x);
  }

  varint(field: number, v: number): this {
    this.#raw(field * 8);
    this.#raw(v);
    return this;
  }

  sint32(field: number, v: number): this {
    return this.varint(field, v >= 0 ? 2 * v : -2 * v - 1);
  }

  double(field: number, v: number): this {
    this.#raw(field * 8 + 1);
    this.#f64(v);
    return this;
  }

  packedDoubles(field: number, vs: readonly number[]): this {
    this.#raw(field * 8 + 2);
    this.#raw(vs.length * 8);
    for (const v of vs) this.#f64(v);
    return this;
  }

  message(field: number, m: ProtoWriter): this {
    this.#raw(field * 8 + 2);
    this.#raw(m.#bytes.length);
    for (const x of m.#bytes) this.#bytes.push(x);
    return this;
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.#bytes);
  }
}

/** Bounds-checked reader: corrupt bytes raise an Error (wrapped into a DriftkitError by restore), never read past the end. */
class ProtoReader {
  #pos: number;
  constructor(
    private readonly buf: Uint8Array,
    start: number,
    private readonly end: number,
  ) {
    this.#pos = start;
  }

  done(): boolean {
    return this.#pos >= this.end;
  }

  varint(): number {
    let v = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (this.#pos >= this.end) throw new Error('truncated varint');
      const b = this.buf[this.#pos++];
      v += (b & 127) * scale;
      if (b < 128) return v;
      scale *= 128;
    }
    throw new Error('varint longer than 10 bytes');
  }

  sint32(): number {
    const z = this.varint();
    if (z > 0xffffffff) throw new Error('sint32 out of range');
    return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
  }

  tag(): [field: number, wire: number] {
    const t = this.varint();
    const field = Math.floor(t / 8);
    if (field === 0) throw new Error('field number 0');
    return [field, t % 8];
  }

  double(): number {
    this.#need(8);
    const v = new DataView(this.buf.buffer, this.buf.byteOffset + this.#pos, 8).getFloat64(0, true);
    this.#pos += 8;
    return v;
  }

  sub(): ProtoReader {
    const len = this.varint();
    this.#need(len);
    const r = new ProtoReader(this.buf, this.#pos, this.#pos + len);
    this.#pos += len;
    return r;
  }

  skip(field: number, wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 1) this.#skipBytes(8);
    else if (wire === 2) this.sub();
    else if (wire === 5) this.#skipBytes(4);
    else throw new Error(`field ${field} has unsupported wire type ${wire}`);
  }

  #skipBytes(n: number): void {
    this.#need(n);
    this.#pos += n;
  }

  #need(n: number): void {
    if (n > this.end - this.#pos) throw new Error('truncated');
  }
}
