// openTable(): options, format detection, column selection and overrides, and the Table every format shares
// (passes, stats, close). The formats live in csv.ts, jsonl.ts, parquet.ts and arrow.ts.
import { stat } from 'node:fs/promises';
import { DriftkitError, fail, optionsObject } from '../errors.js';
import { describe } from '../input.js';
import type { FeatureKind } from '../profile/types.js';
import { ChunkBuilder, Run, kindHint, type ReadOptions, type Source } from './chunks.js';
import { openCsv } from './csv.js';
import { DEFAULT_NULL_VALUES } from './infer.js';
import { openJsonl } from './jsonl.js';
import { openParquet } from './parquet.js';
import {
  TableReadError, type Chunk, type ColumnSchema, type Table, type TableFormat, type TableOptions, type TableSchema,
  type TableStats,
} from './types.js';

const FN = 'openTable';
export const DEFAULT_CHUNK_ROWS = 65_536;
export const DEFAULT_INFER_ROWS = 10_000;

const EXTENSIONS: Record<string, TableFormat> = {
  csv: 'csv', tsv: 'tsv', tab: 'tsv', jsonl: 'jsonl', ndjson: 'jsonl', parquet: 'parquet', pq: 'parquet',
  arrow: 'arrow', arrows: 'arrow', feather: 'arrow', ipc: 'arrow',
};
const FORMATS = ['csv', 'tsv', 'jsonl', 'ndjson', 'parquet', 'arrow'];
const KINDS: readonly string[] = ['numeric', 'categorical', 'boolean'];

/** The format of a path from its extension (a trailing .gz marks compressed text), or undefined. */
export function formatOf(path: string): { format: TableFormat; gzip: boolean } | undefined {
  const lower = path.toLowerCase();
  const gzip = lower.endsWith('.gz');
  const base = gzip ? lower.slice(0, -3) : lower;
  const dot = base.lastIndexOf('.');
  const ext = base.slice(dot + 1);
  const format = dot >= 0 && Object.hasOwn(EXTENSIONS, ext) ? EXTENSIONS[ext] : undefined;
  return format === undefined ? undefined : { format, gzip };
}

const isObject = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);

function names(x: unknown, arg: string): string[] | undefined {
  if (x === undefined) return undefined;
  if (!Array.isArray(x)) fail(FN, arg, `must be an array of column names; got ${describe(x)}`);
  x.forEach((v, i) => { if (typeof v !== 'string') fail(FN, arg, `must hold only strings; element ${i} is ${describe(v)}`); });
  return x as string[];
}

function count(x: unknown, arg: string, dflt: number): number {
  if (x === undefined) return dflt;
  if (typeof x !== 'number' || !Number.isInteger(x) || x < 1) fail(FN, arg, `must be a positive integer; got ${typeof x === 'number' ? x : describe(x)}`);
  return x;
}

/** Options checked, with defaults. */
function resolve(path: unknown, options: unknown) {
  if (typeof path !== 'string' || path === '') fail(FN, 'path', `must be a non-empty string; got ${describe(path)}`);
  if (options !== undefined && !isObject(options)) fail(FN, 'options', `must be an object; got ${describe(options)}`);
  const o = (options ?? {}) as TableOptions;
  let format: TableFormat;
  let gzip: boolean;
  const byName = formatOf(path);
  if (o.format !== undefined) {
    if (typeof o.format !== 'string' || !FORMATS.includes(o.format)) fail(FN, 'options.format', `must be one of ${FORMATS.join(', ')}; got ${JSON.stringify(o.format)}`);
    format = o.format === 'ndjson' ? 'jsonl' : o.format;
    gzip = path.toLowerCase().endsWith('.gz');
  } else {
    if (byName === undefined) fail(FN, 'options.format', `is needed: ${JSON.stringify(path)} has no known extension (.csv .tsv .jsonl .ndjson .parquet .arrow .feather .ipc, text optionally .gz)`);
    ({ format, gzip } = byName);
  }
  if (gzip && (format === 'parquet' || format === 'arrow')) fail(FN, 'path', `is gzip-compressed ${format}; only CSV, TSV and JSONL can be read compressed`);
  if (o.delimiter !== undefined && (typeof o.delimiter !== 'string' || o.delimiter === '')) fail(FN, 'options.delimiter', `must be a non-empty string; got ${describe(o.delimiter)}`);
  const columns = names(o.columns, 'options.columns');
  if (columns) {
    if (columns.length === 0) fail(FN, 'options.columns', 'must name at least one column');
    const dup = columns.find((c, i) => columns.indexOf(c) !== i);
    if (dup !== undefined) fail(FN, 'options.columns', `names ${JSON.stringify(dup)} twice`);
  }
  // no prototype: a column may be called "toString"
  const types: Record<string, FeatureKind> = Object.create(null);
  if (o.types !== undefined) {
    if (!isObject(o.types)) fail(FN, 'options.types', `must be an object of column kinds; got ${describe(o.types)}`);
    for (const [k, v] of Object.entries(o.types)) {
      if (typeof v !== 'string' || !KINDS.includes(v)) fail(FN, `options.types[${JSON.stringify(k)}]`, `must be 'numeric', 'categorical' or 'boolean'; got ${JSON.stringify(v) ?? describe(v)}`);
      types[k] = v as FeatureKind;
    }
  }
  for (const c of names(o.categorical, 'options.categorical') ?? []) {
    if (types[c] !== undefined && types[c] !== 'categorical') fail(FN, 'options.categorical', `names ${JSON.stringify(c)}, which options.types makes ${types[c]}`);
    types[c] = 'categorical';
  }
  const nullValues = names(o.nullValues, 'options.nullValues') ?? DEFAULT_NULL_VALUES;
  if (o.skipBadRows !== undefined && typeof o.skipBadRows !== 'boolean') fail(FN, 'options.skipBadRows', `must be a boolean; got ${describe(o.skipBadRows)}`);
  if (o.onProgress !== undefined && typeof o.onProgress !== 'function') fail(FN, 'options.onProgress', `must be a function; got ${describe(o.onProgress)}`);
  if (o.signal !== undefined && !(o.signal instanceof AbortSignal)) fail(FN, 'options.signal', `must be an AbortSignal; got ${describe(o.signal)}`);
  const read: ReadOptions = {
    file: path,
    delimiter: o.delimiter ?? (format === 'tsv' ? '\t' : undefined),
    gzip,
    chunkRows: count(o.chunkRows, 'options.chunkRows', DEFAULT_CHUNK_ROWS),
    inferRows: count(o.inferRows, 'options.inferRows', DEFAULT_INFER_ROWS),
    skipBadRows: o.skipBadRows ?? false,
    nullValues,
  };
  return { format, read, columns, types, onProgress: o.onProgress, signal: o.signal };
}

const quoted = (xs: readonly string[]) => xs.map((x) => JSON.stringify(x)).join(', ');

function listOf(xs: readonly string[]): string {
  return xs.length <= 20 ? quoted(xs) : `${quoted(xs.slice(0, 20))} and ${xs.length - 20} more`;
}

/** The columns chunks hold: the selection (or every supported column), with overrides applied. */
function schemaOf(format: TableFormat, src: Source, file: string, selected: string[] | undefined, types: Record<string, FeatureKind>): TableSchema {
  const byName = new Map(src.columns.map((c) => [c.name, c]));
  const unknown = (xs: string[]) => xs.filter((x) => !byName.has(x) && !(src.openKeys && types[x] !== undefined));
  const missingSel = unknown(selected ?? []);
  if (missingSel.length) {
    const seen = src.openKeys ? ` (keys of its first ${(src.inferredFrom ?? 0).toLocaleString('en-US')} rows; give a type to read a key first seen later)` : '';
    fail(FN, 'options.columns', `names ${missingSel.length === 1 ? 'a column' : 'columns'} not in ${file}: ${quoted(missingSel)}; its columns are ${listOf([...byName.keys()])}${seen}`);
  }
  const missingTypes = Object.keys(types).filter((x) => !byName.has(x) && !src.openKeys);
  if (missingTypes.length) fail(FN, 'options.types', `names ${missingTypes.length === 1 ? 'a column' : 'columns'} not in ${file}: ${quoted(missingTypes)}; its columns are ${listOf([...byName.keys()])}`);

  const skipped: TableSchema['skipped'][number][] = [];
  let wanted: string[];
  if (selected) wanted = selected;
  else {
    wanted = [];
    for (const c of src.columns) {
      if (c.unsupported === undefined) wanted.push(c.name);
      else skipped.push(c.fileType === undefined ? { name: c.name, reason: c.unsupported } : { name: c.name, fileType: c.fileType, reason: c.unsupported });
    }
    // typed keys the JSONL inference did not see
    for (const k of Object.keys(types)) if (!byName.has(k)) wanted.push(k);
  }
  const columns = wanted.map((name): ColumnSchema => {
    const c = byName.get(name);
    if (c?.unsupported !== undefined) {
      throw new TableReadError(file, {}, name, `${c.fileType ? `has type ${c.fileType}; ` : ''}${c.unsupported}`);
    }
    const col: ColumnSchema = types[name] !== undefined
      ? { name, kind: types[name], source: 'override' }
      : { name, kind: c!.kind!, source: c!.source };
    if (c?.fileType !== undefined) col.fileType = c.fileType;
    if (c?.note !== undefined && col.source !== 'override') col.note = c.note;
    return col;
  });
  const schema: TableSchema = {
    format, columns, kinds: Object.fromEntries(columns.map((c) => [c.name, c.kind])), skipped, totalBytes: src.totalBytes,
  };
  if (src.inferredFrom !== undefined) schema.inferredFrom = src.inferredFrom;
  if (src.rows !== undefined) schema.rows = src.rows;
  return schema;
}

/** A controller of its own (close() aborts it) that also aborts when the caller's signal does. */
function linked(outer: AbortSignal | undefined): { controller: AbortController; unlink: () => void } {
  const controller = new AbortController();
  if (!outer) return { controller, unlink: () => {} };
  if (outer.aborted) { controller.abort(outer.reason); return { controller, unlink: () => {} }; }
  const onAbort = () => controller.abort(outer.reason);
  outer.addEventListener('abort', onAbort, { once: true });
  return { controller, unlink: () => outer.removeEventListener('abort', onAbort) };
}

class FileTable implements Table {
  private closed = false;
  private readonly passes = new Set<AbortController>();
  private last: Run | undefined;
  private readonly hints: string[];

  constructor(
    readonly path: string,
    readonly schema: TableSchema,
    private readonly source: Source,
    private readonly options: ReturnType<typeof resolve>,
  ) {
    this.hints = schema.columns.map((c) => kindHint(c, schema.inferredFrom));
  }

  chunks(): AsyncIterable<Chunk> {
    return this.pass();
  }

  private async *pass(): AsyncGenerator<Chunk, void, undefined> {
    if (this.closed) fail('Table.chunks', 'table', `${JSON.stringify(this.path)} is closed`);
    const { controller, unlink } = linked(this.options.signal);
    this.passes.add(controller);
    const run = new Run(this.path, this.options.read.skipBadRows, this.schema.totalBytes, controller.signal, this.options.onProgress);
    this.last = run;
    try {
      controller.signal.throwIfAborted();
      const builder = new ChunkBuilder(this.schema.columns, this.options.read.chunkRows);
      yield* this.source.read({ columns: this.schema.columns, hints: this.hints, run, builder });
    } finally {
      unlink();
      this.passes.delete(controller);
    }
  }

  stats(): TableStats {
    return this.last?.stats() ?? { rows: 0, skippedRows: 0, skipped: [], bytes: 0, totalBytes: this.schema.totalBytes };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const reason = new DriftkitError('Table.close', 'table', `${JSON.stringify(this.path)} was closed while chunks() was reading it`);
    for (const c of this.passes) c.abort(reason);
  }
}

// apache-arrow is an optional peer dependency: arrow.ts (which imports it) is loaded only when an Arrow file is opened.
// Node's error names the missing package in quotes ("Cannot find package 'apache-arrow' imported from …"), so a
// package apache-arrow itself fails to find is reported as it is, not as apache-arrow missing.
async function openArrow(read: ReadOptions, signal: AbortSignal): Promise<Source> {
  let arrow: typeof import('./arrow.js');
  try {
    arrow = await import('./arrow.js');
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' && String((e as Error).message).includes("'apache-arrow'")) {
      throw new TableReadError(read.file, {}, undefined, 'is an Arrow IPC (Feather) file: reading it needs the optional peer dependency apache-arrow (npm install apache-arrow)');
    }
    throw e;
  }
  return arrow.openArrow(read, signal);
}

const OPENERS: Record<TableFormat, (read: ReadOptions, signal: AbortSignal) => Promise<Source>> = {
  csv: openCsv, tsv: openCsv, jsonl: openJsonl, parquet: openParquet, arrow: openArrow,
};

/**
 * Open a CSV / TSV / JSONL / Parquet / Arrow IPC file for streaming: the schema is fixed here (CSV and JSONL
 * kinds inferred from the first inferRows rows), then each chunks() pass reads the file from the start in
 * chunks of chunkRows rows, holding one chunk (plus the format's read buffer) at a time.
 */
export async function openTable(path: string, options: TableOptions = {}): Promise<Table> {
  optionsObject('openTable', options);
  const opts = resolve(path, options);
  opts.signal?.throwIfAborted();
  let size: number;
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new TableReadError(path, {}, undefined, 'is not a file');
    size = s.size;
  } catch (e) {
    if (e instanceof DriftkitError) throw e;
    throw new TableReadError(path, {}, undefined, `cannot be read (${(e as Error).message})`);
  }
  const signal = opts.signal ?? new AbortController().signal;
  const source = await OPENERS[opts.format](opts.read, signal);
  source.totalBytes = size;
  const schema = schemaOf(opts.format, source, path, opts.columns, opts.types);
  return new FileTable(path, schema, source, opts);
}
