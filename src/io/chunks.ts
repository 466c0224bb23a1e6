// Shared by the format readers: a chunk under construction (rows written column by column, committed or
// abandoned as a whole so a bad row leaves nothing behind) and the bookkeeping of one pass (rows, skipped
// rows, bytes, progress, abort).
import type { FeatureKind } from '../profile/types.js';
import { BAD, NO_VALUES, cellBoolean, cellCategory, cellNumber, mismatch, valueBoolean, valueCategory, valueNumber } from './infer.js';
import {
  TableReadError, type Chunk, type ChunkColumn, type ColumnSchema, type Place, type ProgressInfo, type SkippedRow,
  type TableStats,
} from './types.js';

/** What openTable() resolved from its options, for the format readers. */
export interface ReadOptions {
  /** The path as given (errors name it). */
  file: string;
  delimiter: string | undefined;
  /** The file is gzip-compressed (text formats). */
  gzip: boolean;
  chunkRows: number;
  inferRows: number;
  skipBadRows: boolean;
  nullValues: readonly string[];
}

/** A column as a format reader sees it, before selection and overrides. */
export interface SourceColumn {
  name: string;
  /** Absent when unsupported. */
  kind?: FeatureKind;
  source: 'inferred' | 'file';
  fileType?: string;
  note?: string;
  /** Why driftkit cannot read this column. */
  unsupported?: string;
}

/** One pass of a format reader: the columns to produce (in order), their mismatch hints, the run and the chunk builder. */
export interface Pass {
  columns: readonly ColumnSchema[];
  hints: readonly string[];
  run: Run;
  builder: ChunkBuilder;
}

/** An opened file of one format. */
export interface Source {
  columns: SourceColumn[];
  /** Rows may hold columns the inference did not see (JSONL): a selected or typed unseen name is allowed. */
  openKeys?: boolean;
  inferredFrom?: number;
  rows?: number;
  totalBytes: number;
  /** Rows from the start of the file, as chunks (run.emit()ed); run.signal aborts. */
  read(pass: Pass): AsyncGenerator<Chunk, void, undefined>;
}

const NUMERIC = 0;
const CATEGORICAL = 1;
const BOOLEAN = 2;
const CODE = { numeric: NUMERIC, categorical: CATEGORICAL, boolean: BOOLEAN } as const;
const EMPTY = new Float64Array(0);
/** Distinct categories a column keeps for interning (beyond that, new values are no longer added). */
const INTERN_LIMIT = 10_000;

/** Rows of one chunk: write every column of row `n`, then commit(); a row not committed is overwritten. */
export class ChunkBuilder {
  private readonly names: string[];
  private readonly codes: Uint8Array;
  private num: Float64Array[] = [];
  private str: (string | null)[][] = [];
  private bool: (boolean | null)[][] = [];
  private cap = 0;
  // One string instance per distinct category: a chunk then points at a few long-lived strings, and the
  // parsed copies die young instead of being promoted with the chunk (less GC work and RSS), and later
  // Map counting reuses their cached hashes.
  private readonly intern: Map<string, string>[];
  /** Rows committed to the current chunk. */
  n = 0;
  private start = 0;

  constructor(columns: readonly ColumnSchema[], readonly chunkRows: number) {
    this.names = columns.map((c) => c.name);
    this.codes = Uint8Array.from(columns, (c) => CODE[c.kind]);
    this.intern = columns.map(() => new Map());
    this.reset();
  }

  private reset(): void {
    // numeric buffers grow up to chunkRows, so a huge chunkRows costs nothing on a small file
    this.cap = Math.min(this.chunkRows, 1024);
    this.num = Array.from(this.codes, (k) => (k === NUMERIC ? new Float64Array(this.cap) : EMPTY));
    this.str = Array.from(this.codes, () => []);
    this.bool = Array.from(this.codes, () => []);
    this.n = 0;
  }

  /** Make room for row n (call before writing a row). */
  room(): void {
    if (this.n < this.cap) return;
    this.cap = Math.min(this.chunkRows, this.cap * 2);
    for (let j = 0; j < this.codes.length; j++) {
      if (this.codes[j] !== NUMERIC) continue;
      const grown = new Float64Array(this.cap);
      grown.set(this.num[j]);
      this.num[j] = grown;
    }
  }

  /** Write CSV cell s to column j of row n; false when it does not fit the column. */
  setText(j: number, s: string, isNull: (s: string) => boolean): boolean {
    switch (this.codes[j]) {
      case NUMERIC: {
        const v = cellNumber(s, isNull);
        if (v === BAD) return false;
        this.num[j][this.n] = v;
        return true;
      }
      case CATEGORICAL:
        this.str[j][this.n] = this.category(j, cellCategory(s, isNull));
        return true;
      default: {
        const v = cellBoolean(s, isNull);
        if (v === BAD) return false;
        this.bool[j][this.n] = v;
        return true;
      }
    }
  }

  /** Write a typed value (JSON, Parquet, Arrow) to column j of row n; false when it does not fit. */
  setValue(j: number, x: unknown): boolean {
    switch (this.codes[j]) {
      case NUMERIC: {
        const v = valueNumber(x);
        if (v === BAD) return false;
        this.num[j][this.n] = v;
        return true;
      }
      case CATEGORICAL: {
        const v = valueCategory(x);
        if (v === BAD) return false;
        this.str[j][this.n] = this.category(j, v);
        return true;
      }
      default: {
        const v = valueBoolean(x);
        if (v === BAD) return false;
        this.bool[j][this.n] = v;
        return true;
      }
    }
  }

  private category(j: number, v: string | null): string | null {
    if (v === null) return null;
    const m = this.intern[j];
    const kept = m.get(v);
    if (kept !== undefined) return kept;
    if (m.size < INTERN_LIMIT) m.set(v, v);
    return v;
  }

  /** Keep row n; true when the chunk is full. */
  commit(): boolean {
    return ++this.n === this.chunkRows;
  }

  /** The committed rows as a chunk (a new chunk starts). */
  take(): Chunk {
    const n = this.n;
    const entries = this.names.map((name, j): [string, ChunkColumn] => {
      switch (this.codes[j]) {
        case NUMERIC: return [name, n === this.num[j].length ? this.num[j] : this.num[j].slice(0, n)];
        case CATEGORICAL: { const a = this.str[j]; a.length = n; return [name, a]; }
        default: { const a = this.bool[j]; a.length = n; return [name, a]; }
      }
    });
    // fromEntries: a column named "__proto__" stays a column
    const chunk: Chunk = { columns: Object.fromEntries(entries), rows: n, startRow: this.start };
    this.start += n;
    this.reset();
    return chunk;
  }
}

const MAX_REASONS = 10;

/** One pass of chunks(): counts, the bad-row policy, progress and abort. */
export class Run {
  rows = 0;
  skippedRows = 0;
  readonly skipped: SkippedRow[] = [];
  bytes = 0;

  constructor(
    readonly file: string,
    private readonly skipBadRows: boolean,
    readonly totalBytes: number | undefined,
    readonly signal: AbortSignal,
    private readonly onProgress?: (p: ProgressInfo) => void,
  ) {}

  /** A row that does not fit: thrown as a TableReadError, or counted when skipBadRows. */
  bad(place: Place, column: string | undefined, problem: string): void {
    if (!this.skipBadRows) throw new TableReadError(this.file, place, column, problem);
    this.skippedRows++;
    if (this.skipped.length < MAX_REASONS) {
      const s: SkippedRow = { ...place, reason: problem };
      if (column !== undefined) s.column = column;
      this.skipped.push(s);
    }
  }

  /** Count a chunk about to be yielded and report progress. */
  emit(chunk: Chunk): Chunk {
    this.rows += chunk.rows;
    this.report();
    return chunk;
  }

  report(): void {
    this.onProgress?.({ rows: this.rows, bytes: this.bytes, totalBytes: this.totalBytes });
  }

  stats(): TableStats {
    return { rows: this.rows, skippedRows: this.skippedRows, skipped: this.skipped.slice(), bytes: this.bytes, totalBytes: this.totalBytes };
  }
}

const fmt = (n: number) => n.toLocaleString('en-US');

/** The parenthesis after a value that does not fit its column: where the column's kind came from. */
export function kindHint(col: ColumnSchema, inferredFrom: number | undefined): string {
  if (col.source === 'override') return ` (column read as ${col.kind} by options.types / categorical)`;
  if (col.source === 'file') return ` (column is ${col.kind} in the file schema${col.fileType ? `: ${col.fileType}` : ''})`;
  const n = inferredFrom ?? 0;
  const rows = `the first ${fmt(n)} row${n === 1 ? '' : 's'}`;
  return col.note === NO_VALUES
    ? ` (column inferred numeric because ${rows} hold no value; pass types to override)`
    : ` (column inferred ${col.kind} from ${rows}; pass types to override)`;
}

/**
 * The record callback of a delimited-text reader (CSV, TSV; the CLI's and the page's): the first record is the
 * header; a record of another width, or a cell its column's kind cannot hold, is a bad row (thrown, or skipped
 * and counted by the run); full chunks go to `emit`.
 */
export function textRecordSink(
  run: Run, b: ChunkBuilder,
  o: { width: number; columns: readonly ColumnSchema[]; index: readonly number[]; hints: readonly string[]; isNull: (s: string) => boolean },
  emit: (chunk: Chunk) => void,
): (rec: string[], line: number) => void {
  const m = o.columns.length;
  let first = true;
  return (rec, line) => {
    if (first) { first = false; return; }
    if (rec.length !== o.width) {
      run.bad({ line }, undefined, `has ${rec.length} field${rec.length === 1 ? '' : 's'}, but the header has ${o.width}`);
      return;
    }
    b.room();
    let j = 0;
    while (j < m && b.setText(j, rec[o.index[j]], o.isNull)) j++;
    if (j < m) {
      run.bad({ line }, o.columns[j].name, mismatch(o.columns[j].kind, rec[o.index[j]], o.hints[j]));
      return;
    }
    if (b.commit()) emit(run.emit(b.take()));
  };
}
