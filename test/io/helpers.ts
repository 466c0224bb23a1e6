// Helpers of the table-reader tests: fixture paths, temp dirs, and reading a whole table back as plain arrays.
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openTable, type Chunk, type Table, type TableOptions } from '../../src/io/index.js';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'io');
export const fixture = (name: string) => join(FIXTURES, name);

/** A fresh temp dir and its removal. */
export function tempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'driftkit-io-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export type Plain = Record<string, (number | string | boolean | null)[]>;

/** Columns as plain arrays with null for missing (NaN → null). */
export function plain(columns: Chunk['columns']): Plain {
  const out: Plain = {};
  for (const [k, v] of Object.entries(columns)) {
    out[k] = v instanceof Float64Array ? Array.from(v, (x) => (Number.isNaN(x) ? null : x)) : [...v];
  }
  return out;
}

/** Every chunk of one pass, and their columns concatenated. */
export async function collect(table: Table): Promise<{ chunks: Chunk[]; columns: Plain }> {
  const chunks: Chunk[] = [];
  const columns: Plain = Object.fromEntries(table.schema.columns.map((c) => [c.name, []]));
  for await (const chunk of table.chunks()) {
    chunks.push(chunk);
    for (const [k, v] of Object.entries(plain(chunk.columns))) columns[k].push(...v);
  }
  return { chunks, columns };
}

/** openTable + collect + close. */
export async function readAll(path: string, options?: TableOptions) {
  const table = await openTable(path, options);
  try {
    return { table, ...(await collect(table)) };
  } finally {
    await table.close();
  }
}

/** The error a promise rejects with (fails when it resolves). */
export async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}

/** Write a CSV of `rows` rows (10 numeric + 5 categorical columns) from a repeating block of distinct lines. */
export async function writeWideCsv(path: string, rows: number): Promise<number> {
  const header = [...Array.from({ length: 10 }, (_, j) => `n${j}`), ...Array.from({ length: 5 }, (_, j) => `c${j}`)].join(',');
  const cats = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta'];
  let seed = 7;
  const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const blockRows = 4096;
  const lines: string[] = [];
  for (let i = 0; i < blockRows; i++) {
    const f: string[] = [];
    for (let j = 0; j < 10; j++) f.push(((rnd() - 0.3) * 10 ** (j % 5)).toFixed(3));
    for (let j = 0; j < 5; j++) f.push(`${cats[Math.floor(rnd() * cats.length)]}_${Math.floor(rnd() * (10 + j * 40))}`);
    lines.push(f.join(','));
  }
  const block = `${lines.join('\n')}\n`;
  const out = createWriteStream(path);
  out.write(`${header}\n`);
  let written = 0;
  while (written + blockRows <= rows) {
    if (!out.write(block)) await once(out, 'drain');
    written += blockRows;
  }
  if (written < rows) out.write(`${lines.slice(0, rows - written).join('\n')}\n`);
  out.end();
  await once(out, 'finish');
  return rows;
}

