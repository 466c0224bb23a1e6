// Column roles: which columns of a table are not features. A datetime column is the table's time column
// (reported with its range and rows per day, never compared); an identifier (row number, id, UUID, hash) is
// distinct row by row, so any two samples of it "drift". detectRoles() decides from raw columns (a sample of
// the reference is enough); compare() takes the result as its `exclude` option and does not detect by itself.
// Browser-safe.
//
// Thresholds (over the non-null values of the columns given):
//  - datetime: a string column where at least 95% of the non-null values are ISO-8601 dates or datetimes
//    (YYYY-MM-DD, optionally T or space, hh:mm[:ss[.fff]], optionally Z or ±hh[:mm]; checked by a strict pattern
//    and calendar ranges, not Date.parse's leniency), or a column the caller marks as datetime (Parquet / Arrow
//    DATE and TIMESTAMP columns, read as epoch milliseconds: `datetimes`). Numbers are never guessed to be
//    epochs: a numeric time column is named (`time`); values under 1e11 in magnitude are then read as seconds,
//    larger ones as milliseconds.
//  - identifier, over at least 50 non-null values: a string column with at least 95% distinct values; an
//    integer column with at least 95% distinct values that is dense like a row number (max - min + 1 at most
//    twice the number of distinct values: an integer feature such as an amount in cents spreads wider); a string
//    or integer column named like an id (`id`, `*_id`, `*Id`, `uuid`, `guid`, `key`, `hash`) with at least 50%
//    distinct values. Columns with a non-integer number are features (continuous values are distinct by nature),
//    and so are booleans.
// The first datetime column (or the one named) is the time column ('time'); further datetime columns are
// excluded as 'datetime'.

import { optionsObject } from '../errors.js';
import type { ExcludedColumn, ExclusionReason } from '../profile/types.js';

export type { ExcludedColumn, ExclusionReason };

/** The span of a time column on one side: first and last instants (ISO-8601 UTC), rows with a time, calendar days spanned. */
export interface TimeSpan {
  /** First instant, ISO-8601 UTC. */
  min: string;
  /** Last instant, ISO-8601 UTC. */
  max: string;
  /** Rows with a time. */
  rows: number;
  /** UTC calendar days from the first instant's to the last's, both counted. */
  days: number;
  /** rows / days. */
  rowsPerDay: number;
}

/** The time column of a comparison, with its span on each side that was read. */
export interface TimeColumnReport {
  /** The time column's name. */
  column: string;
  /** Its span in the reference (absent: not read, e.g. a reference profile). */
  reference?: TimeSpan;
  /** Its span in the current data. */
  current?: TimeSpan;
}

export interface DetectRolesOptions {
  /** The time column (forced; a numeric one holds epoch seconds or milliseconds). */
  time?: string;
  /** Identifier columns (forced). */
  ids?: readonly string[];
  /** Columns excluded for no detected reason. */
  exclude?: readonly string[];
  /** Columns known to hold dates / timestamps as epoch milliseconds (Parquet / Arrow DATE and TIMESTAMP). */
  datetimes?: readonly string[];
  /** Detect roles of the other columns (default true); false keeps only the forced ones. */
  detect?: boolean;
}

export interface DetectedRoles {
  /** Columns to leave out of the comparison, in table order, then the forced ones not already listed. */
  excluded: ExcludedColumn[];
  /** The time column and its span over the values given (no span: no value could be read as a time). */
  time?: { column: string; span?: TimeSpan };
}

/** Distinct-share threshold of an identifier. */
export const ID_DISTINCT_SHARE = 0.95;
/** Distinct-share threshold of a column named like an identifier. */
export const ID_NAMED_DISTINCT_SHARE = 0.5;
/** Fewest non-null values a column needs to be judged an identifier. */
export const ID_MIN_VALUES = 50;
/** Share of non-null string values that must be ISO-8601 for a datetime column. */
export const DATETIME_SHARE = 0.95;

const ID_NAME_CASED = /(^|[_\-\s.])(id|uuid|guid|key|hash)$|^(id|uuid|guid|key|hash)$/i;
const CAMEL_ID = /[a-z0-9](Id|ID|Uuid|UUID|Guid|GUID|Key|Hash)$/;
/** A name that says identifier: id, user_id, user-id, userId, uuid, guid, key, row_hash (not "paid", "valid"). */
export function idLikeName(name: string): boolean {
  return ID_NAME_CASED.test(name) || CAMEL_ID.test(name);
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/** Epoch milliseconds of a strict ISO-8601 date or datetime (no zone: UTC), or NaN. */
export function isoMillis(s: string): number {
  const m = ISO.exec(s);
  if (!m) return NaN;
  const mo = +m[2], d = +m[3];
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return NaN;
  if (m[4] !== undefined && (+m[4] > 23 || +m[5] > 59 || (m[6] !== undefined && +m[6] > 60))) return NaN;
  if (m[4] === undefined) return Date.UTC(+m[1], mo - 1, d);
  let t = s.replace(' ', 'T');
  if (m[7] === undefined) t += 'Z';
  else if (/^[+-]\d{2}$/.test(m[7])) t += ':00';
  else if (/^[+-]\d{4}$/.test(m[7])) t = t.slice(0, -2) + ':' + t.slice(-2);
  return Date.parse(t);
}

/** Epoch milliseconds of a time value: a finite number (epoch ms), an ISO-8601 string (isoMillis), a Date; else NaN. */
export function timeMillis(v: unknown): number {
  if (typeof v === 'number') return Number.isFinite(v) ? v : NaN;
  if (typeof v === 'string') return isoMillis(v);
  if (v instanceof Date) return v.getTime();
  return NaN;
}

/** Epoch milliseconds of a numeric time value: seconds under 1e11 in magnitude, milliseconds above. */
const epochMillis = (v: number, seconds: boolean): number => (seconds ? v * 1000 : v);

const DAY = 86_400_000;

/** Accumulates the span of a time column chunk by chunk (strings: ISO-8601; numbers: epoch ms, or seconds when `seconds`). */
export class TimeSpanAccumulator {
  private min = Infinity;
  private max = -Infinity;
  private rows = 0;
  constructor(private readonly seconds = false) {}
  add(values: ArrayLike<unknown>): void {
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      const t = timeMillis(typeof v === 'number' ? epochMillis(v, this.seconds) : v);
      if (!Number.isFinite(t)) continue;
      this.rows++;
      if (t < this.min) this.min = t;
      if (t > this.max) this.max = t;
    }
  }
  reset(): void { this.min = Infinity; this.max = -Infinity; this.rows = 0; }
  result(): TimeSpan | undefined {
    if (this.rows === 0) return undefined;
    const days = Math.floor(this.max / DAY) - Math.floor(this.min / DAY) + 1;
    return { min: new Date(this.min).toISOString(), max: new Date(this.max).toISOString(), rows: this.rows, days, rowsPerDay: this.rows / days };
  }
}

/** The span of one column of time values (see TimeSpanAccumulator). */
export function timeSpan(values: ArrayLike<unknown>, options: { seconds?: boolean } = {}): TimeSpan | undefined {
  optionsObject('timeSpan', options);
  const a = new TimeSpanAccumulator(options.seconds);
  a.add(values);
  return a.result();
}

/** Whether a numeric time column holds epoch seconds (its largest magnitude is under 1e11). */
export function epochSeconds(values: ArrayLike<unknown>): boolean {
  let m = 0;
  for (let i = 0; i < values.length; i++) { const v = values[i]; if (typeof v === 'number' && Number.isFinite(v)) m = Math.max(m, Math.abs(v)); }
  return m < 1e11;
}

const pct = (x: number) => `${Math.floor(x * 1000) / 10}%`.replace('.0%', '%');

/** Why a column looks like an identifier, or undefined. */
function identifier(name: string, values: ArrayLike<unknown>): string | undefined {
  const seen = new Set<unknown>();
  let n = 0, strings = 0, ints = 0, min = Infinity, max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined || v === '' || (typeof v === 'number' && Number.isNaN(v))) continue;
    n++;
    if (typeof v === 'string') strings++;
    else if (typeof v === 'number' && Number.isInteger(v)) { ints++; if (v < min) min = v; if (v > max) max = v; }
    else if (typeof v === 'bigint') { ints++; const x = Number(v); if (x < min) min = x; if (x > max) max = x; }
    else return undefined; // floats, booleans, anything else: a feature
    seen.add(typeof v === 'bigint' ? Number(v) : v);
  }
  if (n < ID_MIN_VALUES || (strings && ints)) return undefined;
  const share = seen.size / n;
  const detail = `${pct(share)} distinct over ${n.toLocaleString('en-US')} values`;
  if (idLikeName(name) && share >= ID_NAMED_DISTINCT_SHARE) return `${detail}; named like an id`;
  if (share < ID_DISTINCT_SHARE) return undefined;
  if (strings) return detail;
  return max - min + 1 <= 2 * seen.size ? `${detail}, consecutive like row numbers` : undefined;
}

/** Whether a column holds ISO-8601 date / datetime strings (at least DATETIME_SHARE of its non-null values). */
function isoColumn(values: ArrayLike<unknown>): boolean {
  let n = 0, ok = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined || v === '') continue;
    if (typeof v !== 'string') return false;
    n++;
    if (isoMillis(v) === isoMillis(v)) ok++;
  }
  return n > 0 && ok / n >= DATETIME_SHARE;
}

/**
 * Roles of a table's columns (raw columns: arrays of strings / numbers / booleans / null, or Float64Arrays, e.g. a
 * sample of the reference): the time column, other datetime columns and identifiers, to leave out of the
 * comparison. Pass `excluded` as compare()'s `exclude` option.
 *
 * @example
 * const roles = detectRoles(reference);
 * const report = compare(reference, current, { exclude: roles.excluded });
 */
export function detectRoles(columns: Readonly<Record<string, ArrayLike<unknown>>>, options: DetectRolesOptions = {}): DetectedRoles {
  optionsObject('detectRoles', options);
  const forcedIds = new Set(options.ids ?? []);
  const forcedOut = new Set(options.exclude ?? []);
  const datetimes = new Set(options.datetimes ?? []);
  const detect = options.detect ?? true;
  const excluded: ExcludedColumn[] = [];
  let time: DetectedRoles['time'];
  const names = Object.keys(columns);
  for (const name of names) {
    const values = columns[name];
    if (name === options.time) {
      const numeric = values.length > 0 && Array.from({ length: Math.min(values.length, 1000) }, (_, i) => values[i]).some((v) => typeof v === 'number');
      const span = numeric && !datetimes.has(name) ? timeSpan(values, { seconds: epochSeconds(values) }) : timeSpan(values);
      time = { column: name, ...(span ? { span } : {}) };
      excluded.push({ column: name, reason: 'time', detail: 'set as the time column' });
    } else if (forcedIds.has(name)) {
      excluded.push({ column: name, reason: 'identifier', detail: 'set as an identifier' });
    } else if (forcedOut.has(name)) {
      excluded.push({ column: name, reason: 'excluded', detail: 'excluded by request' });
    } else if (detect && (datetimes.has(name) || isoColumn(values))) {
      const detail = datetimes.has(name) ? 'date / timestamp column' : 'ISO-8601 dates';
      if (!time && options.time === undefined) {
        const span = timeSpan(values);
        time = { column: name, ...(span ? { span } : {}) };
        excluded.push({ column: name, reason: 'time', detail });
      } else excluded.push({ column: name, reason: 'datetime', detail });
    } else if (detect) {
      const why = identifier(name, values);
      if (why) excluded.push({ column: name, reason: 'identifier', detail: why });
    }
  }
  return { excluded, ...(time ? { time } : {}) };
}

/** Labels of the reasons in reports. */
export const REASON_LABEL: Record<ExclusionReason, string> = {
  time: 'time column', datetime: 'datetime', identifier: 'identifier', excluded: 'excluded',
};

/** The excluded columns as one line: "row_id (identifier), event_time (time column)". */
export function excludedText(excluded: readonly ExcludedColumn[], details = false): string {
  return excluded.map((e) => `${e.column} (${REASON_LABEL[e.reason] ?? e.reason}${details && e.detail ? `: ${e.detail}` : ''})`).join(', ');
}
