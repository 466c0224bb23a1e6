// Parquet at scale (issue #12: peak RSS follows the largest row group, not the file): writes a ROWS-row ×
// 7-column ZSTD Parquet file with hyparquet-writer (a devDependency) — two doubles, two integers, two
// dictionary-encoded string categoricals (one with nulls) and a millisecond timestamp, in row groups of GROUP
// rows (default 122,880, DuckDB's size), no page indexes (as DuckDB and pyarrow write by default) — then runs
// with default flags `driftkit profile FILE`, `driftkit compare --profile ref.profile.json FILE` and
// `driftkit compare FILE FILE`, each under /usr/bin/time -v (peak RSS), and prints time, rows/s and peak RSS.
// Run `npm run build` first. Env: ROWS (default 3e6), GROUP (rows per row group, default 122880), FILE (an
// existing Parquet file to measure instead of writing one), CLI (default dist/cli/index.js), KEEP=1 keeps the
// files. ZSTD comes from node:zlib (Node ≥ 22.15) or else the zstd program.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as zlib from 'node:zlib';
import { parquetWriteFile } from 'hyparquet-writer';

const here = dirname(fileURLToPath(import.meta.url));
const ROWS = Number(process.env.ROWS ?? 3e6), GROUP = Number(process.env.GROUP ?? 122_880);
const cli = process.env.CLI ?? join(here, '..', 'dist', 'cli', 'index.js');
const dir = mkdtempSync(join(tmpdir(), 'driftkit-pqbench-'));
const TIME = '/usr/bin/time';
if (!existsSync(TIME)) throw new Error(`${TIME} is needed for the peak RSS (apt-get install time)`);

/** ZSTD level 3 (zstd's default), in-process when this Node has it. */
function zstd(bytes) {
  if (typeof zlib.zstdCompressSync === 'function') return new Uint8Array(zlib.zstdCompressSync(bytes));
  const r = spawnSync('zstd', ['-3', '-q', '-c'], { input: bytes, maxBuffer: 1 << 30 });
  if (r.error || r.status !== 0) throw new Error(`ZSTD needs Node ≥ 22.15 or the zstd program (${r.error?.message ?? r.stderr})`);
  return new Uint8Array(r.stdout.buffer, r.stdout.byteOffset, r.stdout.byteLength);
}

function writeParquet(path) {
  let s = 12345;
  const u = () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return (s + 0.5) / 4294967296; };
  const normal = () => Math.sqrt(-2 * Math.log(u())) * Math.cos(6.283185307179586 * u());
  const CITIES = Array.from({ length: 40 }, (_, i) => `city_${String(i).padStart(2, '0')}`);
  const CHANNELS = ['web', 'app', 'store', 'phone', 'partner'];
  const amount = new Float64Array(ROWS), score = new Float64Array(ROWS), age = new Int32Array(ROWS);
  const items = new Int32Array(ROWS), city = new Array(ROWS), channel = new Array(ROWS), ts = new Array(ROWS);
  const t0 = Date.UTC(2024, 0, 1);
  for (let i = 0; i < ROWS; i++) {
    amount[i] = Math.round(Math.exp(3 + normal()) * 100) / 100; // prices: cents, many distinct values
    score[i] = u();
    age[i] = 18 + Math.floor(u() * 62);
    items[i] = Math.floor(-Math.log(u()) * 3);
    city[i] = CITIES[Math.min(39, Math.floor(-Math.log(u()) * 8))];
    channel[i] = u() < 0.02 ? null : CHANNELS[Math.floor(u() * u() * 5)];
    ts[i] = t0 + i * 10 + Math.floor(u() * 10); // ~10 ms apart, in order
  }
  parquetWriteFile({
    filename: path, codec: 'ZSTD', compressors: { ZSTD: zstd }, rowGroupSize: GROUP,
    columnData: [
      { name: 'amount', data: amount, type: 'DOUBLE' }, { name: 'score', data: score, type: 'DOUBLE' },
      { name: 'age', data: age, type: 'INT32' }, { name: 'items', data: items, type: 'INT32' },
      { name: 'city', data: city, type: 'STRING' }, { name: 'channel', data: channel, type: 'STRING' },
      { name: 'ts', data: ts, type: 'TIMESTAMP' },
    ].map((c) => ({ ...c, offsetIndex: false, columnIndex: false })),
  });
}

/** Wall time and peak RSS of `node cli ...args` under /usr/bin/time -v. */
function run(args) {
  const t = performance.now();
  const r = spawnSync(TIME, ['-v', process.execPath, cli, ...args, '--no-progress'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = performance.now() - t;
  if (r.status !== 0 && r.status !== 1) throw new Error(`driftkit ${args[0]} exited with ${r.status}:\n${r.stderr}`);
  const field = (name) => Number(new RegExp(`${name}: ([\\d.]+)`).exec(r.stderr)?.[1]);
  const said = r.stderr.split('\n').filter((l) => l.startsWith('driftkit:')).join('\n  ');
  // CPU time too: on a busy machine it moves less than wall time
  return { ms, cpu: field('User time \\(seconds\\)') + field('System time \\(seconds\\)'), peak: field('Maximum resident set size \\(kbytes\\)') * 1024, said };
}

const file = process.env.FILE ?? join(dir, 'data.parquet');
if (!process.env.FILE) {
  const t = performance.now();
  writeParquet(file);
  console.log(`wrote ${file} in ${((performance.now() - t) / 1e3).toFixed(1)} s`);
}
// the file's own row count and row groups (FILE may be any writer's)
const [rows, groups, largest] = execFileSync(process.execPath, ['--input-type=module', '-e',
  `import { asyncBufferFromFile, parquetMetadataAsync } from 'hyparquet'; const m = await parquetMetadataAsync(await asyncBufferFromFile(${JSON.stringify(file)}));
   console.log(Number(m.num_rows), m.row_groups.length, Math.max(...m.row_groups.map((g) => Number(g.num_rows))))`], { cwd: here, encoding: 'utf8' }).trim().split(' ').map(Number);
const model = /Model name:\s*(.+)/.exec(execFileSync('lscpu', { encoding: 'utf8' }))?.[1] ?? 'unknown CPU';
console.log(`Parquet bench: ${rows.toLocaleString('en-US')} rows, ${groups} row groups of up to ${largest.toLocaleString('en-US')} rows, ` +
  `${(statSync(file).size / 2 ** 20).toFixed(1)} MiB; node ${process.version}; ${model}, ${execFileSync('nproc', { encoding: 'utf8' }).trim()} CPUs`);

const ref = join(dir, 'ref.profile.json');
const cases = [
  ['driftkit profile FILE', ['profile', file, '-o', ref], rows],
  ['driftkit compare --profile ref.profile.json FILE', ['compare', '--profile', ref, file, '--format', 'json', '-o', join(dir, 'a.json')], rows],
  ['driftkit compare FILE FILE', ['compare', file, file, '--format', 'json', '-o', join(dir, 'b.json')], 2 * rows],
];
console.log('| command | time | CPU time | rows/s | peak RSS |\n|---|---|---|---|---|');
for (const [name, args, n] of cases) {
  const r = run(args);
  console.log(`| \`${name}\` | ${(r.ms / 1e3).toFixed(1)} s | ${r.cpu.toFixed(1)} s | ${(n / (r.ms / 1e3) / 1e6).toFixed(2)} M | ${(r.peak / 2 ** 20).toFixed(0)} MiB |`);
  if (process.env.VERBOSE) console.log(`  ${r.said}`);
}
if (process.env.KEEP) console.log(`kept ${dir}`);
else rmSync(dir, { recursive: true, force: true });
