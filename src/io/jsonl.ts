// JSON Lines / NDJSON: one JSON object per line (blank lines skipped, \r\n accepted, a BOM dropped). Columns
// are the keys of the inference rows in first-seen order; a missing key or null is a missing value, and keys
// first seen after the inference rows are ignored unless selected with a type. Kinds go by JSON type (see
// infer.ts).
import { createReadStream } from 'node:fs';
import { pipeline, type Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { binaryError } from './binary.js';
import type { Pass, ReadOptions, Source, SourceColumn } from './chunks.js';
import { NO_VALUES, ValueInference, mismatch, problem, show } from './infer.js';
import { TableReadError, type Chunk } from './types.js';

interface Lines {
  lines: string[];
  /** Line number of lines[0]. */
  first: number;
  /** File bytes read so far. */
  bytes: number;
}

/** Longest line accepted, in characters (a file without line breaks would otherwise be held whole). */
const MAX_LINE_CHARS = 64 * 2 ** 20;

/** The file's lines, a stream chunk at a time. */
async function* lineBatches(read: ReadOptions, signal: AbortSignal): AsyncGenerator<Lines, void, undefined> {
  const file = createReadStream(read.file, { highWaterMark: 1 << 18, signal });
  const src: Readable = read.gzip ? pipeline(file, createGunzip(), () => {}) : file;
  const decoder = new StringDecoder('utf8');
  let rest = '';
  let next = 1;
  let start = true;
  try {
    for await (const buf of src) {
      if (start && (buf as Buffer).length > 0) {
        // a binary file (a PNG or Parquet file named .jsonl) is an error before its bytes are parsed as lines
        const e = binaryError(buf as Buffer, read.file, read.gzip, 'JSON Lines');
        if (e) throw e;
      }
      let piece = decoder.write(buf as Buffer);
      if (start && piece.length > 0) {
        if (piece.charCodeAt(0) === 0xfeff) piece = piece.slice(1);
        start = false;
      }
      // split only at the last line break of the new piece, so a long line is not rescanned chunk after chunk
      const cut = piece.lastIndexOf('\n');
      if (cut < 0) {
        rest += piece;
        if (rest.length > MAX_LINE_CHARS) {
          throw new TableReadError(read.file, { line: next }, undefined, `is longer than ${MAX_LINE_CHARS / 2 ** 20} Mi characters; JSON Lines needs one object per line`);
        }
        continue;
      }
      const lines = (rest + piece.slice(0, cut)).split('\n');
      rest = piece.slice(cut + 1);
      yield { lines, first: next, bytes: file.bytesRead };
      next += lines.length;
    }
    const tail = rest + decoder.end();
    if (tail !== '') yield { lines: [tail], first: next, bytes: file.bytesRead };
  } catch (e) {
    if (signal.aborted) throw signal.reason;
    if (e instanceof TableReadError) throw e;
    throw new TableReadError(read.file, {}, undefined, `cannot be read (${(e as Error).message})`);
  } finally {
    src.destroy();
    file.destroy();
  }
}

// JSON.parse tolerates the \r of \r\n and surrounding blanks; only lines not starting with '{' need the blank test
const blank = (s: string) => s.charCodeAt(0) !== 123 && s.trim() === '';

type Parsed = { ok: true; row: Record<string, unknown> } | { ok: false; problem: string };

function parseRow(s: string): Parsed {
  let v: unknown;
  try {
    v = JSON.parse(s);
  } catch (e) {
    return { ok: false, problem: `is not valid JSON (${(e as Error).message})` };
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return { ok: false, problem: `is not a JSON object: ${show(v)}` };
  return { ok: true, row: v as Record<string, unknown> };
}

export async function openJsonl(read: ReadOptions, signal: AbortSignal): Promise<Source> {
  const seen = new Map<string, ValueInference>();
  let rows = 0;
  outer: for await (const { lines, first } of lineBatches(read, signal)) {
    for (let i = 0; i < lines.length; i++) {
      if (rows === read.inferRows) break outer;
      if (blank(lines[i])) continue;
      const p = parseRow(lines[i]);
      if (!p.ok) continue; // reported by chunks(), which applies skipBadRows
      for (const k of Object.keys(p.row)) {
        let inf = seen.get(k);
        if (inf === undefined) seen.set(k, inf = new ValueInference());
        inf.add(p.row[k], first + i);
      }
      rows++;
    }
  }
  const columns = [...seen].map(([name, inf]): SourceColumn => {
    const r = inf.result();
    if (inf.nested) {
      return { name, source: 'inferred', unsupported: `line ${inf.nested.line} ${problem('categorical', inf.nested.value)}` };
    }
    return r.empty ? { name, kind: r.kind, source: 'inferred', note: NO_VALUES } : { name, kind: r.kind, source: 'inferred' };
  });

  async function* readJsonl({ columns: cols, hints, run, builder: b }: Pass): AsyncGenerator<Chunk, void, undefined> {
    const m = cols.length;
    const names = cols.map((c) => c.name);
    // keys such as "constructor" would otherwise read Object.prototype when a row lacks them
    const own = names.map((n) => n in Object.prototype);
    for await (const { lines, first, bytes } of lineBatches(read, run.signal)) {
      run.signal.throwIfAborted();
      for (let i = 0; i < lines.length; i++) {
        const s = lines[i];
        if (blank(s)) continue;
        const line = first + i;
        const p = parseRow(s);
        if (!p.ok) { run.bad({ line }, undefined, p.problem); continue; }
        const row = p.row;
        b.room();
        let j = 0;
        let v: unknown;
        for (; j < m; j++) {
          v = own[j] && !Object.hasOwn(row, names[j]) ? undefined : row[names[j]];
          if (!b.setValue(j, v)) break;
        }
        if (j < m) { run.bad({ line }, names[j], mismatch(cols[j].kind, v, hints[j])); continue; }
        if (b.commit()) { yield run.emit(b.take()); run.signal.throwIfAborted(); }
      }
      run.bytes = bytes;
    }
    run.signal.throwIfAborted();
    if (b.n > 0) yield run.emit(b.take());
    else run.report();
  }

  return { columns, openKeys: true, inferredFrom: rows, totalBytes: 0, read: readJsonl };
}
