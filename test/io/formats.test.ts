// Every reader gives the same columns for the same table (fixtures from scripts/gen_io_fixtures.mjs), whatever
// the chunk size; the Parquet / Arrow type mapping; selection, overrides, passes, progress, abort and close.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { DriftkitError } from '../../src/errors.js';
import { openTable, TableReadError, type ProgressInfo } from '../../src/io/index.js';
import { RANGE_ROWS } from '../../src/io/parquet.js';
import { profile } from '../../src/profile/index.js';
import { collect, fixture, readAll, rejection, tempDir } from './helpers.js';

const expected = JSON.parse(readFileSync(fixture('table.json'), 'utf8')) as {
  kinds: Record<string, string>;
  columns: Record<string, (number | string | boolean | null)[]>;
};

const tmp = tempDir();
afterAll(() => tmp.remove());
const gz = (name: string) => {
  const path = join(tmp.dir, `${name}.gz`);
  writeFileSync(path, gzipSync(readFileSync(fixture(name))));
  return path;
};

const FILES = ['table.csv', 'table.tsv', 'table.jsonl', 'table.parquet', 'table.arrow', 'table.arrows'];

describe('the same table in every format', () => {
  it.each(FILES)('%s gives the expected columns, kinds and chunk shapes', async (name) => {
    const { table, columns, chunks } = await readAll(fixture(name), { chunkRows: 5 });
    expect(columns).toEqual(expected.columns);
    expect(table.schema.kinds).toEqual(expected.kinds);
    expect(chunks.map((c) => [c.startRow, c.rows])).toEqual([[0, 5], [5, 5], [10, 2]]);
    const c = chunks[0].columns;
    expect(c.id).toBeInstanceOf(Float64Array);
    expect(c.amount).toBeInstanceOf(Float64Array);
    expect(Array.isArray(c.city) && Array.isArray(c.flag)).toBe(true);
  });

  it.each(['table.csv', 'table.jsonl'])('gzip-compressed %s reads the same', async (name) => {
    const { columns, table } = await readAll(gz(name));
    expect(columns).toEqual(expected.columns);
    expect(table.stats().bytes).toBe(table.schema.totalBytes); // compressed bytes
  });

  it.each(FILES)('%s: chunkRows 1, 7 and 65536 give the same concatenated columns', async (name) => {
    for (const chunkRows of [1, 7, 65_536]) {
      const { columns, chunks } = await readAll(fixture(name), { chunkRows });
      expect(columns).toEqual(expected.columns);
      expect(chunks.every((c, i) => c.rows === (i < chunks.length - 1 ? chunkRows : c.rows) && c.rows <= chunkRows)).toBe(true);
    }
  });

  it('format by option when the extension says nothing (ndjson is jsonl)', async () => {
    const path = join(tmp.dir, 'table.data');
    writeFileSync(path, readFileSync(fixture('table.jsonl')));
    expect((await readAll(path, { format: 'ndjson' })).columns).toEqual(expected.columns);
    const e = await rejection(openTable(path));
    expect(e).toBeInstanceOf(DriftkitError);
    expect(e.message).toMatch(/^openTable: options\.format is needed: ".*table\.data" has no known extension/);
  });

  it('chunks feed profile() directly', async () => {
    const table = await openTable(fixture('table.parquet'));
    for await (const chunk of table.chunks()) {
      const p = profile(chunk.columns, { types: table.schema.kinds });
      expect(p.rowCount).toBe(chunk.rows);
      expect(p.features.flag.kind).toBe('boolean');
    }
  });
});

describe('selection and overrides', () => {
  it.each(FILES)('%s: columns selects and orders', async (name) => {
    const { columns, table } = await readAll(fixture(name), { columns: ['flag', 'id'] });
    expect(Object.keys(columns)).toEqual(['flag', 'id']);
    expect(table.schema.columns.map((c) => c.name)).toEqual(['flag', 'id']);
    expect(columns.flag).toEqual(expected.columns.flag);
  });

  it.each(FILES)('%s: unknown selected columns are an error naming them', async (name) => {
    const e = await rejection(openTable(fixture(name), { columns: ['id', 'nope', 'nada'] }));
    expect(e).toBeInstanceOf(DriftkitError);
    expect(e.message).toContain('openTable: options.columns names columns not in');
    expect(e.message).toContain('"nope", "nada"; its columns are "id", "amount", "city", "flag"');
  });

  it.each(FILES)('%s: types / categorical override the kind', async (name) => {
    const { columns, table } = await readAll(fixture(name), { types: { flag: 'categorical' }, categorical: ['id'] });
    expect(columns.id).toEqual(expected.columns.id.map(String));
    const flags = expected.columns.flag;
    // CSV keeps the cell text; typed formats write booleans as true / false
    if (name.startsWith('table.csv') || name === 'table.tsv') expect(columns.flag.map((v) => v === null ? null : String(v).toLowerCase())).toEqual(flags.map((v) => v === null ? null : String(v)));
    else expect(columns.flag).toEqual(flags.map((v) => v === null ? null : String(v)));
    expect(table.schema.columns.find((c) => c.name === 'id')!.source).toBe('override');
  });

  it('a categorical column read as numeric must hold numbers: error names file, place, column and why', async () => {
    const e = await rejection(readAll(fixture('table.parquet'), { types: { city: 'numeric' } }));
    expect(e).toBeInstanceOf(TableReadError);
    expect(e.message).toBe(`${fixture('table.parquet')}: row 1, column "city": "Paris" is not a number (column read as numeric by options.types / categorical)`);
    expect(e).toMatchObject({ file: fixture('table.parquet'), row: 1, column: 'city' });
  });

  it('types naming a column the file lacks is an error; categorical and types must agree', async () => {
    expect((await rejection(openTable(fixture('table.csv'), { types: { nope: 'numeric' } }))).message)
      .toContain('openTable: options.types names a column not in');
    expect((await rejection(openTable(fixture('table.csv'), { types: { id: 'numeric' }, categorical: ['id'] }))).message)
      .toBe('openTable: options.categorical names "id", which options.types makes numeric');
  });

  it('bad options are DriftkitErrors naming the option', async () => {
    const cases: [unknown, RegExp][] = [
      [{ chunkRows: 0 }, /^openTable: options\.chunkRows must be a positive integer; got 0$/],
      [{ inferRows: 1.5 }, /^openTable: options\.inferRows must be a positive integer/],
      [{ columns: [] }, /^openTable: options\.columns must name at least one column$/],
      [{ columns: ['id', 'id'] }, /^openTable: options\.columns names "id" twice$/],
      [{ types: { id: 'number' } }, /^openTable: options\.types\["id"\] must be 'numeric', 'categorical' or 'boolean'; got "number"$/],
      [{ format: 'xlsx' }, /^openTable: options\.format must be one of/],
      [{ nullValues: 'NA' }, /^openTable: options\.nullValues must be an array/],
    ];
    for (const [options, message] of cases) {
      const e = await rejection(openTable(fixture('table.csv'), options as never));
      expect(e).toBeInstanceOf(DriftkitError);
      expect(e.message).toMatch(message);
    }
    expect((await rejection(openTable(join(tmp.dir, 'missing.csv')))).message).toMatch(/missing\.csv: cannot be read \(ENOENT/);
  });
});

describe('type mapping of typed files', () => {
  const day = 86_400_000;
  it('Parquet: 64-bit ints, timestamps and dates as ms, decimals, times, JSON text', async () => {
    const { columns, table } = await readAll(fixture('types.parquet'));
    expect(columns).toEqual({
      i64: [1, -5, null, 9007199254740992],
      ts_ms: [0, 1_700_000_000_123, null, -1000],
      ts_us: [0, 1_700_000_000_123, null, day],
      day: [0, 19_000 * day, null, -day],
      dec: [12.34, -0.5, null, 99999.99],
      tm: [0, 45_296_789, null, 1],
      js: ['{"a":1}', '[1,2]', null, '"x"'],
    });
    const notes = Object.fromEntries(table.schema.columns.map((c) => [c.name, [c.fileType, c.note]]));
    expect(notes.ts_us).toEqual(['INT64 (TIMESTAMP MICROS)', 'timestamp as milliseconds since 1970-01-01 UTC']);
    expect(notes.day).toEqual(['INT32 (DATE)', 'date as milliseconds since 1970-01-01 UTC']);
    expect(notes.dec).toEqual(['INT32 (DECIMAL(9,2))', 'decimal read as a double']);
    expect(table.schema.rows).toBe(4);
  });

  it('Arrow: ints, timestamps, dates, decimals, times, durations, float16, dictionaries; lists and binary skipped', async () => {
    const { columns, table } = await readAll(fixture('types.arrow'));
    expect(columns).toEqual({
      i64: [1, -5, null, 9007199254740992],
      ts_us: [0, 1_700_000_000_123, null, day],
      day: [0, 19_000 * day, null, -day],
      dec: [12.34, -0.5, null, 0],
      tm: [0, 45_296_789, null, 0.001],
      dur: [1500, null, 0, -2],
      f16: [1.5, null, -2, 0.25],
      cat: ['a', 'b', null, 'a'],
    });
    expect(table.schema.skipped).toEqual([
      { name: 'tags', fileType: 'List<Int32>', reason: 'nested columns (lists, structs, maps, unions) cannot be profiled' },
      { name: 'blob', fileType: 'Binary', reason: 'binary columns cannot be profiled' },
    ]);
    const e = await rejection(openTable(fixture('types.arrow'), { columns: ['cat', 'tags'] }));
    expect(e).toBeInstanceOf(TableReadError);
    expect(e.message).toBe(`${fixture('types.arrow')}: column "tags": has type List<Int32>; nested columns (lists, structs, maps, unions) cannot be profiled`);
  });

  it('a file that is not Parquet / Arrow is a TableReadError', async () => {
    for (const ext of ['parquet', 'arrow']) {
      const path = join(tmp.dir, `not.${ext}`);
      writeFileSync(path, 'id,amount\n1,2\n');
      const e = await rejection(readAll(path));
      expect(e).toBeInstanceOf(TableReadError);
      expect(e.message).toMatch(new RegExp(`not\\.${ext}: (is not a readable|is empty or not an)`));
    }
  });
});

describe('passes, stats, progress, abort and close', () => {
  it('each chunks() call is a new pass from the start; stats describe the latest', async () => {
    const table = await openTable(fixture('table.csv'), { chunkRows: 4 });
    const a = await collect(table);
    const b = await collect(table);
    expect(b.columns).toEqual(a.columns);
    expect(table.stats()).toMatchObject({ rows: 12, skippedRows: 0, skipped: [], bytes: table.schema.totalBytes });
    await table.close();
    await table.close(); // idempotent
    const e = await rejection(collect(table));
    expect(e.message).toMatch(/^Table\.chunks: table ".*table\.csv" is closed$/);
  });

  it.each(FILES)('%s: onProgress after every chunk, ending at all rows and all bytes', async (name) => {
    const seen: ProgressInfo[] = [];
    const { table } = await readAll(fixture(name), { chunkRows: 5, onProgress: (p) => seen.push(p) });
    expect(seen.map((p) => p.rows)).toEqual([5, 10, 12]);
    expect(seen.at(-1)).toEqual({ rows: 12, bytes: table.schema.totalBytes, totalBytes: table.schema.totalBytes });
    for (let i = 1; i < seen.length; i++) expect(seen[i].bytes).toBeGreaterThanOrEqual(seen[i - 1].bytes);
  });

  it.each(FILES)('%s: an abort signal stops a pass with its reason', async (name) => {
    const ac = new AbortController();
    const table = await openTable(fixture(name), { chunkRows: 2, signal: ac.signal });
    const reason = new Error('stop');
    let rows = 0;
    const e = await rejection((async () => {
      for await (const c of table.chunks()) {
        rows += c.rows;
        if (rows === 4) ac.abort(reason);
      }
    })());
    expect(e).toBe(reason);
    expect(rows).toBe(4);
    // an aborted signal also refuses to open
    expect(await rejection(openTable(fixture(name), { signal: ac.signal }))).toBe(reason);
  });

  it('close() during a pass ends it with an error; breaking out of a pass releases the file', async () => {
    const table = await openTable(fixture('table.jsonl'), { chunkRows: 1 });
    for await (const c of table.chunks()) { expect(c.rows).toBe(1); break; }
    const e = await rejection((async () => {
      for await (const _ of table.chunks()) await table.close();
    })());
    expect(e.message).toMatch(/was closed while chunks\(\) was reading it$/);
  });
});

describe('Parquet row groups larger than one decode range', () => {
  // groups of RANGE_ROWS + 37,856 rows (two ranges in a group) and a shorter last one, with and without offset
  // indexes: with them hyparquet fetches a range's pages; without, a group is read whole
  it.each([true, false])('offset index %s: every row, in order', async (offsetIndex) => {
    const { parquetWriteFile } = await import('hyparquet-writer');
    const group = RANGE_ROWS + 37_856;
    const n = group + 50_000;
    const x = Array.from({ length: n }, (_, i) => (i % 97 === 0 ? null : i * 0.25));
    const s = Array.from({ length: n }, (_, i) => `k${i % 13}`);
    const path = join(tmp.dir, `big-${offsetIndex}.parquet`);
    parquetWriteFile({
      filename: path,
      rowGroupSize: group,
      pageSize: 20_000, // several pages a chunk: the writer only indexes chunks of more than one page
      columnData: [
        { name: 'x', data: x, type: 'DOUBLE', offsetIndex },
        { name: 's', data: s, type: 'STRING', offsetIndex },
        { name: 'unused', data: s, type: 'STRING', offsetIndex },
      ],
    });
    const { asyncBufferFromFile, parquetMetadataAsync } = await import('hyparquet');
    const md = await parquetMetadataAsync(await asyncBufferFromFile(path));
    expect(md.row_groups.map((g) => g.columns.every((c) => c.offset_index_offset !== undefined))).toEqual([offsetIndex, offsetIndex]);
    const table = await openTable(path, { columns: ['s', 'x'], chunkRows: 40_000 });
    let row = 0;
    let bad = 0;
    for await (const chunk of table.chunks()) {
      expect(chunk.startRow).toBe(row);
      const cx = chunk.columns.x as Float64Array;
      const cs = chunk.columns.s as string[];
      for (let i = 0; i < chunk.rows; i++, row++) {
        const want = row % 97 === 0 ? NaN : row * 0.25;
        if (!Object.is(cx[i], want) || cs[i] !== `k${row % 13}`) bad++;
      }
    }
    await table.close();
    expect(row).toBe(n);
    expect(bad).toBe(0);
  }, 60_000);
});
