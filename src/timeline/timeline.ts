// timeline(columns, { time, reference, every }): drift over time. The reference rows are profiled once; the rest
// of the data is cut into chunks (calendar periods, UTC or local in options.tz, or N-row runs) and every chunk is compared with the
// reference profile by compare() (same methods and default bands). The reference rows are cut into chunks the
// same way and compared too, marked as reference (as NannyML does): they show what the statistics look like
// without drift, and they are what the data-driven ('reference') thresholds are computed from. Browser-safe.
import { fail } from '../errors.js';
import { compare, type CompareOptions } from '../compare/compare.js';
import type { MethodName, Severity } from '../compare/policy.js';
import type { ExcludedColumn } from '../compare/roles.js';
import { profile } from '../profile/index.js';
import type { ColumnInput, Columns, FeatureKind } from '../profile/types.js';
import { checkTimeZone, cutPeriods, cutRows, periodsBetween, timeMillis, zonedMillis, type CalendarEvery, type Every, type RowChunk } from './periods.js';

const FN = 'timeline';

/** Fewest reference chunks the 'reference' thresholds need (mean ± 3σ over fewer is noise). */
export const MIN_REFERENCE_CHUNKS = 5;

/** Most calendar periods a timeline spans, empty ones included (a stray time decades off would make millions). */
export const MAX_PERIODS = 100_000;

/** A chunk's feature status when the chunk holds no rows (a calendar period without data between others). */
export const NO_ROWS = 'no-rows';

/** Options of timeline(). */
export interface TimelineOptions {
  /** The time column: epoch milliseconds or ISO-8601 strings (no zone: UTC). Needed for calendar periods and a time-range reference. */
  time?: string;
  /**
   * The reference: rows with a time in [start, end) (ISO-8601 strings or epoch ms), or the first `rows` rows
   * (in time order when `time` is given, else in table order). Every other row is analysed.
   */
  reference: { start: string | number; end: string | number } | { rows: number };
  /** Chunk size: a calendar period ('week' = ISO week, Monday to Sunday) or a number of rows. */
  every: Every;
  /**
   * IANA time zone of the calendar periods (default UTC): days, weeks, months and quarters start at local
   * midnight (a day across a DST change lasts 23 or 25 hours), labels are local dates, start / end stay UTC
   * instants. Reference bounds written without a zone ('2024-01-01') are local times in it too.
   */
  tz?: string;
  /**
   * 'fixed' (default): compare()'s bands, the same verdict compare() gives for the chunk. 'reference': NannyML's
   * data-driven thresholds, mean ± 3σ (population σ) of each feature's statistic over the reference chunks; a
   * chunk drifts when its statistic is above mean + 3σ (every statistic here grows with drift; for the p-value
   * methods it is the statistic — KS D, χ² — not the p-value). 'fixed' is the default because a short reference
   * period gives too few chunks for a meaningful σ; 'reference' needs at least MIN_REFERENCE_CHUNKS reference
   * chunks, and its alert has one level (severity 'critical'); it judges the distribution statistic only.
   */
  thresholds?: 'fixed' | 'reference';
  /** Features to follow (default: every column but the time column and `exclude`). */
  features?: string[];
  /** Columns that are not features (identifiers ...); detectRoles() finds them. */
  exclude?: readonly (string | ExcludedColumn)[];
  /** Per-feature method (default: compare()'s choice for the reference's size). */
  methods?: Record<string, MethodName>;
  /** Column kinds, overriding detection from the input type. */
  types?: Record<string, FeatureKind>;
  /** A chunk's dataset drift: at least this share of features drifted (default 0.5, as compare()). */
  driftShare?: number;
}

/** One feature in one chunk. */
export interface TimelineCell {
  /** compare()'s method for the feature (the same in every chunk). */
  method: MethodName;
  /** The method's statistic (NaN when not measured: no data in the chunk). */
  statistic: number;
  /** The test's p-value ('ks', 'chisquare'). */
  pValue?: number;
  /** Drifted under the timeline's thresholds. */
  drifted: boolean;
  /** 'none', 'moderate' or 'critical' ('reference' thresholds: 'critical' when drifted). */
  severity: Severity;
  /** compare()'s status: 'ok', or why the feature was not measured ('no-rows': the chunk has no rows). */
  status: string;
}

/** One chunk of the timeline. */
export interface TimelineChunk {
  /** 2024-01-15, 2024-W03, 2024-02, 2024-Q1, or the row positions `first-last` for N-row chunks. */
  label: string;
  /** Part of the reference (compared with the profile it belongs to) or of the analysed data. */
  period: 'reference' | 'analysis';
  /** Period start (inclusive; for N-row chunks the first time), ISO-8601 UTC; undefined without times. */
  start?: string;
  /** Period end (exclusive; for N-row chunks the last time), ISO-8601 UTC. */
  end?: string;
  /** Rows in the chunk: 0 for a calendar period without rows between the first and last chunk (statistics NaN). */
  rows: number;
  /** Per feature. */
  features: Record<string, TimelineCell>;
  /** Features that drifted in the chunk. */
  driftedFeatures: string[];
  /** Share of the features that drifted. */
  driftShare: number;
  /** compare()'s dataset rule: driftShare >= datasetDriftThreshold. */
  datasetDrift: boolean;
}

/** A feature's data-driven threshold ('reference' thresholds). */
export interface TimelineThreshold {
  /** The feature's method (its statistic is thresholded, also for the p-value methods). */
  method: MethodName;
  /** Mean of the statistic over the reference chunks. */
  mean: number;
  /** Population standard deviation of the statistic over the reference chunks. */
  std: number;
  /** mean - 3σ (reported; drift is judged on the upper limit). */
  lower: number;
  /** mean + 3σ: a chunk drifts above it. */
  upper: number;
  /** Reference chunks with a measured statistic. */
  chunks: number;
}

/** Drift over time: what timeline() returns. */
export interface Timeline {
  /** The time column. */
  time?: string;
  /** The chunk size. */
  every: Every;
  /** The calendar periods' time zone, when not UTC. */
  tz?: string;
  /** Which thresholds judged the chunks. */
  thresholds: 'fixed' | 'reference';
  /** The features followed. */
  features: string[];
  /** Rows in the reference. */
  referenceRows: number;
  /** Rows left out because their time is missing or not a time (calendar periods and time-range references). */
  rowsWithoutTime: number;
  /** A chunk's dataset drift: at least this share of its features drifted. */
  datasetDriftThreshold: number;
  /** Per feature, with 'reference' thresholds. */
  limits?: Record<string, TimelineThreshold>;
  /** Columns not followed (the time column, options.exclude). */
  excluded: ExcludedColumn[];
  /** Reference chunks first, then the analysed ones, each in time order. */
  chunks: TimelineChunk[];
}

function pick(col: ColumnInput, idx: readonly number[]): ColumnInput {
  if (col instanceof Float64Array || col instanceof Float32Array || col instanceof Int32Array) {
    const out = new (col.constructor as Float64ArrayConstructor)(idx.length);
    for (let k = 0; k < idx.length; k++) out[k] = col[idx[k]];
    return out;
  }
  if (Array.isArray(col)) return idx.map((i) => (col as unknown[])[i]) as ColumnInput;
  const d = col as { codes: ArrayLike<number | null | undefined>; dictionary: readonly string[] };
  return { codes: idx.map((i) => d.codes[i]), dictionary: d.dictionary };
}

const sub = (columns: Columns, names: readonly string[], idx: readonly number[]): Columns =>
  Object.fromEntries(names.map((n) => [n, pick(columns[n], idx)]));

function instant(argument: string, v: unknown, tz: string | undefined): number {
  const t = typeof v === 'number' || typeof v === 'string' ? zonedMillis(v, tz, FN) : NaN;
  if (!Number.isFinite(t)) fail(FN, argument, `must be an ISO-8601 date or datetime or epoch milliseconds; got ${JSON.stringify(v)}`);
  return t;
}

/** Epoch milliseconds before this (1971-01-01) in every row of a numeric time column: not epoch times at all. */
const EPOCH_FLOOR = 365 * 86_400_000;

/**
 * A time column that reads as no time at all is a mistake, not an empty timeline: no value is an ISO-8601 date or
 * epoch number (e.g. "2015/01/01" or "Jan 1 2000"), or numbers that all fall in 1970 (hours of the day, counts).
 */
function checkTimes(time: string, col: ArrayLike<unknown>, times: Float64Array): void {
  let read = 0, numeric = 0, max = -Infinity, example: unknown;
  for (let i = 0; i < times.length; i++) {
    const v = col[i];
    if (example === undefined && v !== null && v !== undefined && v === v) example = v;
    if (typeof v === 'number') numeric++;
    if (Number.isFinite(times[i])) { read++; if (times[i] > max) max = times[i]; }
  }
  if (example === undefined) return;
  if (read === 0) fail(FN, 'time', `column '${time}' has no value that reads as a time (ISO-8601 date or datetime, or epoch milliseconds); e.g. ${JSON.stringify(example)}`);
  if (numeric === times.length && max < EPOCH_FLOOR) {
    fail(FN, 'time', `column '${time}' holds numbers that all fall in 1970 as epoch times (largest ${new Date(max).toISOString()}): it does not look like a time column (numbers must be epoch milliseconds; the CLI also reads epoch seconds)`);
  }
}

const iso = (t: number): string | undefined => (Number.isFinite(t) ? new Date(t).toISOString() : undefined);

/**
 * Drift over time: every chunk of the data compared with the reference profile.
 *
 * @example
 * const t = timeline(columns, { time: 'ts', reference: { start: '2024-01-01', end: '2024-03-01' }, every: 'week' });
 * t.chunks.filter((c) => c.datasetDrift).map((c) => c.label); // ['2024-W12', ...]
 */
export function timeline(columns: Columns, options: TimelineOptions): Timeline {
  if (!columns || typeof columns !== 'object') fail(FN, 'columns', 'must be an object of columns');
  if (!options || typeof options !== 'object') fail(FN, 'options', 'must be an object with reference and every');
  const names = Object.keys(columns);
  const n = names.length ? columns[names[0]] instanceof Object && 'codes' in columns[names[0]] ? (columns[names[0]] as { codes: ArrayLike<unknown> }).codes.length : (columns[names[0]] as ArrayLike<unknown>).length : 0;
  const { time, every } = options;
  const thresholds = options.thresholds ?? 'fixed';
  if (thresholds !== 'fixed' && thresholds !== 'reference') fail(FN, 'thresholds', `must be 'fixed' or 'reference'; got ${JSON.stringify(thresholds)}`);
  const calendar = typeof every === 'string';
  if (calendar ? !['day', 'week', 'month', 'quarter'].includes(every) : !(Number.isInteger(every) && every >= 1)) {
    fail(FN, 'every', `must be 'day', 'week', 'month', 'quarter' or a positive integer number of rows; got ${JSON.stringify(every)}`);
  }
  const ref = options.reference as { start?: unknown; end?: unknown; rows?: unknown } | undefined;
  if (!ref || typeof ref !== 'object' || (ref.rows === undefined && (ref.start === undefined || ref.end === undefined))) {
    fail(FN, 'reference', 'must be { start, end } (a time range, end exclusive) or { rows: N }');
  }
  if (time !== undefined && !names.includes(time)) fail(FN, 'time', `names '${time}', which is not a column (${names.join(', ')})`);
  if (time === undefined && (calendar || ref.rows === undefined)) fail(FN, 'time', `must name the time column when every is a calendar period or the reference a time range`);
  const tz = options.tz === undefined ? undefined : checkTimeZone(options.tz, FN);

  const times = new Float64Array(n).fill(NaN);
  if (time !== undefined) {
    const col = columns[time] as ArrayLike<unknown>;
    for (let i = 0; i < n; i++) times[i] = timeMillis(col[i]);
    checkTimes(time, col, times);
  }
  // rows in time order (stable) when there is a time column, else in table order; rows without a time are left out
  let order = Array.from({ length: n }, (_, i) => i);
  if (time !== undefined) order = order.filter((i) => Number.isFinite(times[i])).sort((a, b) => times[a] - times[b] || a - b);
  const rowsWithoutTime = n - order.length;

  let refRows: number[], rest: number[];
  if (ref.rows !== undefined) {
    if (!(Number.isInteger(ref.rows) && (ref.rows as number) >= 1)) fail(FN, 'reference.rows', `must be a positive integer; got ${JSON.stringify(ref.rows)}`);
    refRows = order.slice(0, ref.rows as number);
    rest = order.slice(ref.rows as number);
  } else {
    const start = instant('reference.start', ref.start, tz), end = instant('reference.end', ref.end, tz);
    if (!(end > start)) fail(FN, 'reference.end', `must be after reference.start; got ${JSON.stringify(ref.start)}..${JSON.stringify(ref.end)}`);
    refRows = order.filter((i) => times[i] >= start && times[i] < end);
    rest = order.filter((i) => !(times[i] >= start && times[i] < end));
  }
  if (refRows.length === 0) fail(FN, 'reference', 'selects no rows');

  const exclude = options.exclude ?? [];
  const out = new Set(exclude.map((e) => (typeof e === 'string' ? e : e.column)));
  if (time !== undefined) out.add(time);
  const features = options.features ?? names.filter((c) => !out.has(c));
  for (const f of features) if (!names.includes(f)) fail(FN, 'features', `names '${f}', which is not a column`);
  if (features.length === 0) fail(FN, 'features', 'is empty: no column left to follow');

  const cut = (rows: number[], offset: number): RowChunk[] =>
    calendar ? cutPeriods(times, rows, every as CalendarEvery, tz) : cutRows(rows, every as number, offset, time !== undefined ? times : undefined);
  const refChunks = cut(refRows, 0);
  const restChunks = cut(rest, refRows.length);
  const gaps = calendar ? emptyPeriods(refChunks, restChunks, every as CalendarEvery, tz, ref) : [];
  if (thresholds === 'reference' && refChunks.length < MIN_REFERENCE_CHUNKS) {
    fail(FN, 'thresholds', `'reference' needs at least ${MIN_REFERENCE_CHUNKS} reference chunks to estimate σ; the reference gives ${refChunks.length} (use a longer reference, a smaller 'every', or thresholds 'fixed')`);
  }

  const refProfile = profile(sub(columns, features, refRows), { ...(options.types ? { types: options.types } : {}) });
  const cmp: CompareOptions = { ...(options.methods ? { methods: options.methods } : {}), ...(options.driftShare !== undefined ? { driftShare: options.driftShare } : {}) };
  const share = options.driftShare ?? 0.5;
  const chunks: TimelineChunk[] = [];
  let methods: Record<string, MethodName> | undefined;
  for (const [period, list] of [['reference', refChunks], ['analysis', restChunks]] as const) {
    for (const c of list) {
      const r = compare(refProfile, sub(columns, features, c.rows), cmp);
      methods ??= Object.fromEntries(features.map((f) => [f, r.features[f].method]));
      const cells: Record<string, TimelineCell> = {};
      for (const f of features) {
        const x = r.features[f];
        cells[f] = { method: x.method, statistic: x.statistic, ...(x.pValue !== undefined ? { pValue: x.pValue } : {}), drifted: x.drifted, severity: x.severity, status: x.status };
      }
      const start = iso(c.start), end = iso(c.end);
      chunks.push({
        label: c.label, period, ...(start ? { start } : {}), ...(end ? { end } : {}), rows: c.rows.length, features: cells,
        driftedFeatures: r.driftedFeatures, driftShare: r.driftShare, datasetDrift: r.driftDetected,
      });
    }
  }
  // the periods without rows, in time order among their part's chunks: nothing measured, nothing drifted
  if (gaps.length) {
    for (const g of gaps) {
      const cells: Record<string, TimelineCell> = {};
      for (const f of features) cells[f] = { method: methods![f], statistic: NaN, drifted: false, severity: 'none', status: NO_ROWS };
      chunks.push({ label: g.label, period: g.period, start: iso(g.start)!, end: iso(g.end)!, rows: 0, features: cells, driftedFeatures: [], driftShare: 0, datasetDrift: false });
    }
    // ISO-8601 UTC strings of one format sort as their instants
    chunks.sort((a, b) => (a.period === b.period ? (a.start! < b.start! ? -1 : a.start! > b.start! ? 1 : 0) : a.period === 'reference' ? -1 : 1));
  }

  let limits: Record<string, TimelineThreshold> | undefined;
  if (thresholds === 'reference') {
    limits = {};
    for (const f of features) {
      const stats = chunks.filter((c) => c.period === 'reference').map((c) => c.features[f].statistic).filter(Number.isFinite);
      const mean = stats.reduce((s, x) => s + x, 0) / stats.length;
      const std = Math.sqrt(stats.reduce((s, x) => s + (x - mean) ** 2, 0) / stats.length);
      limits[f] = { method: methods![f], mean, std, lower: mean - 3 * std, upper: mean + 3 * std, chunks: stats.length };
    }
    for (const c of chunks) {
      for (const f of features) {
        const cell = c.features[f], lim = limits[f];
        cell.drifted = Number.isFinite(cell.statistic) && cell.statistic > lim.upper;
        cell.severity = cell.drifted ? 'critical' : 'none';
      }
      c.driftedFeatures = features.filter((f) => c.features[f].drifted);
      c.driftShare = c.driftedFeatures.length / features.length;
      c.datasetDrift = c.driftShare >= share;
    }
  }

  const excluded: ExcludedColumn[] = [
    ...(time !== undefined ? [{ column: time, reason: 'time' as const }] : []),
    ...exclude.filter((e) => (typeof e === 'string' ? e : e.column) !== time).map((e) => (typeof e === 'string' ? { column: e, reason: 'excluded' as const } : { ...e })),
  ];
  return {
    ...(time !== undefined ? { time } : {}), every, ...(tz !== undefined ? { tz } : {}), thresholds, features, referenceRows: refRows.length, rowsWithoutTime,
    datasetDriftThreshold: share, ...(limits ? { limits } : {}), excluded, chunks,
  };
}

/**
 * The calendar periods between the first and the last chunk that hold no rows, each in the part it belongs to:
 * 'reference' when it overlaps the reference range (a time range) or lies between the reference's chunks
 * (a number of rows), else 'analysis'.
 */
function emptyPeriods(refChunks: RowChunk[], restChunks: RowChunk[], every: CalendarEvery, tz: string | undefined,
  ref: { start?: unknown; end?: unknown; rows?: unknown }): { label: string; start: number; end: number; period: 'reference' | 'analysis' }[] {
  const all = [...refChunks, ...restChunks];
  if (!all.length) return [];
  const held = new Set(all.map((c) => c.start));
  const from = Math.min(...all.map((c) => c.start)), to = Math.max(...all.map((c) => c.end));
  const [lo, hi] = ref.rows !== undefined
    ? [refChunks[0].start, refChunks[refChunks.length - 1].end]
    : [zonedMillis(ref.start, tz), zonedMillis(ref.end, tz)];
  const out: { label: string; start: number; end: number; period: 'reference' | 'analysis' }[] = [];
  let n = 0;
  for (const p of periodsBetween(from, to, every, tz)) {
    if (++n > MAX_PERIODS) {
      fail(FN, 'every', `'${every}' cuts the times (${iso(from)} to ${iso(to)}) into more than ${MAX_PERIODS} periods: use a longer period, or check the time column for stray values`);
    }
    if (!held.has(p.start)) out.push({ label: p.label, start: p.start, end: p.end, period: p.start < hi && p.end > lo ? 'reference' : 'analysis' });
  }
  return out;
}
