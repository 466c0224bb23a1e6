// Cutting rows into chunks for timeline(): UTC calendar periods (day, ISO week starting Monday, month, quarter)
// or runs of N rows. Browser-safe.
import { timeMillis } from '../compare/roles.js';

export { timeMillis };

/** A UTC calendar period, or a number of rows per chunk. */
export type Every = 'day' | 'week' | 'month' | 'quarter' | number;

const DAY = 86_400_000;
const pad = (n: number, w = 2) => String(n).padStart(w, '0');


/** The UTC calendar period holding instant `ms`: its label, start (inclusive) and end (exclusive) in epoch ms. */
export function periodOf(ms: number, every: 'day' | 'week' | 'month' | 'quarter'): { label: string; start: number; end: number } {
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

/** A chunk of rows: its label, bounds (epoch ms; NaN when unknown) and row indices. */
export interface RowChunk { label: string; start: number; end: number; rows: number[] }

/**
 * Rows (by index into `times`, epoch ms; NaN = no time, left out) cut by UTC calendar period, in time order;
 * only periods holding rows are returned. Rows need not be sorted.
 */
export function cutPeriods(times: ArrayLike<number>, rows: readonly number[], every: 'day' | 'week' | 'month' | 'quarter'): RowChunk[] {
  const byStart = new Map<number, RowChunk>();
  for (const i of rows) {
    const t = times[i];
    if (!Number.isFinite(t)) continue;
    const p = periodOf(t, every);
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
