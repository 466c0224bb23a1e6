// `npm run bench`: driftkit (WASM) against its plain-JS twin (backend: 'js') and, when python3 with numpy and
// scipy is present, against NumPy/SciPy on the same data in the same run. Reports medians and ratios
// (machines are noisy: compare within one run). Writes bench/results/latest.{json,md}.
import { Bench } from 'tinybench';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  bootstrap, cramervonmises2samp, energyDistance, histogram, ks2samp, psi, quantileEdges, wassersteinDistance,
} from 'driftkit';

const here = dirname(fileURLToPath(import.meta.url));
const N = Number(process.env.BENCH_N ?? 1_000_000);
const N_SMALL = 100_000;
const quick = process.env.BENCH_QUICK === '1';

// seeded normal data (xorshift + Box–Muller) so every run measures the same inputs
function normals(n, mean, sd, seed) {
  let s = seed >>> 0 || 1;
  const u = () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return (s + 0.5) / 4294967296; };
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 2) {
    const r = Math.sqrt(-2 * Math.log(u())), t = 2 * Math.PI * u();
    out[i] = mean + sd * r * Math.cos(t);
    if (i + 1 < n) out[i + 1] = mean + sd * r * Math.sin(t);
  }
  return out;
}
const ref = normals(N, 0, 1, 1), cur = normals(N, 0.1, 1.1, 2);
const refSmall = ref.subarray(0, N_SMALL), curSmall = cur.subarray(0, N_SMALL);
// 10 quantile bins of the reference with finite outer edges (data min/max), usable by np.histogram as is
const histEdges = quantileEdges(ref, 10);
histEdges[0] = Math.min(...[ref.reduce((a, b) => Math.min(a, b), Infinity)]);
histEdges[histEdges.length - 1] = ref.reduce((a, b) => Math.max(a, b), -Infinity);

const cases = [
  { name: 'histogram', n: N, what: '10 quantile bins, n values', target: { numpy: 12, js: 2 }, run: (b) => histogram(ref, histEdges, { backend: b }) },
  { name: 'quantileEdges', n: N, what: 'numpy-linear quantiles (order statistics by selection)', target: {}, run: (b) => quantileEdges(ref, 10, { backend: b }) },
  { name: 'psi', n: N, what: 'edges from ref + both histograms + sum', target: { numpy: 3 }, run: (b) => psi(ref, cur, { backend: b }) },
  { name: 'ks2samp', n: N, what: `${N} vs ${N}, with p-value`, target: { numpy: 4 }, run: (b) => ks2samp(ref, cur, { backend: b }) },
  { name: 'wassersteinDistance', n: N, what: `${N} vs ${N}`, target: { numpy: 10 }, run: (b) => wassersteinDistance(ref, cur, null, null, { backend: b }) },
  { name: 'energyDistance', n: N, what: `${N} vs ${N}`, target: {}, run: (b) => energyDistance(ref, cur, null, null, { backend: b }) },
  { name: 'cramervonmises2samp', n: N_SMALL, what: `${N_SMALL} vs ${N_SMALL}`, target: {}, run: (b) => cramervonmises2samp(refSmall, curSmall, { backend: b }) },
  { name: 'bootstrapPsi', n: N_SMALL, what: '1000 resamples, 95% CI, incl. binning', target: { numpy: 1 }, run: (b) => bootstrap(refSmall, curSmall, { statistic: 'psi', nResamples: 1000, backend: b }) },
];

async function medianMs(fn) {
  const bench = new Bench({ time: quick ? 200 : 1500, iterations: quick ? 3 : 7, warmupTime: quick ? 50 : 300, warmupIterations: 2 });
  bench.add('t', fn);
  await bench.run();
  return bench.tasks[0].result.latency.p50;
}

function numpyTimes() {
  const dir = mkdtempSync(join(tmpdir(), 'driftkit-bench-'));
  try {
    const w = (name, a) => writeFileSync(join(dir, `${name}.f64`), Buffer.from(a.buffer, a.byteOffset, a.byteLength));
    w('ref', ref); w('cur', cur); w('ref_small', Float64Array.from(refSmall)); w('cur_small', Float64Array.from(curSmall)); w('hist_edges', histEdges);
    const spec = Object.fromEntries(cases.map((c) => [c.name, quick ? 3 : (c.name === 'bootstrapPsi' || c.name === 'histogram' ? 15 : 7)]));
    const out = execFileSync('python3', [join(here, 'numpy_baseline.py'), dir, JSON.stringify(spec)], { encoding: 'utf8', maxBuffer: 1 << 20 });
    return JSON.parse(out);
  } catch (e) {
    console.warn(`NumPy/SciPy column skipped: ${String(e.message ?? e).split('\n')[0]}`);
    return null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const rows = [];
for (const c of cases) {
  const wasm = await medianMs(() => c.run('wasm'));
  const js = await medianMs(() => c.run('js'));
  rows.push({ ...c, wasm, js });
  console.error(`measured ${c.name}: wasm ${wasm.toFixed(2)} ms, js ${js.toFixed(2)} ms`);
}
const np = numpyTimes();

const fmt = (x) => (x == null ? '—' : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const ratio = (a, b) => (a == null || b == null ? null : a / b);
const lines = [
  '| kernel | n | what | driftkit (WASM) ms | JS twin ms | NumPy/SciPy ms | × JS twin | × NumPy/SciPy | target |',
  '|---|---|---|---|---|---|---|---|---|',
];
const json = { date: new Date().toISOString(), node: process.version, n: N, versions: np?._versions ?? null, rows: [] };
for (const r of rows) {
  const vsJs = ratio(r.js, r.wasm), vsNp = ratio(np?.[r.name], r.wasm);
  const t = [];
  if (r.target.numpy) t.push(`≥ ${r.target.numpy}× NumPy: ${vsNp == null ? 'n/a' : vsNp >= r.target.numpy ? 'met' : `MISSED (${fmt(vsNp)}×)`}`);
  if (r.target.js) t.push(`≥ ${r.target.js}× JS: ${vsJs >= r.target.js ? 'met' : `MISSED (${fmt(vsJs)}×)`}`);
  lines.push(`| ${r.name} | ${r.n.toExponential(0)} | ${r.what} | ${fmt(r.wasm)} | ${fmt(r.js)} | ${fmt(np?.[r.name])} | ${fmt(vsJs)} | ${fmt(vsNp)} | ${t.join('; ') || '—'} |`);
  json.rows.push({ name: r.name, n: r.n, wasmMs: r.wasm, jsMs: r.js, numpyMs: np?.[r.name] ?? null, vsJs, vsNumpy: vsNp, target: r.target });
}
const table = lines.join('\n');
console.log(`\ndriftkit bench — Node ${process.version}${np ? `, numpy ${np._versions.numpy}, scipy ${np._versions.scipy}` : ''}; medians, one thread\n`);
console.log(table);
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'latest.json'), JSON.stringify(json, null, 2));
writeFileSync(join(here, 'results', 'latest.md'), `${table}\n`);
