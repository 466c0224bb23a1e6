// Streaming holds one chunk at a time: reading a ~200 MB CSV through chunks() must not grow RSS by more than
// ~150 MB. The file is generated in a temp dir and deleted afterwards.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { openTable } from '../../src/io/index.js';
import { tempDir, writeWideCsv } from './helpers.js';

const ROWS = Number(process.env.DRIFTKIT_IO_MEMORY_ROWS ?? 1_750_000); // ~116 bytes a row: ~200 MB

it('a ~200 MB CSV streams with RSS growth under 150 MB', async () => {
  const { dir, remove } = tempDir();
  try {
    const path = join(dir, 'big.csv');
    await writeWideCsv(path, ROWS);
    const size = statSync(path).size;
    const base = process.memoryUsage().rss;
    let peak = base;
    let rows = 0;
    const t0 = performance.now();
    const table = await openTable(path);
    for await (const chunk of table.chunks()) {
      rows += chunk.rows;
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    const secs = (performance.now() - t0) / 1000;
    const growth = (peak - base) / 2 ** 20;
    console.log(`memory: ${(size / 2 ** 20).toFixed(0)} MiB CSV, ${rows.toLocaleString('en-US')} rows in ${secs.toFixed(1)} s; RSS ${(base / 2 ** 20).toFixed(0)} → peak ${(peak / 2 ** 20).toFixed(0)} MiB (+${growth.toFixed(0)} MiB)`);
    expect(rows).toBe(ROWS);
    expect(size).toBeGreaterThan(ROWS * 100);
    expect(growth).toBeLessThan(150);
  } finally {
    remove();
  }
}, 120_000);
