// The CLI at scale: a CSV of ROWS rows × 20 columns (15 numeric, 5 categorical; default 10 million rows,
// ~1.9 GB) through `driftkit compare --profile ref.profile.json cur.csv` (streamed: the file is over the
// in-memory limit), and the reference (1e6 rows) through `driftkit profile`. Reports rows/s and the peak
// RSS of each command, and, when python3 with numpy + scipy is present, the same report done by
// bench/cli_python.py (csv module + numpy + scipy) on the same files in the same run.
// Run `npm run build` first. Env: ROWS (default 1e7), REF_ROWS (default 1e6), KEEP=1 keeps the files, NO_PYTHON=1
// skips the Python baseline (e.g. for the 5 GB memory check: ROWS=3.3e7).
import { spawn, execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const ROWS = Number(process.env.ROWS ?? 1e7), REF_ROWS = Number(process.env.REF_ROWS ?? 1e6);
const dir = mkdtempSync(join(tmpdir(), 'driftkit-clibench-'));
const CATS = ['grocery', 'fuel', 'online', 'travel', 'restaurant', 'electronics'];

async function writeCsv(path, rows, seed, shift) {
  let s = seed >>> 0;
  const u = () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return (s + 0.5) / 4294967296; };
  const out = createWriteStream(path);
  const header = [...Array.from({ length: 15 }, (_, j) => `x${j}`), ...Array.from({ length: 5 }, (_, j) => `c${j}`)].join(',');
  out.write(header + '\n');
  let buf = '';
  for (let i = 0; i < rows; i++) {
    const cells = [];
    for (let j = 0; j < 15; j++) cells.push((Math.sqrt(-2 * Math.log(u())) * Math.cos(6.283185307179586 * u()) + (j < 3 ? shift : 0)).toFixed(4));
    for (let j = 0; j < 5; j++) cells.push(CATS[Math.floor(u() * (j === 0 && shift ? 6 : 5))]);
    buf += cells.join(',') + '\n';
    if (buf.length > 1 << 20) { if (!out.write(buf)) await new Promise((r) => out.once('drain', r)); buf = ''; }
  }
  out.write(buf);
  await new Promise((r) => out.end(r));
}

/** Run a command; wall time and peak RSS (polled from /proc every 50 ms). */
function measure(cmd, args) {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '', peak = 0;
    child.stdout.on('data', (d) => { out += d; });
    const poll = setInterval(() => {
      try { peak = Math.max(peak, Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))[1]) * 1024); } catch { /* exited */ }
    }, 50);
    child.once('exit', (code) => {
      clearInterval(poll);
      if (code !== 0 && code !== 1) reject(new Error(`${cmd} exited with ${code}`));
      else resolve({ ms: performance.now() - t, peak, out });
    });
  });
}

console.log(`CLI bench: ${ROWS.toExponential(1)} current rows × 20 columns, reference ${REF_ROWS.toExponential(1)} rows, node ${process.version}`);
await writeCsv(join(dir, 'ref.csv'), REF_ROWS, 1, 0);
await writeCsv(join(dir, 'cur.csv'), ROWS, 2, 0.2);
const gb = (f) => (statSync(join(dir, f)).size / 1e9).toFixed(2);
console.log(`files: ref.csv ${gb('ref.csv')} GB, cur.csv ${gb('cur.csv')} GB`);
const cli = join(here, '..', 'dist', 'cli', 'index.js');
const p = await measure(process.execPath, [cli, 'profile', join(dir, 'ref.csv'), '-o', join(dir, 'ref.profile.json'), '--no-progress']);
console.log(`driftkit profile ref.csv: ${(p.ms / 1000).toFixed(1)} s = ${(REF_ROWS / p.ms * 1000 / 1e6).toFixed(2)} M rows/s, peak RSS ${(p.peak / 2 ** 20).toFixed(0)} MiB`);
const c = await measure(process.execPath, [cli, 'compare', '--profile', join(dir, 'ref.profile.json'), join(dir, 'cur.csv'), '--format', 'json', '--no-progress']);
const report = JSON.parse(c.out);
console.log(`driftkit compare --profile ref.profile.json cur.csv: ${(c.ms / 1000).toFixed(1)} s = ${(ROWS / c.ms * 1000 / 1e6).toFixed(2)} M rows/s (${(statSync(join(dir, 'cur.csv')).size / c.ms / 1e3).toFixed(0)} MB/s), peak RSS ${(c.peak / 2 ** 20).toFixed(0)} MiB; drifted: ${report.driftedFeatures.join(', ')}`);
try {
  if (process.env.NO_PYTHON) throw new Error('NO_PYTHON is set');
  execFileSync('python3', ['-c', 'import numpy, scipy'], { stdio: 'ignore' });
  const py = await measure('python3', [join(here, 'cli_python.py'), join(dir, 'ref.csv'), join(dir, 'cur.csv')]);
  console.log(`python3 csv module + numpy + scipy (PSI + KS per numeric column, JS per categorical): ${(py.ms / 1000).toFixed(1)} s = ${(ROWS / py.ms * 1000 / 1e6).toFixed(2)} M rows/s, peak RSS ${(py.peak / 2 ** 20).toFixed(0)} MiB; driftkit is ${(py.ms / (p.ms + c.ms)).toFixed(1)}× faster (profile + compare)`);
} catch (e) {
  console.log(`NumPy/SciPy baseline skipped: ${String(e.message ?? e).split('\n')[0]}`);
}
if (!process.env.KEEP) rmSync(dir, { recursive: true, force: true });
else console.log(`files kept in ${dir}`);
