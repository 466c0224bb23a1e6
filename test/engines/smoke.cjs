// Run by test/engines/node-versions.test.ts under another Node major (22, 24): the package through its own
// exports (self-reference) from CommonJS and ESM, the service on a free port, the CLI's version. Prints one
// JSON line.
const { execFileSync } = require('node:child_process');
const path = require('node:path');

(async () => {
  const d = require('driftkit');
  const s = require('driftkit/service');
  const esm = await import('driftkit');
  const profile = d.profile({ x: Array.from({ length: 500 }, (_, i) => i % 50), c: Array.from({ length: 500 }, (_, i) => ['a', 'b', 'c'][i % 3]) });
  const report = d.compare(profile, { x: Array.from({ length: 400 }, (_, i) => (i % 50) + 20), c: Array.from({ length: 400 }, () => 'a') });
  const server = await s.startServer({ profile, config: s.applyConfig({ port: 0, host: '127.0.0.1' }, s.defaultConfig()) });
  const post = await fetch(`${server.url}/monitor`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([{ features: { x: 1, c: 'a' }, prediction: 0, latency_ms: 3 }]) });
  const health = await (await fetch(`${server.url}/health`)).json();
  await server.close();
  const cli = path.join(__dirname, '../../dist/cli/index.js');
  const version = execFileSync(process.execPath, [cli, '--version'], { encoding: 'utf8' }).trim();
  console.log(JSON.stringify({
    node: process.versions.node, wasm: d.wasmReady(), same: esm.compare === d.compare, ks: d.ks2samp([1, 2, 3, 4], [3, 4, 5, 6, 7]).statistic,
    drifted: report.features.x.drifted, posted: post.status, health: health.status, version,
  }));
})().catch((e) => { console.error(e); process.exit(1); });
