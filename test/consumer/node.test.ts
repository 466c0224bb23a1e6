// driftkit as an npm consumer gets it, in Node: the packed tarball installed into a separate project
// (test/consumer/harness.ts: cached by content, so a second run neither packs nor installs). ESM and CommonJS
// consumers must be ready with no init call and compute, on the WASM backend, exactly the numbers the repo's
// own sources give; the library installs alone (no optional peer, no engine warning on Node 20); the CLI runs
// from node_modules/.bin; driftkit/service loads once its optional peers are installed, and a user's fastify
// app embeds it as a plugin.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { copyFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as dk from '../../src/index.js';
import { describeWith } from '../helpers/system.js';
import * as data from './fixtures/data.mjs';
import { results } from './fixtures/results.mjs';
import { consumer, FIXTURES, installNeeds, packedFiles, PKG, requireFreshBuild, run, SERVICE_PEERS, workDir, type Consumer } from './harness.js';

// Through JSON, as the consumer scripts print them (±Infinity edges become null).
const expected = JSON.parse(JSON.stringify({ ready: true, ...results(dk, data) })) as unknown;
const SCRIPTS = ['data.mjs', 'results.mjs', 'esm.mjs', 'cjs.cjs', 'service.cjs', 'service.mjs', 'plugin.mjs', 'subpaths.mjs'];

/** A consumer of this kind with the fixture scripts copied into a fresh work folder; set-up errors rethrown by each test. */
function useConsumer(kind: 'lib' | 'service') {
  const state: { c?: Consumer; work?: string; error?: unknown } = {};
  beforeAll(async () => {
    try {
      await requireFreshBuild();
      state.c = await consumer(kind);
      console.log(`consumer ${kind}: ${state.c.cached ? 'cached' : `packed and installed in ${state.c.ms} ms`} (${state.c.dir})`);
      state.work = workDir(state.c, 'node');
      for (const f of SCRIPTS) copyFileSync(join(FIXTURES, f), join(state.work, f));
    } catch (e) {
      state.error = e;
    }
  }, 300_000);
  afterAll(() => { if (state.work) rmSync(state.work, { recursive: true, force: true }); });
  return () => {
    if (state.error !== undefined) throw state.error;
    return { c: state.c!, work: state.work! };
  };
}

const node = (work: string, script: string) => run(process.execPath, [script], work);

describeWith(installNeeds('lib'), 'packed driftkit, library only (no optional peers installed)', () => {
  const get = useConsumer('lib');

  it('the tarball holds the build (dist/, both .wasm, the browser bundle, the page) and no sources or tests', () => {
    const files = packedFiles(get().c);
    for (const f of ['package.json', 'README.md', 'dist/node.js', 'dist/node.d.ts', 'dist/index.js', 'dist/browser/driftkit.js', 'dist/browser/scipy.js', 'dist/page/index.html', 'dist/cli/index.js', 'dist/service/index.js', 'build/driftkit.simd.wasm', 'build/driftkit.wasm']) {
      expect(files, f).toContain(f);
    }
    expect(files.filter((f) => /^(src|test|assembly|scripts|bench|node_modules)\//.test(f))).toEqual([]);
  });

  it('installs with no EBADENGINE warning on this Node, and no optional peer lands in node_modules', () => {
    const { c } = get();
    expect(c.installLog, c.installLog).not.toMatch(/EBADENGINE/);
    expect(c.installLog, c.installLog).not.toMatch(/ERESOLVE|peer dep/i);
    for (const name of [...SERVICE_PEERS, 'apache-arrow']) expect(existsSync(join(c.dir, 'node_modules', name)), `${name} installed`).toBe(false);
    expect(existsSync(join(c.dir, 'node_modules/driftkit/package.json'))).toBe(true);
  });

  it("ESM: import from 'driftkit' is ready without init() and gives the repo's numbers on the WASM backend, bit for bit", () => {
    const { work } = get();
    const r = node(work, 'esm.mjs');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual(expected);
  });

  it("CommonJS: require('driftkit') is ready without init() and gives the same numbers", () => {
    const { work } = get();
    const r = node(work, 'cjs.cjs');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe(''); // no ExperimentalWarning either (require(esm) is stable on Node >= 20.19)
    expect(JSON.parse(r.stdout)).toEqual(expected);
  });

  it('driftkit/io and driftkit/scipy load without the optional peers; scipy gives the same KS on WASM', () => {
    const { work } = get();
    const r = node(work, 'subpaths.mjs');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const ks = dk.ks2samp(data.reference, data.current, { backend: 'wasm' });
    expect(JSON.parse(r.stdout)).toEqual({ io: 'function', scipy: [ks.statistic, ks.pValue] });
  });

  it('`driftkit --version` from node_modules/.bin prints the package version', () => {
    const { c } = get();
    const r = run(join(c.dir, 'node_modules/.bin/driftkit'), ['--version'], c.dir);
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout.trim()).toBe(PKG.version);
    expect(JSON.parse(readFileSync(join(c.dir, 'node_modules/driftkit/package.json'), 'utf8')).version).toBe(PKG.version);
  });
});

describeWith(installNeeds('service'), 'packed driftkit with the service peers (fastify, prom-client, @datadog/sketches-js, @fastify/swagger)', () => {
  const get = useConsumer('service');

  it("import('driftkit/service') from ESM loads", () => {
    const { work } = get();
    const r = node(work, 'service.mjs');
    expect(r.status, r.stderr).toBe(0);
    expect(Object.values(JSON.parse(r.stdout))).toContain('function');
  });

  it("require('driftkit/service') from CommonJS loads", () => {
    const { work } = get();
    const r = node(work, 'service.cjs');
    expect(r.status, r.stderr).toBe(0);
    expect(Object.values(JSON.parse(r.stdout))).toContain('function');
  });

  it("a user's fastify app registers driftkit/service's default export as a plugin under a prefix and serves /monitor, /drift, /metrics over HTTP", () => {
    const { work } = get();
    const r = node(work, 'plugin.mjs');
    expect(r.status, r.stderr).toBe(0);
    const got = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(got['post']).toEqual([202, { accepted: 2000 }]);
    const [status, drift] = got['drift'] as [number, Record<string, unknown>];
    expect(status).toBe(200);
    expect(drift).toMatchObject({ features_monitored: 2, window: { kind: 'tumbling' } });
    const [mStatus, mType, mLines] = got['metrics'] as [number, string, number];
    expect([mStatus, mType.split(';')[0]]).toEqual([200, 'text/plain']);
    expect(mLines).toBeGreaterThan(0);
    expect(got['hello']).toEqual([200, { hello: 'world' }]);
    expect(got['rootDrift']).toBe(404); // the service's routes live under the prefix only
    expect(got['decorated']).toBe('function'); // app.driftkit is the DriftService
  });
});
