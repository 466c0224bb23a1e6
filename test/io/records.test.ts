// src/io/records.ts, the CSV record reader of the CLI and the page: the same records as csv-parse over the whole
// text (random files cut into random pieces), line numbers, errors, the 64 Mi-character record limit, which lines
// csv-parse still reads (uDSV takes the rest), and the text decoding.
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvRecords, CsvSyntaxError, MAX_RECORD_CHARS, textPieces, type ExactParse } from '../../src/io/records.js';
import { rng } from '../helpers/rng.js';

interface Out {
  recs: [string[], number][];
  error?: [number, string];
  skipped?: [number, string];
}

/** Records, first lines and the syntax error of csv-parse over the whole text (ASCII: its byte offsets are characters). */
function reference(text: string, delimiter: string, skipBadRows: boolean): Out {
  // a record's line: 1 + the line breaks before it (the line end's last character), blank lines included
  const brk = /\r\n|\n|\r/.exec(text)?.[0] === '\r' ? '\r' : '\n';
  const lineAt = (end: number) => { let n = 1; for (let i = text.indexOf(brk); i !== -1 && i < end; i = text.indexOf(brk, i + 1)) n++; return n; };
  const out: Out = { recs: [] };
  let prevEnd = 0;
  let prevEmpty = 0;
  const startLine = (empty: number) => lineAt(prevEnd) + empty - prevEmpty;
  try {
    parse(text, {
      delimiter, relax_quotes: true, relax_column_count: true, skip_empty_lines: true, skip_records_with_error: skipBadRows,
      on_skip: (e) => { out.skipped = [startLine((e as unknown as { empty_lines: number }).empty_lines), (e as { code: string }).code]; },
      on_record: (r: string[], c) => {
        out.recs.push([r, startLine(c.empty_lines)]);
        prevEnd = c.bytes;
        prevEmpty = c.empty_lines;
        return null;
      },
    });
  } catch (e) {
    const x = e as { code: string; empty_lines: number };
    out.error = [startLine(x.empty_lines), x.code];
  }
  return out;
}

const CODE: Record<string, string> = { 'Quote Not Closed': 'CSV_QUOTE_NOT_CLOSED', 'Max Record Size': 'CSV_MAX_RECORD_SIZE' };
const code = (message: string) => CODE[message.slice(0, message.indexOf(':'))] ?? message;

/** CsvRecords over the text cut at `cuts`; `calls` counts what the exact parser (csv-parse) was given. */
function mine(text: string, delimiter: string, skipBadRows: boolean, cuts: number[] = [], calls?: string[]): Out {
  const out: Out = { recs: [] };
  const exact: ExactParse = (input, options) => { calls?.push(input); return parse(input, options); };
  const r = new CsvRecords({
    delimiter, skipBadRows, parse: exact,
    onRecord: (f, line) => { out.recs.push([f, line]); },
    onSkip: (line, message) => { out.skipped = [line, code(message)]; },
  });
  try {
    let at = 0;
    for (const c of cuts) { r.push(text.slice(at, c)); at = c; }
    r.push(text.slice(at));
    r.end();
  } catch (e) {
    if (!(e instanceof CsvSyntaxError)) throw e;
    out.error = [e.line, code(e.message)];
  }
  return out;
}

/** A random small CSV: line ends, delimiters, widths, blank lines, quoting (good and bad), a quote left open. */
function randomCsv(r: () => number): { text: string; delimiter: string } {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const eol = pick(['\n', '\r\n', '\r']);
  const delimiter = pick([',', ',', ';', '\t', '::']);
  const inner = eol === '\r' ? ['\r'] : ['\n', '\r\n'];
  const width = 1 + Math.floor(r() * 4);
  const quoteRate = pick([0.6, 0.95, 0.995, 1]);
  const stray = r() < 0.5;
  const plain = () => pick(stray ? ['a', '1', '-2.5', '', 'x y', 'NA', '5" pipe', 'q"'] : ['a', '1', '-2.5', '', 'x y', 'NA']);
  const field = () => {
    const x = r();
    if (x < quoteRate) return plain();
    if (x < quoteRate + (1 - quoteRate) * 0.5) return `"${pick(['a', `x${delimiter}y`, 'say ""hi""', `multi${pick(inner)}line`, '', 'z'])}"`;
    if (x < quoteRate + (1 - quoteRate) * 0.62) {
      return pick(['"bad"q', '"bad"x"', '"a"b"', '"ab"cd', '""""', '"a""b"', '"', '""x', '"x"" y"', '" "', `"${delimiter}"`, `"x${pick(inner)}"`]);
    }
    return plain() + plain();
  };
  const lines: string[] = [];
  const n = Math.floor(r() * (r() < 0.3 ? 400 : 30));
  for (let i = 0; i <= n; i++) {
    const x = r();
    if (x < 0.08) { lines.push(''); continue; }
    const w = x < 0.18 ? Math.max(1, width + pick([-1, 1, 2])) : width;
    lines.push(Array.from({ length: w }, field).join(delimiter));
  }
  let text = lines.join(eol);
  const end = r();
  if (end < 0.5) text += eol;
  else if (end < 0.6) text += eol + eol;
  else if (end < 0.7) text += `${eol}1${delimiter}"open${eol}2${eol}`;
  return { text, delimiter };
}

describe('the same records as csv-parse', () => {
  it('random files in random pieces: records, first lines, the unclosed quote (thrown or skipped)', () => {
    const r = rng(20_251_206);
    for (let t = 0; t < 700; t++) {
      const { text, delimiter } = randomCsv(r);
      const cuts: number[] = [];
      for (let at = 0; r() < 0.8 && at < text.length;) {
        at += 1 + Math.floor(r() * 40);
        if (at < text.length) cuts.push(at);
      }
      for (const skip of [false, true]) {
        const got = mine(text, delimiter, skip, cuts);
        expect(got, `case ${t} (skip ${skip}): ${JSON.stringify(text)} cut at ${cuts}`).toEqual(reference(text, delimiter, skip));
      }
    }
  });

  it('every cut of a small file gives the same records', () => {
    const texts = [
      'a,b\r\n1,"x\r\ny"\r\n\r\n\r\n2,z\r\nbad,w\r\n',
      'id;v\r"q""r";1\r\r2;"a\rb"\r3;4',
      'x\n1\n""\n\n3\n"',
      'a,b,c\n1,2\n3,4,5,6\n"7",8,9\n5" pipe,"bad"quote,x\n',
    ];
    for (const text of texts) {
      const delimiter = text.includes(';') ? ';' : ',';
      const want = reference(text, delimiter, true);
      for (let i = 0; i <= text.length; i++) {
        for (let j = i; j <= text.length; j += 3) expect(mine(text, delimiter, true, [i, j]), `${JSON.stringify(text)} cut at ${i}, ${j}`).toEqual(want);
      }
    }
  });

  it('fast-check: any mix of fields, quotes, delimiters and line breaks', () => {
    // (no lone \r: the reference counts lines by the first line break, which may differ from csv-parse's line end)
    const unit = fc.constantFrom('a', '1', ',', '"', '""', '\n', '\r\n', ' ', ';');
    fc.assert(fc.property(fc.string({ unit, maxLength: 80 }), fc.array(fc.nat({ max: 80 }), { maxLength: 4 }), (text, cuts) => {
      const sorted = [...new Set(cuts.filter((c) => c <= text.length))].sort((x, y) => x - y);
      expect(mine(text, ',', true, sorted)).toEqual(reference(text, ',', true));
    }), { numRuns: 2000, seed: 42 });
  });
});

describe('what csv-parse still reads', () => {
  const rows = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join('\n');
  const header = 'id,name,x';

  /** The records and lines, and the lines csv-parse was given (the header is always one). */
  function exactLines(text: string, pieces = 997) {
    const calls: string[] = [];
    const cuts = Array.from({ length: Math.floor(text.length / pieces) }, (_, i) => (i + 1) * pieces);
    const got = mine(text, ',', true, cuts, calls);
    expect(got).toEqual(reference(text, ',', true));
    return { got, calls: calls.flatMap((c) => c.split('\n').filter((l) => l !== '')) };
  }

  it('well-formed files: only the header, quoted or not, LF or CRLF, with blank lines', () => {
    expect(exactLines(`${header}\n${rows(3000, (i) => `${i},n${i % 7},${i / 4}`)}\n`).calls).toEqual([header]);
    expect(exactLines(`${header}\n${rows(3000, (i) => `${i},"n, ${i % 7} ""q""",${i / 4}`)}\n`).calls).toEqual([header]);
    expect(exactLines(`${header}\n${rows(3000, (i) => `${i},"two\nlines",${i / 4}`)}\n`).calls).toEqual([header]);
    expect(exactLines(`${header}\r\n${rows(3000, (i) => `${i},n,${i}\r`)}\n`).calls).toEqual([`${header}\r`]);
    expect(exactLines(`${header}\n${rows(3000, (i) => (i % 100 === 0 ? '' : `${i},n,1`))}\n\n`).calls).toEqual([header]);
  });

  it('rows of another width: that row alone (or the two lines a short row joined)', () => {
    const { got, calls } = exactLines(`${header}\n${rows(3000, (i) => (i === 1500 ? '1500,long,1,extra' : i === 2500 ? '2500,short' : `${i},n,1`))}\n`);
    // the line after a short row too, unless a piece ended between them
    expect(calls.filter((l) => l !== '2501,n,1')).toEqual([header, '1500,long,1,extra', '2500,short']);
    expect(calls.length).toBeLessThanOrEqual(4);
    expect(got.recs.filter(([r]) => r.length !== 3).map(([r, line]) => [r.length, line])).toEqual([[4, 1502], [2, 2502]]);
  });

  it('what uDSV reads otherwise: a quote closed in mid-field, a one-column "" record, a piece starting with U+FEFF', () => {
    expect(exactLines(`${header}\n${rows(3000, (i) => (i === 700 ? '700,"bad"quote,1' : `${i},"n",1`))}\n`).calls).toEqual([header, '700,"bad"quote,1']);
    expect(exactLines(`x\n${rows(3000, (i) => (i === 700 ? '""' : `${i}`))}\n`).calls).toEqual(['x', '""']);
    // uDSV strips U+FEFF at the start of its text (csv-parse keeps it there, past the file's start)
    expect(exactLines(`${header}\n${rows(3000, (i) => (i === 700 ? '\uFEFF700,n,1' : `${i},n,1`))}\n`).calls).toEqual([header]);
    const calls: string[] = [];
    const got = mine(`${header}\n\uFEFF7,n,1\n8,n,1\n`, ',', false, [header.length + 1], calls);
    expect(got.recs).toEqual([[header.split(','), 1], [['\uFEFF7', 'n', '1'], 2], [['8', 'n', '1'], 3]]);
    expect(calls).toEqual([`${header}\n`, '\uFEFF7,n,1\n']);
  });

  it('a short last line never reaches uDSV (its plain parser would loop forever)', () => {
    for (const tail of ['1,2', '1', '', '1,2\n3']) {
      const text = `${header}\n4,5,6\n${tail}`;
      for (let cut = 0; cut <= text.length; cut++) expect(mine(text, ',', true, [cut])).toEqual(reference(text, ',', true));
    }
  });
});

describe('lines, stops and errors', () => {
  it('line ends \\n, \\r\\n, \\r; blank lines and line breaks inside quotes count', () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const text = ['a,b', '1,"x', 'y"', '', '', '2,z', 'bad,w'].join(eol) + eol;
      expect(mine(text, ',', false).recs).toEqual([[['a', 'b'], 1], [['1', `x${eol}y`], 2], [['2', 'z'], 6], [['bad', 'w'], 7]]);
    }
  });

  it('onRecord returning false stops: no record after it, the rest of the text ignored', () => {
    const seen: number[] = [];
    const r = new CsvRecords({ delimiter: ',', skipBadRows: false, parse, onRecord: (_, line) => { seen.push(line); return line < 3; } });
    r.push('a\n1\n2\n3\n"open');
    expect(r.stopped).toBe(true);
    r.push('\n4\n');
    r.end();
    expect(seen).toEqual([1, 2, 3]);
  });

  it('an unclosed quote: an error naming the line where its record starts, or skipped with that line', () => {
    const text = 'a,b\n1,x\n\nz,w\n2,"open\n3,y\n';
    expect(mine(text, ',', false).error).toEqual([5, 'CSV_QUOTE_NOT_CLOSED']);
    const skipped = mine(text, ',', true);
    expect([skipped.skipped, skipped.error]).toEqual([[5, 'CSV_QUOTE_NOT_CLOSED'], undefined]);
  });

  it(`a record over ${MAX_RECORD_CHARS / 2 ** 20} Mi characters is an error at its first line, before the rest is read`, () => {
    const piece = '4,5\n'.repeat(1 << 16); // 256 Ki characters of lines inside the open record
    for (const head of ['a,b\n1,2\n\n3,"open\n', 'a,b\n1,2\n3,4']) {
      let records = 0;
      let fed = 0;
      const r = new CsvRecords({ delimiter: ',', skipBadRows: true, parse, onRecord: () => { records++; } });
      const e = (() => {
        try {
          r.push(head);
          // the second file never ends its line: no line break in what follows
          const more = head.endsWith('\n') ? piece : 'y'.repeat(piece.length);
          for (; fed < 2 * MAX_RECORD_CHARS; fed += more.length) r.push(more);
        } catch (x) {
          return x as CsvSyntaxError;
        }
        return undefined;
      })();
      expect(e).toBeInstanceOf(CsvSyntaxError);
      expect(e!.message).toMatch(/^Max Record Size: the record starting on this line is longer than 64 Mi characters/);
      expect([e!.line, records]).toEqual(head.endsWith('\n') ? [4, 2] : [3, 2]);
      expect(fed).toBeLessThan(MAX_RECORD_CHARS + 2 * piece.length);
    }
  }, 60_000);
});

describe('textPieces', () => {
  async function* chunks(bytes: Uint8Array, cuts: number[]): AsyncGenerator<Uint8Array> {
    let at = 0;
    for (const c of [...cuts, bytes.length]) { yield bytes.subarray(at, c); at = c; }
  }
  const all = async (it: AsyncIterable<string>) => { let s = ''; for await (const x of it) s += x; return s; };

  it('UTF-8 split anywhere, one leading BOM dropped (a second kept), bad bytes as U+FFFD', async () => {
    const text = '\uFEFF\uFEFFa,é\n東,😀\r\nz';
    const bytes = new Uint8Array([...new TextEncoder().encode(text), 0xff, 0x41, 0xe2, 0x82]);
    const want = new TextDecoder().decode(bytes); // drops the first BOM
    for (let i = 0; i <= bytes.length; i++) {
      for (let j = i; j <= bytes.length; j++) expect(await all(textPieces(chunks(bytes, [i, j]), 4))).toBe(want);
    }
  });

  it('UTF-16LE after its BOM', async () => {
    const text = 'a,b\n1,é😀\n';
    const bytes = new Uint8Array(2 + text.length * 2);
    bytes.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) { bytes[2 + 2 * i] = text.charCodeAt(i) & 0xff; bytes[3 + 2 * i] = text.charCodeAt(i) >> 8; }
    for (let i = 2; i <= bytes.length; i++) expect(await all(textPieces(chunks(bytes, [i])))).toBe(text);
  });

  it('pieces of at least `min` characters, except the last', async () => {
    const bytes = new TextEncoder().encode('x'.repeat(1000));
    const sizes: number[] = [];
    for await (const s of textPieces(chunks(bytes, Array.from({ length: 99 }, (_, i) => (i + 1) * 10)), 64)) sizes.push(s.length);
    expect(sizes.slice(0, -1).every((n) => n >= 64)).toBe(true);
    expect(sizes.reduce((a, b) => a + b)).toBe(1000);
  });
});
