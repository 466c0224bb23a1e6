// Cutting rows into chunks for timeline(): calendar periods (day, ISO week starting Monday, month, quarter) in
// UTC or in an IANA time zone, or runs of N rows. Pure functions, shared with the streaming timeline.
// Zones use Intl.DateTimeFormat only (no tz database of our own). Browser-safe.
import { fail } from '../errors.js';
import { timeMillis } from '../compare/roles.js';

export { timeMillis };

/** A calendar period, or a number of rows per chunk. */
export type Every = 'day' | 'week' | 'month' | 'quarter' | number;

/** The calendar periods. */
export type CalendarEvery = Exclude<Every, number>;

/** A calendar period: its label, start (inclusive) and end (exclusive) as epoch ms. */
export interface Period { label: string; start: number; end: number }

const DAY = 86_400_000;
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The UTC period holding `ms`; labels and bounds read as wall-clock times when `ms` is one. */
function utcPeriod(ms: number, every: CalendarEvery): Period {
  const d = new Date(ms);
  const y = d.getUTCFullYear(), m = d.getUTCMonth();
  const day = Math.floor(ms / DAY) * DAY;
  if (every === 'day') return { label: new Date(day).toISOString().slice(0, 10), start: day, end: day + DAY };
  if (every === 'week') {
    // ISO 8601: weeks start on Monday; week 1 is the week with the year's first Thursday
    const start = day - ((new Date(day).getUTCDay() + 6) % 7) * DAY;
    const thursday = new Date(start + 3 * DAY);
    const wy = thursday.getUTCFullYear();
    const week = Math.floor((thursday.getTime() - Date.UTC(wy, 0, 1)) / (7 * DAY)) + 1;
    return { label: `${wy}-W${pad(week)}`, start, end: start + 7 * DAY };
  }
  if (every === 'month') return { label: `${y}-${pad(m + 1)}`, start: Date.UTC(y, m, 1), end: Date.UTC(y, m + 1, 1) };
  const q = Math.floor(m / 3);
  return { label: `${y}-Q${q + 1}`, start: Date.UTC(y, 3 * q, 1), end: Date.UTC(y, 3 * q + 3, 1) };
}

/** A time zone: local wall-clock time of an instant, and the instant of a wall-clock time (both epoch ms). */
interface Zone {
  /** The local wall-clock time at instant `t`, as if it were UTC. */
  wall(t: number): number;
  /** The first instant whose wall clock reads `w` (or, in a DST gap, the instant the clock jumps past it). */
  instant(w: number): number;
}

const zones = new Map<string, Zone>();

function makeZone(f: Intl.DateTimeFormat): Zone {
  const wall = (t: number): number => {
    const p: Record<string, string> = {};
    for (const x of f.formatToParts(t)) p[x.type] = x.value;
    const d = new Date(0);
    d.setUTCFullYear(p.era === 'BC' || p.era === 'B' ? 1 - +p.year : +p.year, +p.month - 1, +p.day);
    d.setUTCHours(+p.hour, +p.minute, +p.second, 0);
    return d.getTime() + (((t % 1000) + 1000) % 1000);
  };
  const instant = (w: number): number => {
    // the zone's offsets a day either side; the wall time exists at one of them unless it falls in a gap
    const cands = [w - DAY, w, w + DAY].map((x) => w - (wall(x) - x));
    let best = NaN;
    for (const t of cands) if (wall(t) === w && !(t >= best)) best = t;
    if (!Number.isNaN(best)) return best;
    // a gap (DST at midnight, or a skipped day): the first instant whose wall clock is past w
    let lo = Math.min(...cands), hi = Math.max(...cands);
    if (!(wall(lo) < w && wall(hi) >= w)) { lo = w - 2 * DAY; hi = w + 2 * DAY; }
    while (hi - lo > 1) { const mid = Math.floor((lo + hi) / 2); if (wall(mid) >= w) hi = mid; else lo = mid; }
    return hi;
  };
  return { wall, instant };
}

/** Whether `tz` is an IANA time zone name this runtime knows ('Europe/Berlin', 'UTC', ...). */
export function isTimeZone(tz: unknown): tz is string {
  if (typeof tz !== 'string' || tz === '') return false;
  try { new Intl.DateTimeFormat('en-US', { timeZone: tz }); return true; } catch { return false; }
}

/** The zone named `tz`, or a DriftkitError of `fn` naming `tz`. */
function zoneOf(tz: string, fn: string): Zone {
  let z = zones.get(tz);
  if (z) return z;
  if (!isTimeZone(tz)) fail(fn, 'tz', `must be an IANA time zone name such as 'Europe/Berlin' or 'UTC'; got ${JSON.stringify(tz)}`);
  z = makeZone(new Intl.DateTimeFormat('en-US', {
    timeZone: tz, hourCycle: 'h23', era: 'short', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
  }));
  zones.set(tz, z);
  return z;
}

/** `tz` checked (a DriftkitError of `fn` naming `tz` when it is not a zone), for validating options up front. */
export function checkTimeZone(tz: unknown, fn: string): string {
  if (typeof tz !== 'string') fail(fn, 'tz', `must be an IANA time zone name such as 'Europe/Berlin' or 'UTC'; got ${JSON.stringify(tz)}`);
  zoneOf(tz, fn);
  return tz;
}

/**
 * The calendar period holding instant `ms`: its label and its start (inclusive) and end (exclusive) as epoch ms.
 * In UTC by default; with `tz` (an IANA zone) periods start at local midnight, so a day around a DST change
 * lasts 23 or 25 hours, and labels are local dates. Periods tile time: every instant is in exactly one.
 */
export function periodOf(ms: number, every: CalendarEvery, tz?: string): Period {
  if (tz === undefined) return utcPeriod(ms, every);
  const z = zoneOf(tz, 'periodOf');
  // the local calendar's period, its bounds moved to the instants of its first and next period's first local
  // midnight; the loops settle the rare wall clocks that go back across midnight
  let p = utcPeriod(z.wall(ms), every);
  let start = z.instant(p.start), end = z.instant(p.end);
  for (let k = 0; ms < start && k < 4; k++) { p = utcPeriod(p.start - 1, every); end = start; start = z.instant(p.start); }
  for (let k = 0; ms >= end && k < 4; k++) { p = utcPeriod(p.end, every); start = end; end = z.instant(p.end); }
  return { label: p.label, start, end };
}

/**
 * periodOf for many instants: the same periods, remembered so that a zone's Intl calls are made once per
 * period rather than once per row (the returned objects are shared: do not change them).
 */
export function periodCutter(every: CalendarEvery, tz?: string): (ms: number) => Period {
  if (tz === undefined) return (ms) => utcPeriod(ms, every);
  zoneOf(tz, 'periodCutter');
  const byDay = new Map<number, Period[]>(); // UTC day → the periods overlapping it
  let last: Period | undefined;
  return (ms) => {
    if (last && ms >= last.start && ms < last.end) return last;
    const k = Math.floor(ms / DAY);
    const hit = byDay.get(k)?.find((p) => ms >= p.start && ms < p.end);
    if (hit) return (last = hit);
    const p = periodOf(ms, every, tz);
    for (let d = Math.floor(p.start / DAY); d <= Math.floor((p.end - 1) / DAY); d++) {
      const list = byDay.get(d);
      if (list) list.push(p); else byDay.set(d, [p]);
    }
    return (last = p);
  };
}

/** The periods from the one holding `from` up to the one holding `to - 1`, in order (a generator: the span may be long). */
export function* periodsBetween(from: number, to: number, every: CalendarEvery, tz?: string): Generator<Period> {
  const cut = periodCutter(every, tz);
  for (let t = from; t < to;) {
    const p = cut(t);
    yield p;
    t = p.end;
  }
}

/**
 * Epoch ms of a time value, like timeMillis, but an ISO-8601 string without a zone (a date, or a datetime
 * without Z or an offset) is a wall-clock time in `tz` (UTC without one): in a DST gap, the instant after it.
 */
export function zonedMillis(v: unknown, tz?: string, fn = 'zonedMillis'): number {
  const t = timeMillis(v);
  if (tz === undefined || typeof v !== 'string' || !Number.isFinite(t) || /[T ].*(?:Z|[+-]\d{2}(?::?\d{2})?)$/i.test(v)) return t;
  return zoneOf(tz, fn).instant(t);
}

/** A chunk of rows: its label, bounds (epoch ms; NaN when unknown) and row indices. */
export interface RowChunk { label: string; start: number; end: number; rows: number[] }

/**
 * Rows (by index into `times`, epoch ms; NaN = no time, left out) cut by calendar period (UTC, or local in
 * `tz`), in time order; only periods holding rows are returned. Rows need not be sorted.
 */
export function cutPeriods(times: ArrayLike<number>, rows: readonly number[], every: CalendarEvery, tz?: string): RowChunk[] {
  const byStart = new Map<number, RowChunk>();
  const cut = periodCutter(every, tz);
  for (const i of rows) {
    const t = times[i];
    if (!Number.isFinite(t)) continue;
    const p = cut(t);
    let c = byStart.get(p.start);
    if (!c) byStart.set(p.start, (c = { label: p.label, start: p.start, end: p.end, rows: [] }));
    c.rows.push(i);
  }
  return [...byStart.values()].sort((a, b) => a.start - b.start);
}

/**
 * Runs of `size` rows in the order given (the last one may be shorter), labelled by their positions
 * `first-last` counted from `offset`; start / end are the first and last time of the run (NaN without times).
 */
export function cutRows(rows: readonly number[], size: number, offset = 0, times?: ArrayLike<number>): RowChunk[] {
  const out: RowChunk[] = [];
  for (let k = 0; k < rows.length; k += size) {
    const part = rows.slice(k, k + size);
    let start = NaN, end = NaN;
    if (times) for (const i of part) { const t = times[i]; if (Number.isFinite(t)) { if (!(t >= start)) start = t; if (!(t <= end)) end = t; } }
    out.push({ label: `${offset + k}-${offset + k + part.length - 1}`, start, end, rows: part });
  }
  return out;
}
