// CSV / TSV files, optionally gzip-compressed, through src/io/records.ts (uDSV with its records checked, csv-parse
// where it cannot be trusted; the page reads Blobs through the same reader). The first record is the header; blank
// lines are skipped (a quoted "" line is a record); quotes inside unquoted fields are kept; a BOM is dropped and \n,
// \r\n or \r line ends are detected. Each text piece is parsed whole and the chunks it completed are yielded after it.
import { createReadStream } from 'node:fs';
import { pipeline, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { checkedText } from './binary.js';
import { textRecordSink, type Pass, type ReadOptions, type Source, type SourceColumn } from './chunks.js';
import { NO_VALUES, TextInference, nullTest } from './infer.js';
import { CsvRecords, CsvSyntaxError, textPieces } from './records.js';
import { TableReadError, type Chunk } from './types.js';

/** A syntax or read error as a TableReadError (an abort stays the abort reason). */
function readError(e: unknown, read: ReadOptions, signal: AbortSignal): unknown {
  if (signal.aborted) return signal.reason;
  if (e instanceof CsvSyntaxError) return new TableReadError(read.file, { line: e.line }, undefined, `CSV syntax: ${e.message}`);
  if (e instanceof TableReadError) return e;
  return new TableReadError(read.file, {}, undefined, `cannot be read (${(e as Error).message})`);
}

/** The file's text into `reader` a piece at a time, yielding the bytes read after each (and after end()). */
async function* feed(read: ReadOptions, signal: AbortSignal, reader: CsvRecords): AsyncGenerator<number, void, undefined> {
  const file = createReadStream(read.file, { highWaterMark: 1 << 18, signal });
  // pipeline destroys both streams on an error, so read errors (and aborts) reach the loop
  const src: Readable = read.gzip ? pipeline(file, createGunzip(), () => {}) : file;
  try {
    // a binary file (a PNG or Parquet file named .csv) is an error before its bytes are parsed as records
    for await (const text of textPieces(checkedText(src, read.file, read.gzip, read.delimiter === '\t' ? 'TSV' : 'CSV'))) {
      reader.push(text);
      if (reader.stopped) return;
      yield file.bytesRead;
    }
    reader.end();
    yield file.bytesRead;
  } catch (e) {
    throw readError(e, read, signal);
  } finally {
    src.destroy();
    file.destroy();
  }
}

export async function openCsv(read: ReadOptions, signal: AbortSignal): Promise<Source> {
  const isNull = nullTest(read.nullValues);
  const delimiter = read.delimiter ?? ',';
  let header: string[] | undefined;
  let inference: TextInference[] = [];
  let rows = 0;
  const sampler = new CsvRecords({
    delimiter,
    skipBadRows: read.skipBadRows,
    parse,
    onRecord: (rec, line) => {
      if (header === undefined) {
        const h = rec;
        const dup = h.find((x, i) => h.indexOf(x) !== i);
        if (dup !== undefined) throw new TableReadError(read.file, { line }, undefined, `the header names column ${JSON.stringify(dup)} twice`);
        header = h;
        inference = h.map(() => new TextInference());
        return read.inferRows > 0;
      }
      // rows of the wrong width are reported by chunks(), where the schema applies
      if (rec.length !== header.length) return true;
      for (let j = 0; j < rec.length; j++) inference[j].add(rec[j], isNull);
      return ++rows < read.inferRows;
    },
  });
  for await (const _ of feed(read, signal, sampler));
  if (header === undefined) throw new TableReadError(read.file, {}, undefined, 'is empty: a CSV file needs a header line');
  const h: string[] = header;
  const columns = h.map((name, j): SourceColumn => {
    const r = inference[j].result();
    return r.empty ? { name, kind: r.kind, source: 'inferred', note: NO_VALUES } : { name, kind: r.kind, source: 'inferred' };
  });
  const width = h.length;
  const index = new Map(h.map((name, j) => [name, j]));

  async function* readCsv({ columns: cols, hints, run, builder: b }: Pass): AsyncGenerator<Chunk, void, undefined> {
    const idx = cols.map((c) => index.get(c.name)!);
    const ready: Chunk[] = [];
    const reader = new CsvRecords({
      delimiter,
      skipBadRows: read.skipBadRows,
      parse,
      onSkip: (line, message) => run.bad({ line }, undefined, `CSV syntax: ${message}`),
      onRecord: textRecordSink(run, b, { width, columns: cols, index: idx, hints, isNull }, (c) => ready.push(c)),
    });
    run.signal.throwIfAborted();
    for await (const bytes of feed(read, run.signal, reader)) {
      run.bytes = bytes;
      for (const chunk of ready.splice(0)) {
        yield chunk;
        run.signal.throwIfAborted();
      }
    }
    if (b.n > 0) yield run.emit(b.take());
    else run.report();
  }

  return { columns, inferredFrom: rows, totalBytes: 0, read: readCsv };
}
