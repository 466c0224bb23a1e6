// Reading tables for the CLI: open a file (src/io), and either gather it into columns (files up to the
// in-memory limit: exact statistics, as the library on arrays) or hand its chunks to the chunked profilers
// (larger files: bounded memory). A progress line goes to stderr on a TTY, nothing on a pipe.
import { createProgress, openTable, type Chunk, type Table, type TableOptions, type TableSchema } from '../io/index.js';
import type { Columns, FeatureKind } from '../profile/types.js';

export interface ReadOptions {
  columns?: string[];
  categorical?: string[];
  types?: Record<string, FeatureKind>;
  skipBadRows?: boolean;
  delimiter?: string;
  format?: TableOptions['format'];
  progress?: boolean;
}

/**
 * Memory a value costs when a table is read whole, measured (27 B on a 3M-row × 7-column Parquet file): its
 * 8-byte slot in the gathered column, the chunk it was gathered from, and the statistics' working copies
 * (sorting, the worker pool's WASM memory).
 */
export const BYTES_PER_VALUE = 24;

/**
 * Whether a table is read whole under --in-memory-limit. Parquet and Arrow files say how many rows they hold,
 * so their cost is counted as decoded values (a ZSTD file's columns take ~10× its size in memory); for text
 * the file size stands in for it.
 */
export function fitsInMemory(schema: Pick<TableSchema, 'rows' | 'columns' | 'totalBytes'>, limit: number): boolean {
  const cost = schema.rows === undefined ? schema.totalBytes : schema.rows * schema.columns.length * BYTES_PER_VALUE;
  return cost <= limit;
}

export async function open(path: string, o: ReadOptions, label: string): Promise<{ table: Table; pass: () => AsyncIterable<Chunk> }> {
  let progress = o.progress === false ? undefined : createProgress({ label });
  const table = await openTable(path, {
    ...(o.columns ? { columns: o.columns } : {}), ...(o.categorical ? { categorical: o.categorical } : {}),
    ...(o.types ? { types: o.types } : {}), ...(o.delimiter ? { delimiter: o.delimiter } : {}), ...(o.format ? { format: o.format } : {}),
    skipBadRows: o.skipBadRows ?? false,
    onProgress: (p) => progress?.update(p),
  });
  // columns driftkit cannot profile (Parquet lists and maps): said once, so a missing feature is never a surprise
  const skipped = table.schema.skipped;
  if (skipped.length) {
    process.stderr.write(`driftkit: ${path}: skipped ${skipped.length} column${skipped.length > 1 ? 's' : ''} it cannot profile: ${skipped.map((c) => `${c.name} (${c.reason})`).join(', ')}\n`);
  }
  const pass = async function* (): AsyncIterable<Chunk> {
    progress ??= o.progress === false ? undefined : createProgress({ label });
    try { yield* table.chunks(); } finally { progress?.done(); progress = undefined; }
  };
  return { table, pass };
}

/** The whole table as columns (numeric columns concatenated into one SharedArrayBuffer-backed Float64Array each). */
export async function gather(pass: () => AsyncIterable<Chunk>): Promise<{ columns: Columns; rows: number }> {
  const parts = new Map<string, unknown[]>();
  let rows = 0;
  for await (const c of pass()) {
    rows += c.rows;
    for (const [k, v] of Object.entries(c.columns)) {
      let list = parts.get(k);
      if (!list) parts.set(k, (list = []));
      list.push(v);
    }
  }
  const columns: Columns = {};
  for (const [k, list] of parts) {
    if (list[0] instanceof Float64Array) {
      // shared memory: the worker pool reads the column without a copy
      const out = new Float64Array(new SharedArrayBuffer(rows * 8));
      let o = 0;
      for (const a of list as Float64Array[]) { out.set(a, o); o += a.length; }
      columns[k] = out;
    } else {
      // a preallocated copy: Array.prototype.flat over millions of strings is several times slower
      const out = new Array<unknown>(rows);
      let o = 0;
      for (const a of list as unknown[][]) for (let i = 0; i < a.length; i++) out[o++] = a[i];
      columns[k] = out as Columns[string];
    }
  }
  return { columns, rows };
}
