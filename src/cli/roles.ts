// Column roles for `driftkit compare`: which columns are the table's time column or identifiers, decided from a
// sample of the reference file (of the current file with --profile) by detectRoles (src/compare/roles.ts), or
// set with --exclude a,b / --id a,b / --time col. Detection is off when --features names the compared columns.
// Parquet / Arrow DATE and TIMESTAMP columns (read as epoch milliseconds, src/io) are datetime by their type.
import { detectRoles, epochSeconds, TimeSpanAccumulator, type DetectedRoles, type ExcludedColumn } from '../compare/roles.js';
import type { Chunk } from '../io/index.js';
import { list, str, UsageError } from './args.js';
import { open, type ReadOptions } from './tables.js';

/** Rows of the file read to detect roles (the first ones). */
export const ROLE_SAMPLE_ROWS = 10_000;

export const ROLE_FLAGS = { exclude: { type: 'string' }, id: { type: 'string' }, time: { type: 'string' } } as const;

export interface Roles extends DetectedRoles {
  /** Columns of the sampled file (for checking names). */
  columns: string[];
  /** A numeric time column holds epoch seconds (not milliseconds). */
  seconds: boolean;
  /** Columns found by detection (not set by a flag). */
  detected: ExcludedColumn[];
}

/** The roles of the columns of `path` from its first ROLE_SAMPLE_ROWS rows, with the --exclude / --id / --time flags. */
export async function columnRoles(path: string, read: ReadOptions, v: Record<string, unknown>, keep: readonly string[] = []): Promise<Roles> {
  const exclude = list(v.exclude) ?? [], ids = list(v.id) ?? [], time = str(v.time);
  const { table } = await open(path, { ...read, progress: false }, path);
  const sample: Record<string, unknown[]> = {};
  let names: string[];
  let datetimes: string[];
  try {
    names = table.schema.columns.map((c) => c.name);
    datetimes = table.schema.columns.filter((c) => c.kind === 'numeric' && /^(date|timestamp) as milliseconds since/.test(c.note ?? '')).map((c) => c.name);
    for (const n of names) sample[n] = [];
    let rows = 0;
    for await (const c of table.chunks()) {
      for (const n of names) { const col = c.columns[n] as ArrayLike<unknown>; for (let i = 0; i < c.rows; i++) sample[n].push(col[i]); }
      rows += c.rows;
      if (rows >= ROLE_SAMPLE_ROWS) break;
    }
  } finally {
    await table.close();
  }
  const check = (flag: string, cols: readonly string[]) => {
    for (const c of cols) if (!names.includes(c)) throw new UsageError(flag, `names ${JSON.stringify(c)}, which is not a column of ${path} (${names.join(', ')})`);
  };
  check('--exclude', exclude); check('--id', ids); if (time !== undefined) check('--time', [time]);
  const roles = detectRoles(sample, { exclude, ids, datetimes, detect: !read.columns, ...(time !== undefined ? { time } : {}) });
  // the prediction column (and any column kept by the caller) is compared unless a flag says otherwise
  const forced = new Set([...exclude, ...ids, ...(time !== undefined ? [time] : [])]);
  roles.excluded = roles.excluded.filter((e) => forced.has(e.column) || !keep.includes(e.column));
  if (roles.time && !roles.excluded.some((e) => e.column === roles.time!.column)) delete roles.time;
  const t = roles.time?.column;
  const seconds = t !== undefined && !datetimes.includes(t) && sample[t].some((x) => typeof x === 'number') && epochSeconds(sample[t]);
  return { ...roles, columns: names, seconds, detected: roles.excluded.filter((e) => !forced.has(e.column)) };
}

/** A pass that also accumulates the time column's span (restarted at every pass). */
export function tapTime(pass: () => AsyncIterable<Chunk>, column: string | undefined, acc: TimeSpanAccumulator): () => AsyncIterable<Chunk> {
  if (column === undefined) return pass;
  return async function* () {
    acc.reset();
    for await (const c of pass()) {
      const col = c.columns[column];
      if (col) acc.add(col as ArrayLike<unknown>);
      yield c;
    }
  };
}
