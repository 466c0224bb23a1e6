// What timeline() (a table in memory) and timelineChunked() (a chunk source) share, so both judge chunks the
// same way: the option checks, the columns followed, a chunk's cells from compare()'s report, the data-driven
// ('reference') thresholds and the result. Browser-safe.
import { fail } from '../errors.js';
import type { CompareOptions, DriftReport } from '../compare/compare.js';
import type { ExcludedColumn } from '../compare/roles.js';
import type { MethodName } from '../compare/policy.js';
import type { ColumnInput, Columns, ReferenceProfile } from '../profile/types.js';
import { acceptProfile } from '../profile/serialize.js';
import { checkTimeZone, periodsBetween, zonedMillis, type CalendarEvery, type Every } from './periods.js';
import type { Timeline, TimelineCell, TimelineChunk, TimelineOptions, TimelineThreshold } from './timeline.js';

/** Fewest reference chunks the 'reference' thresholds need (mean ± 3σ over fewer is noise). */
export const MIN_REFERENCE_CHUNKS = 5;

/** Most calendar periods a timeline spans, empty ones included (a stray time decades off would make millions). */
export const MAX_PERIODS = 100_000;

/** A chunk's feature status when the chunk holds no rows (a calendar period without data between others). */
export const NO_ROWS = 'no-rows';

/** TimelineOptions after checking (times in epoch ms). */
export interface CheckedTimeline {
  time?: string;
  every: Every;
  calendar: boolean;
  /** IANA zone of the calendar periods (undefined: UTC). */
  tz?: string;
  thresholds: 'fixed' | 'reference';
  /** A row count, a time range, or a profile made elsewhere (every row is then analysed; no reference chunks). */
  reference: { rows: number } | { start: number; end: number } | { profile: ReferenceProfile };
  /** compare()'s options for every chunk. */
  compare: CompareOptions;
  /** The dataset-drift share. */
  share: number;
}

function instant(fn: string, argument: string, v: unknown, tz: string | undefined): number {
  const t = typeof v === 'number' || typeof v === 'string' ? zonedMillis(v, tz, fn) : NaN;
  if (!Number.isFinite(t)) fail(fn, argument, `must be an ISO-8601 date or datetime or epoch milliseconds; got ${JSON.stringify(v)}`);
  return t;
}

const iso = (t: number): string | undefined => (Number.isFinite(t) ? new Date(t).toISOString() : undefined);

/** The options that do not depend on the columns, checked (errors from `fn`, naming the option). */
export function checkTimelineOptions(fn: string, options: TimelineOptions): CheckedTimeline {
  if (!options || typeof options !== 'object') fail(fn, 'options', 'must be an object with reference and every');
  const { time, every } = options;
  const thresholds = options.thresholds ?? 'fixed';
  if (thresholds !== 'fixed' && thresholds !== 'reference') fail(fn, 'thresholds', `must be 'fixed' or 'reference'; got ${JSON.stringify(thresholds)}`);
  const calendar = typeof every === 'string';
  if (calendar ? !['day', 'week', 'month', 'quarter'].includes(every) : !(Number.isInteger(every) && every >= 1)) {
    fail(fn, 'every', `must be 'day', 'week', 'month', 'quarter' or a positive integer number of rows; got ${JSON.stringify(every)}`);
  }
  const ref = options.reference as { start?: unknown; end?: unknown; rows?: unknown } | undefined;
  const asProfile = !!ref && typeof ref === 'object' && (ref as { profile?: unknown }).profile !== undefined;
  if (!ref || typeof ref !== 'object' || (!asProfile && ref.rows === undefined && (ref.start === undefined || ref.end === undefined))) {
    fail(fn, 'reference', 'must be { start, end } (a time range, end exclusive), { rows: N } or { profile } (a reference profile)');
  }
  if (time === undefined && (calendar || (!asProfile && ref.rows === undefined))) fail(fn, 'time', `must name the time column when every is a calendar period or the reference a time range`);
  const tz = options.tz === undefined ? undefined : checkTimeZone(options.tz, fn);
  let reference: CheckedTimeline['reference'];
  if (asProfile) {
    // a reference made elsewhere has no chunks here to take a σ from
    if (thresholds === 'reference') fail(fn, 'thresholds', `'reference' needs reference chunks; with a reference profile use thresholds 'fixed' (or give the reference rows in the data)`);
    reference = { profile: acceptProfile(fn, 'reference.profile', (ref as { profile: unknown }).profile) };
  } else if (ref.rows !== undefined) {
    if (!(Number.isInteger(ref.rows) && (ref.rows as number) >= 1)) fail(fn, 'reference.rows', `must be a positive integer; got ${JSON.stringify(ref.rows)}`);
    reference = { rows: ref.rows as number };
  } else {
    const start = instant(fn, 'reference.start', ref.start, tz), end = instant(fn, 'reference.end', ref.end, tz);
    if (!(end > start)) fail(fn, 'reference.end', `must be after reference.start; got ${JSON.stringify(ref.start)}..${JSON.stringify(ref.end)}`);
    reference = { start, end };
  }
  const compare: CompareOptions = { ...(options.methods ? { methods: options.methods } : {}), ...(options.driftShare !== undefined ? { driftShare: options.driftShare } : {}) };
  return { ...(time !== undefined ? { time } : {}), every, calendar, ...(tz !== undefined ? { tz } : {}), thresholds, reference, compare, share: options.driftShare ?? 0.5 };
}

/** The features followed among the table's columns, and the columns left out (the time column first). */
export function followedColumns(fn: string, names: readonly string[], options: TimelineOptions, profile?: ReferenceProfile): { features: string[]; excluded: ExcludedColumn[] } {
  const { time } = options;
  if (time !== undefined && !names.includes(time)) fail(fn, 'time', `names '${time}', which is not a column (${names.join(', ')})`);
  const exclude = options.exclude ?? [];
  const out = new Set(exclude.map((e) => (typeof e === 'string' ? e : e.column)));
  if (time !== undefined) out.add(time);
  // with a reference profile, the features are the profile's (those the data has)
  const known = (c: string) => !profile || Object.prototype.hasOwnProperty.call(profile.features, c);
  const features = options.features ?? names.filter((c) => !out.has(c) && known(c));
  for (const f of features) {
    if (!names.includes(f)) fail(fn, 'features', `names '${f}', which is not a column`);
    if (!known(f)) fail(fn, 'features', `names '${f}', which is not in the reference profile`);
  }
  if (features.length === 0) fail(fn, 'features', 'is empty: no column left to follow');
  const excluded: ExcludedColumn[] = [
    ...(time !== undefined ? [{ column: time, reason: 'time' as const }] : []),
    ...exclude.filter((e) => (typeof e === 'string' ? e : e.column) !== time).map((e) => (typeof e === 'string' ? { column: e, reason: 'excluded' as const } : { ...e })),
  ];
  return { features, excluded };
}

/** Epoch milliseconds before this (1971-01-01) in every row of a numeric time column: not epoch times at all. */
const EPOCH_FLOOR = 365 * 86_400_000;

/**
 * A time column that reads as no time at all is a mistake, not an empty timeline: no value is an ISO-8601 date or
 * epoch number (e.g. "2015/01/01" or "Jan 1 2000"), or numbers that all fall in 1970 (hours of the day, counts).
 * Fed the column part by part (add), judged at the end (check).
 */
export class TimeColumnCheck {
  private rows = 0;
  private read = 0;
  private numeric = 0;
  private max = -Infinity;
  private example: unknown;

  /** Values of the time column and their epoch ms (NaN: not a time). */
  add(col: ArrayLike<unknown>, times: ArrayLike<number>): void {
    this.rows += times.length;
    for (let i = 0; i < times.length; i++) {
      const v = col[i];
      if (this.example === undefined && v !== null && v !== undefined && v === v) this.example = v;
      if (typeof v === 'number') this.numeric++;
      if (Number.isFinite(times[i])) { this.read++; if (times[i] > this.max) this.max = times[i]; }
    }
  }

  check(fn: string, time: string): void {
    if (this.example === undefined) return;
    if (this.read === 0) fail(fn, 'time', `column '${time}' has no value that reads as a time (ISO-8601 date or datetime, or epoch milliseconds); e.g. ${JSON.stringify(this.example)}`);
    if (this.numeric === this.rows && this.max < EPOCH_FLOOR) {
      fail(fn, 'time', `column '${time}' holds numbers that all fall in 1970 as epoch times (largest ${new Date(this.max).toISOString()}): it does not look like a time column (numbers must be epoch milliseconds; the CLI also reads epoch seconds)`);
    }
  }
}

/** The 'reference' thresholds need enough reference chunks for a σ. */
export function checkReferenceChunks(fn: string, o: CheckedTimeline, count: number): void {
  if (o.thresholds === 'reference' && count < MIN_REFERENCE_CHUNKS) {
    fail(fn, 'thresholds', `'reference' needs at least ${MIN_REFERENCE_CHUNKS} reference chunks to estimate σ; the reference gives ${count} (use a longer reference, a smaller 'every', or thresholds 'fixed')`);
  }
}

/** Rows `idx` of a column (same container type). */
function pickRows(col: ColumnInput, idx: readonly number[]): ColumnInput {
  if (col instanceof Float64Array || col instanceof Float32Array || col instanceof Int32Array) {
    const out = new (col.constructor as Float64ArrayConstructor)(idx.length);
    for (let k = 0; k < idx.length; k++) out[k] = col[idx[k]];
    return out;
  }
  if (Array.isArray(col)) return idx.map((i) => (col as unknown[])[i]) as ColumnInput;
  const d = col as { codes: ArrayLike<number | null | undefined>; dictionary: readonly string[] };
  return { codes: idx.map((i) => d.codes[i]), dictionary: d.dictionary };
}

/** Rows `idx` of the columns `names`. */
export const rowsOf = (columns: Columns, names: readonly string[], idx: readonly number[]): Columns =>
  Object.fromEntries(names.map((n) => [n, pickRows(columns[n], idx)]));

/** A chunk's result from compare()'s report of its rows against the reference profile. */
export function chunkResult(r: DriftReport, features: readonly string[], c: { label: string; start: number; end: number; rows: number },
  period: TimelineChunk['period']): TimelineChunk {
  const cells: Record<string, TimelineCell> = {};
  for (const f of features) {
    const x = r.features[f];
    cells[f] = { method: x.method, statistic: x.statistic, ...(x.pValue !== undefined ? { pValue: x.pValue } : {}), drifted: x.drifted, severity: x.severity, status: x.status };
  }
  const start = iso(c.start), end = iso(c.end);
  return {
    label: c.label, period, ...(start ? { start } : {}), ...(end ? { end } : {}), rows: c.rows, features: cells,
    driftedFeatures: r.driftedFeatures, driftShare: r.driftShare, datasetDrift: r.driftDetected,
  };
}

/** A calendar period without rows, in the part it belongs to. */
export interface EmptyPeriod { label: string; start: number; end: number; period: 'reference' | 'analysis' }

/**
 * The calendar periods between the first and the last chunk that hold no rows, each in the part it belongs to:
 * 'reference' when it overlaps the reference range (a time range) or lies between the reference's chunks
 * (a number of rows), else 'analysis'. Chunks: their period starts and ends, in time order per part.
 */
export function emptyPeriods(fn: string, o: CheckedTimeline, refChunks: readonly { start: number; end: number }[],
  restChunks: readonly { start: number; end: number }[]): EmptyPeriod[] {
  const all = [...refChunks, ...restChunks];
  if (!all.length) return [];
  const held = new Set(all.map((c) => c.start));
  const from = Math.min(...all.map((c) => c.start)), to = Math.max(...all.map((c) => c.end));
  const ref = o.reference;
  const [lo, hi] = 'profile' in ref ? [Infinity, -Infinity] : 'rows' in ref ? [refChunks[0].start, refChunks[refChunks.length - 1].end] : [ref.start, ref.end];
  const out: EmptyPeriod[] = [];
  let n = 0;
  for (const p of periodsBetween(from, to, o.every as CalendarEvery, o.tz)) {
    if (++n > MAX_PERIODS) {
      fail(fn, 'every', `'${o.every}' cuts the times (${iso(from)} to ${iso(to)}) into more than ${MAX_PERIODS} periods: use a longer period, or check the time column for stray values`);
    }
    if (!held.has(p.start)) out.push({ label: p.label, start: p.start, end: p.end, period: p.start < hi && p.end > lo ? 'reference' : 'analysis' });
  }
  return out;
}

/**
 * The Timeline of the judged chunks (reference chunks first, each part in time order) and the empty periods
 * (nothing measured, nothing drifted) in time order among their part's chunks. With 'reference' thresholds,
 * each feature's mean ± 3σ over the reference chunks re-judges every chunk.
 */
export function finishTimeline(o: CheckedTimeline, features: string[], excluded: ExcludedColumn[], referenceRows: number, rowsWithoutTime: number,
  chunks: TimelineChunk[], gaps: readonly EmptyPeriod[] = []): Timeline {
  // a feature's method is the same in every chunk (it depends on the reference alone)
  const methods: Record<string, MethodName> = Object.fromEntries(features.map((f) => [f, chunks[0].features[f].method]));
  if (gaps.length) {
    for (const g of gaps) {
      const cells: Record<string, TimelineCell> = {};
      for (const f of features) cells[f] = { method: methods[f], statistic: NaN, drifted: false, severity: 'none', status: NO_ROWS };
      chunks.push({ label: g.label, period: g.period, start: iso(g.start)!, end: iso(g.end)!, rows: 0, features: cells, driftedFeatures: [], driftShare: 0, datasetDrift: false });
    }
    // ISO-8601 UTC strings of one format sort as their instants
    chunks.sort((a, b) => (a.period === b.period ? (a.start! < b.start! ? -1 : a.start! > b.start! ? 1 : 0) : a.period === 'reference' ? -1 : 1));
  }
  let limits: Record<string, TimelineThreshold> | undefined;
  if (o.thresholds === 'reference') {
    limits = {};
    for (const f of features) {
      const stats = chunks.filter((c) => c.period === 'reference').map((c) => c.features[f].statistic).filter(Number.isFinite);
      const mean = stats.reduce((s, x) => s + x, 0) / stats.length;
      const std = Math.sqrt(stats.reduce((s, x) => s + (x - mean) ** 2, 0) / stats.length);
      limits[f] = { method: methods[f], mean, std, lower: mean - 3 * std, upper: mean + 3 * std, chunks: stats.length };
    }
    for (const c of chunks) {
      for (const f of features) {
        const cell = c.features[f], lim = limits[f];
        cell.drifted = Number.isFinite(cell.statistic) && cell.statistic > lim.upper;
        cell.severity = cell.drifted ? 'critical' : 'none';
      }
      c.driftedFeatures = features.filter((f) => c.features[f].drifted);
      c.driftShare = c.driftedFeatures.length / features.length;
      c.datasetDrift = c.driftShare >= o.share;
    }
  }
  return {
    ...(o.time !== undefined ? { time: o.time } : {}), every: o.every, ...(o.tz !== undefined ? { tz: o.tz } : {}), thresholds: o.thresholds, features, referenceRows, rowsWithoutTime,
    datasetDriftThreshold: o.share, ...(limits ? { limits } : {}), excluded, chunks,
  };
}
