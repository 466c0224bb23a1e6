// Parquet through hyparquet: the footer gives the schema and row groups; rows are decoded RANGE_ROWS at a time
// (parquetRead with rowStart / rowEnd over the selected columns), so memory holds one range, not a row group.
//
// Kinds: BOOLEAN → boolean; INT32 / INT64 (any integer annotation), FLOAT, DOUBLE, FLOAT16, DECIMAL → numeric
// (64-bit integers and decimals as doubles); DATE, TIMESTAMP (any unit), INT96 → numeric milliseconds since
// 1970-01-01 UTC; TIME → numeric milliseconds since midnight; STRING / UTF8 / ENUM / JSON / UUID and plain
// BYTE_ARRAY (as UTF-8) → categorical. Nested columns (lists, maps, structs), fixed-length binary without an
// annotation, INTERVAL, BSON and geospatial columns are not read.
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import {
  asyncBufferFromFile, parquetMetadataAsync, parquetRead, parquetSchema,
  type AsyncBuffer, type Awaitable, type ColumnData, type Compressors, type FileMetaData, type ParquetParsers,
  type SchemaElement, type SchemaTree,
} from 'hyparquet';
import type { Pass, ReadOptions, Source, SourceColumn } from './chunks.js';
import { mismatch } from './infer.js';
import { TableReadError, type Chunk } from './types.js';

/** Rows decoded per parquetRead call. */
const RANGE_ROWS = 65_536;
/** A row group's selected column chunks up to this size are fetched once and kept while its ranges decode. */
const CACHE_BYTES = 256 * 2 ** 20;

const decoder = new TextDecoder();
// numbers rather than Date objects: cheaper, and what the profile needs
const PARSERS: Partial<ParquetParsers> = {
  timestampFromMilliseconds: (v) => Number(v),
  timestampFromMicroseconds: (v) => Number(v) / 1e3,
  timestampFromNanoseconds: (v) => Number(v / 1000n) / 1e3,
  dateFromDays: (d) => d * 86_400_000,
  jsonFromBytes: (b) => b && decoder.decode(b),
};
// hyparquet decodes SNAPPY itself; GZIP and BROTLI come from node:zlib (ZSTD / LZ4 need hyparquet-compressors)
const COMPRESSORS: Compressors = {
  GZIP: (input) => gunzipSync(input),
  BROTLI: (input) => brotliDecompressSync(input),
};

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
}

const NUMERIC = (name: string, fileType: string, note?: string): Mapped =>
  note === undefined ? { name, kind: 'numeric', source: 'file', fileType } : { name, kind: 'numeric', source: 'file', fileType, note };

function mapColumn(node: SchemaTree): Mapped {
  const el = node.element;
  const name = el.name;
  const fileType = typeName(el);
  const no = (unsupported: string): Mapped => ({ name, source: 'file', fileType, unsupported });
  if (node.children.length > 0) return no('nested columns (lists, maps, structs) cannot be profiled');
  if (el.repetition_type === 'REPEATED') return no('repeated columns cannot be profiled');
  const lt = el.logical_type;
  const ct = el.converted_type;
  if (lt?.type === 'DECIMAL' || ct === 'DECIMAL') return NUMERIC(name, fileType, 'decimal read as a double');
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

/** Slices of `file` fetched once (a row group's column chunks, re-read by each range otherwise). */
function cached(file: AsyncBuffer): AsyncBuffer {
  const kept = new Map<string, Awaitable<ArrayBuffer>>();
  return {
    byteLength: file.byteLength,
    slice(start, end) {
      const key = `${start}:${end}`;
      let v = kept.get(key);
      if (v === undefined) kept.set(key, v = file.slice(start, end));
      return v;
    },
  };
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

export async function openParquet(read: ReadOptions, signal: AbortSignal): Promise<Source> {
  let file: AsyncBuffer;
  let metadata: FileMetaData;
  try {
    file = await asyncBufferFromFile(read.file);
    metadata = await parquetMetadataAsync(file);
  } catch (e) {
    throw new TableReadError(read.file, {}, undefined, `is not a readable Parquet file (${(e as Error).message})`);
  }
  signal.throwIfAborted();
  const mapped = parquetSchema(metadata).children.map(mapColumn);
  const byName = new Map(mapped.map((c) => [c.name, c]));
  const totalRows = Number(metadata.num_rows);
  const columns = mapped.map(({ timeScale: _, ...c }) => c);

  async function* readParquet({ columns: cols, hints, run, builder: b }: Pass): AsyncGenerator<Chunk, void, undefined> {
    const names = cols.map((c) => c.name);
    const m = names.length;
    const scale = names.map((n) => byName.get(n)!.timeScale);
    let groupStart = 0;
    for (const group of metadata.row_groups) {
      const groupRows = Number(group.num_rows);
      const chunks = group.columns.filter((c) => names.includes(c.meta_data?.path_in_schema[0] ?? ''));
      // with offset indexes hyparquet fetches only the pages of a range; without, each range fetches whole chunks
      const indexed = chunks.every((c) => c.offset_index_offset !== undefined && !!c.offset_index_length);
      const bytes = chunks.reduce((s, c) => s + Number(c.meta_data?.total_compressed_size ?? 0n), 0);
      const source = indexed || bytes > CACHE_BYTES ? file : cached(file);
      for (let a = groupStart; a < groupStart + groupRows; a += RANGE_ROWS) {
        run.signal.throwIfAborted();
        const z = Math.min(a + RANGE_ROWS, groupStart + groupRows);
        const pieces = new Map(names.map((n) => [n, [] as ColumnData[]]));
        try {
          await parquetRead({
            file: source, metadata, columns: names, rowStart: a, rowEnd: z, parsers: PARSERS, compressors: COMPRESSORS,
            useOffsetIndex: indexed, onChunk: (c) => { pieces.get(c.columnName)?.push(c); },
          });
        } catch (e) {
          throw new TableReadError(read.file, { row: a + 1 }, undefined, `cannot be decoded (${(e as Error).message})`);
        }
        const ranges = names.map((n) => flatten(pieces.get(n)!, a, z));
        for (let r = 0; r < z - a; r++) {
          b.room();
          let j = 0;
          let v: unknown;
          for (; j < m; j++) {
            const { data, offset } = ranges[j];
            v = data[offset + r];
            const s = scale[j];
            if (s !== undefined && v !== null && v !== undefined) v = Number(v) * s;
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
