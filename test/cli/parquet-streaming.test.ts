// Issue #12: a Parquet file streams by row group through the CLI. The file here is small on disk but large
// once decoded, so with an in-memory limit between the two `driftkit profile` and `compare` must stream it
// (gather() never called) and decode its row groups as the chunks are consumed, never the whole file ahead of
// them; and the streamed results equal the in-memory ones (every sample is exact here).
import { ROLE_SAMPLE_ROWS } from '../../src/cli/roles.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetWriteFile } from 'hyparquet-writer';
import { DEFAULT_CHUNK_ROWS, openTable } from '../../src/io/table.js';
import { parseProfile } from '../../src/profile/serialize.js';
import type { NumericProfile } from '../../src/profile/types.js';

/** What the readers did, in order: row group columns decoded (rowStart, columns), a chunk handed on (its rows). */
const events: ({ decode: number; columns?: string[] } | { chunk: [number, number] })[] = [];
const gathered = { calls: 0 };

vi.mock('hyparquet', async (importOriginal) => {
  const m = await importOriginal<typeof import('hyparquet')>();
  return {
    ...m,
    parquetRead: (o: Parameters<typeof m.parquetRead>[0]) => { events.push({ decode: o.rowStart ?? 0, ...(o.columns ? { columns: o.columns } : {}) }); return m.parquetRead(o); },
  };
});
vi.mock('../../src/cli/tables.js', async (importOriginal) => {
  const m = await importOriginal<typeof import('../../src/cli/tables.js')>();
  return {
    ...m,
    gather: (...a: Parameters<typeof m.gather>) => { gathered.calls++; return m.gather(...a); },
    open: async (...a: Parameters<typeof m.open>) => {
      const o = await m.open(...a);
      return {
        ...o,
        pass: async function* () {
          for await (const c of o.pass()) { events.push({ chunk: [c.startRow, c.startRow + c.rows] }); yield c; }
        },
      };
    },
  };
});

// the worker pool loads the built worker (dist/): one thread here, the same results (test/parallel)
vi.mock('../../src/parallel/profile-parallel.js', async (importOriginal) => {
  const m = await importOriginal<typeof import('../../src/parallel/profile-parallel.js')>();
  return { ...m, profileParallel: (c: Parameters<typeof m.profileParallel>[0], o: Parameters<typeof m.profileParallel>[1]) => m.profileParallel(c, { ...o, threads: 1 }) };
});
vi.mock('../../src/parallel/compare-parallel.js', async (importOriginal) => {
  const m = await importOriginal<typeof import('../../src/parallel/compare-parallel.js')>();
  return { ...m, compareParallel: (r: Parameters<typeof m.compareParallel>[0], c: Parameters<typeof m.compareParallel>[1], o: Parameters<typeof m.compareParallel>[2]) => m.compareParallel(r, c, { ...o, threads: 1 }) };
});

const { profileCommand } = await import('../../src/cli/profile.js');
const { BYTES_PER_VALUE, fitsInMemory } = await import('../../src/cli/tables.js');
const { compareCommand } = await import('../../src/cli/compare.js');

// more rows than a chunk (65,536) plus a group: reading ahead of the consumer by the whole file would show
const ROWS = 80_000, GROUP = 5_000;
const dir = mkdtempSync(join(tmpdir(), 'driftkit-pqstream-'));
const file = join(dir, 'data.parquet');
const at = (f: string) => join(dir, f);
// between the file's size and its decoded size (ROWS × 3 columns × BYTES_PER_VALUE = 5.8 MB)
const LIMIT = '2MB';

beforeAll(() => {
  parquetWriteFile({
    filename: file, rowGroupSize: GROUP,
    columnData: [
      { name: 'x', data: Float64Array.from({ length: ROWS }, (_, i) => ((i * 7919) % 2000) / 4), type: 'DOUBLE' },
      { name: 'n', data: Int32Array.from({ length: ROWS }, (_, i) => (i * 31) % 37), type: 'INT32' },
      { name: 's', data: Array.from({ length: ROWS }, (_, i) => (i % 11 === 0 ? null : `k${(i * 13) % 7}`)), type: 'STRING' },
    ],
  });
  vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterAll(() => { vi.restoreAllMocks(); rmSync(dir, { recursive: true, force: true }); });

/** Runs a command and returns the row-group decodes with the rows handed on before each. */
async function traced(run: () => Promise<number>): Promise<{ status: number; decodes: { start: number; handed: number; columns?: string[] }[] }> {
  events.length = 0;
  gathered.calls = 0;
  const status = await run();
  const decodes: { start: number; handed: number; columns?: string[] }[] = [];
  let handed = 0;
  for (const e of events) {
    if ('chunk' in e) handed = e.chunk[1];
    else {
      if (e.decode === 0) handed = 0; // a new pass
      decodes.push({ start: e.decode, handed, ...(e.columns ? { columns: e.columns } : {}) });
    }
  }
  return { status, decodes };
}

/** Every row group was decoded at most one chunk ahead of what the consumer had been handed (a reader that
 * decoded the file before yielding would be ROWS - GROUP ahead at its last group). */
function expectStreamed(decodes: { start: number; handed: number }[], passes: number): void {
  expect(decodes.filter((d) => d.start === ROWS - GROUP).length).toBeGreaterThanOrEqual(passes);
  for (const d of decodes) expect(d.start - d.handed, `row group at row ${d.start}`).toBeLessThanOrEqual(DEFAULT_CHUNK_ROWS);
}

describe('Parquet through the CLI: row group by row group', () => {
  it('the in-memory limit counts a Parquet file as decoded values, not as its size on disk', async () => {
    const table = await openTable(file);
    await table.close();
    expect(statSync(file).size).toBeLessThan(2 * 2 ** 20);
    expect(table.schema.rows).toBe(ROWS);
    expect(fitsInMemory(table.schema, 2 * 2 ** 20)).toBe(false);
    expect(fitsInMemory(table.schema, ROWS * 3 * BYTES_PER_VALUE)).toBe(true);
  });

  it('driftkit profile streams it in two passes and equals the in-memory profile', async () => {
    const s = await traced(() => profileCommand([file, '-o', at('streamed.json'), '--in-memory-limit', LIMIT, '--no-progress']));
    expect(s.status).toBe(0);
    expect(gathered.calls).toBe(0);
    expectStreamed(s.decodes, 2);
    // the second pass only bins numbers: it decodes the numeric columns alone (a column at a time); before the
    // passes, finding roles (ids, the time column) reads the first ROLE_SAMPLE_ROWS rows of every column, which
    // decodes the groups of the reader's first decode range
    const decoded = (c: string) => s.decodes.filter((d) => d.columns?.includes(c)).length;
    const roles = decoded('s') - ROWS / GROUP;
    expect(roles).toBeGreaterThanOrEqual(Math.ceil(ROLE_SAMPLE_ROWS / GROUP));
    expect([decoded('x'), decoded('n')]).toEqual([2 * ROWS / GROUP + roles, 2 * ROWS / GROUP + roles]);

    await traced(() => profileCommand([file, '-o', at('whole.json'), '--in-memory-limit', '1GB', '--no-progress']));
    expect(gathered.calls).toBe(1);

    const got = parseProfile(readFileSync(at('streamed.json'), 'utf8')), want = parseProfile(readFileSync(at('whole.json'), 'utf8'));
    for (const f of ['x', 'n']) {
      const g = got.features[f] as NumericProfile, p = want.features[f] as NumericProfile;
      // mean and M2 combine chunk by chunk: equal up to rounding; everything else exactly
      for (const k of ['mean', 'm2', 'variance'] as const) {
        expect(Math.abs(g[k] - p[k])).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(p[k])));
        g[k] = p[k];
      }
    }
    expect({ ...got, createdAt: '' }).toEqual({ ...want, createdAt: '' });
  });

  it('driftkit compare streams the current file and reports what the in-memory path reports', async () => {
    await profileCommand([file, '-o', at('ref.json'), '--in-memory-limit', '1GB', '--no-progress']);
    const s = await traced(() => compareCommand(['--profile', at('ref.json'), file, '--format', 'json', '-o', at('a.json'), '--in-memory-limit', LIMIT, '--no-progress']));
    expect(s.status).toBe(0);
    expect(gathered.calls).toBe(0);
    expectStreamed(s.decodes, 1);
    await compareCommand(['--profile', at('ref.json'), file, '--format', 'json', '-o', at('b.json'), '--in-memory-limit', '1GB', '--no-progress']);
    expect(gathered.calls).toBe(1);
    const features = (f: string) => JSON.parse(readFileSync(at(f), 'utf8')).features;
    expect(features('a.json')).toEqual(features('b.json'));
  });
});
