// CSV records from decoded text, shared by the CLI (src/io/csv.ts: files, gzip) and the page (src/page/csv.ts: a
// Blob's stream). Browser-safe: no Node built-ins; csv-parse's sync parse is passed in, because its Node build is
// ~2.5× faster in Node than the browser build the page has to use.
//
// The records are csv-parse's with { relax_quotes, relax_column_count, skip_empty_lines } and the line end (\n, \r\n
// or \r) of the first line: blank lines skipped, a quote inside an unquoted field kept, records of any width (the
// caller checks widths). A record's line is its first physical line, counting the line end's last character ('\n'
// for \n and \r\n, '\r' for \r), so blank lines and line breaks inside quoted fields count.
//
// uDSV reads most of the text (~300 MB/s, 10× csv-parse), but it is made for well-formed CSV: it cannot tell a row's
// width (every row comes out as wide as the header: a short row takes fields from the next line, a long one keeps the
// rest in its last field), its plain parser loops forever when the delimiters run out mid-row, it skips blank lines
// without a trace, strips a U+FEFF at the start of every call, and its quoted parser drops every row of a one-column
// file and reads a quote closed in mid-field ("bad"quote) differently. So uDSV's records are never taken on trust:
// - lines without a quote go to its plain parser in runs between blank lines, the last line holding a full row of
//   delimiters; each record must be exactly its line (fields + delimiters + line end, no delimiter in the last
//   field). Without quotes no field holds a line break, so line numbers are counted, not parsed.
// - lines with quotes go to its quoted parser a region at a time (a region ends where no quoted field is open, as far
//   as the quotes tell); each record must match the text field by field: a quoted value with its quotes doubled, or
//   the text itself, then the delimiter or the line end, line breaks only inside quoted values.
// - the rest goes to csv-parse: the header, the lines or records that fail those checks, and what uDSV cannot take.
//   When the quotes lied (csv-parse finds the region's last quote open), it retries up to the end of the text so far,
//   then with four times the text; the records before an open one are passed on, so only that record waits for
//   more text, and it may not grow past MAX_RECORD_CHARS.
import type { InfoRecord, Options as ParseOptions } from 'csv-parse/sync';
import { initParser, type Parser, type Schema } from 'udsv';

/** Longest record accepted, in characters: an unclosed quote fails instead of gathering the rest of a huge file. */
export const MAX_RECORD_CHARS = 64 * 2 ** 20;

/** csv-parse's sync parse: csv-parse/sync in Node, csv-parse/browser/esm/sync in a browser. */
export type ExactParse = (input: string, options: ParseOptions) => string[][];

/** A CSV syntax error at a record's first line (the line is not in the message). */
export class CsvSyntaxError extends Error {
  constructor(readonly line: number, message: string) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

export interface CsvRecordsOptions {
  delimiter: string;
  /** A record with a syntax error (an unclosed quote at the end) goes to onSkip instead of throwing. */
  skipBadRows: boolean;
  parse: ExactParse;
  /** Each record (the header first) and its first line; false stops reading. */
  onRecord: (fields: string[], line: number) => boolean | void;
  onSkip?: (line: number, message: string) => void;
}

const QUOTE = '"';
/** Quote-free text shorter than this between two quoted lines joins their region (a region costs a few records). */
const GAP = 2048;
const NOT_CLOSED = 'Quote Not Closed: the record starting on this line opens a quote that is never closed';
const TOO_LONG = `Max Record Size: the record starting on this line is longer than ${MAX_RECORD_CHARS / 2 ** 20} Mi characters (a quote left open?)`;

interface Failure {
  /** Where the failing record starts. */
  at: number;
  line: number;
  code: string;
  message: string;
}

const count = (s: string, ch: string): number => {
  let n = 0;
  for (let i = s.indexOf(ch); i !== -1; i = s.indexOf(ch, i + 1)) n++;
  return n;
};

/** Repeated searches for one pattern in one text, from growing positions: a search is reused until passed. */
class Finder {
  /** The text searched, by its version (comparing two long strings would cost a scan). */
  private version = -1;
  private from = -1;
  private at = -1;

  /** The first index of `pattern` in s (version `version`) at or after a, or -1. */
  next(s: string, version: number, pattern: string, a: number): number {
    if (version !== this.version || this.from > a || (this.at !== -1 && this.at < a)) {
      this.version = version;
      this.from = a;
      this.at = s.indexOf(pattern, a);
    }
    return this.at;
  }
}

/** Push text pieces, then end(); records arrive through onRecord in file order. Errors throw from push()/end(). */
export class CsvRecords {
  private buf = '';
  /** Changes with buf. */
  private version = 0;
  /** buf before pos is done; pos is a record boundary on line `line`. */
  private pos = 0;
  private line = 1;
  private eol: string | undefined;
  /** The character counted as a line break. */
  private brk = '\n';
  /** Fields of the first record (the header); -1 before it. */
  private width = -1;
  private udsv: Parser | undefined;
  /** uDSV's parser for lines with quotes. */
  private udsvQ: Parser | undefined;
  /** The line of a record uDSV's quoted parser could not take (csv-parse reads it). */
  private quotedLine = 0;
  private readonly fastOk: boolean;
  private readonly parseOptions: ParseOptions;
  private final = false;
  private done = false;
  // pieces held back while an unfinished record waits for `holdLen` characters or a line break
  private parts: string[] = [];
  private held = 0;
  private holdLen = 0;
  private holdBreak = false;
  // searches in buf that later runs reuse
  private readonly blanks = new Finder();
  private readonly lineCr = new Finder();
  // line end detection: characters scanned from pos, and whether a quote was open there
  private eolScanned = 0;
  private eolOpen = false;
  // exact path: the line of a record left open at the end of the text, and how much text it waits for
  private openLine = 0;
  private retryLen = 0;
  /** The line whose balanced region csv-parse found open: parse to the end of the text instead. */
  private greedyLine = 0;

  constructor(private readonly o: CsvRecordsOptions) {
    // a delimiter holding a quote or line break is csv-parse's business alone
    this.fastOk = !/["\r\n]/.test(o.delimiter);
    this.parseOptions = {
      delimiter: o.delimiter,
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: true,
      max_record_size: MAX_RECORD_CHARS,
    };
  }

  /** Reading was stopped by onRecord returning false. */
  get stopped(): boolean {
    return this.done && !this.final;
  }

  push(text: string): void {
    if (this.done) return;
    if (this.holdLen > 0 || this.holdBreak) {
      // an unfinished record waits: keep the pieces apart until they can finish it (joining and rescanning a long
      // record at every piece would be quadratic)
      this.parts.push(text);
      this.held += text.length;
      const have = this.buf.length - this.pos + this.held;
      if (have > MAX_RECORD_CHARS) throw new CsvSyntaxError(this.line, TOO_LONG);
      if (have < this.holdLen || (this.holdBreak && !/[\r\n]/.test(text))) return;
      text = this.join();
    }
    this.buf = this.pos < this.buf.length ? this.buf.slice(this.pos) + text : text;
    this.version++;
    this.pos = 0;
    this.run();
  }

  end(): void {
    if (this.done) return;
    if (this.parts.length > 0) {
      this.buf = this.buf.slice(this.pos) + this.join();
      this.version++;
      this.pos = 0;
    }
    this.final = true;
    this.run();
    this.done = true;
  }

  private join(): string {
    const text = this.parts.join('');
    this.parts = [];
    this.held = 0;
    this.holdLen = 0;
    this.holdBreak = false;
    return text;
  }

  private run(): void {
    for (;;) {
      if (this.done) return;
      if (this.eol === undefined && !this.detectEol()) {
        // waiting for a line break, or for the character after a \r
        const have = this.buf.length - this.pos;
        return this.buf.endsWith('\r') ? this.wait(have + 1, false) : this.wait(0, true);
      }
      const eol = this.eol!;
      // a last line without a line end: give it one, so every record ends with one
      if (this.final && this.pos < this.buf.length && !this.buf.endsWith(eol)) {
        this.buf += eol;
        this.version++;
      }
      const s = this.buf;
      let pos = this.pos;
      while (s.startsWith(eol, pos)) { pos += eol.length; this.line++; }
      this.pos = pos;
      if (pos >= s.length) return;
      const last = s.lastIndexOf(eol);
      const complete = last < pos ? pos : last + eol.length;
      if (complete === pos) return this.wait(0, true);
      if (this.width < 0 || !this.fastOk) {
        if (!this.exact(complete)) return this.wait(this.retryLen, false);
        continue;
      }
      const q = s.indexOf(QUOTE, pos);
      if (q === -1 || q >= complete) { this.fastRuns(complete); continue; }
      const before = s.lastIndexOf(eol, q);
      if (before >= pos) { this.fastRuns(before + eol.length); continue; }
      if (!this.exact(complete)) return this.wait(this.retryLen, false);
    }
  }

  /**
   * The text from pos is one unfinished record: wait for more, unless it is already too long. Hold new pieces until
   * there are `len` characters from pos, or (`onBreak`) one of them holds a line break.
   */
  private wait(len: number, onBreak: boolean): void {
    if (this.buf.length - this.pos > MAX_RECORD_CHARS) throw new CsvSyntaxError(this.line, TOO_LONG);
    if (this.final) return;
    this.holdLen = len;
    this.holdBreak = onBreak;
  }

  /** Find the line end (csv-parse's auto-discovery: the first \r\n, \n or \r outside quotes); false until known. */
  private detectEol(): boolean {
    const s = this.buf;
    let open = this.eolOpen;
    for (let i = this.pos + this.eolScanned; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 34) {
        if (open) {
          if (i + 1 === s.length && !this.final) return this.eolWait(i, open);
          if (s.charCodeAt(i + 1) === 34) i++; // an escaped quote
          else open = false;
        } else if (this.fieldStart(i)) {
          open = true;
        }
      } else if (!open && (c === 10 || c === 13)) {
        if (c === 13 && i + 1 === s.length && !this.final) return this.eolWait(i, open);
        this.setEol(c === 10 ? '\n' : s.charCodeAt(i + 1) === 10 ? '\r\n' : '\r');
        return true;
      }
    }
    if (!this.final) return this.eolWait(s.length, open);
    this.setEol('\n'); // no line break at all: one line
    return true;
  }

  private eolWait(i: number, open: boolean): false {
    this.eolScanned = i - this.pos;
    this.eolOpen = open;
    return false;
  }

  /** A quote at i opens a quoted field (csv-parse takes a quote elsewhere as text). */
  private fieldStart(i: number): boolean {
    if (i === this.pos) return true;
    const c = this.buf.charCodeAt(i - 1);
    return c === 10 || c === 13 || this.buf.startsWith(this.o.delimiter, i - this.o.delimiter.length);
  }

  private setEol(eol: string): void {
    this.eol = eol;
    this.brk = eol === '\r' ? '\r' : '\n';
    this.parseOptions.record_delimiter = [eol];
  }

  private emit(fields: string[], line: number): boolean {
    if (this.width < 0) {
      this.width = fields.length;
      this.udsv = initParser({
        col: this.o.delimiter, row: this.eol!, encl: '', esc: '', trim: false,
        cols: fields.map((_, j) => ({ name: `${j}`, type: 's' as const, repl: { empty: undefined, null: undefined, NaN: undefined } })),
      });
    }
    if (this.o.onRecord(fields, line) === false) this.done = true;
    return !this.done;
  }

  // ---- fast path ----

  /** Quote-free whole lines from pos to end, as runs between blank lines. */
  private fastRuns(end: number): void {
    const s = this.buf;
    const eol = this.eol!;
    let a = this.pos;
    while (a < end && !this.done) {
      while (a < end && s.startsWith(eol, a)) { a += eol.length; this.line++; }
      if (a >= end) break;
      const b = this.blanks.next(s, this.version, eol + eol, a);
      this.fastRun(a, b === -1 || b >= end ? end : b + eol.length);
      a = b === -1 || b >= end ? end : b + eol.length;
    }
    this.pos = end;
  }

  /** Quote-free whole lines without blank lines: uDSV where it can, csv-parse for lines it cannot take. */
  private fastRun(a: number, e: number): void {
    const s = this.buf;
    const eol = this.eol!;
    while (a < e && !this.done) {
      // uDSV strips a leading U+FEFF, and takes a line starting with a lone \r for a blank \r\n line
      const c = s.charCodeAt(a);
      if (c === 0xfeff || (c === 13 && eol === '\r\n')) {
        const end = s.indexOf(eol, a) + eol.length;
        this.exactLines(a, end);
        a = end;
        continue;
      }
      let b = e;
      if (eol === '\r\n') {
        const cr = this.lineCr.next(s, this.version, '\r\n\r', a);
        if (cr !== -1 && cr + 2 < e) b = cr + 2;
      }
      this.fastLines(a, b);
      a = b;
    }
  }

  /** Lines [a, b) through uDSV, each record checked to be its own line before it is passed on. */
  private fastLines(a: number, b: number): void {
    const w = this.width;
    const d = this.o.delimiter;
    const eol = this.eol!;
    const brk = this.brk;
    let text = this.buf.slice(a, b);
    let short = -1;
    // uDSV loops forever when the delimiters run out mid-row: its last line must hold a full row's worth (short
    // last lines are left to csv-parse)
    while (w > 1 && text.length > 0) {
      const nl = text.lastIndexOf(eol, text.length - eol.length - 1);
      const last = nl === -1 ? 0 : nl + eol.length;
      let i = last;
      for (let k = 1; k < w && i !== -1; k++) {
        i = text.indexOf(d, i);
        if (i !== -1) i += d.length;
      }
      if (i !== -1) break;
      short = a + last;
      text = text.slice(0, last);
    }
    const recs: string[][] = [];
    if (text.length > 0) this.udsv!.stringArrs(text, (r) => { recs.push(r); });
    // A record is its line when it ends at the line's end: fields + delimiters + line end. A short row took fields
    // from the next line (it ends later), a long one holds the rest in its last field; csv-parse reads those lines.
    const rest = (w - 1) * d.length + eol.length;
    const sink = this.o.onRecord;
    let p = 0;
    for (let k = 0; k < recs.length; k++) {
      const r = recs[k];
      let end = p + rest;
      for (let j = 0; j < w; j++) end += r[j].length;
      if (end === text.indexOf(brk, p) + 1 && !r[w - 1].includes(d)) {
        if (sink(r, this.line++) === false) { this.done = true; return; }
      } else {
        if (end > text.length) end = text.length;
        this.exactLines(a + p, a + end);
        if (this.done) return;
      }
      p = end;
    }
    if (p < text.length) this.exactLines(a + p, a + text.length);
    if (short !== -1 && !this.done) this.exactLines(short, b);
  }

  /** csv-parse over whole lines that hold no quote (nothing can stay open). */
  private exactLines(a: number, e: number): void {
    const f = this.region(a, e);
    if (f !== undefined) throw new CsvSyntaxError(f.line, f.message);
  }

  // ---- exact path ----

  /**
   * The records from pos (a line with a quote, or the header, or any line when the delimiter holds a quote or line
   * break), whole lines up to `complete` at most: uDSV's quoted parser where it can, csv-parse for the rest; false
   * when it needs more text.
   */
  private exact(complete: number): boolean {
    const pos = this.pos;
    const retry = this.openLine === this.line;
    if (retry && !this.final && complete - pos < this.retryLen) return false;
    // to the end of the text when the quotes lied, or when the fast path cannot take the lines after it anyway
    const greedy = this.greedyLine === this.line || !this.fastOk;
    // the header alone: the records after it may go through uDSV
    let end = greedy ? -1 : this.balanced(complete, this.width > 0);
    if (end === -1 && !greedy && !retry && !this.final) {
      // no line end closes the quotes yet: most likely a record cut by the end of the text so far. Wait for more
      // text before csv-parse looks (it decides when the quotes lied); each retry waits for 4× the text, so an
      // unclosed quote costs csv-parse about a third of MAX_RECORD_CHARS before the record is too long.
      this.openLine = this.line;
      this.retryLen = 4 * (complete - pos);
      return false;
    }
    if (end !== -1 && this.width > 1 && this.quotedLine !== this.line) {
      const p = this.quotedLines(pos, end);
      if (this.done || p > pos) {
        this.pos = p;
        return true;
      }
      // uDSV could not take this record: csv-parse for its lines alone
      this.quotedLine = this.line;
      end = this.balanced(complete, false);
    }
    if (end === -1) end = complete;
    const f = this.region(pos, end);
    if (this.done) return true;
    if (f === undefined) {
      this.pos = end;
      return true;
    }
    // the records before the failing one are passed on: it starts at f.at, on f.line
    this.pos = f.at;
    this.line = f.line;
    if (f.code !== 'CSV_QUOTE_NOT_CLOSED') throw new CsvSyntaxError(f.line, f.message);
    if (f.at > pos) return true; // progress: look again from the open record
    if (end < complete) { this.greedyLine = f.line; return true; }
    if (this.final) {
      if (!this.o.skipBadRows) throw new CsvSyntaxError(f.line, f.message);
      this.o.onSkip?.(f.line, f.message); // the open quote took the rest of the file
      this.pos = this.buf.length;
      return true;
    }
    this.openLine = f.line;
    this.retryLen = 4 * (complete - pos);
    return false;
  }

  /**
   * Whole records [a, e) through uDSV's quoted parser, each checked against the text before it is passed on: every
   * field is a quoted value (its quotes doubled) or the text itself, followed by the delimiter or the line end, and
   * line breaks only inside quoted values. uDSV's quoted parser is not csv-parse where the text is not well-formed
   * (a quote closed in mid-field, a row of another width, a blank line); the check stops at the first such record.
   * Returns where the records passed on end.
   */
  private quotedLines(a: number, e: number): number {
    const eol = this.eol!;
    const text = this.buf.slice(a, e);
    // uDSV strips a leading U+FEFF; blank lines are csv-parse's (their lines count)
    if (text.charCodeAt(0) === 0xfeff || text.includes(eol + eol)) return a;
    this.udsvQ ??= initParser({ ...this.udsv!.schema, encl: QUOTE, esc: QUOTE } as Schema);
    const recs: string[][] = [];
    this.udsvQ.stringArrs(text, (r) => { recs.push(r); });
    const w = this.width;
    const d = this.o.delimiter;
    const brk = this.brk;
    const sink = this.o.onRecord;
    let p = 0;
    for (let k = 0; k < recs.length; k++) {
      const r = recs[k];
      if (r.length !== w) break;
      let at = p;
      let inner = 0; // line breaks inside quoted values
      let j = 0;
      for (; j < w; j++) {
        const v = r[j];
        if (text.charCodeAt(at) === 34) {
          // "v" with each quote in v doubled
          if (v.includes(QUOTE)) {
            const close = at + 1 + v.length + count(v, QUOTE);
            if (text.charCodeAt(close) !== 34 || text.slice(at + 1, close).replaceAll('""', QUOTE) !== v) break;
            at = close + 1;
          } else {
            if (!text.startsWith(v, at + 1) || text.charCodeAt(at + 1 + v.length) !== 34) break;
            at += v.length + 2;
          }
          if (v.includes(brk)) inner += count(v, brk);
        } else {
          // the text itself (uDSV slices it from here); in the last field a delimiter means a long row
          if (j === w - 1 && v.includes(d)) break;
          at += v.length;
        }
        const sep = j < w - 1 ? d : eol;
        if (!text.startsWith(sep, at)) break;
        at += sep.length;
      }
      if (j < w) break;
      const breaks = inner === 0 ? (text.indexOf(brk, p) === at - 1 ? 1 : -1) : count(text.slice(p, at), brk);
      if (breaks !== inner + 1) break;
      if (sink(r, this.line) === false) { this.done = true; return a + at; }
      this.line += breaks;
      p = at;
    }
    return a + p;
  }

  /**
   * The end of the first line from pos where no quoted field is open (as far as quotes tell), extended over the
   * following lines while the next quote is near (`join`); -1 when no line up to `complete` closes them.
   */
  private balanced(complete: number, join: boolean): number {
    const s = this.buf;
    const eol = this.eol!;
    let q = s.indexOf(QUOTE, this.pos);
    let open = false;
    let i = this.pos;
    let found = -1;
    for (;;) {
      // an open quote with no quote after it stays open
      if (open && (q === -1 || q >= complete)) return found;
      const e = s.indexOf(eol, i);
      if (e === -1 || e + eol.length > complete) return found;
      while (q !== -1 && q < e) {
        if (open) {
          if (s.charCodeAt(q + 1) === 34) q++; // an escaped quote
          else open = false;
        } else if (this.fieldStart(q)) {
          open = true;
        }
        q = s.indexOf(QUOTE, q + 1);
      }
      i = e + eol.length;
      if (open) continue;
      found = i;
      if (!join || q === -1 || q >= complete || q - i > GAP) return found;
    }
  }

  /**
   * csv-parse over buf[a, e) (whole lines, starting at a record boundary on this.line): its records are passed on
   * with their lines; undefined when all parsed, else where the failing record starts and why.
   */
  private region(a: number, e: number): Failure | undefined {
    const text = this.buf.slice(a, e);
    const eol = this.eol!;
    const brk = this.brk;
    const start = this.line;
    let recs: string[][] | undefined;
    // blank lines before each record (csv-parse skips them, but they count); only known through on_record
    let gaps: number[] | undefined;
    let error: { code?: unknown; message?: unknown; empty_lines?: unknown } | undefined;
    let seen = 0;
    if (!text.includes(eol + eol)) {
      try {
        recs = this.o.parse(text, this.parseOptions);
      } catch {
        // again below, keeping the records before the error
      }
    }
    if (recs === undefined) {
      const rs: string[][] = [];
      const gs: number[] = [];
      try {
        this.o.parse(text, {
          ...this.parseOptions,
          on_record: (r: string[], c: InfoRecord) => { rs.push(r); gs.push(c.empty_lines - seen); seen = c.empty_lines; return null; },
        });
      } catch (x) {
        error = x as typeof error;
        if (typeof error?.code !== 'string') throw x;
      }
      recs = rs;
      gaps = gs;
    }
    const breaks = count(text, brk);
    // every record one line (the common case) unless the lines say otherwise
    const oneLine = error === undefined && recs.length + seen === breaks;
    let line = start;
    for (let k = 0; k < recs.length; k++) {
      const r = recs[k];
      if (gaps !== undefined) line += gaps[k];
      if (this.width < 0 ? !this.emit(r, line) : this.o.onRecord(r, line) === false) { this.done = true; return undefined; }
      line++;
      if (!oneLine) for (let j = 0; j < r.length; j++) if (r[j].includes(brk)) line += count(r[j], brk);
    }
    if (error === undefined) {
      this.line = start + breaks;
      return undefined;
    }
    line += Number(error.empty_lines ?? seen) - seen;
    // the failing record starts after the (line - start)-th line break of the region
    let at = 0;
    for (let n = line - start; n > 0; n--) at = text.indexOf(brk, at) + 1;
    const code = error.code as string;
    const message = code === 'CSV_QUOTE_NOT_CLOSED' ? NOT_CLOSED : code === 'CSV_MAX_RECORD_SIZE' ? TOO_LONG : String(error.message);
    return { at: a + at, line, code, message };
  }
}

/** How many bytes of b end on a UTF-8 character boundary (all of b, or up to the lead byte of a split character). */
function utf8Whole(b: Uint8Array): number {
  let i = b.length - 1;
  while (i >= 0 && b.length - i <= 3 && (b[i] & 0xc0) === 0x80) i--;
  if (i < 0) return b.length;
  const lead = b[i];
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return b.length - i >= need ? b.length : i;
}

/**
 * Bytes as text pieces of at least `min` characters (fewer, larger pieces for the parser). The encoding goes by the
 * BOM as csv-parse's did: UTF-16LE after FF FE, else UTF-8; one leading BOM is dropped.
 */
export async function* textPieces(bytes: AsyncIterable<Uint8Array>, min = 1 << 18): AsyncGenerator<string, void, undefined> {
  let utf16: TextDecoder | undefined;
  // UTF-8 is decoded whole characters at a time, without { stream: true }: twice as fast in Node
  const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });
  let start = true;
  let bom = true;
  let carry: Uint8Array | undefined;
  let text = '';
  for await (let b of bytes) {
    if (b.length === 0) continue;
    if (start) {
      start = false;
      if (b[0] === 0xff && b[1] === 0xfe) utf16 = new TextDecoder('utf-16le', { ignoreBOM: true });
    }
    if (utf16) {
      text += utf16.decode(b, { stream: true });
    } else {
      if (carry) {
        const joined = new Uint8Array(carry.length + b.length);
        joined.set(carry);
        joined.set(b, carry.length);
        b = joined;
      }
      const whole = utf8Whole(b);
      text += utf8.decode(whole === b.length ? b : b.subarray(0, whole));
      carry = whole === b.length ? undefined : b.slice(whole);
    }
    if (bom && text.length > 0) {
      bom = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (text.length >= min) {
      yield text;
      text = '';
    }
  }
  if (utf16) text += utf16.decode();
  else if (carry) text += utf8.decode(carry);
  if (bom && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text) yield text;
}
