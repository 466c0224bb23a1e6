// JSONL specifics: kinds by JSON type, missing keys, nested values, keys first seen late, bad lines.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openTable, TableReadError } from '../../src/io/index.js';
import { fixture, readAll, rejection, tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.remove());
let seq = 0;
function file(lines: string[]): string {
  const path = join(tmp.dir, `t${seq++}.jsonl`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

describe('JSONL', () => {
  it('kinds follow JSON types: a numeric string is a category; mixed types are categories', async () => {
    const { columns, table } = await readAll(file([
      '{"n": 1, "s": "12", "b": true, "mix": 1}',
      '{"n": 2.5, "s": "x", "b": false, "mix": "a"}',
      '{"n": null, "b": null, "mix": true}',
      '\r',
      '{"s": "", "extra": 1}',
    ]));
    expect(table.schema.kinds).toEqual({ n: 'numeric', s: 'categorical', b: 'boolean', mix: 'categorical', extra: 'numeric' });
    expect(columns).toEqual({
      n: [1, 2.5, null, null],
      s: ['12', 'x', null, null],
      b: [true, false, null, null],
      mix: ['1', 'a', 'true', null],
      extra: [null, null, null, 1],
    });
  });

  it('a string column read as numeric parses its texts', async () => {
    const { columns } = await readAll(file(['{"v": "1e3"}', '{"v": "-2"}', '{"v": null}']), { types: { v: 'numeric' } });
    expect(columns.v).toEqual([1000, -2, null]);
  });

  it('keys named like Object.prototype members are plain columns', async () => {
    const { columns } = await readAll(file(['{"constructor": 1, "toString": "a"}', '{"x": 1}']));
    expect(columns).toEqual({ constructor: [1, null], toString: ['a', null], x: [null, 1] });
  });

  it('keys first seen after the inference rows: ignored, unless selected with a type', async () => {
    const path = file(['{"a": 1}', '{"a": 2}', '{"a": 3, "late": "x"}']);
    expect((await readAll(path, { inferRows: 2 })).columns).toEqual({ a: [1, 2, 3] });
    expect((await readAll(path, { inferRows: 2, columns: ['a', 'late'], types: { late: 'categorical' } })).columns)
      .toEqual({ a: [1, 2, 3], late: [null, null, 'x'] });
    const e = await rejection(openTable(path, { inferRows: 2, columns: ['late'] }));
    expect(e.message).toContain('names a column not in');
    expect(e.message).toContain('(keys of its first 2 rows; give a type to read a key first seen later)');
  });

  it('nested values: the column is skipped, or an error when selected', async () => {
    const path = file(['{"a": 1, "o": {"k": 1}}', '{"a": 2, "o": null}']);
    const { table, columns } = await readAll(path);
    expect(columns).toEqual({ a: [1, 2] });
    expect(table.schema.skipped).toEqual([{ name: 'o', reason: 'line 1 holds a JSON object; nested values cannot be profiled' }]);
    const e = await rejection(openTable(path, { columns: ['o'] }));
    expect(e).toBeInstanceOf(TableReadError);
    expect(e.message).toBe(`${path}: column "o": line 1 holds a JSON object; nested values cannot be profiled`);
    // a nested value after inference is a bad row
    const late = file(['{"c": "x"}', '{"c": [1]}']);
    expect((await rejection(readAll(late, { inferRows: 1 }))).message)
      .toBe(`${late}: line 2, column "c": holds a JSON array; nested values cannot be profiled`);
  });

  it('bad lines name the line; skipBadRows counts them', async () => {
    const bad = fixture('bad.jsonl');
    const e = await rejection(readAll(bad, { inferRows: 2 }));
    expect(e.message).toBe(`${bad}: line 3, column "amount": "12,5" is not a number (column inferred numeric from the first 2 rows; pass types to override)`);
    const e2 = await rejection(readAll(bad, { inferRows: 2, types: { amount: 'categorical' } }));
    expect(e2.message).toMatch(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: line 4: is not valid JSON \\(`));
    const { table, columns } = await readAll(bad, { inferRows: 2, skipBadRows: true });
    expect(columns).toEqual({ id: [1, 2, 6], amount: [10.5, 11, 15] });
    const s = table.stats();
    expect(s.skippedRows).toBe(3);
    expect(s.skipped.map((r) => [r.line, r.column, r.reason.slice(0, 24)])).toEqual([
      [3, 'amount', '"12,5" is not a number ('],
      [4, undefined, 'is not valid JSON (Expec'],
      [6, undefined, 'is not a JSON object: [5'],
    ]);
  });

  it('a line over 64 Mi characters (e.g. a JSON array file) is an error, not a file held whole', async () => {
    const path = join(tmp.dir, 'array.jsonl');
    writeFileSync(path, `{"a": 1}\n[${'1,'.repeat(34 * 2 ** 20)}1]\n`);
    const e = await rejection(readAll(path));
    expect(e.message).toBe(`${path}: line 2: is longer than 64 Mi characters; JSON Lines needs one object per line`);
  });

  it('an empty file has no columns and no rows', async () => {
    const { table, chunks } = await readAll(file([]));
    expect(table.schema.columns).toEqual([]);
    expect(chunks).toEqual([]);
  });
});
