// CSV / TSV through csv-parse's streaming Parser. The first line is the header; blank lines are skipped
// (a quoted "" line is a record); quotes inside unquoted fields are kept (relax_quotes); a BOM is dropped and
// \n, \r\n or \r line ends are detected. Records are consumed in batches (one await per batch, not per record).
import { createReadStream } from 'node:fs';
import { pipeline, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { CsvError, Parser, type Options } from 'csv-parse';
import type { Pass, ReadOptions, Source, SourceColumn } from './chunks.js';
import { NO_VALUES, TextInference, mismatch, nullTest } from './infer.js';
import { TableReadError, type Chunk } from './types.js';

/**
 * A Parser that appends each record's first line number to the record. csv-parse pushes every record
 * synchronously while its `info` describes that record (lines = the record's last line), so the start line
 * is the previous record's last line + 1 + the blank lines skipped in between. Cheaper than the `info` /
 * `on_record` options, which copy the whole info object for every record. csv-parse counts a \r\n inside a
 * quoted field as two lines; `extra` takes those back.
 */
class LineParser extends Parser {
  private lastLine = 0;
  private lastEmpty = 0;
  private extra = 0;
  constructor(options: Options) {
    super(options);
    // a record skipped for a syntax error (skipBadRows) is never pushed: count its lines from here
    this.on('skip', () => { this.lastLine = this.info.lines; this.lastEmpty = this.info.empty_lines; });
  }

  override push(record: unknown, encoding?: BufferEncoding): boolean {
    if (record !== null) {
      const { lines, empty_lines: empty } = this.info;
      const rec = record as unknown[];
      const blanks = empty - this.lastEmpty;
      rec.push(this.lastLine - this.extra + 1 + blanks);
      if (lines - this.lastLine > 1 + blanks) {
        // a record over several lines (rare): look for quoted \r\n
        for (const f of rec) if (typeof f === 'string' && f.includes('\r\n')) this.extra += f.split('\r\n').length - 1;
      }
      this.lastLine = lines;
      this.lastEmpty = empty;
    }
    return super.push(record, encoding);
  }
}

/** Longest record accepted, in characters. */
const MAX_RECORD_CHARS = 64 * 2 ** 20;

interface Opened {
  file: ReturnType<typeof createReadStream>;
  parser: LineParser;
}

function openStreams(read: ReadOptions, signal: AbortSignal, onSkip?: (err: CsvError) => void): Opened {
  const file = createReadStream(read.file, { highWaterMark: 1 << 18, signal });
  const options: Options = {
    bom: true,
    delimiter: read.delimiter ?? ',',
    relax_column_count: true, // field counts are checked here, to name the line and skip or throw
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: onSkip !== undefined,
    // an unclosed quote would otherwise gather the rest of a huge file into one field
    max_record_size: MAX_RECORD_CHARS,
  };
  const parser = new LineParser(options);
  if (onSkip) parser.on('skip', onSkip);
  // pipeline destroys every stream on an error, so read errors (and aborts) reach the parser's consumer
  if (read.gzip) pipeline(file, createGunzip(), parser, () => {});
  else pipeline(file, parser, () => {});
  return { file, parser };
}

/** The records a stream has buffered, as arrays, waiting only when it has none. */
async function* batches(stream: Readable, max = 4096): AsyncGenerator<unknown[][], void, undefined> {
  let ended = false;
  let error: unknown;
  let wake: (() => void) | undefined;
  const notify = () => { const w = wake; wake = undefined; w?.(); };
  const onEnd = () => { ended = true; notify(); };
  const onError = (e: unknown) => { error ??= e; notify(); };
  stream.on('readable', notify);
  stream.on('end', onEnd);
  stream.on('error', onError);
  try {
    for (;;) {
      const batch: unknown[][] = [];
      let r: unknown[] | null;
      while (batch.length < max && (r = stream.read() as unknown[] | null) !== null) batch.push(r);
      if (batch.length > 0) { yield batch; continue; }
      if (error !== undefined) throw error;
      if (ended || stream.readableEnded) return;
      // read() returned null, so the stream emits 'readable' (or 'end' / 'error') when that changes
      await new Promise<void>((resolve) => { wake = resolve; });
    }
  } finally {
    stream.off('readable', notify);
    stream.off('end', onEnd);
    stream.off('error', onError);
  }
}

/** A csv-parse or read error as a TableReadError (an abort stays the abort reason). */
function readError(e: unknown, read: ReadOptions, signal: AbortSignal): unknown {
  if (signal.aborted) return signal.reason;
  if (e instanceof CsvError) {
    const line = typeof e.lines === 'number' ? e.lines : undefined;
    return new TableReadError(read.file, line === undefined ? {} : { line }, undefined, `CSV syntax: ${e.message}`);
  }
  if (e instanceof TableReadError) return e;
  return new TableReadError(read.file, {}, undefined, `cannot be read (${(e as Error).message})`);
}

function close(o: Opened): void {
  o.parser.destroy();
  o.file.destroy();
}

export async function openCsv(read: ReadOptions, signal: AbortSignal): Promise<Source> {
  const isNull = nullTest(read.nullValues);
  const o = openStreams(read, signal, read.skipBadRows ? () => {} : undefined);
  let header: string[] | undefined;
  let inference: TextInference[] = [];
  let rows = 0;
  try {
    outer: for await (const batch of batches(o.parser)) {
      for (const rec of batch) {
        const line = rec.pop() as number;
        if (header === undefined) {
          header = rec as string[];
          const dup = header.find((h, i) => header!.indexOf(h) !== i);
          if (dup !== undefined) throw new TableReadError(read.file, { line }, undefined, `the header names column ${JSON.stringify(dup)} twice`);
          inference = header.map(() => new TextInference());
          continue;
        }
        if (rows === read.inferRows) break outer;
        // rows of the wrong width are reported by chunks(), where the schema applies
        if (rec.length !== header.length) continue;
        for (let j = 0; j < rec.length; j++) inference[j].add(rec[j] as string, isNull);
        rows++;
      }
    }
  } catch (e) {
    throw readError(e, read, signal);
  } finally {
    close(o);
  }
  if (header === undefined) throw new TableReadError(read.file, {}, undefined, 'is empty: a CSV file needs a header line');
  const columns = header.map((name, j): SourceColumn => {
    const r = inference[j].result();
    return r.empty ? { name, kind: r.kind, source: 'inferred', note: NO_VALUES } : { name, kind: r.kind, source: 'inferred' };
  });
  const width = header.length;
  const index = new Map(header.map((h, j) => [h, j]));

  async function* readCsv({ columns: cols, hints, run, builder: b }: Pass): AsyncGenerator<Chunk, void, undefined> {
    const m = cols.length;
    const idx = cols.map((c) => index.get(c.name)!);
    const o = openStreams(read, run.signal, read.skipBadRows
      ? (err) => run.bad(typeof err.lines === 'number' ? { line: err.lines } : {}, undefined, `CSV syntax: ${err.message}`)
      : undefined);
    let first = true;
    try {
      for await (const batch of batches(o.parser)) {
        run.signal.throwIfAborted();
        for (const rec of batch) {
          const line = rec.pop() as number;
          if (first) { first = false; continue; } // the header
          if (rec.length !== width) {
            run.bad({ line }, undefined, `has ${rec.length} field${rec.length === 1 ? '' : 's'}, but the header has ${width}`);
            continue;
          }
          b.room();
          let j = 0;
          while (j < m && b.setText(j, rec[idx[j]] as string, isNull)) j++;
          if (j < m) {
            run.bad({ line }, cols[j].name, mismatch(cols[j].kind, rec[idx[j]], hints[j]));
            continue;
          }
          if (b.commit()) { yield run.emit(b.take()); run.signal.throwIfAborted(); }
        }
        run.bytes = o.file.bytesRead;
      }
      run.bytes = o.file.bytesRead;
      run.signal.throwIfAborted();
    if (b.n > 0) yield run.emit(b.take());
      else run.report();
    } catch (e) {
      throw readError(e, read, run.signal);
    } finally {
      close(o);
    }
  }

  return { columns, inferredFrom: rows, totalBytes: 0, read: readCsv };
}
