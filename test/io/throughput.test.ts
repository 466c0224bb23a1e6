// Throughput of chunks() on a generated CSV of 10 numeric + 5 categorical columns. Opt-in (it only reports):
//   DRIFTKIT_IO_BENCH=1 npx vitest run test/io/throughput.test.ts        (1e6 rows; DRIFTKIT_IO_BENCH_ROWS to change)
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openTable } from '../../src/io/index.js';
import { tempDir, writeWideCsv } from './helpers.js';

describe.runIf(process.env.DRIFTKIT_IO_BENCH)('CSV throughput (report only)', () => {
  it('reads 10 numeric + 5 categorical columns through chunks()', async () => {
    const rows = Number(process.env.DRIFTKIT_IO_BENCH_ROWS ?? 1_000_000);
    const { dir, remove } = tempDir();
    try {
      const path = join(dir, 'wide.csv');
      await writeWideCsv(path, rows);
      for (let rep = 0; rep < 2; rep++) {
        const t0 = performance.now();
        const table = await openTable(path);
        let n = 0;
        for await (const c of table.chunks()) n += c.rows;
        const secs = (performance.now() - t0) / 1000;
        const mb = table.schema.totalBytes / 2 ** 20;
        console.log(`CSV ${rows.toLocaleString('en-US')} rows x 15 columns (${mb.toFixed(0)} MiB): ${secs.toFixed(2)} s, ${Math.round(n / secs).toLocaleString('en-US')} rows/s, ${(mb / secs).toFixed(1)} MiB/s`);
        expect(n).toBe(rows);
      }
    } finally {
      remove();
    }
  }, 600_000);
});
