// CSV files in the browser, read as the CLI reads them (src/io/csv.ts + src/io/table.ts): the same record reader
// (src/io/records.ts: uDSV with its records checked, csv-parse where it cannot be trusted), kinds inferred from the
// first 10,000 rows by src/io/infer.ts's TextInference, cells converted by src/io/chunks.ts's ChunkBuilder, bad rows
// (syntax errors too) handled by its Run. Only the byte source differs: a Blob's stream() instead of Node streams,
// and csv-parse's browser build. Browser-safe: no Node built-ins.
import { parse } from 'csv-parse/browser/esm/sync';
import type { Columns, FeatureKind } from '../profile/types.js';
import { ChunkBuilder, Run, textRecordSink } from '../io/chunks.js';
import { DEFAULT_NULL_VALUES, NO_VALUES, TextInference, nullTest } from '../io/infer.js';
import { CsvRecords, CsvSyntaxError, textPieces } from '../io/records.js';
import { TableReadError, type ChunkColumn, type ColumnSchema, type SkippedRow } from '../io/types.js';

/** As openTable()'s defaults (src/io/table.ts, which cannot be imported here: it reads files through node:fs). */
const INFER_ROWS = 10_000;
const CHUNK_ROWS = 65_536;

export interface CsvOptions {
  /** Field delimiter (default ','). */
  delimiter?: string;
  /** Columns to read, in this order (default: every column, in file order). */
  columns?: readonly string[];
  /** Kind per column instead of the inferred one. */
  types?: Readonly<Record<string, FeatureKind>>;
  /** Where `types` come from, for messages (default: the options). */
  typesFrom?: string;
  /** Skip rows that do not fit (counted) instead of failing (default false). */
  skipBadRows?: boolean;
  /** Rows read to infer the kinds (default 10,000). */
  inferRows?: number;
  /** Bytes read so far, as the file is read. */
  onProgress?: (bytes: number) => void;
}

export interface CsvSchema {
  /** The header's names, in file order. */
  header: string[];
  /** The columns read, in order, with their kinds. */
  columns: ColumnSchema[];
  /** Rows the kinds were inferred from. */
  inferredFrom: number;
}

export interface CsvTable extends CsvSchema {
  data: Columns;
  rows: number;
  skippedRows: number;
  /** The first few skipped rows and why. */
  skipped: SkippedRow[];
}

/** Returned by a sink to stop reading (the rest of the file is not needed). */
const STOP = Symbol('stop');

/** A Blob's bytes, counting them. */
async function* blobBytes(file: Blob, onBytes: (n: number) => void): AsyncGenerator<Uint8Array, void, undefined> {
  const reader = file.stream().getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      onBytes(value.byteLength);
      yield value;
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}

/**
 * Parse a Blob's records (the header first), each with its first line number. `sink` returns STOP to end early; it
 * may throw to fail the read. CSV syntax errors are TableReadErrors naming the file; with skipBadRows, a record with
 * one goes to onSkip instead.
 */
async function records(
  file: Blob, name: string, o: CsvOptions, sink: (record: string[], line: number) => void | typeof STOP,
  onSkip?: (line: number, message: string) => void,
): Promise<void> {
  let bytes = 0;
  const reader = new CsvRecords({
    delimiter: o.delimiter ?? ',',
    skipBadRows: o.skipBadRows === true,
    parse,
    onRecord: (record, line) => sink(record, line) !== STOP,
    onSkip,
  });
  try {
    for await (const text of textPieces(blobBytes(file, (n) => { bytes += n; }))) {
      reader.push(text);
      if (reader.stopped) return;
      o.onProgress?.(bytes);
    }
    reader.end();
    o.onProgress?.(bytes);
  } catch (e) {
    if (e instanceof CsvSyntaxError) throw new TableReadError(name, { line: e.line }, undefined, `CSV syntax: ${e.message}`);
    throw e;
  }
}

const quoted = (xs: readonly string[]) => (xs.length <= 20 ? xs : xs.slice(0, 20)).map((x) => JSON.stringify(x)).join(', ') + (xs.length > 20 ? ` and ${xs.length - 20} more` : '');

/** The header and the columns' kinds (inferred from the first rows, or given), reading only as far as needed. */
export async function inspectCsv(file: Blob, name: string, o: CsvOptions = {}): Promise<CsvSchema> {
  const isNull = nullTest(DEFAULT_NULL_VALUES);
  const inferRows = o.inferRows ?? INFER_ROWS;
  let header: string[] | undefined;
  let inference: TextInference[] = [];
  let rows = 0;
  // no inference needed when every column read has a kind
  const typedOnly = o.columns !== undefined && o.types !== undefined && o.columns.every((c) => o.types![c] !== undefined);
  await records(file, name, { ...o, onProgress: undefined }, (rec, line) => {
    if (header === undefined) {
      header = rec;
      const dup = header.find((h, i) => header!.indexOf(h) !== i);
      if (dup !== undefined) throw new TableReadError(name, { line }, undefined, `the header names column ${JSON.stringify(dup)} twice`);
      inference = header.map(() => new TextInference());
      return typedOnly || inferRows === 0 ? STOP : undefined;
    }
    // rows of the wrong width are reported by the full read, as in src/io/csv.ts
    if (rec.length !== header.length) return undefined;
    for (let j = 0; j < rec.length; j++) inference[j].add(rec[j], isNull);
    return ++rows === inferRows ? STOP : undefined;
  });
  if (header === undefined) throw new TableReadError(name, {}, undefined, 'is empty: a CSV file needs a header line');
  const h = header;
  const known = new Set(h);
  const missing = [...(o.columns ?? []), ...Object.keys(o.types ?? {})].filter((c) => !known.has(c));
  if (missing.length) {
    throw new TableReadError(name, {}, undefined, `has no column ${quoted([...new Set(missing)])}; its columns are ${quoted(h)}`);
  }
  const columns = (o.columns ?? h).map((c): ColumnSchema => {
    const given = o.types?.[c];
    if (given !== undefined) return { name: c, kind: given, source: 'override' };
    const r = inference[h.indexOf(c)].result();
    return r.empty ? { name: c, kind: r.kind, source: 'inferred', note: NO_VALUES } : { name: c, kind: r.kind, source: 'inferred' };
  });
  return { header: h, columns, inferredFrom: rows };
}

/** Why a value may not fit its column: where the kind came from, and what to change in the page. */
function hint(c: ColumnSchema, inferredFrom: number, typesFrom: string | undefined): string {
  if (c.source === 'override') return typesFrom ? ` (the column is ${c.kind} in ${typesFrom})` : ` (column read as ${c.kind} by the options)`;
  const rows = `the first ${inferredFrom.toLocaleString('en-US')} row${inferredFrom === 1 ? '' : 's'}`;
  return c.note === NO_VALUES
    ? ` (column inferred numeric because ${rows} hold no value; set its kind under Options → Columns)`
    : ` (column inferred ${c.kind} from ${rows}; set its kind under Options → Columns, or skip bad rows)`;
}

/** The whole file as columns: numbers as Float64Array (NaN = missing), categories and booleans as arrays (null = missing). */
export async function readCsv(file: Blob, name: string, o: CsvOptions = {}): Promise<CsvTable> {
  const schema = await inspectCsv(file, name, o);
  const { header, columns: cols, inferredFrom } = schema;
  const width = header.length;
  const idx = cols.map((c) => header.indexOf(c.name));
  const hints = cols.map((c) => hint(c, inferredFrom, o.typesFrom));
  const isNull = nullTest(DEFAULT_NULL_VALUES);
  const run = new Run(name, o.skipBadRows === true, file.size, new AbortController().signal);
  const b = new ChunkBuilder(cols, CHUNK_ROWS);
  const chunks: Record<string, ChunkColumn>[] = [];
  await records(file, name, o, textRecordSink(run, b, { width, columns: cols, index: idx, hints, isNull }, (c) => chunks.push(c.columns)),
    (line, message) => run.bad({ line }, undefined, `CSV syntax: ${message}`));
  if (b.n > 0) chunks.push(run.emit(b.take()).columns);
  const stats = run.stats();
  return { ...schema, data: concat(cols, chunks, stats.rows), rows: stats.rows, skippedRows: stats.skippedRows, skipped: stats.skipped };
}

/** One column per name from the chunks' pieces (as src/cli/tables.ts's gather, without shared memory). */
function concat(cols: readonly ColumnSchema[], chunks: Record<string, ChunkColumn>[], rows: number): Columns {
  const out: Columns = {};
  for (const { name, kind } of cols) {
    if (kind === 'numeric') {
      const a = new Float64Array(rows);
      let at = 0;
      for (const c of chunks) { const part = c[name] as Float64Array; a.set(part, at); at += part.length; }
      out[name] = a;
    } else {
      const a: unknown[] = [];
      for (const c of chunks) for (const v of c[name] as unknown[]) a.push(v);
      out[name] = a as (string | null)[] | (boolean | null)[];
    }
  }
  return out;
}

/** The likely delimiter of a text's first line: the most frequent of , ; tab | outside quotes (',' on a tie or none). */
export function sniffDelimiter(text: string): string {
  const counts = new Map<string, number>([[',', 0], [';', 0], ['\t', 0], ['|', 0]]);
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ',';
  for (const [d, n] of counts) if (n > counts.get(best)!) best = d;
  return best;
}
