// The service under load (autocannon against 127.0.0.1; the service runs in its own process, one thread):
//   1. single-record POST /monitor: requests/s and latency p50/p99
//   2. columnar batches of 10,000 rows × 7 features: feature values/s
//   3. a soak (SOAK_S seconds, default 300): RSS sampled every 10 s under steady single-record load
// Medians/percentiles from autocannon; RSS from the service's own driftkit_process_resident_memory_bytes.
// Run `npm run build` first. Env: DURATION (s per load test, default 15), CONNECTIONS (default 20), SOAK_S.
import { spawn } from 'node:child_process';
import autocannon from 'autocannon';
import { records } from '../examples/fraud-data.js';

const DURATION = Number(process.env.DURATION ?? 15);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 20);
const SOAK_S = Number(process.env.SOAK_S ?? 300);
const PORT = Number(process.env.PORT ?? 18000);
const url = `http://127.0.0.1:${PORT}`;

const child = spawn(process.execPath, ['dist/cli/index.js', 'serve', '--profile', 'examples/fraud.profile.json', '--port', String(PORT)], { stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise((resolve, reject) => {
  child.stdout.on('data', (d) => { if (String(d).includes('serving')) resolve(); });
  child.once('exit', (c) => reject(new Error(`service exited with ${c}`)));
});
const run = (opts) => new Promise((resolve, reject) => autocannon({ url, connections: CONNECTIONS, duration: DURATION, ...opts }, (e, r) => (e ? reject(e) : resolve(r))));
const memory = async () => {
  const m = await (await fetch(`${url}/metrics`)).text();
  const get = (name) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(m)?.[1] ?? NaN) / 2 ** 20;
  return { rss: get('driftkit_process_resident_memory_bytes'), heap: get('driftkit_nodejs_heap_size_used_bytes'), heapTotal: get('driftkit_nodejs_heap_size_total_bytes'), external: get('driftkit_nodejs_external_memory_bytes') };
};
const json = { 'content-type': 'application/json' };

console.log(`driftkit service bench: node ${process.version}, ${CONNECTIONS} connections, ${DURATION} s per test`);
// warm-up (JIT, WASM tier-up)
await run({ url: `${url}/monitor`, duration: 3, method: 'POST', headers: json, body: JSON.stringify(records(1, 1)[0]) });

const singles = records(1000, 7).map((r) => ({ method: 'POST', path: '/monitor', headers: json, body: JSON.stringify(r) }));
const s = await run({ requests: singles });
console.log(`single-record POST /monitor: ${Math.round(s.requests.average)} req/s (median ${Math.round(s.requests.p50)}), latency p50 ${s.latency.p50} ms, p99 ${s.latency.p99} ms, non-2xx ${s.non2xx}, errors ${s.errors}`);

const rows = records(10_000, 9);
const cols = {};
for (const r of rows) for (const [k, v] of Object.entries(r.features)) (cols[k] ??= []).push(v);
const batch = JSON.stringify({ columns: cols, prediction: rows.map((r) => r.prediction), probability: rows.map((r) => r.probability), latency_ms: rows.map((r) => r.latency_ms) });
const values = 10_000 * (Object.keys(cols).length + 1);
const b = await run({ url: `${url}/monitor`, method: 'POST', headers: json, body: batch, connections: 2 });
console.log(`columnar batches (10,000 rows × ${Object.keys(cols).length + 1} values, ${(batch.length / 2 ** 20).toFixed(1)} MiB JSON): ${b.requests.average.toFixed(1)} batches/s = ${(b.requests.average * values / 1e6).toFixed(2)} M feature values/s, latency p50 ${b.latency.p50} ms, non-2xx ${b.non2xx}`);

if (SOAK_S > 0) {
  const samples = [await memory()];
  const soak = new Promise((resolve, reject) => autocannon({ url, connections: 4, duration: SOAK_S, requests: singles }, (e, r) => (e ? reject(e) : resolve(r))));
  const timer = setInterval(async () => samples.push(await memory()), 10_000);
  const r = await soak;
  clearInterval(timer);
  samples.push(await memory());
  const third = Math.max(1, Math.floor(samples.length / 3));
  const med = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
  const LABEL = { rss: 'RSS', heap: 'V8 heap used', heapTotal: 'V8 heap total', external: 'external (Buffers, WASM)' };
  for (const k of Object.keys(LABEL)) {
    const v = samples.map((x) => x[k]);
    console.log(`soak ${SOAK_S} s at ${Math.round(r.requests.average)} req/s, ${LABEL[k]} MiB: first third median ${med(v.slice(1, 1 + third)).toFixed(1)}, last third median ${med(v.slice(-third)).toFixed(1)} (every 10 s: ${v.map((x) => x.toFixed(0)).join(' ')})`);
  }
}
child.kill('SIGTERM');
