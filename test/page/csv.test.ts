// The page's CSV reader (src/page/csv.ts: a Blob's stream, csv-parse's browser build) reads as the CLI's (src/io/csv.ts:
// files) through the same record reader: the same columns, bad rows and lines, here in Node (Blob and csv-parse's
// browser build run in Node too; test/page/page.test.ts drives the built page in Chromium).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inspectCsv, readCsv } from '../../src/page/csv.js';
import { readAll, rejection, tempDir, type Plain } from '../io/helpers.js';

const tmp = tempDir();
afterAll(() => tmp.remove());

/** ~2 MB (several stream pieces): quoted two-line fields, blank lines, rows of other widths, words in a numeric column, an open quote at the end. */
function text(eol: string): { text: string; bad: number } {
  const lines = ['id,name,v'];
  let bad = 1; // the open quote
  for (let i = 1; i < 40_000; i++) {
    if (i % 1009 === 0) lines.push('');
    else if (i % 1201 === 0 && ++bad) lines.push(`${i},x,1,extra`);
    else if (i % 1301 === 0 && ++bad) lines.push(`${i},x`);
    else if (i % 1409 === 0 && i > 10_000 && ++bad) lines.push(`${i},x,abc`);
    else if (i % 997 === 0) lines.push(`${i},"two${eol}lines, ""q""",${i / 4}`);
    else lines.push(`${i},n${i % 5},${(i * 1.37).toFixed(3)}`);
  }
  return { text: `${lines.join(eol)}${eol}1,"open${eol}2,x,3${eol}`, bad };
}

const plain = (cols: Record<string, unknown>): Plain => Object.fromEntries(Object.entries(cols).map(([k, v]) => [
  k, Array.from(v as ArrayLike<unknown>, (x) => (typeof x === 'number' && Number.isNaN(x) ? null : x)) as Plain[string],
]));

describe('the page reads CSV as the CLI does', () => {
  it.each(['\n', '\r\n'])('line end %j: columns, skipped rows and their lines', async (eol) => {
    const { text: t, bad } = text(eol);
    const path = join(tmp.dir, `page${eol.length}.csv`);
    writeFileSync(path, t);
    const cli = await readAll(path, { skipBadRows: true });
    const page = await readCsv(new Blob([t]), 'page.csv', { skipBadRows: true });
    expect(page.columns.map((c) => [c.name, c.kind])).toEqual(cli.table.schema.columns.map((c) => [c.name, c.kind]));
    expect(plain(page.data)).toEqual(cli.columns);
    const stats = cli.table.stats();
    expect([page.rows, page.skippedRows]).toEqual([stats.rows, stats.skippedRows]);
    // the reasons' hints name the page's options instead of the library's
    const where = (s: { line?: number; column?: string }[]) => s.map((x) => [x.line, x.column]);
    expect(where(page.skipped)).toEqual(where(stats.skipped));
    expect(stats.skippedRows).toBe(bad); // the open quote at the end too
  });

  it('errors name the file and the line: a wrong width, an open quote', async () => {
    const wide = await rejection(readCsv(new Blob(['a,b\n1,2\n3,4,5\n']), 'w.csv'));
    expect(wide.message).toBe('w.csv: line 3: has 3 fields, but the header has 2');
    const open = await rejection(readCsv(new Blob(['a,b\n1,2\n\n3,"open\n4,5\n']), 'q.csv'));
    expect(open.message).toBe('q.csv: line 4: CSV syntax: Quote Not Closed: the record starting on this line opens a quote that is never closed');
    const skipped = await readCsv(new Blob(['a,b\n1,2\n\n3,"open\n4,5\n']), 'q.csv', { skipBadRows: true });
    expect([skipped.rows, skipped.skipped]).toEqual([1, [{ line: 4, reason: 'CSV syntax: Quote Not Closed: the record starting on this line opens a quote that is never closed' }]]);
  });

  it('inspectCsv reads only the header when every column is typed; a BOM is dropped', async () => {
    const s = await inspectCsv(new Blob(['\uFEFFa;b\r\n1;"open']), 'h.csv', { delimiter: ';', columns: ['b'], types: { b: 'numeric' } });
    expect([s.header, s.columns, s.inferredFrom]).toEqual([['a', 'b'], [{ name: 'b', kind: 'numeric', source: 'override' }], 0]);
  });
});
