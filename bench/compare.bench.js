// Dataset-scale bench: F numeric features × N rows (env BENCH_FEATURES, BENCH_ROWS; issue 3 asks for 50 × 1e6),
// reference and current. Measures profile(), compare() on one thread, compareParallel() on 2 threads, the
// NumPy/SciPy report on the same data (PSI + KS + JS + Wasserstein per feature), and peak RSS against the
// input columns' size. Medians of 3 runs. Columns are SharedArrayBuffer-backed (as the CLI reads them), so the
// pool reads them without a copy; plain Float64Arrays cost one copy per column.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { profile, profileParallel, compare, compareParallel, closePools } from 'driftkit';

const here = dirname(fileURLToPath(import.meta.url));
const F = Number(process.env.BENCH_FEATURES ?? 10), N = Number(process.env.BENCH_ROWS ?? 1_000_000);
let peak = 0;
const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
let s = 12345;
const u = () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return (s + 0.5) / 4294967296; };
const col = (shift, sab) => {
  const a = sab ? new Float64Array(new SharedArrayBuffer(N * 8)) : new Float64Array(N);
  for (let i = 0; i < N; i += 2) {
    const r = Math.sqrt(-2 * Math.log(u())), t = 2 * Math.PI * u();
    a[i] = shift + r * Math.cos(t);
    if (i + 1 < N) a[i + 1] = shift + r * Math.sin(t);
  }
  return a;
};
const ref = {}, cur = {};
for (let f = 0; f < F; f++) { ref[`f${f}`] = col(0, true); cur[`f${f}`] = col(f % 5 === 0 ? 0.3 : 0, true); }
const inputBytes = 2 * F * N * 8;
const rssBase = process.memoryUsage().rss;

const median = async (fn, reps = 3) => {
  const t = [];
  for (let i = 0; i < reps; i++) { const a = performance.now(); await fn(); t.push(performance.now() - a); }
  return t.sort((a, b) => a - b)[reps >> 1];
};
let p;
const tProfile = await median(() => { p = profile(ref); });
await compareParallel(p, cur, { threads: 2 }); // start the pool and let V8 tier up the workers' WASM
await profileParallel(ref, { threads: 2 });
const tProfile2 = await median(() => profileParallel(ref, { threads: 2 }));
const t1 = await median(() => compare(p, cur));
const t2 = await median(() => compareParallel(p, cur, { threads: 2 }));
const tEnd1 = tProfile + t1, tEnd2 = tProfile2 + t2;
await closePools();
clearInterval(sampler);

let np = null;
const dir = mkdtempSync(join(tmpdir(), 'driftkit-cmp-'));
try {
  for (let f = 0; f < F; f++) {
    writeFileSync(join(dir, `ref${f}.f64`), Buffer.from(ref[`f${f}`].buffer));
    writeFileSync(join(dir, `cur${f}.f64`), Buffer.from(cur[`f${f}`].buffer));
  }
  np = JSON.parse(execFileSync('python3', [join(here, 'compare_numpy.py'), dir, String(F)], { encoding: 'utf8' })).ms;
} catch (e) {
  console.warn(`NumPy/SciPy column skipped: ${String(e.message ?? e).split('\n')[0]}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const fmt = (x) => (x == null ? '—' : x.toFixed(0));
const lines = [
  `| ${F} features × ${N.toExponential(0)} rows | ms | × NumPy/SciPy |`, '|---|---|---|',
  `| profile(reference) | ${fmt(tProfile)} | |`,
  `| profileParallel(reference), 2 threads | ${fmt(tProfile2)} (speed-up ${(tProfile / tProfile2).toFixed(2)}×) | |`,
  `| compare(profile, current), 1 thread | ${fmt(t1)} | |`,
  `| compareParallel(profile, current), 2 threads | ${fmt(t2)} (speed-up ${(t1 / t2).toFixed(2)}×) | |`,
  `| profile + compare, 1 thread | ${fmt(tEnd1)} | ${np ? (np / tEnd1).toFixed(1) : '—'} |`,
  `| profileParallel + compareParallel, 2 threads | ${fmt(tEnd2)} | ${np ? (np / tEnd2).toFixed(1) : '—'} |`,
  `| NumPy/SciPy report (PSI + KS + JS + Wasserstein per feature) | ${fmt(np)} | 1 |`,
  `| peak RSS above baseline / input columns | ${((peak - rssBase) / 2 ** 20).toFixed(0)} MiB / ${(inputBytes / 2 ** 20).toFixed(0)} MiB (RSS total ${(peak / inputBytes).toFixed(2)}× input) | |`,
];
console.log(lines.join('\n'));
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'compare.md'), `${lines.join('\n')}\n`);
