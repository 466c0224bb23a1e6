// timelineChunked(source, options): timeline() over a re-startable chunk source (a file larger than memory), in
// bounded memory. Passes over the source:
//   0. only with a time column and N-row chunks or a first-N-rows reference: the time column, to learn whether
//      the timed rows are already in time order (then file order is time order); if not, a second pass keeps
//      the sorted times (8 bytes a timed row: the one cost that grows with the file) to rank each row;
//   1, 2. the reference rows, through a row filter, into profileChunked() (its two passes);
//   3. every row into its chunk's ProfileAccumulator against the reference's shape; a finished chunk (N rows
//      reached, or a later calendar period seen in time-sorted rows) is profiled, compared with the reference
//      profile by compare() and freed; the rest at the end.
// Without a time column, or with one and only calendar periods and a time-range reference, pass 0 is a peek at
// the first chunk (the column names and kinds). Browser-safe.
import { fail } from '../errors.js';
import { kernels } from '../engine/index.js';
import { compare } from '../compare/compare.js';
import { defaultMethod } from '../compare/policy.js';
import { ProfileAccumulator, shapeOf, type PreparedBatch } from '../profile/accumulate.js';
import { checkSampleCapacity } from '../profile/build.js';
import { profileChunked, type Chunk, type ChunkSource } from '../profile/chunked.js';
import type { Columns, FeatureKind, ReferenceProfile } from '../profile/types.js';
import { checkReferenceChunks, checkTimelineOptions, chunkResult, emptyPeriods, finishTimeline, followedColumns, rowsOf, TimeColumnCheck, type CheckedTimeline } from './cells.js';
import { periodCutter, periodOf, timeMillis, type CalendarEvery, type Period } from './periods.js';
import type { Timeline, TimelineChunk, TimelineOptions } from './timeline.js';

const FN = 'timelineChunked';

/** Default distinct values a chunk keeps per numeric feature judged on its sample ('ks', 'wasserstein'). */
export const DEFAULT_CHUNK_SAMPLE_CAPACITY = 2_000;
/** Default most chunks held open at once. */
export const DEFAULT_MAX_OPEN_CHUNKS = 1_000;

/** Options of timelineChunked(): timeline()'s, and the memory bounds. */
export interface TimelineChunkedOptions extends TimelineOptions {
  /**
   * Distinct values each chunk keeps per numeric feature when a numeric feature is judged by 'ks' or
   * 'wasserstein' (default 2,000). A chunk with more distinct values is judged on this sample: KS D and
   * Wasserstein estimated, the KS p-value from the sample's rows (less power). PSI and Jensen-Shannon (the
   * default methods over 1,000 reference rows) use exact bin counts: when they judge every numeric feature,
   * chunks keep a 1-value sample (a Timeline carries no secondary scores, the only other use of the sample).
   */
  sampleCapacity?: number;
  /**
   * Most chunks open at once (default 1,000); more is an error naming `every`. Rows sorted by time keep about
   * one chunk open; unsorted rows keep every chunk open until the end.
   */
  maxOpenChunks?: number;
}

/** Epoch ms per row of the time column (NaN: missing or not a time), as timeline() reads it. */
function chunkTimes(c: Chunk, time: string): Float64Array {
  const col = c.columns[time] as ArrayLike<unknown> | undefined;
  if (!col || typeof col !== 'object' || !('length' in col)) fail(FN, 'source', `yielded a chunk without the time column '${time}'`);
  const out = new Float64Array(c.rows);
  if (col instanceof Float64Array) for (let i = 0; i < c.rows; i++) out[i] = Number.isFinite(col[i]) ? col[i] : NaN;
  else for (let i = 0; i < c.rows; i++) out[i] = timeMillis(col[i]);
  return out;
}

/** First index of a sorted array whose value is >= x (> x when `after`). */
function bound(a: Float64Array, x: number, after: boolean): number {
  let lo = 0, hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (after ? a[mid] <= x : a[mid] < x) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/** How rows are put in time order: by file position (no time column, or timed rows already sorted), or by rank among the sorted times. */
interface RowOrder { sorted: Float64Array | undefined }

/** Rows of one source chunk: stream (-1 left out, 0 reference, 1 analysis), chunk key (period start or N-row index), time. */
interface Classified { stream: Int8Array; key: Float64Array; times: Float64Array | undefined }

/**
 * Per pass: puts each row in its stream and chunk exactly as timeline() does. Ranks (N-row chunks, first-N
 * reference) are running counts in file order, or, for unsorted times, the position among the sorted times
 * (ties in file order, counted only where a tie straddles a chunk boundary).
 */
class Classifier {
  /** Timed rows seen (every row without a time column). */
  private pos = 0;
  private readonly seen = [0, 0];
  private readonly ties = new Map<number, number>();
  /** Sorted times: timed rows before reference.start, and inside the reference range. */
  private readonly before: number = 0;
  private readonly inside: number = 0;
  private last = -Infinity;
  private readonly cut: ((ms: number) => Period) | undefined;
  private period: Period = { label: '', start: NaN, end: NaN };
  /** Timed rows in non-decreasing time order so far. */
  sorted = true;
  /** Earliest and latest time seen. */
  min = Infinity;
  max = -Infinity;
  rowsWithoutTime = 0;
  rows = [0, 0];
  /** Whether the time column reads as times at all (timeline()'s check). */
  readonly timeCheck = new TimeColumnCheck();

  constructor(private readonly o: CheckedTimeline, private readonly order: RowOrder) {
    if (o.calendar) this.cut = periodCutter(o.every as CalendarEvery, o.tz);
    const S = order.sorted, ref = o.reference;
    if (S && 'start' in ref) {
      this.before = bound(S, ref.start, false);
      this.inside = bound(S, ref.end, false) - this.before;
    }
  }

  private periodStart(t: number): number {
    // most rows fall in the period of the row before (the UTC cutter builds a label per call)
    if (!(t >= this.period.start && t < this.period.end)) this.period = this.cut!(t);
    return this.period.start;
  }

  /** Stream and rank within it of the row at rank r among the sorted times (time t). */
  private ofRank(r: number, t: number): [number, number] {
    const ref = this.o.reference;
    if ('profile' in ref) return [1, r];
    if ('rows' in ref) return r < ref.rows ? [0, r] : [1, r - ref.rows];
    if (t >= ref.start && t < ref.end) return [0, r - this.before];
    return [1, t < ref.start ? r : r - this.inside];
  }

  private keyOf(sr: number, t: number): number {
    return this.o.calendar ? this.periodStart(t) : Math.floor(sr / (this.o.every as number));
  }

  classify(c: Chunk): Classified {
    const { o, order } = this;
    const n = c.rows;
    const times = o.time !== undefined ? chunkTimes(c, o.time) : undefined;
    if (times) this.timeCheck.add(c.columns[o.time!] as ArrayLike<unknown>, times);
    const stream = new Int8Array(n), key = new Float64Array(n);
    const ref = o.reference;
    const ranked = !o.calendar || 'rows' in ref;
    for (let i = 0; i < n; i++) {
      const t = times ? times[i] : NaN;
      if (times) {
        if (Number.isNaN(t)) { stream[i] = -1; this.rowsWithoutTime++; continue; }
        if (t < this.last) this.sorted = false;
        this.last = t;
        if (t < this.min) this.min = t;
        if (t > this.max) this.max = t;
      }
      let s: number, sr = 0;
      if (!ranked) s = 'start' in ref && t >= ref.start && t < ref.end ? 0 : 1;
      else if (order.sorted) {
        const S = order.sorted;
        const lo = bound(S, t, false), hi = bound(S, t, true);
        let r = lo;
        const a = this.ofRank(lo, t), b = this.ofRank(hi - 1, t);
        if (a[0] !== b[0] || this.keyOf(a[1], t) !== this.keyOf(b[1], t)) {
          // the tied rows fall in more than one chunk: the k-th of them in file order has rank lo + k
          const k = this.ties.get(t) ?? 0;
          this.ties.set(t, k + 1);
          r = lo + k;
        }
        [s, sr] = this.ofRank(r, t);
      } else {
        s = 'profile' in ref ? 1 : 'rows' in ref ? (this.pos < ref.rows ? 0 : 1) : t >= ref.start && t < ref.end ? 0 : 1;
        sr = this.seen[s]++;
      }
      this.pos++;
      this.rows[s]++;
      stream[i] = s;
      key[i] = this.keyOf(sr, t);
    }
    return { stream, key, times };
  }
}

/** Runs of rows [a, b) per (stream, chunk key), in order of first appearance. */
function groups(x: Classified): { stream: number; key: number; runs: number[] }[] {
  const out: { stream: number; key: number; runs: number[] }[] = [];
  const index = [new Map<number, number>(), new Map<number, number>()];
  const n = x.stream.length;
  for (let a = 0; a < n;) {
    const s = x.stream[a], k = x.key[a];
    let b = a + 1;
    while (b < n && x.stream[b] === s && x.key[b] === k) b++;
    if (s >= 0) {
      let g = index[s].get(k);
      if (g === undefined) { index[s].set(k, (g = out.length)); out.push({ stream: s, key: k, runs: [] }); }
      out[g].runs.push(a, b);
    }
    a = b;
  }
  return out;
}

/** The feature columns of a chunk, all rows or rows `idx`. */
function featureColumns(c: Chunk, features: readonly string[], idx?: readonly number[]): Columns {
  return idx ? rowsOf(c.columns, features, idx) : Object.fromEntries(features.map((f) => [f, c.columns[f]]));
}

/** A column's kind as profile() detects it (a column with no value in the first chunk: numeric, unless `types` says). */
function detectKind(x: unknown): FeatureKind {
  if (Array.isArray(x)) {
    const v = x.find((e) => e !== null && e !== undefined);
    return typeof v === 'string' ? 'categorical' : typeof v === 'boolean' ? 'boolean' : 'numeric';
  }
  return x && typeof x === 'object' && 'codes' in x && 'dictionary' in x ? 'categorical' : 'numeric';
}

/** An open chunk of pass 3. */
interface Open { stream: number; key: number; acc: ProfileAccumulator; min: number; max: number }

/**
 * timeline() over a chunk source that can start over (called once per pass), in bounded memory: the same
 * options and the same Timeline. Equal to timeline() of the whole table when the samples are exact (the
 * reference holds at most 10,000 and each chunk at most `sampleCapacity` distinct values per numeric feature),
 * up to rounding of means and variances combined chunk by chunk.
 *
 * Memory: open chunks × numeric features × (bins + a sample sketch of up to ~80 bytes per kept value: ~160 KB at
 * sampleCapacity 2,000, a few bytes with PSI / JS) plus the categories each open chunk tracks (at most the
 * reference's categoryCapacity per feature), one source chunk and the reference profile; with a time column,
 * unsorted rows and N-row chunks or a first-N-rows reference, also 8 bytes per timed row.
 *
 * @example
 * const source = () => table.chunks(); // re-opens the file on each call
 * const t = await timelineChunked(source, { time: 'ts', reference: { start: '2024-01-01', end: '2024-03-01' }, every: 'week' });
 */
export async function timelineChunked(source: ChunkSource, options: TimelineChunkedOptions): Promise<Timeline> {
  if (typeof source !== 'function') fail(FN, 'source', 'must be a function returning an async iterable of chunks (called once per pass)');
  const o = checkTimelineOptions(FN, options);
  const capacity = options.sampleCapacity === undefined ? DEFAULT_CHUNK_SAMPLE_CAPACITY : checkSampleCapacity(FN, 'sampleCapacity', options.sampleCapacity);
  const maxOpen = options.maxOpenChunks ?? DEFAULT_MAX_OPEN_CHUNKS;
  if (!(Number.isInteger(maxOpen) && maxOpen >= 1)) fail(FN, 'maxOpenChunks', `must be a positive integer; got ${JSON.stringify(maxOpen)}`);
  const every = o.every;

  // pass 0: column names and kinds from the first chunk; with ranks over a time column, the row order
  let first: Chunk | undefined;
  const order: RowOrder = { sorted: undefined };
  let timeSorted: boolean | undefined;
  if (o.time !== undefined && (!o.calendar || 'rows' in o.reference)) {
    let timed = 0, last = -Infinity;
    timeSorted = true;
    for await (const c of source()) {
      if (!first || (first.rows === 0 && c.rows > 0)) first = c;
      const t = chunkTimes(c, o.time);
      for (let i = 0; i < t.length; i++) {
        if (Number.isNaN(t[i])) continue;
        timed++;
        if (t[i] < last) timeSorted = false;
        last = t[i];
      }
    }
    if (!timeSorted) {
      const S = new Float64Array(timed);
      let k = 0;
      for await (const c of source()) {
        const t = chunkTimes(c, o.time);
        for (let i = 0; i < t.length && k < timed; i++) if (!Number.isNaN(t[i])) S[k++] = t[i];
      }
      if (k !== timed) fail(FN, 'source', `yielded ${k} timed rows on the second pass but ${timed} on the first; it must yield the same table each time`);
      order.sorted = S.sort();
    }
  } else {
    for await (const c of source()) {
      if (!first || (first.rows === 0 && c.rows > 0)) first = c;
      if (first.rows > 0) break;
    }
  }
  if (!first) fail(FN, 'reference', 'selects no rows: the source yielded no chunks');
  const given = 'profile' in o.reference ? o.reference.profile : undefined;
  const { features, excluded } = followedColumns(FN, Object.keys(first.columns), options, given);
  const kinds = Object.fromEntries(features.map((f) => [f, options.types?.[f] ?? detectKind(first.columns[f])])) as Record<string, FeatureKind>;

  // passes 1 and 2: the reference rows into profileChunked (the counts of the first pass are kept)
  let referenceRows = -1;
  const refSource: ChunkSource = async function* () {
    const cls = new Classifier(o, order);
    const periods = new Set<number>();
    for await (const c of source()) {
      const x = cls.classify(c);
      const idx: number[] = [];
      for (let i = 0; i < c.rows; i++) if (x.stream[i] === 0) { idx.push(i); if (o.calendar) periods.add(x.key[i]); }
      if (idx.length > 0) yield { rows: idx.length, columns: featureColumns(c, features, idx.length === c.rows ? undefined : idx) };
    }
    if (referenceRows >= 0) return;
    if (o.time !== undefined) cls.timeCheck.check(FN, o.time);
    referenceRows = cls.rows[0];
    timeSorted ??= cls.sorted;
    if (referenceRows === 0) fail(FN, 'reference', 'selects no rows');
    // the span's periods are counted (at most MAX_PERIODS) before the long passes
    if (o.calendar) emptyPeriods(FN, o, [periodOf(cls.min, every as CalendarEvery, o.tz)], [periodOf(cls.max, every as CalendarEvery, o.tz)]);
    checkReferenceChunks(FN, o, o.calendar ? periods.size : Math.ceil(referenceRows / (every as number)));
  };
  // a reference profile made elsewhere: no reference rows here, every row is analysed
  if (given) referenceRows = 0;
  const reference = given ?? await profileChunked(refSource, { kinds });

  // pass 3: every row into its chunk
  const sampled = features.some((f) => {
    const p = reference.features[f];
    const m = (options.methods && Object.prototype.hasOwnProperty.call(options.methods, f) ? options.methods[f] : undefined) ?? defaultMethod(p.kind, p.count - p.nullCount);
    return p.kind === 'numeric' && (m === 'ks' || m === 'wasserstein');
  });
  // the features followed (a reference profile made elsewhere may have more)
  const shape = { ...shapeOf(reference, sampled ? capacity : 1), features };
  const K = kernels(FN, undefined);
  const open = [new Map<number, Open>(), new Map<number, Open>()];
  let openCount = 0;
  // key: the period start (calendar) or the N-row index; end: the period end
  const done: { stream: number; key: number; end: number; chunk: TimelineChunk }[] = [];
  const close = (c: Open): void => {
    open[c.stream].delete(c.key);
    openCount--;
    let profile: ReferenceProfile;
    try { profile = c.acc.profile()!; } finally { c.acc.dispose(); }
    const rows = profile.rowCount;
    let meta: { label: string; start: number; end: number; rows: number };
    if (o.calendar) {
      const p = periodOf(c.key, every as CalendarEvery, o.tz);
      meta = { label: p.label, start: p.start, end: p.end, rows };
    } else {
      const at = (c.stream === 0 ? 0 : referenceRows) + c.key * (every as number);
      meta = { label: `${at}-${at + rows - 1}`, start: c.min, end: c.max, rows };
    }
    done.push({ stream: c.stream, key: c.key, end: meta.end, chunk: chunkResult(compare(reference, profile, { ...o.compare, features }), features, meta, c.stream === 0 ? 'reference' : 'analysis') });
  };
  const cls = new Classifier(o, order);
  try {
    for await (const c of source()) {
      const x = cls.classify(c);
      let prepared: PreparedBatch | undefined;
      for (const g of groups(x)) {
        let chunk = open[g.stream].get(g.key);
        if (!chunk) {
          // rows in time order: no row of an earlier period comes later
          if (o.calendar && timeSorted) for (const m of open) for (const e of [...m.values()]) if (e.key < g.key) close(e);
          if (openCount >= maxOpen) {
            fail(FN, 'every', `${JSON.stringify(every)} needs more than ${maxOpen} chunks open at once (maxOpenChunks; rows not sorted by time keep every chunk open to the end): use a longer period or more rows per chunk, sort the rows by time, or raise maxOpenChunks`);
          }
          chunk = { stream: g.stream, key: g.key, acc: new ProfileAccumulator(shape, K), min: NaN, max: NaN };
          open[g.stream].set(g.key, chunk);
          openCount++;
        }
        const { acc } = chunk;
        // a few runs are added in place; scattered rows (unsorted input) are gathered first
        if (g.runs.length <= 8) {
          prepared ??= acc.prepare(c.columns, c.rows, FN, 'chunk');
          for (let r = 0; r < g.runs.length; r += 2) acc.add(prepared, g.runs[r], g.runs[r + 1]);
        } else {
          const idx: number[] = [];
          for (let r = 0; r < g.runs.length; r += 2) for (let i = g.runs[r]; i < g.runs[r + 1]; i++) idx.push(i);
          acc.add(acc.prepare(featureColumns(c, features, idx), idx.length, FN, 'chunk'), 0, idx.length);
        }
        if (!o.calendar && x.times) {
          for (let r = 0; r < g.runs.length; r += 2) {
            for (let i = g.runs[r]; i < g.runs[r + 1]; i++) {
              const t = x.times[i];
              if (!(t >= chunk.min)) chunk.min = t;
              if (!(t <= chunk.max)) chunk.max = t;
            }
          }
        }
        if (!o.calendar && acc.rows === every) close(chunk);
      }
    }
    if (given && o.time !== undefined) cls.timeCheck.check(FN, o.time);
    if (cls.rows[0] !== referenceRows) fail(FN, 'source', `yielded ${cls.rows[0]} reference rows on the last pass but ${referenceRows} on the first; it must yield the same table each time`);
    for (const m of open) for (const e of [...m.values()].sort((a, b) => a.key - b.key)) close(e);
  } finally {
    for (const m of open) for (const e of m.values()) e.acc.dispose();
  }
  done.sort((a, b) => a.stream - b.stream || a.key - b.key);
  const part = (s: number) => done.filter((d) => d.stream === s).map((d) => ({ start: d.key, end: d.end }));
  const gaps = o.calendar ? emptyPeriods(FN, o, part(0), part(1)) : [];
  return finishTimeline(o, features, excluded, given ? given.rowCount : referenceRows, cls.rowsWithoutTime, done.map((d) => d.chunk), gaps);
}

