// Public types of the table readers (src/io): what openTable() takes and what its chunks hold.
import { DriftkitError } from '../errors.js';
import type { FeatureKind } from '../profile/types.js';

/** File formats openTable() reads ('ndjson' is accepted as a name for 'jsonl'). */
export type TableFormat = 'csv' | 'tsv' | 'jsonl' | 'parquet' | 'arrow';

/** What a chunk column holds: numbers (NaN = missing), categories or booleans (null = missing). */
export type ChunkColumn = Float64Array | (string | null)[] | (boolean | null)[];

/** Rows [startRow, startRow + rows) of the table, one column per schema column (a valid profile() input). */
export interface Chunk {
  columns: Record<string, ChunkColumn>;
  rows: number;
  /** Rows produced before this chunk in this pass (skipped bad rows are not counted). */
  startRow: number;
}

export interface ProgressInfo {
  /** Rows produced so far in this pass. */
  rows: number;
  /** Bytes of the file read so far (compressed bytes for .gz; estimated from rows for Parquet / Arrow files). */
  bytes: number;
  /** Size of the file in bytes. */
  totalBytes?: number;
}

export interface TableOptions {
  /** Default: from the extension (.csv .tsv .tab .jsonl .ndjson .parquet .pq .arrow .arrows .feather .ipc, optionally + .gz for text). */
  format?: TableFormat | 'ndjson';
  /** CSV field delimiter (default ',' and '\t' for tsv). */
  delimiter?: string;
  /** Columns to read, in this order (default: every supported column, in file order). */
  columns?: readonly string[];
  /** Kind per column, instead of the inferred / file kind. */
  types?: Readonly<Record<string, FeatureKind>>;
  /** Shorthand for types: these columns are categorical. */
  categorical?: readonly string[];
  /** Rows per chunk (default 65,536; the last chunk may be shorter). */
  chunkRows?: number;
  /** Rows read to infer CSV / JSONL column kinds (default 10,000). */
  inferRows?: number;
  /** Skip rows that do not fit the schema (counted in stats()) instead of throwing (default false). */
  skipBadRows?: boolean;
  /** CSV cells that are missing values (the empty cell always is). */
  nullValues?: readonly string[];
  /** Called after every chunk and at the end of a pass. */
  onProgress?: (p: ProgressInfo) => void;
  /** Aborts open and any pass in progress (they reject with signal.reason). */
  signal?: AbortSignal;
}

export interface ColumnSchema {
  name: string;
  kind: FeatureKind;
  /** inferred: from the first rows (CSV, JSONL); file: from the Parquet / Arrow schema; override: options.types / categorical. */
  source: 'inferred' | 'file' | 'override';
  /** Physical / logical type in a Parquet or Arrow file, e.g. "INT64 (TIMESTAMP MICROS)", "Dictionary<Int32, Utf8>". */
  fileType?: string;
  /** How values are read when that may surprise: timestamps as milliseconds, all missing while inferring, ... */
  note?: string;
}

export interface TableSchema {
  format: TableFormat;
  /** The columns every chunk holds, in order. */
  columns: readonly ColumnSchema[];
  /** Column name → kind (the `types` option of profile(), or a ProfileShape's kinds). */
  kinds: Readonly<Record<string, FeatureKind>>;
  /** Columns left out because driftkit cannot profile them (only when options.columns is not given). */
  skipped: readonly { name: string; fileType?: string; reason: string }[];
  /** Rows read to infer kinds (CSV, JSONL). */
  inferredFrom?: number;
  /** Rows in the file when its metadata says (Parquet, Arrow file format). */
  rows?: number;
  totalBytes: number;
}

/** A row left out by skipBadRows. line: CSV / JSONL (1-based, the CSV header is line 1); row: Parquet / Arrow (1-based). */
export interface SkippedRow {
  line?: number;
  row?: number;
  column?: string;
  reason: string;
}

/** Counts of the current (or last) pass of chunks(). */
export interface TableStats {
  rows: number;
  skippedRows: number;
  /** The first few skipped rows and why (at most 10). */
  skipped: SkippedRow[];
  bytes: number;
  totalBytes?: number;
}

export interface Table {
  readonly path: string;
  readonly schema: TableSchema;
  /** One pass over the rows from the start; each call starts a new pass (the schema stays fixed). */
  chunks(): AsyncIterable<Chunk>;
  stats(): TableStats;
  /** Ends every pass in progress and releases the file; chunks() afterwards is an error. Idempotent. */
  close(): Promise<void>;
}

/** Where a problem is: CSV / JSONL line, or Parquet / Arrow row (both 1-based). */
export interface Place {
  line?: number;
  row?: number;
}

/**
 * A problem with a file's contents, e.g. `data.csv: line 12, column "amount": "12,5" is not a number (...)`.
 * `argument` is the place ("line 12, column \"amount\""); file / line / row / column carry its parts.
 */
export class TableReadError extends DriftkitError {
  readonly file: string;
  readonly line?: number;
  readonly row?: number;
  readonly column?: string;
  constructor(file: string, place: Place, column: string | undefined, problem: string) {
    const parts: string[] = [];
    if (place.line !== undefined) parts.push(`line ${place.line}`);
    else if (place.row !== undefined) parts.push(`row ${place.row}`);
    if (column !== undefined) parts.push(`column ${JSON.stringify(column)}`);
    const where = parts.join(', ');
    super(file, where, problem);
    // DriftkitError writes `fn: argument problem`; the place reads better followed by a colon
    this.message = where ? `${file}: ${where}: ${problem}` : `${file}: ${problem}`;
    this.file = file;
    if (place.line !== undefined) this.line = place.line;
    if (place.row !== undefined) this.row = place.row;
    if (column !== undefined) this.column = column;
  }
}
