// timeline(columns, { time, reference, every }): drift over time. The reference rows are profiled once; the rest
// of the data is cut into chunks (calendar periods, UTC or local in options.tz, or N-row runs) and every chunk is compared with the
// reference profile by compare() (same methods and default bands). The reference rows are cut into chunks the
// same way and compared too, marked as reference (as NannyML does): they show what the statistics look like
// without drift, and they are what the data-driven ('reference') thresholds are computed from. Browser-safe.
import { fail } from '../errors.js';
import { compare } from '../compare/compare.js';
import type { MethodName, Severity } from '../compare/policy.js';
import type { ExcludedColumn } from '../compare/roles.js';
import { profile } from '../profile/index.js';
import type { Columns, FeatureKind, ReferenceProfile } from '../profile/types.js';
import { cutPeriods, cutRows, timeMillis, type CalendarEvery, type Every, type RowChunk } from './periods.js';
import { checkReferenceChunks, checkTimelineOptions, chunkResult, emptyPeriods, finishTimeline, followedColumns, rowsOf, TimeColumnCheck } from './cells.js';

const FN = 'timeline';

export { MIN_REFERENCE_CHUNKS, MAX_PERIODS, NO_ROWS } from './cells.js';

/** Options of timeline(). */
export interface TimelineOptions {
  /** The time column: epoch milliseconds or ISO-8601 strings (no zone: UTC). Needed for calendar periods and a time-range reference. */
  time?: string;
  /**
   * The reference: rows with a time in [start, end) (ISO-8601 strings or epoch ms), or the first `rows` rows
   * (in time order when `time` is given, else in table order); every other row is analysed. Or a reference
   * profile made elsewhere (profile() of training data, `driftkit profile`): every row is analysed, the features
   * are the profile's, there are no reference chunks, and thresholds must be 'fixed'.
   */
  reference: { start: string | number; end: string | number } | { rows: number } | { profile: ReferenceProfile };
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

/**
 * Drift over time: every chunk of the data compared with the reference profile.
 *
 * @example
 * const t = timeline(columns, { time: 'ts', reference: { start: '2024-01-01', end: '2024-03-01' }, every: 'week' });
 * t.chunks.filter((c) => c.datasetDrift).map((c) => c.label); // ['2024-W12', ...]
 */
export function timeline(columns: Columns, options: TimelineOptions): Timeline {
  if (!columns || typeof columns !== 'object') fail(FN, 'columns', 'must be an object of columns');
  const o = checkTimelineOptions(FN, options);
  const names = Object.keys(columns);
  const n = names.length ? columns[names[0]] instanceof Object && 'codes' in columns[names[0]] ? (columns[names[0]] as { codes: ArrayLike<unknown> }).codes.length : (columns[names[0]] as ArrayLike<unknown>).length : 0;
  const { time, every, reference: ref } = o;
  const { features, excluded } = followedColumns(FN, names, options, 'profile' in ref ? ref.profile : undefined);

  const times = new Float64Array(n).fill(NaN);
  if (time !== undefined) {
    const col = columns[time] as ArrayLike<unknown>;
    for (let i = 0; i < n; i++) times[i] = timeMillis(col[i]);
    const check = new TimeColumnCheck();
    check.add(col, times);
    check.check(FN, time);
  }
  // rows in time order (stable) when there is a time column, else in table order; rows without a time are left out
  let order = Array.from({ length: n }, (_, i) => i);
  if (time !== undefined) order = order.filter((i) => Number.isFinite(times[i])).sort((a, b) => times[a] - times[b] || a - b);

  let refRows: number[], rest: number[];
  if ('profile' in ref) {
    refRows = [];
    rest = order;
  } else if ('rows' in ref) {
    refRows = order.slice(0, ref.rows);
    rest = order.slice(ref.rows);
  } else {
    refRows = order.filter((i) => times[i] >= ref.start && times[i] < ref.end);
    rest = order.filter((i) => !(times[i] >= ref.start && times[i] < ref.end));
  }
  if (refRows.length === 0 && !('profile' in ref)) fail(FN, 'reference', 'selects no rows');

  const cut = (rows: number[], offset: number): RowChunk[] =>
    o.calendar ? cutPeriods(times, rows, every as CalendarEvery, o.tz) : cutRows(rows, every as number, offset, time !== undefined ? times : undefined);
  const refChunks = cut(refRows, 0);
  const restChunks = cut(rest, refRows.length);
  const gaps = o.calendar ? emptyPeriods(FN, o, refChunks, restChunks) : [];
  checkReferenceChunks(FN, o, refChunks.length);

  const refProfile = 'profile' in ref ? ref.profile : profile(rowsOf(columns, features, refRows), { ...(options.types ? { types: options.types } : {}) });
  const chunks: TimelineChunk[] = [];
  for (const [period, list] of [['reference', refChunks], ['analysis', restChunks]] as const) {
    for (const c of list) chunks.push(chunkResult(compare(refProfile, rowsOf(columns, features, c.rows), { ...o.compare, features }), features, { ...c, rows: c.rows.length }, period));
  }
  return finishTimeline(o, features, excluded, 'profile' in ref ? ref.profile.rowCount : refRows.length, n - order.length, chunks, gaps);
}

