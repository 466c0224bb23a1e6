// Writes Parquet fixtures with another engine than ours: DuckDB (through @duckdb/node-api, DuckDB's own C++
// Parquet writer) writes one deterministic 240-row table once per codec (UNCOMPRESSED, SNAPPY, GZIP, ZSTD,
// BROTLI, LZ4_RAW) into test/fixtures/io/engine-duckdb-<codec>.parquet, and test/fixtures/io/engine.json holds
// what driftkit must read from each: the columns (struct fields flattened to `s.x`, timestamps and dates as
// epoch milliseconds, decimals as numbers, null = missing) and the columns it must skip (the list).
//
// The tests read only the committed files and never need DuckDB. The engine is ~70 MB (native binary), so it is
// NOT a devDependency; to regenerate, install it outside the repo and point the script at it:
//   mkdir -p /tmp/pqgen && (cd /tmp/pqgen && npm init -y && npm install -E @duckdb/node-api@1.5.6-r.1)
//   PQGEN_MODULES=/tmp/pqgen node scripts/gen_parquet_fixtures.mjs
// (without PQGEN_MODULES the script resolves @duckdb/node-api from the repo's node_modules).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures', 'io');
mkdirSync(out, { recursive: true });

async function load(name) {
  const base = process.env.PQGEN_MODULES;
  if (!base) return import(name);
  const path = createRequire(join(base, 'package.json')).resolve(name);
  return import(pathToFileURL(path).href);
}

// ---- the table, computed here (the expected values) and handed to DuckDB as SQL literals ----
const N = 240;
const CITIES = ['Paris', 'São Paulo', 'Zürich', '東京', 'Lagos'];
const BASE_US = 1_704_067_200_000_000n; // 2024-01-01T00:00:00Z in microseconds
const BASE_DAY = 19_723; // 2024-01-01 in days since 1970-01-01

/** An exact decimal literal of `units` / 10^scale (units a BigInt). */
function decimal(units, scale) {
  const neg = units < 0n;
  const s = (neg ? -units : units).toString().padStart(scale + 1, '0');
  return `${neg ? '-' : ''}${s.slice(0, s.length - scale)}.${s.slice(s.length - scale)}`;
}
const sqlString = (s) => `'${s.replace(/'/g, "''")}'`;

const rows = [];
for (let i = 0; i < N; i++) {
  const us = BASE_US + BigInt(i) * 3_600_123_457n; // about an hour apart, odd microseconds
  const ns = us * 1000n + BigInt((i * 789) % 1000);
  const ms = BASE_US / 1000n + BigInt(i) * 86_400_001n;
  const cents = BigInt((i * 7919) % 200_000 - 100_000); // -1000.00 .. 999.99
  const big4 = BigInt(i) * 123_456_789_012n - 60_000_000_000_000n; // DECIMAL(18,4)
  const wide = BigInt(i) * 98_765_432_101n + 1n; // DECIMAL(30,6): FIXED_LEN_BYTE_ARRAY
  rows.push({
    id: i,
    big: i * 1_000_000_007 - 400_000_000_000, // INT64, exact in a double
    amount: i % 7 === 3 ? null : ((i * 37) % 1000) / 8 - 60, // DOUBLE with nulls, exact
    ratio: i % 5 === 0 ? null : ((i * 13) % 64) / 4, // FLOAT, exact in float32
    city: i % 9 === 4 ? null : CITIES[(i * 3) % CITIES.length], // dictionary-encoded strings
    flag: i % 6 === 5 ? null : i % 3 !== 1,
    nothing: null, // an all-null column
    ts: us, ts_ms: ms, ts_ns: ns, tstz: us,
    day: i % 10 === 7 ? null : BASE_DAY + i - 500,
    price: cents, big4, wide,
    s: i % 11 === 10 ? null : { x: i % 13 === 0 ? null : i * 2, y: CITIES[i % CITIES.length] },
    tags: i % 4 === 0 ? null : [i, i + 1, i % 3],
  });
}

const TYPES = {
  id: 'INTEGER', big: 'BIGINT', amount: 'DOUBLE', ratio: 'FLOAT', city: 'VARCHAR', flag: 'BOOLEAN', nothing: 'INTEGER',
  ts: 'TIMESTAMP', ts_ms: 'TIMESTAMP_MS', ts_ns: 'TIMESTAMP_NS', tstz: 'TIMESTAMPTZ', day: 'DATE',
  price: 'DECIMAL(9,2)', big4: 'DECIMAL(18,4)', wide: 'DECIMAL(30,6)', s: 'STRUCT(x INTEGER, y VARCHAR)', tags: 'INTEGER[]',
};

function literal(col, v) {
  if (v === null) return 'NULL';
  switch (col) {
    case 'city': return sqlString(v);
    case 'ts': return `make_timestamp(${v}::BIGINT)`;
    case 'tstz': return `make_timestamp(${v}::BIGINT)::TIMESTAMPTZ`;
    case 'ts_ms': return `epoch_ms(${v}::BIGINT)::TIMESTAMP_MS`;
    case 'ts_ns': return `make_timestamp_ns(${v}::BIGINT)`;
    case 'day': return `(DATE '1970-01-01' + ${v}::INTEGER)`;
    case 'price': return `${decimal(v, 2)}::DECIMAL(9,2)`;
    case 'big4': return `${decimal(v, 4)}::DECIMAL(18,4)`;
    case 'wide': return `${decimal(v, 6)}::DECIMAL(30,6)`;
    case 's': return `{'x': ${v.x === null ? 'NULL' : v.x}, 'y': ${sqlString(v.y)}}`;
    case 'tags': return `[${v.join(', ')}]`;
    default: return String(v);
  }
}

// ---- what driftkit must read (JSON: null = missing) ----
const expected = {
  id: rows.map((r) => r.id),
  big: rows.map((r) => r.big),
  amount: rows.map((r) => r.amount),
  ratio: rows.map((r) => r.ratio),
  city: rows.map((r) => r.city),
  flag: rows.map((r) => r.flag),
  nothing: rows.map(() => null),
  ts: rows.map((r) => Number(r.ts) / 1e3),
  ts_ms: rows.map((r) => Number(r.ts_ms)),
  ts_ns: rows.map((r) => Number(r.ts_ns / 1000n) / 1e3),
  tstz: rows.map((r) => Number(r.tstz) / 1e3),
  day: rows.map((r) => (r.day === null ? null : r.day * 86_400_000)),
  price: rows.map((r) => Number(decimal(r.price, 2))),
  big4: rows.map((r) => Number(decimal(r.big4, 4))),
  wide: rows.map((r) => Number(decimal(r.wide, 6))),
  's.x': rows.map((r) => r.s?.x ?? null),
  's.y': rows.map((r) => r.s?.y ?? null),
};
const kinds = Object.fromEntries(Object.keys(expected).map((k) => [k, k === 'city' || k === 's.y' ? 'categorical' : k === 'flag' ? 'boolean' : 'numeric']));

const CODECS = ['uncompressed', 'snappy', 'gzip', 'zstd', 'brotli', 'lz4_raw'];
const { DuckDBInstance } = await load('@duckdb/node-api');
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
const version = (await con.runAndReadAll('SELECT version() AS v')).getRowObjects()[0].v;
const cols = Object.keys(TYPES);
await con.run(`CREATE TABLE t (${cols.map((c) => `"${c}" ${TYPES[c]}`).join(', ')})`);
await con.run(`INSERT INTO t VALUES ${rows.map((r) => `(${cols.map((c) => literal(c, r[c])).join(', ')})`).join(',\n')}`);
// DuckDB's own reading of the table must agree with the expected values (a check of the literals above)
const back = (await con.runAndReadAll('SELECT id, epoch_us(ts)::VARCHAR AS ts, epoch_ns(ts_ns)::VARCHAR AS ns, price::VARCHAR AS price, wide::VARCHAR AS wide FROM t ORDER BY id')).getRowObjects();
back.forEach((b, i) => {
  const r = rows[i];
  if (b.ts !== String(r.ts) || b.ns !== String(r.ts_ns) || b.price !== decimal(r.price, 2) || b.wide !== decimal(r.wide, 6)) {
    throw new Error(`row ${i}: DuckDB holds ${JSON.stringify(b)}`);
  }
});
const files = {};
for (const codec of CODECS) {
  const name = `engine-duckdb-${codec}.parquet`;
  rmSync(join(out, name), { force: true });
  // one row group (DuckDB rounds ROW_GROUP_SIZE up to its 2,048-row vectors); it dictionary-encodes the strings itself
  await con.run(`COPY (SELECT * FROM t ORDER BY id) TO '${join(out, name)}' (FORMAT parquet, COMPRESSION ${codec}, ROW_GROUP_SIZE 256)`);
  const meta = (await con.runAndReadAll(`SELECT DISTINCT compression FROM parquet_metadata('${join(out, name)}') ORDER BY 1`)).getRowObjects();
  const groups = (await con.runAndReadAll(`SELECT count(DISTINCT row_group_id) AS n FROM parquet_metadata('${join(out, name)}')`)).getRowObjects()[0].n;
  files[name] = { engine: `DuckDB ${version} (@duckdb/node-api 1.5.6-r.1)`, codec: meta.map((m) => m.compression), rowGroups: Number(groups) };
  console.log(name, files[name]);
}
// several row groups with a struct and a list: row i holds id i, s {x: i (null when i % 5 = 0), y: 'k' || i % 7}
{
  const name = 'engine-duckdb-groups.parquet';
  rmSync(join(out, name), { force: true });
  await con.run(`COPY (SELECT i::INTEGER AS id, {'x': CASE WHEN i % 5 = 0 THEN NULL ELSE i::INTEGER END, 'y': 'k' || (i % 7)} AS s, [i, i] AS tags FROM range(6000) r(i) ORDER BY i) TO '${join(out, name)}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 2048)`);
  const groups = (await con.runAndReadAll(`SELECT count(DISTINCT row_group_id) AS n FROM parquet_metadata('${join(out, name)}')`)).getRowObjects()[0].n;
  files[name] = { engine: `DuckDB ${version} (@duckdb/node-api 1.5.6-r.1)`, codec: ['ZSTD'], rowGroups: Number(groups), rows: 6000 };
  console.log(name, files[name]);
}
writeFileSync(join(out, 'engine.json'), `${JSON.stringify({ rows: N, kinds, skipped: ['tags'], files, columns: expected })}\n`);
console.log(`wrote ${CODECS.length} files and engine.json to ${out}`);

// ---- Polars (nodejs-polars, Rust's polars-parquet writer) with ZSTD, Python Polars' default (nodejs-polars'
// default is UNCOMPRESSED): the columns Polars
// builds easily from JS (a struct of two columns, so no null struct rows; the list is read by Polars as f64)
{
  const { default: pl } = await load('nodejs-polars');
  const plVersion = JSON.parse(readFileSync(createRequire(process.env.PQGEN_MODULES ? join(process.env.PQGEN_MODULES, 'package.json') : import.meta.url).resolve('nodejs-polars/package.json'), 'utf8')).version;
  const name = 'engine-polars-zstd.parquet';
  let df = pl.DataFrame({
    id: pl.Series('id', rows.map((r) => r.id), pl.Int32),
    amount: pl.Series('amount', rows.map((r) => r.amount), pl.Float64),
    city: pl.Series('city', rows.map((r) => r.city), pl.Utf8),
    flag: pl.Series('flag', rows.map((r) => r.flag), pl.Bool),
    ts: pl.Series('ts', rows.map((r) => Number(r.ts)), pl.Int64).cast(pl.Datetime('us')),
    day: pl.Series('day', rows.map((r) => r.day), pl.Int32).cast(pl.Date),
    x: pl.Series('x', rows.map((r) => r.s?.x ?? null), pl.Int32),
    y: pl.Series('y', rows.map((r) => r.s?.y ?? null), pl.Utf8),
    tags: pl.Series('tags', rows.map((r) => r.tags)),
  });
  df = df.withColumns(pl.struct([pl.col('x'), pl.col('y')]).alias('s')).drop(['x', 'y']);
  rmSync(join(out, name), { force: true });
  df.writeParquet(join(out, name), { compression: 'zstd' });
  const cols = ['id', 'amount', 'city', 'flag', 'ts', 'day', 's.x', 's.y'];
  const meta = (await con.runAndReadAll(`SELECT DISTINCT compression FROM parquet_metadata('${join(out, name)}') ORDER BY 1`)).getRowObjects();
  const polars = {
    engine: `Polars (nodejs-polars ${plVersion})`, codec: meta.map((m) => m.compression), rows: N,
    kinds: Object.fromEntries(cols.map((c) => [c, kinds[c]])), skipped: ['tags'],
    columns: Object.fromEntries(cols.map((c) => [c, expected[c]])),
  };
  writeFileSync(join(out, 'engine-polars.json'), `${JSON.stringify(polars)}\n`);
  console.log(name, polars.engine, polars.codec);
}

