// Parquet files written by another engine (DuckDB, scripts/gen_parquet_fixtures.mjs), one per codec: every
// value read must be what the engine was given (test/fixtures/io/engine.json), whatever the compression.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parquetCompressors } from '../../src/io/parquet.js';
import { fixture, readAll, type Plain } from './helpers.js';

interface Expected {
  rows: number;
  kinds: Record<string, string>;
  skipped: string[];
  files: Record<string, { engine: string; codec: string[] }>;
  columns: Plain;
}
const expected = JSON.parse(readFileSync(fixture('engine.json'), 'utf8')) as Expected;
const FILES = Object.keys(expected.files).filter((f) => f !== 'engine-duckdb-groups.parquet');

it('decompresses every codec but LZO (which no current writer uses)', async () => {
  expect(Object.keys(await parquetCompressors()).sort()).toEqual(['BROTLI', 'GZIP', 'LZ4', 'LZ4_RAW', 'SNAPPY', 'ZSTD']);
});

describe('Parquet written by DuckDB', () => {
  it('has one file per codec', () => {
    expect(FILES.map((f) => expected.files[f].codec.join())).toEqual(['UNCOMPRESSED', 'SNAPPY', 'GZIP', 'ZSTD', 'BROTLI', 'LZ4_RAW']);
  });

  it.each(FILES)('%s: every value read is the value written', async (name) => {
    const { table, columns } = await readAll(fixture(name));
    expect(table.schema.rows).toBe(expected.rows);
    expect(table.schema.kinds).toEqual(expected.kinds);
    // struct fields are columns of their own; the list column is skipped, by name
    expect(table.schema.columns.map((c) => c.name)).toEqual(Object.keys(expected.columns));
    expect(table.schema.skipped.map((s) => s.name)).toEqual(expected.skipped);
    for (const [k, want] of Object.entries(expected.columns)) expect(columns[k], k).toEqual(want);
  });

  it('reads timestamps of every unit, dates and decimals as numbers, and says how', async () => {
    const { table, columns } = await readAll(fixture('engine-duckdb-zstd.parquet'));
    const col = (n: string) => table.schema.columns.find((c) => c.name === n)!;
    expect(col('ts').fileType).toBe('INT64 (TIMESTAMP MICROS)');
    expect(col('ts_ms').fileType).toBe('INT64 (TIMESTAMP MILLIS)');
    expect(col('ts_ns').fileType).toBe('INT64 (TIMESTAMP NANOS)');
    expect(col('ts').note).toBe('timestamp as milliseconds since 1970-01-01 UTC');
    expect(col('day').fileType).toBe('INT32 (DATE)');
    expect(col('price').fileType).toBe('INT32 (DECIMAL(9,2))');
    expect(col('big4').fileType).toBe('INT64 (DECIMAL(18,4))');
    expect(col('wide').fileType).toBe('FIXED_LEN_BYTE_ARRAY (DECIMAL(30,6))');
    // spot values, independent of the JSON: 2024-01-01T00:00:00Z and one hour, 123,457 µs later
    expect(columns.ts.slice(0, 2)).toEqual([1_704_067_200_000, 1_704_067_200_000 + 3_600_123.457]);
    expect(new Date(columns.day[0] as number).toISOString()).toBe('2022-08-19T00:00:00.000Z');
    expect(columns.price.slice(0, 3)).toEqual([-1000, -920.81, -841.62]);
  });

  it('names the skipped list column and why', async () => {
    const { table } = await readAll(fixture('engine-duckdb-snappy.parquet'));
    expect(table.schema.skipped).toEqual([{ name: 'tags', fileType: 'GROUP (LIST)', reason: expect.stringMatching(/list/) }]);
  });

  it('reads a struct field alone', async () => {
    const { table, columns } = await readAll(fixture('engine-duckdb-gzip.parquet'), { columns: ['s.y', 'id'] });
    expect(table.schema.columns.map((c) => c.name)).toEqual(['s.y', 'id']);
    expect(columns['s.y']).toEqual(expected.columns['s.y']);
    expect(columns.id).toEqual(expected.columns.id);
  });

  it('several row groups, a struct and a list: every row, in order, in chunks that cross row groups', async () => {
    expect(expected.files['engine-duckdb-groups.parquet']).toMatchObject({ rowGroups: 3, rows: 6000 });
    const { table, chunks, columns } = await readAll(fixture('engine-duckdb-groups.parquet'), { chunkRows: 1000 });
    expect(table.schema.columns.map((c) => c.name)).toEqual(['id', 's.x', 's.y']);
    expect(table.schema.skipped.map((s) => s.name)).toEqual(['tags']);
    expect(chunks.map((c) => c.rows)).toEqual(Array(6).fill(1000));
    const ids = Array.from({ length: 6000 }, (_, i) => i);
    expect(columns.id).toEqual(ids);
    expect(columns['s.x']).toEqual(ids.map((i) => (i % 5 === 0 ? null : i)));
    expect(columns['s.y']).toEqual(ids.map((i) => `k${i % 7}`));
  });

  it('fails clearly when the list column is asked for', async () => {
    await expect(readAll(fixture('engine-duckdb-zstd.parquet'), { columns: ['tags'] })).rejects.toThrow(/column "tags": has type GROUP \(LIST\)/);
  });
});

describe('Parquet written by Polars (ZSTD)', () => {
  const polars = JSON.parse(readFileSync(fixture('engine-polars.json'), 'utf8')) as Expected & { codec: string[] };

  it('every value read is the value written', async () => {
    expect(polars.codec).toEqual(['ZSTD']);
    const { table, columns } = await readAll(fixture('engine-polars-zstd.parquet'));
    expect(table.schema.rows).toBe(polars.rows);
    expect(table.schema.kinds).toEqual(polars.kinds);
    expect(table.schema.skipped.map((s) => s.name)).toEqual(polars.skipped);
    for (const [k, want] of Object.entries(polars.columns)) expect(columns[k], k).toEqual(want);
    // the same values DuckDB was given
    for (const k of ['id', 'amount', 'city', 'flag', 'ts', 'day']) expect(columns[k], k).toEqual(expected.columns[k]);
  });
});

it('the CLI says which columns it skipped (driftkit compare on the DuckDB ZSTD and Polars files)', async () => {
  const { spawnSync } = await import('node:child_process');
  const cli = new URL('../../dist/cli/index.js', import.meta.url).pathname;
  const r = spawnSync(process.execPath, [cli, 'compare', fixture('engine-duckdb-zstd.parquet'), fixture('engine-polars-zstd.parquet'), '--no-progress'], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  expect(r.stderr).toContain('engine-duckdb-zstd.parquet: skipped 1 column it cannot profile: tags (');
  expect(r.stderr).toContain('engine-polars-zstd.parquet: skipped 1 column it cannot profile: tags (');
});
