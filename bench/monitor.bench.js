// Streaming monitor throughput: observe() on columnar Float64Array batches and on row-object batches.
// Prints values per second (median of several runs). Run `npx tsc -p tsconfig.json` first.
// Imports the built package ('driftkit') when it exports createMonitor, else dist/stream/monitor.js directly.
import '../dist/node.js'; // initialises the WASM kernels
let driftkit = await import('driftkit').catch(() => ({}));
if (typeof driftkit.createMonitor !== 'function') {
  const m = await import('../dist/stream/monitor.js');
  const p = await import('../dist/profile/index.js');
  driftkit = { createMonitor: m.createMonitor, profile: p.profile };
}
const { createMonitor, profile } = driftkit;

const FEATURES = Number(process.env.FEATURES ?? 10);
const ROWS = Number(process.env.ROWS ?? 100_000);
const RUNS = Number(process.env.RUNS ?? 5);
const BATCHES = Number(process.env.BATCHES ?? 10);

let seed = 12345;
const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
const names = Array.from({ length: FEATURES }, (_, j) => `f${j}`);
const refCols = Object.fromEntries(names.map((n) => [n, Float64Array.from({ length: 50_000 }, normal)]));
const reference = profile(refCols);
const cols = Object.fromEntries(names.map((n) => [n, Float64Array.from({ length: ROWS }, normal)]));
const median = (a) => { const s = [...a].sort((x, y) => x - y); return s[s.length >> 1]; };

function run(label, batch, rowsPerBatch, batches, windowRows) {
  const rates = [];
  for (let r = 0; r < RUNS; r++) {
    const m = createMonitor(reference, { window: { kind: 'tumbling', rows: windowRows } });
    const t = performance.now();
    for (let i = 0; i < batches; i++) m.observe(batch);
    const s = (performance.now() - t) / 1000;
    rates.push((rowsPerBatch * FEATURES * batches) / s);
    m.close();
  }
  const med = median(rates);
  console.log(`${label.padEnd(52)} ${(med / 1e6).toFixed(2).padStart(8)} M values/s (median of ${RUNS}; runs ${rates.map((x) => (x / 1e6).toFixed(1)).join(', ')})`);
  return med;
}

console.log(`observe(): ${FEATURES} numeric features, node ${process.version}`);
run(`columnar Float64Array, ${ROWS} rows/batch, window ${ROWS * 5}`, cols, ROWS, BATCHES, ROWS * 5);
const R = Math.min(ROWS, 20_000);
const rows = Array.from({ length: R }, (_, i) => Object.fromEntries(names.map((n) => [n, cols[n][i]])));
run(`row objects, ${R} rows/batch, window ${R * 5}`, rows, R, BATCHES, R * 5);
