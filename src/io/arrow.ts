// Arrow IPC through apache-arrow's RecordBatchReader, a record batch at a time. The file format (magic
// "ARROW1", also Feather v2) is read through a FileHandle, so batches are fetched by offset rather than the
// whole file buffered; the stream format through a read stream.
//
// Kinds: Int (any width; 64-bit as doubles), Float, Decimal (as doubles) → numeric; Date, Timestamp (any unit)
// → numeric milliseconds since 1970-01-01 UTC; Time → milliseconds since midnight; Duration → milliseconds;
// Bool → boolean; Utf8 / LargeUtf8 / Utf8View → categorical; Dictionary → the kind of its values; Null →
// numeric, all missing. Binary, nested (List, Struct, Map, Union) and Interval columns are not read.
//
// apache-arrow is an optional peer dependency (~12 MB): only table.ts's dynamic import() loads this module, when
// an Arrow file is opened; a static import of it anywhere else would load apache-arrow with driftkit/io.
import { createReadStream, type ReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import {
  DataType, RecordBatchReader, TimeUnit, util, type Field, type Vector,
} from 'apache-arrow';
import type { Pass, ReadOptions, Source, SourceColumn } from './chunks.js';
import { mismatch } from './infer.js';
import { TableReadError, type Chunk } from './types.js';

const MS_PER_UNIT: Record<TimeUnit, number> = {
  [TimeUnit.SECOND]: 1000, [TimeUnit.MILLISECOND]: 1, [TimeUnit.MICROSECOND]: 1e-3, [TimeUnit.NANOSECOND]: 1e-6,
};

/** Row i of a batch's column, as a value the chunk builder converts. */
type Getter = (i: number) => unknown;
type MakeGetter = (vec: Vector) => Getter;

const viaGet: MakeGetter = (vec) => (i) => vec.get(i);

// Int up to 32 bits and Float32 / Float64: read the value buffer directly, asking validity only when there are nulls
const viaArray: MakeGetter = (vec) => {
  const a = vec.toArray() as ArrayLike<number>;
  return vec.nullCount === 0 ? (i) => a[i] : (i) => (vec.isValid(i) ? a[i] : null);
};

const scaled = (ms: number): MakeGetter => (vec) => (i) => {
  const v = vec.get(i) as number | bigint | null;
  return v === null || v === undefined ? null : Number(v) * ms;
};

interface Mapped {
  kind?: SourceColumn['kind'];
  note?: string;
  unsupported?: string;
  getter?: MakeGetter;
}

function mapType(t: DataType): Mapped {
  if (DataType.isNull(t)) return { kind: 'numeric', note: 'null type: every value missing', getter: viaGet };
  if (DataType.isInt(t)) return { kind: 'numeric', getter: t.bitWidth <= 32 ? viaArray : viaGet };
  if (DataType.isFloat(t)) return { kind: 'numeric', getter: t.precision === 0 ? viaGet : viaArray }; // HALF stores raw bits
  if (DataType.isDecimal(t)) {
    const scale = t.scale;
    return {
      kind: 'numeric', note: 'decimal read as a double',
      getter: (vec) => (i) => {
        const v = vec.get(i);
        return v === null || v === undefined ? null : util.bigNumToNumber(v, scale);
      },
    };
  }
  // apache-arrow gives dates and timestamps as epoch milliseconds
  if (DataType.isDate(t)) return { kind: 'numeric', note: 'date as milliseconds since 1970-01-01 UTC', getter: viaGet };
  if (DataType.isTimestamp(t)) return { kind: 'numeric', note: 'timestamp as milliseconds since 1970-01-01 UTC', getter: viaGet };
  if (DataType.isTime(t)) return { kind: 'numeric', note: 'time of day as milliseconds since midnight', getter: scaled(MS_PER_UNIT[t.unit]) };
  if (DataType.isDuration(t)) return { kind: 'numeric', note: 'duration as milliseconds', getter: scaled(MS_PER_UNIT[t.unit]) };
  if (DataType.isBool(t)) return { kind: 'boolean', getter: viaGet };
  if (DataType.isUtf8(t) || DataType.isLargeUtf8(t) || DataType.isUtf8View(t)) return { kind: 'categorical', getter: viaGet };
  if (DataType.isDictionary(t)) {
    const inner = mapType(t.dictionary);
    // get() decodes the dictionary; a scaled / decimal value type needs its own getter on the decoded values
    return inner.kind === undefined ? inner : { ...inner, getter: inner.getter === viaArray ? viaGet : inner.getter ?? viaGet };
  }
  if (DataType.isBinary(t) || DataType.isLargeBinary(t) || DataType.isBinaryView(t) || DataType.isFixedSizeBinary(t)) {
    return { unsupported: 'binary columns cannot be profiled' };
  }
  if (DataType.isInterval(t)) return { unsupported: 'interval columns cannot be profiled' };
  return { unsupported: 'nested columns (lists, structs, maps, unions) cannot be profiled' };
}

type Reader = Awaited<ReturnType<typeof RecordBatchReader.from<any>>> & AsyncIterable<any>;

interface Opened {
  reader: Reader;
  /** File format: batches are read by offset. */
  isFile: boolean;
  stream?: ReadStream;
  close(): Promise<void>;
}

async function openReader(read: ReadOptions, signal: AbortSignal): Promise<Opened> {
  const fail = (problem: string) => new TableReadError(read.file, {}, undefined, problem);
  let handle: FileHandle | undefined;
  let stream: ReadStream | undefined;
  try {
    handle = await open(read.file, 'r');
    const head = Buffer.alloc(6);
    const { bytesRead } = await handle.read(head, 0, 6, 0);
    const magic = head.subarray(0, bytesRead).toString('latin1');
    if (magic.startsWith('FEA1')) throw fail('is a Feather version 1 file; only Feather version 2 (Arrow IPC) can be read');
    let reader: Reader;
    const isFile = magic === 'ARROW1';
    if (isFile) {
      reader = await RecordBatchReader.from(handle) as Reader;
    } else {
      await handle.close();
      handle = undefined;
      stream = createReadStream(read.file, { highWaterMark: 1 << 18, signal });
      reader = await RecordBatchReader.from(stream) as Reader;
    }
    await reader.open({ autoDestroy: false });
    if (!reader.schema) throw fail('is empty or not an Arrow IPC file');
    const h = handle;
    const s = stream;
    return {
      reader, isFile, ...(s ? { stream: s } : {}),
      async close() {
        try { await reader.cancel(); } catch { /* already done */ }
        s?.destroy();
        try { await h?.close(); } catch { /* closed by the reader */ }
      },
    };
  } catch (e) {
    stream?.destroy();
    try { await handle?.close(); } catch { /* ignore */ }
    if (signal.aborted) throw signal.reason;
    if (e instanceof TableReadError) throw e;
    throw fail(`is not a readable Arrow IPC file (${(e as Error).message})`);
  }
}

export async function openArrow(read: ReadOptions, signal: AbortSignal): Promise<Source> {
  const first = await openReader(read, signal);
  const fields: Field[] = first.reader.schema.fields;
  await first.close();
  const getters = new Map<string, MakeGetter>();
  const columns = fields.map((f): SourceColumn => {
    const m = mapType(f.type);
    const fileType = String(f.type);
    if (m.kind === undefined) return { name: f.name, source: 'file', fileType, unsupported: m.unsupported! };
    getters.set(f.name, m.getter!);
    return m.note === undefined
      ? { name: f.name, kind: m.kind, source: 'file', fileType }
      : { name: f.name, kind: m.kind, source: 'file', fileType, note: m.note };
  });
  const dup = fields.find((f, i) => fields.findIndex((g) => g.name === f.name) !== i);
  if (dup) throw new TableReadError(read.file, {}, undefined, `names column ${JSON.stringify(dup.name)} twice`);

  async function* readArrow({ columns: cols, hints, run, builder: b }: Pass): AsyncGenerator<Chunk, void, undefined> {
    const names = cols.map((c) => c.name);
    const m = names.length;
    const o = await openReader(read, run.signal);
    // close() of the table aborts the pass: release the file even if nobody resumes this generator
    const onAbort = () => { void o.close(); };
    run.signal.addEventListener('abort', onAbort, { once: true });
    try {
      const index = names.map((n) => o.reader.schema.fields.findIndex((f: Field) => f.name === n));
      let rowBase = 0;
      let batches = 0;
      for await (const batch of o.reader) {
        run.signal.throwIfAborted();
        const get = names.map((n, j) => getters.get(n)!(batch.getChildAt(index[j])!));
        const rows: number = batch.numRows;
        for (let r = 0; r < rows; r++) {
          b.room();
          let j = 0;
          let v: unknown;
          for (; j < m; j++) {
            v = get[j](r);
            if (!b.setValue(j, v)) break;
          }
          if (j < m) { run.bad({ row: rowBase + r + 1 }, names[j], mismatch(cols[j].kind, v, hints[j])); continue; }
          if (b.commit()) { yield run.emit(b.take()); run.signal.throwIfAborted(); }
        }
        rowBase += rows;
        batches++;
        run.bytes = o.isFile
          ? Math.round((run.totalBytes ?? 0) * (batches / Math.max(1, o.reader.numRecordBatches)))
          : o.stream?.bytesRead ?? 0;
      }
      run.bytes = run.totalBytes ?? run.bytes;
      run.signal.throwIfAborted();
    if (b.n > 0) yield run.emit(b.take());
      else run.report();
    } catch (e) {
      if (run.signal.aborted) throw run.signal.reason;
      if (e instanceof TableReadError) throw e;
      throw new TableReadError(read.file, {}, undefined, `cannot be decoded (${(e as Error).message})`);
    } finally {
      run.signal.removeEventListener('abort', onAbort);
      await o.close();
    }
  }

  return { columns, totalBytes: 0, read: readArrow };
}
