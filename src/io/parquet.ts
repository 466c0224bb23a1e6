// Parquet through hyparquet: the footer gives the schema and row groups, and rows are decoded one row group at a
// time (a column at a time within it, numeric columns kept as doubles), so memory grows with the largest row
// group, not with the file. When every selected column chunk has an offset index (and none is a struct), a row
// group is decoded RANGE_ROWS at a time instead (parquetRead with rowStart / rowEnd fetches only those pages), so
// memory holds one range. Without offset indexes ranges cost more than they save: hyparquet decompresses whole
// pages and dictionaries again for each range (measured on a DuckDB file with one 1,000,000-row group: 17.5 s
// and ~700 MB peak RSS in ranges, 2.0 s and ~240 MB whole).
//
// Kinds: BOOLEAN → boolean; INT32 / INT64 (any integer annotation), FLOAT, DOUBLE, FLOAT16, DECIMAL → numeric
// (64-bit integers and decimals as doubles); DATE, TIMESTAMP (any unit), INT96 → numeric milliseconds since
// 1970-01-01 UTC; TIME → numeric milliseconds since midnight; STRING / UTF8 / ENUM / JSON / UUID and plain
// BYTE_ARRAY (as UTF-8) → categorical. Struct fields are columns of their own, named by their path (`a.b`,
// `a.b.c`). Lists, maps and repeated fields, fixed-length binary without an annotation, INTERVAL, BSON and
// geospatial columns are not read (openTable lists them in schema.skipped, with the reason).
//
// Codecs: UNCOMPRESSED, SNAPPY, GZIP, BROTLI, ZSTD, LZ4_RAW and the legacy (Hadoop-framed or raw) LZ4: GZIP and
// BROTLI through node:zlib, the others through hyparquet-compressors (ZSTD: fzstd; SNAPPY: hysnappy's WASM).
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import {
  asyncBufferFromFile, parquetMetadataAsync, parquetRead, parquetSchema,
  type AsyncBuffer, type ColumnData, type Compressors, type FileMetaData, type ParquetParsers,
  type SchemaElement, type SchemaTree,
} from 'hyparquet';
import type { Pass, ReadOptions, Source, SourceColumn } from './chunks.js';
import { mismatch } from './infer.js';
import { TableReadError, type Chunk } from './types.js';

/**
 * Rows decoded per parquetRead call, when the row group's column chunks have offset indexes. Pages that straddle
 * two ranges are decoded twice and each call plans its pages anew: on a 3M-row file in 1M-row groups, ranges of
 * 65,536 rows took 15 s of CPU and 212 MB, ranges of 262,144 rows 7.9 s and 256 MB (whole groups: 6.3 s, 388 MB).
 */
export const RANGE_ROWS = 262_144;

const decoder = new TextDecoder();
// numbers rather than Date objects: cheaper, and what the profile needs
const PARSERS: Partial<ParquetParsers> = {
  timestampFromMilliseconds: (v) => Number(v),
  timestampFromMicroseconds: (v) => Number(v) / 1e3,
  // INT96 comes here too (days × 86,400 s + nanoseconds as one BigInt)
  timestampFromNanoseconds: (v) => Number(v / 1000n) / 1e3,
  dateFromDays: (d) => d * 86_400_000,
  jsonFromBytes: (b) => b && decoder.decode(b),
};
let compressors: Promise<Compressors> | undefined;
/**
 * Every codec Parquet writers use; node:zlib's native GZIP and BROTLI are faster than the JS ones. Loaded on the
 * first Parquet file (~70 ms: hysnappy compiles its WASM, the Brotli dictionary), not with driftkit/io.
 */
export function parquetCompressors(): Promise<Compressors> {
  compressors ??= import('hyparquet-compressors').then(({ compressors: c }): Compressors => ({
    ...c,
    GZIP: (input) => gunzipSync(input),
    BROTLI: (input) => brotliDecompressSync(input),
  }));
  return compressors;
}

const TIME_SCALE = { MILLIS: 1, MICROS: 1e-3, NANOS: 1e-6 } as const;

function typeName(el: SchemaElement): string {
  const lt = el.logical_type;
  let ann: string | undefined;
  if (lt) {
    switch (lt.type) {
      case 'TIMESTAMP': case 'TIME': ann = `${lt.type} ${lt.unit}`; break;
      case 'DECIMAL': ann = `DECIMAL(${lt.precision},${lt.scale})`; break;
      case 'INTEGER': ann = `${lt.isSigned ? 'INT' : 'UINT'}${lt.bitWidth}`; break;
      default: ann = lt.type;
    }
  } else if (el.converted_type) {
    ann = el.converted_type === 'DECIMAL' ? `DECIMAL(${el.precision},${el.scale})` : el.converted_type;
  }
  const t = el.type ?? 'GROUP';
  return ann ? `${t} (${ann})` : t;
}

interface Mapped extends SourceColumn {
  /** Raw TIME values (ms / µs / ns integers) times this give milliseconds. */
  timeScale?: number;
  /** 10^scale of a decimal: hyparquet gives unscaled × 10^-scale; unscaled / 10^scale is the nearest double. */
  decimal?: number;
  /** Top-level column hyparquet reads (the struct, for a struct field). */
  top: string;
  /** Field names from the top-level value down to this one (struct fields only). */
  sub?: string[];
}

type Leaf = Omit<Mapped, 'top' | 'sub'>;

const NUMERIC = (name: string, fileType: string, note?: string): Leaf =>
  note === undefined ? { name, kind: 'numeric', source: 'file', fileType } : { name, kind: 'numeric', source: 'file', fileType, note };

/** The columns of one top-level schema node: itself, or for a struct one per (nested) field, named `a.b`. */
function mapColumns(node: SchemaTree, path: string[] = []): Mapped[] {
  const el = node.element;
  const at = [...path, el.name];
  const name = at.join('.');
  const place = { top: at[0], ...(at.length > 1 ? { sub: at.slice(1) } : {}) };
  if (node.children.length > 0) {
    const t = el.logical_type?.type;
    const ct = el.converted_type;
    let why: string | undefined;
    if (t === 'LIST' || ct === 'LIST') why = 'list columns cannot be profiled';
    else if (t === 'MAP' || ct === 'MAP' || ct === 'MAP_KEY_VALUE') why = 'map columns cannot be profiled';
    else if (el.repetition_type === 'REPEATED') why = 'repeated columns cannot be profiled';
    else if (t !== undefined) why = `${t} columns cannot be profiled`;
    if (why !== undefined) return [{ name, source: 'file', fileType: typeName(el), unsupported: why, ...place }];
    return node.children.flatMap((c) => mapColumns(c, at));
  }
  return [{ ...mapLeaf(el, name), ...place }];
}

function mapLeaf(el: SchemaElement, name: string): Leaf {
  const fileType = typeName(el);
  const no = (unsupported: string): Leaf => ({ name, source: 'file', fileType, unsupported });
  if (el.repetition_type === 'REPEATED') return no('repeated columns cannot be profiled');
  const lt = el.logical_type;
  const ct = el.converted_type;
  if (lt?.type === 'DECIMAL' || ct === 'DECIMAL') {
    const scale = (lt?.type === 'DECIMAL' ? lt.scale : el.scale) ?? 0;
    return { ...NUMERIC(name, fileType, 'decimal read as a double'), ...(scale > 0 ? { decimal: 10 ** scale } : {}) };
  }
  if (lt?.type === 'DATE' || ct === 'DATE') return NUMERIC(name, fileType, 'date as milliseconds since 1970-01-01 UTC');
  if (lt?.type === 'TIMESTAMP' || ct === 'TIMESTAMP_MILLIS' || ct === 'TIMESTAMP_MICROS' || (el.type === 'INT96' && !ct)) {
    return NUMERIC(name, fileType, 'timestamp as milliseconds since 1970-01-01 UTC');
  }
  if (lt?.type === 'TIME' || ct === 'TIME_MILLIS' || ct === 'TIME_MICROS') {
    const unit = lt?.type === 'TIME' ? lt.unit : ct === 'TIME_MILLIS' ? 'MILLIS' : 'MICROS';
    return { ...NUMERIC(name, fileType, 'time of day as milliseconds since midnight'), timeScale: TIME_SCALE[unit] };
  }
  if (lt?.type === 'FLOAT16') return NUMERIC(name, fileType);
  if (lt?.type === 'STRING' || lt?.type === 'ENUM' || lt?.type === 'JSON' || lt?.type === 'UUID' || ct === 'UTF8' || ct === 'ENUM' || ct === 'JSON') {
    return { name, kind: 'categorical', source: 'file', fileType };
  }
  if (lt !== undefined && lt.type !== 'INTEGER') return no(`${lt.type} columns cannot be profiled`);
  if (ct === 'BSON' || ct === 'INTERVAL' || ct === 'MAP' || ct === 'MAP_KEY_VALUE' || ct === 'LIST') return no(`${ct} columns cannot be profiled`);
  switch (el.type) {
    case 'BOOLEAN': return { name, kind: 'boolean', source: 'file', fileType };
    case 'INT32': case 'INT64': case 'FLOAT': case 'DOUBLE': return NUMERIC(name, fileType);
    case 'BYTE_ARRAY': return { name, kind: 'categorical', source: 'file', fileType, note: 'bytes read as UTF-8 text' };
    default: return no('binary columns without a string annotation cannot be profiled');
  }
}

/** Rows [a, z) of one column: data[offset + r] is row a + r. */
interface Range { data: ArrayLike<unknown>; offset: number }

function flatten(pieces: ColumnData[], a: number, z: number): Range {
  // one decoded page run usually covers the range: use it in place
  const whole = pieces.find((p) => p.rowStart <= a && p.rowEnd >= z);
  if (whole) return { data: whole.columnData, offset: a - whole.rowStart };
  const out = new Array<unknown>(z - a);
  for (const p of pieces) {
    for (let r = Math.max(p.rowStart, a); r < Math.min(p.rowEnd, z); r++) out[r - a] = p.columnData[r - p.rowStart];
  }
  return { data: out, offset: 0 };
}

/**
 * A numeric column's rows as doubles (missing → NaN, as valueNumber reads them), so hyparquet's arrays can go;
 * unchanged when a value is neither a number, a bigint nor missing (the row check then reports it).
 */
function doubles({ data, offset }: Range, n: number): Range {
  const out = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const v = data[offset + r];
    if (typeof v === 'number') out[r] = v;
    else if (typeof v === 'bigint') out[r] = Number(v);
    else if (v === null || v === undefined) out[r] = NaN;
    else return { data, offset };
  }
  return { data: out, offset: 0 };
}

/** A decimal's nearest double: hyparquet's unscaled × 10^-scale is off by an ulp (-920.8100000000001 for -920.81). */
function unscale(v: number, f: number): number {
  const units = Math.round(v * f);
  return Math.abs(units) <= Number.MAX_SAFE_INTEGER ? units / f : v;
}

/** A struct field's value (undefined when the struct or a struct on the way is missing). */
function field(v: unknown, path: readonly string[]): unknown {
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}

export async function openParquet(read: ReadOptions, signal: AbortSignal): Promise<Source> {
  let file: AsyncBuffer;
  let metadata: FileMetaData;
  try {
    file = await asyncBufferFromFile(read.file);
    metadata = await parquetMetadataAsync(file);
  } catch (e) {
    throw new TableReadError(read.file, {}, undefined, `is not a readable Parquet file (${(e as Error).message})`);
  }
  const codecs = await parquetCompressors();
  signal.throwIfAborted();
  const mapped = parquetSchema(metadata).children.flatMap((c) => mapColumns(c));
  const byName = new Map(mapped.map((c) => [c.name, c]));
  const totalRows = Number(metadata.num_rows);
  const columns = mapped.map(({ timeScale: _t, decimal: _d, top: _p, sub: _s, ...c }) => c);

  async function* readParquet({ columns: cols, hints, run, builder: b }: Pass): AsyncGenerator<Chunk, void, undefined> {
    const names = cols.map((c) => c.name);
    const m = names.length;
    const scale = names.map((n) => byName.get(n)!.timeScale);
    const dec = names.map((n) => byName.get(n)!.decimal);
    // hyparquet reads top-level columns: a struct once for all of its selected fields
    const tops = names.map((n) => byName.get(n)!.top);
    const subs = names.map((n) => byName.get(n)!.sub);
    const topNames = [...new Set(tops)];
    const nested = subs.some((x) => x !== undefined);
    const doubleTops = new Set(names.filter((n, j) => subs[j] === undefined && cols[j].kind === 'numeric'));
    let groupStart = 0;
    for (const group of metadata.row_groups) {
      const groupRows = Number(group.num_rows);
      const chunks = group.columns.filter((c) => topNames.includes(c.meta_data?.path_in_schema[0] ?? ''));
      // with offset indexes hyparquet fetches and decodes only the pages of a range; without, it would decode
      // whole pages again for each range, and nested (struct) columns are read to the chunk's end in any case
      const indexed = !nested && chunks.every((c) => c.offset_index_offset !== undefined && !!c.offset_index_length);
      const step = indexed ? RANGE_ROWS : groupRows;
      for (let a = groupStart; a < groupStart + groupRows; a += step) {
        run.signal.throwIfAborted();
        const z = Math.min(a + step, groupStart + groupRows);
        const byTop = new Map<string, Range>();
        try {
          // a column at a time, numeric ones kept as doubles: hyparquet's decoding garbage (levels, pages, values
          // pushed into arrays) peaks for one column chunk, and the group is held at 8 bytes a number
          for (const n of topNames) {
            const pieces: ColumnData[] = [];
            await parquetRead({
              file, metadata, columns: [n], rowStart: a, rowEnd: z, parsers: PARSERS, compressors: codecs,
              useOffsetIndex: indexed, onChunk: (c) => { pieces.push(c); },
            });
            const range = flatten(pieces, a, z);
            byTop.set(n, doubleTops.has(n) ? doubles(range, z - a) : range);
          }
        } catch (e) {
          throw new TableReadError(read.file, { row: a + 1 }, undefined, `cannot be decoded (${(e as Error).message})`);
        }
        const ranges = tops.map((t) => byTop.get(t)!);
        for (let r = 0; r < z - a; r++) {
          b.room();
          let j = 0;
          let v: unknown;
          for (; j < m; j++) {
            const { data, offset } = ranges[j];
            v = data[offset + r];
            const path = subs[j];
            if (path !== undefined) v = field(v, path);
            const s = scale[j];
            if (s !== undefined && v !== null && v !== undefined) v = Number(v) * s;
            const f = dec[j];
            if (f !== undefined && typeof v === 'number') v = unscale(v, f);
            if (!b.setValue(j, v)) break;
          }
          if (j < m) { run.bad({ row: a + r + 1 }, names[j], mismatch(cols[j].kind, v, hints[j])); continue; }
          if (b.commit()) { yield run.emit(b.take()); run.signal.throwIfAborted(); }
        }
        run.bytes = totalRows > 0 ? Math.round((run.totalBytes ?? 0) * (z / totalRows)) : 0;
      }
      groupStart += groupRows;
    }
    run.bytes = run.totalBytes ?? 0;
    run.signal.throwIfAborted();
    if (b.n > 0) yield run.emit(b.take());
    else run.report();
  }

  return { columns, rows: totalRows, totalBytes: file.byteLength, read: readParquet };
}
