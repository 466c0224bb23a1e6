// Drift over time at scale (issue #12): a file of ROWS rows (default 10 million) × 6 columns — a timestamp
// (rows in time order over 120 days from 2024-01-01), two floats, an integer and two categoricals — whose
// amount, items and channel drift from DRIFT (default 2024-03-04, a Monday: ISO week 2024-W10). FORMAT=csv
// (default; the timestamp as ISO-8601 text, read as strings and parsed per row) or parquet (a TIMESTAMP
// column, read as numbers; written with hyparquet-writer, a devDependency, ZSTD by the zstd program). Each run
// is a fresh process (peak RSS = process.resourceUsage().maxRSS) that opens the file with the CLI's reader
// (src/cli/tables.ts open()) and runs timelineChunked() over its chunks (reference 2024-01-01..2024-02-05,
// every week: a peek, the reference's two passes, the chunks' pass). For the ratio, a file of the first SMALL
// rows (default 2 million) goes through both timelineChunked() and the in-memory timeline() (the CLI's
// gather(), then timeline()). Prints medians of RUNS runs (default 3): wall and CPU seconds (CPU moves less on
// a busy machine), rows/s (file rows, not rows × passes), peak RSS; and the weeks that drifted.
// Run `npm run build` first (or DIST=dir: a tsc outDir of src/ beside build/ and node_modules/). Env: ROWS,
// SMALL, RUNS, FORMAT, EVERY (week, day, or a number of rows), KEEP=1 keeps the files.
import { execFileSync, spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const DIST = resolve(process.env.DIST ?? join(here, '..', 'dist'));
const DAY = 86_400_000, T0 = Date.UTC(2024, 0, 1), DAYS = 120;
const DRIFT = process.env.DRIFT ?? '2024-03-04';
const EVERY = /^\d+$/.test(process.env.EVERY ?? '') ? Number(process.env.EVERY) : (process.env.EVERY ?? 'week');
const OPTIONS = { time: 'ts', reference: { start: '2024-01-01', end: '2024-02-05' }, every: EVERY };

// child: one measured run, a JSON line on stdout
if (process.argv[2] === 'child') {
  const [mode, file] = process.argv.slice(3);
  await import(pathToFileURL(join(DIST, 'node.js')).href); // the WASM kernels, as `import 'driftkit'`
  const { open, gather } = await import(pathToFileURL(join(DIST, 'cli', 'tables.js')).href);
  const { timeline, timelineChunked } = await import(pathToFileURL(join(DIST, 'timeline', 'index.js')).href);
  const t = performance.now(), cpu0 = process.cpuUsage();
  const opened = await open(file, { progress: false }, file);
  let result, rows;
  try {
    if (mode === 'chunked') {
      let passes = 0;
      result = await timelineChunked(() => { passes++; return opened.pass(); }, OPTIONS);
      result.passes = passes;
    } else {
      const g = await gather(opened.pass);
      result = timeline(g.columns, OPTIONS);
    }
    rows = result.rowsWithoutTime + result.chunks.reduce((s, c) => s + c.rows, 0);
  } finally {
    await opened.table.close();
  }
  const ms = performance.now() - t, cpu = process.cpuUsage(cpu0);
  const drifted = result.chunks.filter((c) => c.period === 'analysis' && c.datasetDrift).map((c) => c.label);
  const features = Object.fromEntries(result.features.map((f) => [f, result.chunks.filter((c) => c.period === 'analysis' && c.features[f].drifted).length]));
  console.log(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, rows, maxRSS: process.resourceUsage().maxRSS * 1024, passes: result.passes, chunks: result.chunks.length, drifted, features }));
  process.exit(0);
}

const ROWS = Number(process.env.ROWS ?? 1e7), SMALL = Math.min(ROWS, Number(process.env.SMALL ?? 2e6)), RUNS = Number(process.env.RUNS ?? 3);
const FORMAT = process.env.FORMAT ?? 'csv';
if (FORMAT !== 'csv' && FORMAT !== 'parquet') throw new Error(`FORMAT must be csv or parquet; got ${FORMAT}`);
const CHANNELS = ['web', 'app', 'store', 'phone', 'partner'];
const CITIES = Array.from({ length: 40 }, (_, i) => `city_${String(i).padStart(2, '0')}`);

/**
 * Row i of `rows` (call in order): time in order over DAYS days (whole seconds); from DRIFT on, amount ×1.3, items
 * +2 on average, the channel mix moves to app. Amount in cents, latency in tenths (as the CSV writes them).
 */
function generator(rows) {
  let s = 20240101;
  const u = () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return (s + 0.5) / 4294967296; };
  const normal = () => Math.sqrt(-2 * Math.log(u())) * Math.cos(6.283185307179586 * u());
  const drift = Date.parse(DRIFT);
  const before = [0.4, 0.3, 0.15, 0.1, 0.05], after = [0.25, 0.5, 0.12, 0.08, 0.05];
  const pick = (p) => { let x = u(), k = 0; while (k < p.length - 1 && (x -= p[k]) >= 0) k++; return CHANNELS[k]; };
  const r = { ts: 0, amount: 0, latency: 0, items: 0, channel: '', city: '' };
  return (i) => {
    r.ts = T0 + Math.floor((i / rows) * DAYS * 86_400) * 1000;
    const late = r.ts >= drift;
    r.amount = Math.round(Math.exp(3 + 0.5 * normal()) * (late ? 1.3 : 1) * 100) / 100;
    r.latency = Math.round((50 + 10 * normal()) * 10) / 10;
    r.items = 1 + Math.floor(-Math.log(u()) * (late ? 5 : 3));
    r.channel = pick(late ? after : before);
    r.city = CITIES[Math.floor(u() * 40)];
    return r;
  };
}

async function writeCsv(path, rows) {
  const row = generator(rows);
  const out = createWriteStream(path);
  out.write('ts,amount,latency_ms,items,channel,city\n');
  let buf = '';
  for (let i = 0; i < rows; i++) {
    const r = row(i);
    buf += `${new Date(r.ts).toISOString().slice(0, 19)}Z,${r.amount},${r.latency},${r.items},${r.channel},${r.city}\n`;
    if (buf.length > 1 << 20) { if (!out.write(buf)) await new Promise((w) => out.once('drain', w)); buf = ''; }
  }
  out.write(buf);
  await new Promise((w) => out.end(w));
}

async function writeParquet(path, rows) {
  const { parquetWriteFile } = await import('hyparquet-writer');
  const row = generator(rows);
  const ts = new Array(rows), amount = new Float64Array(rows), latency = new Float64Array(rows), items = new Int32Array(rows);
  const channel = new Array(rows), city = new Array(rows);
  for (let i = 0; i < rows; i++) {
    const r = row(i);
    ts[i] = r.ts; amount[i] = r.amount; latency[i] = r.latency; items[i] = r.items; channel[i] = r.channel; city[i] = r.city;
  }
  const zstd = (bytes) => {
    const z = spawnSync('zstd', ['-3', '-q', '-c'], { input: bytes, maxBuffer: 1 << 30 });
    if (z.error || z.status !== 0) throw new Error(`FORMAT=parquet needs the zstd program (${z.error?.message ?? z.stderr})`);
    return new Uint8Array(z.stdout.buffer, z.stdout.byteOffset, z.stdout.byteLength);
  };
  parquetWriteFile({
    filename: path, codec: 'ZSTD', compressors: { ZSTD: zstd }, rowGroupSize: 122_880,
    columnData: [
      { name: 'ts', data: ts, type: 'TIMESTAMP' }, { name: 'amount', data: amount, type: 'DOUBLE' },
      { name: 'latency_ms', data: latency, type: 'DOUBLE' }, { name: 'items', data: items, type: 'INT32' },
      { name: 'channel', data: channel, type: 'STRING' }, { name: 'city', data: city, type: 'STRING' },
    ],
  });
}
const write = FORMAT === 'csv' ? writeCsv : writeParquet;

function run(mode, file) {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), 'child', mode, file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`${mode} run on ${file} exited with ${r.status}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

const median = (a) => { const x = [...a].sort((p, q) => p - q); return x[x.length >> 1]; };
const mib = (b) => `${(b / 2 ** 20).toFixed(0)} MiB`;

/** RUNS runs of one mode: median seconds, rows/s and peak RSS. */
function measure(label, mode, file, rows) {
  const runs = Array.from({ length: RUNS }, () => run(mode, file));
  if (runs.some((r) => r.rows !== rows)) throw new Error(`${label}: counted ${runs.map((r) => r.rows)} rows, expected ${rows}`);
  const ms = median(runs.map((r) => r.ms)), cpuMs = median(runs.map((r) => r.cpuMs)), rss = median(runs.map((r) => r.maxRSS));
  const rate = rows / ms * 1000;
  console.log(`${label.padEnd(44)} ${(ms / 1000).toFixed(1).padStart(6)} s (CPU ${(cpuMs / 1000).toFixed(1)} s)  ${(rate / 1e6).toFixed(2).padStart(6)} M rows/s  peak RSS ${mib(rss).padStart(9)}` +
    `  (median of ${RUNS}; runs ${runs.map((r) => (r.ms / 1000).toFixed(1)).join(', ')} s${runs[0].passes ? `; ${runs[0].passes} calls of the source` : ''})`);
  return { ms, rate, rss, last: runs[runs.length - 1] };
}

let cpu = cpus()[0]?.model ?? 'unknown CPU';
try { cpu = /Model name:\s*(.+)/.exec(execFileSync('lscpu', { encoding: 'utf8' }))?.[1]?.trim() ?? cpu; } catch { /* no lscpu: os.cpus() */ }
console.log(`timeline bench (${FORMAT}): node ${process.version}; ${cpu}, ${cpus().length} CPUs; every ${JSON.stringify(EVERY)}, reference 2024-01-01..2024-02-05, drift from ${DRIFT}`);
const dir = mkdtempSync(join(tmpdir(), 'driftkit-timelinebench-'));
const big = join(dir, `events.${FORMAT}`), small = join(dir, `events-small.${FORMAT}`);
const t = performance.now();
await write(big, ROWS);
if (SMALL < ROWS) await write(small, SMALL);
console.log(`files: events.${FORMAT} ${ROWS.toExponential(1)} rows, ${(statSync(big).size / 1e9).toFixed(2)} GB; events-small.${FORMAT} ${SMALL.toExponential(1)} rows (written in ${((performance.now() - t) / 1000).toFixed(0)} s)`);

const large = measure(`timelineChunked, ${ROWS.toExponential(1)} rows`, 'chunked', big, ROWS);
const smallFile = SMALL < ROWS ? small : big;
const sc = measure(`timelineChunked, ${SMALL.toExponential(1)} rows`, 'chunked', smallFile, SMALL);
const sm = measure(`timeline() in memory, ${SMALL.toExponential(1)} rows`, 'memory', smallFile, SMALL);
console.log(`at ${SMALL.toExponential(1)} rows: timelineChunked is ${(sc.rate / sm.rate).toFixed(2)}× the in-memory timeline()'s rows/s at ${(sc.rss / sm.rss).toFixed(2)}× its peak RSS`);
const same = JSON.stringify(sc.last.drifted) === JSON.stringify(sm.last.drifted);
console.log(`${ROWS.toExponential(1)} rows: ${large.last.chunks} chunks; dataset drift in ${large.last.drifted.length} analysis chunks, the first ${large.last.drifted[0] ?? 'none'}` +
  `; analysis chunks drifted per feature ${JSON.stringify(large.last.features)}; small file: same drifted chunks in memory and chunked: ${same}`);
if (!process.env.KEEP) rmSync(dir, { recursive: true, force: true });
else console.log(`files kept in ${dir}`);
