// Property: a random small table written as CSV and as JSONL reads back as the same columns, whatever the
// chunk size (1, 7, 65536), and equal to the table written.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, expect, it } from 'vitest';
import { readAll, tempDir, type Plain } from './helpers.js';

type Kind = 'numeric' | 'categorical' | 'boolean';
type Value = number | string | boolean | null;

const tmp = tempDir();
afterAll(() => tmp.remove());

// characters that stress CSV quoting and JSON escaping; the 'v' prefix keeps a category from reading as a
// number, a boolean or a missing-value text
const piece = fc.constantFrom('a', 'Z', ',', '"', '\n', '\r\n', ' ', '\t', 'é', '東', '😀', ';', "'", 'NA', '1');
const category = fc.string({ unit: piece, maxLength: 6 }).map((s) => `v${s}`);
const number = fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => (Object.is(x, -0) ? 0 : x));
const valueOf: Record<Kind, fc.Arbitrary<Value>> = {
  numeric: fc.option(number, { nil: null, freq: 4 }),
  categorical: fc.option(category, { nil: null, freq: 4 }),
  boolean: fc.option(fc.boolean(), { nil: null, freq: 4 }),
};

const tableArb = fc
  .tuple(fc.array(fc.constantFrom<Kind>('numeric', 'categorical', 'boolean'), { minLength: 1, maxLength: 4 }), fc.nat({ max: 30 }))
  .chain(([kinds, rows]) => fc.tuple(
    fc.constant(kinds),
    fc.tuple(...kinds.map((k) => fc.array(valueOf[k], { minLength: rows, maxLength: rows }))),
    fc.array(fc.boolean(), { minLength: rows * kinds.length, maxLength: rows * kinds.length }),
  ));

const quote = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

function csvText(names: string[], cols: Value[][], casing: boolean[]): string {
  const rows = cols[0].length;
  const lines = [names.join(',')];
  for (let i = 0; i < rows; i++) {
    lines.push(cols.map((col, j) => {
      const v = col[i];
      // one column: an empty line would be blank (skipped), so write the missing value as "" like pandas does
      if (v === null) return cols.length === 1 ? '""' : casing[i * cols.length + j] ? '' : 'NA';
      if (typeof v === 'boolean') return casing[i * cols.length + j] ? String(v).toUpperCase() : String(v);
      return quote(String(v));
    }).join(','));
  }
  return `${lines.join('\n')}\n`;
}

function jsonlText(names: string[], cols: Value[][], omit: boolean[]): string {
  const lines: string[] = [];
  for (let i = 0; i < cols[0].length; i++) {
    const row: Record<string, Value> = {};
    cols.forEach((col, j) => { if (!(col[i] === null && omit[i * cols.length + j])) row[names[j]] = col[i]; });
    lines.push(JSON.stringify(row));
  }
  return lines.join('\n') + (lines.length ? '\n' : '');
}

let seq = 0;
it('CSV and JSONL round-trip random tables, independent of chunkRows', async () => {
  await fc.assert(fc.asyncProperty(tableArb, async ([kinds, cols, flags]) => {
    const names = kinds.map((_, j) => `c${j}`);
    const expected: Plain = Object.fromEntries(names.map((n, j) => [n, cols[j]]));
    const csv = join(tmp.dir, `p${seq}.csv`);
    const jsonl = join(tmp.dir, `p${seq++}.jsonl`);
    writeFileSync(csv, csvText(names, cols, flags));
    writeFileSync(jsonl, jsonlText(names, cols, flags));
    for (const path of [csv, jsonl]) {
      const results: Plain[] = [];
      for (const chunkRows of [1, 7, 65_536]) {
        const { columns } = await readAll(path, { chunkRows });
        results.push(columns);
      }
      expect(results[1]).toEqual(results[0]);
      expect(results[2]).toEqual(results[0]);
      // JSONL columns are the keys it saw: a column with no value at all may be absent
      const want = path === jsonl ? Object.fromEntries(Object.entries(expected).filter(([k]) => k in results[0])) : expected;
      expect(results[0]).toEqual(want);
    }
  }), { numRuns: 60 });
}, 60_000);
