// `npm start`: the monitoring service on the bundled fraud-model profile, fed by a simulated model server.
// For the first 6,000 records traffic is healthy; then the feature pipeline breaks: Unix timestamps arrive
// instead of day counts, a new merchant category appears and distance_from_home goes missing for 30% of
// rows. Watch /drift, /alerts and /metrics while it runs (URLs printed below). Ctrl-C stops it (state is
// saved when a data dir is given: DRIFTKIT_DATA_DIR). DEMO_ONCE=1 exits after the broken phase (for tests).
// The port: `npm start -- --port 8123`, else PORT=8123, else 8000 (--host likewise, default 127.0.0.1).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { applyConfig, defaultConfig, startServer } from 'driftkit/service';
import { parseProfile } from 'driftkit';
import { records } from './fraud-data.js';

let flags;
try {
  flags = parseArgs({ options: { port: { type: 'string', short: 'p' }, host: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true }).values;
} catch (e) {
  console.error(`serve-demo: ${e.message}\nusage: npm start -- [--port N] [--host H]   (or PORT=N npm start)`);
  process.exit(2);
}
if (flags.help) {
  console.log('usage: npm start -- [--port N] [--host H]   (or PORT=N npm start; default port 8000)');
  process.exit(0);
}
const portText = flags.port ?? process.env.PORT ?? '8000';
const port = Number(portText);
if (!/^\d+$/.test(portText.trim()) || port > 65535) {
  console.error(`serve-demo: ${flags.port !== undefined ? '--port' : 'PORT'} must be a port number in [0, 65535]; got ${JSON.stringify(portText)}`);
  process.exit(2);
}
const profile = parseProfile(readFileSync(new URL('./fraud.profile.json', import.meta.url), 'utf8'));
const config = applyConfig({
  port,
  ...(flags.host !== undefined ? { host: flags.host } : {}),
  // short windows so the demo shows drift in seconds; a real deployment uses time windows (the default is 10 min)
  window: { kind: 'sliding', rows: 2000, slide: 500 },
  evaluation_interval: '1s',
  ...(process.env.DRIFTKIT_DATA_DIR ? { data_dir: process.env.DRIFTKIT_DATA_DIR } : {}),
  alerts: { rules: [
    { metric: 'psi_score', threshold: 0.25, action: 'alert', severity: 'warning', windows: 2 },
    { metric: 'psi_score', threshold: 0.5, action: 'rollback', severity: 'critical', windows: 2 },
    { metric: 'unseen_share', threshold: 0.05, action: 'alert', severity: 'warning' },
    { metric: 'latency_p99', threshold: 0.5, action: 'scale_down' },
    { metric: 'contract_violation_rate', threshold: 0.01, action: 'alert', severity: 'warning' },
  ] },
}, defaultConfig());

const server = await startServer({ config, profile });
const url = server.url;
console.log(`driftkit service on ${url} with the fraud model's reference profile (${Object.keys(profile.features).join(', ')})`);
console.log(`  curl ${url}/drift   curl ${url}/alerts   curl ${url}/quality   curl ${url}/slo   curl ${url}/latency   curl ${url}/metrics`);
console.log(`  open ${url}/ in a browser to compare two CSV files locally\n`);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const post = (body) => fetch(`${url}/monitor`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const fmt = (x) => (x === null ? '   -  ' : x >= 100 ? x.toExponential(1) : x.toFixed(3));

let sent = 0;
for (let step = 0; step < 120; step++) {
  const brokenPhase = sent >= 6000;
  const res = await post(records(100, 1000 + step, brokenPhase ? { timestamps: true, newCategory: true, nullDistance: true } : {}));
  if (res.status !== 202) throw new Error(`POST /monitor answered ${res.status}: ${await res.text()}`);
  sent += 100;
  if (step % 10 === 9) {
    await sleep(1100); // let an evaluation run
    const d = await (await fetch(`${url}/drift`)).json();
    const a = await (await fetch(`${url}/alerts`)).json();
    const q = await (await fetch(`${url}/quality`)).json();
    const psi = Object.entries(d.psi_scores).map(([f, v]) => `${f} ${fmt(v)}`).join(', ');
    console.log(`${String(sent).padStart(6)} records (${brokenPhase ? 'BROKEN pipeline' : 'healthy'}), window ${d.window.rows} rows: ` +
      `${d.drift_detected ? 'DATASET DRIFT' : 'no dataset drift'}; drifted: ${d.drifted_features.join(', ') || 'none'}`);
    console.log(`        PSI: ${psi}`);
    const bad = q.violations.filter((v) => v.rate >= 0.01);
    if (bad.length) console.log(`        DATA CONTRACT: ${bad.map((v) => `${v.feature} ${v.rule} ${(100 * v.rate).toFixed(0)}% (${v.rule === 'null_rate' ? '' : `e.g. ${JSON.stringify(v.value)}, `}limit ${JSON.stringify(v.limit)})`).join('; ')}`);
    if (a.firing.length) console.log(`        ALERTS firing: ${a.firing.map((al) => `${al.severity} ${al.action} ${al.feature ?? ''} (${al.metric} ${fmt(al.lastValue ?? al.value)} > ${al.threshold})`).join('; ')}`);
  } else await sleep(50);
}
console.log(`\nThe service keeps running on ${url}: try the curl commands above. Ctrl-C to stop.`);
if (process.env.DEMO_ONCE) { await server.close(); process.exit(0); }
const stop = () => server.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
