// CSV specifics: quoting, BOM, line ends, what counts as a number / boolean / missing, inference, and the
// errors (file, line, column) and skipBadRows counts.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { openTable, TableReadError, textBoolean, textNumber } from '../../src/io/index.js';
import { collect, fixture, readAll, rejection, tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.remove());
let seq = 0;
/** A temp file holding text. */
function file(text: string, ext = 'csv'): string {
  const path = join(tmp.dir, `t${seq++}.${ext}`);
  writeFileSync(path, text);
  return path;
}

describe('number, boolean and missing texts', () => {
  it('numbers follow Number() but not blank text; infinities are numbers; NaN is not', () => {
    expect(['1e3', '-0.5', '.5', '5.', ' 12 ', '0x1F', '+7'].map(textNumber)).toEqual([1000, -0.5, 0.5, 5, 12, 31, 7]);
    expect(['Infinity', '-Infinity', '+inf', 'INF', '-inf', 'infinity'].map(textNumber)).toEqual([Infinity, -Infinity, Infinity, Infinity, -Infinity, Infinity]);
    for (const s of ['', ' ', '\t', 'NaN', '12,5', '1_000', 'abc', '1e', '--1', 'infinit']) expect(textNumber(s)).toBeNaN();
    expect(['true', 'FALSE', 'True', 'fAlSe'].map(textBoolean)).toEqual([true, false, true, false]);
    expect(['yes', '1', 't', ''].map(textBoolean)).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('numbers: exactly what Number() reads (plain decimals take a faster path), property-tested', () => {
    // the rule of the docs above textNumber, written plainly
    const INF = /^\s*([+-]?)inf(inity)?\s*$/i;
    const rule = (s: string) => {
      const v = Number(s);
      if (!Number.isNaN(v)) return v === 0 && s.trim() === '' ? NaN : v;
      const m = INF.exec(s);
      return m === null ? NaN : m[1] === '-' ? -Infinity : Infinity;
    };
    const same = (s: string) => { expect(Object.is(textNumber(s), rule(s)), JSON.stringify(s)).toBe(true); };
    const unit = fc.constantFrom('0', '1', '5', '9', '.', '-', '+', 'e', ' ', 'x', '_', ',', 'E');
    fc.assert(fc.property(fc.string({ unit, maxLength: 24 }), (s) => { same(s); }), { numRuns: 20_000, seed: 7 });
    fc.assert(fc.property(fc.double({ noNaN: true }), fc.integer({ min: 0, max: 20 }), (x, d) => {
      same(String(x));
      if (Number.isFinite(x) && Math.abs(x) < 1e21) same(x.toFixed(d));
      same(x.toPrecision(d + 1));
    }), { numRuns: 20_000, seed: 8 });
    // 15 digits take the fast path, 16 and more Number(); leading zeros, signs, bare dots
    for (const s of ['123456789012345', '1234567890123456', '0.000000000000001', '-0.0', '-0', '+.5', '-.5', '5.', '.', '-', '+', '00012.50', '9007199254740993', '999999999999999.9']) same(s);
  });

  it('inference: numeric (with infinities), boolean (any case), categorical; missing texts and empty cells are null', async () => {
    const { columns, table } = await readAll(file([
      'n,b,c,inf,ws',
      '1e3,TRUE,x,Infinity,1',
      'NA,false,NA,-inf,  ',
      ',True,,1,2',
      '-0.5,N/A,None,nan,3',
    ].join('\n')));
    expect(table.schema.kinds).toEqual({ n: 'numeric', b: 'boolean', c: 'categorical', inf: 'numeric', ws: 'categorical' });
    expect(columns).toEqual({
      n: [1000, null, null, -0.5],
      b: [true, false, true, null],
      c: ['x', null, null, null],
      inf: [Infinity, -Infinity, 1, null],
      ws: ['1', '  ', '2', '3'], // whitespace-only is not a number (nor missing)
    });
  });

  it('nullValues replaces the missing texts (the empty cell stays missing)', async () => {
    const path = file('a,b\n-,x\n,NA\n3,-\n');
    const { columns } = await readAll(path, { nullValues: ['-'] });
    expect(columns).toEqual({ a: [null, null, 3], b: ['x', 'NA', null] });
  });

  it('a column with no value in the inference rows is numeric, and says so', async () => {
    const path = file('a,b\n1,\n2,\n3,x\n');
    const table = await openTable(path, { inferRows: 2 });
    expect(table.schema.columns[1]).toEqual({ name: 'b', kind: 'numeric', source: 'inferred', note: 'no values in the inference rows: read as numeric' });
    const e = await rejection(collect(table));
    expect(e.message).toBe(`${path}: line 4, column "b": "x" is not a number (column inferred numeric because the first 2 rows hold no value; pass types to override)`);
    expect((await readAll(path, { inferRows: 2, types: { b: 'categorical' } })).columns.b).toEqual([null, null, 'x']);
  });

  it('a boolean override reads true/false in any case and 1/0', async () => {
    const { columns } = await readAll(file('f\n1\n0\nTrue\n\nfalse\n'), { types: { f: 'boolean' } });
    expect(columns.f).toEqual([true, false, true, false]);
  });
});

describe('CSV syntax', () => {
  it('quoted fields with delimiters, quotes and newlines; quoted header names; blank lines skipped', async () => {
    const { columns } = await readAll(file('"a,1","b ""q"""\n"x,y","say ""hi"""\n\n"multi\nline",2\n\n'));
    expect(columns).toEqual({ 'a,1': ['x,y', 'multi\nline'], 'b "q"': ['say "hi"', '2'] });
  });

  it('BOM and CRLF (also inside a quoted field)', async () => {
    const { columns, table } = await readAll(fixture('bom_crlf.csv'));
    expect(table.schema.columns.map((c) => c.name)).toEqual(['x', 'label']);
    expect(columns).toEqual({ x: [1, 2, 3], label: ['a', 'two\r\nlines', 'c'] });
  });

  it('a quote inside an unquoted field is kept', async () => {
    expect((await readAll(file('a,b\n5" pipe,1\n'))).columns.a).toEqual(['5" pipe']);
  });

  it('a single-column file: a quoted "" line is a missing value, a blank line is skipped', async () => {
    expect((await readAll(file('x\n1\n""\n\n3\n'))).columns.x).toEqual([1, null, 3]);
  });

  it('delimiter option; .tsv defaults to tab', async () => {
    expect((await readAll(file('a;b\n1;x\n'), { delimiter: ';' })).columns).toEqual({ a: [1], b: ['x'] });
    expect((await readAll(file('a\tb\n1\tx,y\n', 'tsv'))).columns).toEqual({ a: [1], b: ['x,y'] });
  });

  it('an unclosed quote is an error naming the line', async () => {
    const path = file('a,b\n1,"open\n2,3\n');
    const e = await rejection(readAll(path));
    expect(e).toBeInstanceOf(TableReadError);
    expect(e.message).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: line \\d+: CSV syntax: Quote Not Closed`));
  });
});

describe('empty and degenerate files', () => {
  it('an empty file is an error', async () => {
    const e = await rejection(openTable(fixture('empty.csv')));
    expect(e).toBeInstanceOf(TableReadError);
    expect(e.message).toBe(`${fixture('empty.csv')}: is empty: a CSV file needs a header line`);
  });

  it('a header-only file has columns and no rows', async () => {
    const { table, chunks, columns } = await readAll(fixture('header_only.csv'));
    expect(table.schema.columns.map((c) => [c.name, c.kind, c.note])).toEqual([
      ['a', 'numeric', 'no values in the inference rows: read as numeric'],
      ['b', 'numeric', 'no values in the inference rows: read as numeric'],
      ['c', 'numeric', 'no values in the inference rows: read as numeric'],
    ]);
    expect(table.schema.inferredFrom).toBe(0);
    expect(chunks).toEqual([]);
    expect(columns).toEqual({ a: [], b: [], c: [] });
    expect(table.stats().rows).toBe(0);
  });

  it('a header naming a column twice is an error', async () => {
    const path = file('a,b,a\n1,2,3\n');
    expect((await rejection(openTable(path))).message).toBe(`${path}: line 1: the header names column "a" twice`);
  });
});

describe('bad rows', () => {
  // bad.csv: lines 3-4 hold one quoted two-line field; line 6 has "12,5"; line 7 four fields; line 9 two
  const bad = fixture('bad.csv');

  it('a value that does not fit names the file, the line (header = line 1) and the column', async () => {
    const e = await rejection(readAll(bad, { inferRows: 2 }));
    expect(e).toBeInstanceOf(TableReadError);
    expect(e.message).toBe(`${bad}: line 6, column "amount": "12,5" is not a number (column inferred numeric from the first 2 rows; pass types to override)`);
    expect(e).toMatchObject({ file: bad, line: 6, column: 'amount', argument: 'line 6, column "amount"' });
  });

  it('wrong field counts name the line', async () => {
    const e = await rejection(readAll(bad, { inferRows: 2, types: { amount: 'categorical' } }));
    expect(e.message).toBe(`${bad}: line 7: has 4 fields, but the header has 3`);
  });

  it('skipBadRows skips and counts them, keeping the reasons', async () => {
    const { table, columns } = await readAll(bad, { inferRows: 2, skipBadRows: true, chunkRows: 2 });
    expect(columns.id).toEqual([1, 2, 3, 6, 8]);
    expect(columns.note).toEqual(['ok', 'spans\ntwo lines', 'fine', 'ok', 'last']);
    expect(table.stats()).toMatchObject({
      rows: 5,
      skippedRows: 3,
      skipped: [
        { line: 6, column: 'amount', reason: '"12,5" is not a number (column inferred numeric from the first 2 rows; pass types to override)' },
        { line: 7, reason: 'has 4 fields, but the header has 3' },
        { line: 9, reason: 'has 2 fields, but the header has 3' },
      ],
    });
  });

  it('line numbers count every physical line (multi-line fields, blank lines, CRLF)', async () => {
    const path = file('a,b\r\n1,"x\r\ny"\r\n\r\n\r\n2,z\r\nbad,w\r\n');
    const e = await rejection(readAll(path, { inferRows: 2 }));
    expect(e.message).toBe(`${path}: line 7, column "a": "bad" is not a number (column inferred numeric from the first 2 rows; pass types to override)`);
  });

  it('a value past the inference rows that changes the kind: the error, then types to override', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => `${i},${i * 2}`);
    rows[25] = '25,n/a'; // line 27
    const path = file(`id,v\n${rows.join('\n')}\n`);
    const e = await rejection(readAll(path, { inferRows: 20 }));
    expect(e.message).toBe(`${path}: line 27, column "v": "n/a" is not a number (column inferred numeric from the first 20 rows; pass types to override)`);
    const { columns } = await readAll(path, { inferRows: 20, types: { v: 'categorical' } });
    expect(columns.v[25]).toBe('n/a');
  });

  it('skipBadRows keeps at most 10 reasons but counts every skipped row', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => (i % 2 ? `${i},x` : `${i}`));
    const { table, columns } = await readAll(file(`a,b\n${rows.join('\n')}\n`), { skipBadRows: true, types: { b: 'categorical' } });
    expect(columns.a).toHaveLength(20);
    expect(table.stats().skippedRows).toBe(20);
    expect(table.stats().skipped).toHaveLength(10);
  });
});

describe('a file of many text pieces (the fast reader, and what it hands to csv-parse)', () => {
  /** ~1.5 MB: rows with quoted two-line fields, blank lines, rows too long and too short, values that are not numbers. */
  function big(eol: string) {
    const lines = ['id,name,v'];
    const ids: number[] = [];
    const bad: { line: number; column?: string; reason: string }[] = [];
    let quoted = 0;
    for (let i = 1; i < 60_000; i++) {
      const line = lines.length + 1 + quoted; // each quoted two-line field so far adds a line
      if (i % 1009 === 0) lines.push('');
      else if (i % 1201 === 0) { lines.push(`${i},x,1,extra`); bad.push({ line, reason: 'has 4 fields, but the header has 3' }); }
      else if (i % 1301 === 0) { lines.push(`${i},x`); bad.push({ line, reason: 'has 2 fields, but the header has 3' }); }
      else if (i % 1409 === 0) { lines.push(`${i},x,abc`); bad.push({ line, column: 'v', reason: '"abc" is not a number (column read as numeric by options.types / categorical)' }); }
      else if (i % 997 === 0) { lines.push(`${i},"two${eol}lines, ""quoted""",${i / 4}`); ids.push(i); quoted++; }
      else { lines.push(`${i},n${i % 5},${i / 4}`); ids.push(i); }
    }
    return { text: lines.join(eol) + eol, ids, bad };
  }

  it.each(['\n', '\r\n'])('line end %j: every good row read, every bad row skipped with its line (also gzip)', async (eol) => {
    const { text, ids, bad } = big(eol);
    const path = file(text);
    const gz = `${path}.gz`;
    writeFileSync(gz, gzipSync(text));
    for (const p of [path, gz]) {
      const { table, columns } = await readAll(p, { skipBadRows: true, types: { id: 'numeric', name: 'categorical', v: 'numeric' } });
      expect(columns.id).toEqual(ids);
      expect(columns.v).toEqual(ids.map((i) => i / 4));
      expect(columns.name).toEqual(ids.map((i) => (i % 997 === 0 ? `two${eol}lines, "quoted"` : `n${i % 5}`)));
      const stats = table.stats();
      expect(stats.skippedRows).toBe(bad.length);
      expect(stats.skipped).toEqual(bad.slice(0, 10));
    }
    // without skipBadRows the first bad row is the error
    const e = await rejection(readAll(path, { types: { v: 'numeric' } }));
    expect(e.message).toBe(`${path}: line ${bad[0].line}: ${bad[0].reason}`);
  });
});

describe('CSV syntax errors with skipBadRows', () => {
  it('stray quotes are kept as text (relax_quotes); an unclosed quote is skipped and counted', async () => {
    expect((await readAll(file('a,b\n1,x\n2,"bad"quote\n'))).columns.b).toEqual(['x', '"bad"quote']);
    const path = file('a,b\n1,x\nz,w\n2,"open\n3,y\n');
    const { table, columns } = await readAll(path, { skipBadRows: true, inferRows: 1 });
    expect(columns).toEqual({ a: [1], b: ['x'] });
    expect(table.stats().skipped.map((s) => [s.line, s.column, s.reason.slice(0, 31)])).toEqual([
      [3, 'a', '"z" is not a number (column inf'],
      [4, undefined, 'CSV syntax: Quote Not Closed: t'], // the line where the open record starts
    ]);
  });
});
