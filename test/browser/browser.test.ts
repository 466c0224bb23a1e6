// The browser ESM build (dist/browser/driftkit.js, from `npm run build:browser`) in real headless Chromium:
// Debian's /usr/bin/chromium driven by playwright-core (no browser download). A static server on 127.0.0.1
// serves dist/browser; the page imports /driftkit.js, awaits init() with no argument (the bundle carries both
// WASM builds inlined, so it needs no file next to it and no bundler recipe) and runs test/browser/workload.ts, whose results must be bit for bit
// those of the same workload run in Node on src/index.ts: both run the same WASM module (which carries its
// own log/exp) on the same seeded data, and the JS around the kernels is the same code. On backend 'js' the
// engines' own Math.log/log1p enter, and Node 20's V8 and Chromium's round differently on a few per cent of
// arguments, so there only the transcendental-free results are held to the bit (the rest to 1e-13).
// Without Chromium the tests are skipped (they fail under CI=true; test/helpers/system.ts). Pages 2 and 3 load
// the WASM from bytes instead.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import * as dk from '../../src/index.js';
import { component, describeWith } from '../helpers/system.js';
import { fromBits, run, type Results } from './workload.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dist = join(root, 'dist/browser');
const CHROMIUM = component('chromium').path;
const ARGS = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.map': 'application/json', '.wasm': 'application/wasm', '.html': 'text/html' };

/** The newest file the bundle is built from (its module graph, the WASM and the build script), to refuse a stale bundle. */
async function newestInput(): Promise<{ file: string; mtime: number }> {
  const graph = await build({ entryPoints: [join(root, 'src/index.ts'), join(root, 'src/scipy.ts')], bundle: true, format: 'esm', platform: 'browser', write: false, metafile: true, outdir: 'out', logLevel: 'silent' });
  const files = [...Object.keys(graph.metafile.inputs), 'build/driftkit.simd.wasm', 'build/driftkit.wasm', 'scripts/build-browser.mjs', 'scripts/esbuild-plugins.mjs'];
  let best = { file: '', mtime: 0 };
  for (const file of files) {
    const mtime = statSync(join(root, file)).mtimeMs;
    if (mtime > best.mtime) best = { file, mtime };
  }
  return best;
}

interface PageRun {
  readyBeforeInit: boolean;
  ready: boolean;
  simd: boolean;
  wasm: Results;
  js: Results;
}

let server: Server | undefined;
let browser: Browser | undefined;
let base = '';
const requests: { url: string; status: number }[] = [];
const pageErrors: string[] = [];
let page: PageRun;
let pageBytes: { ready: boolean; wasm: Results };
let pageScalar: { ready: boolean; wasm: Results };
let page1Requests: { url: string; status: number }[] = [];
let node: { wasm: Results; js: Results };
// A set-up failure (no bundle, a stale bundle, …) is rethrown by every test, so it counts as failed tests, not
// as skipped ones (vitest marks the tests of a suite whose beforeAll threw as skipped).
let setupError: unknown;
const setUp = () => { if (setupError !== undefined) throw setupError; };

async function setUpBrowser(): Promise<void> {
  const bundle = join(dist, 'driftkit.js');
  for (const f of ['driftkit.js', 'driftkit.simd.wasm', 'driftkit.wasm']) {
    if (!existsSync(join(dist, f))) throw new Error(`dist/browser/${f} is missing: run npm run build (or npm run build:browser)`);
  }
  const newest = await newestInput();
  if (newest.mtime > statSync(bundle).mtimeMs) throw new Error(`dist/browser/driftkit.js is older than ${newest.file}: run npm run build:browser`);

  // The workload for the page, compiled from the same TypeScript Node runs (its only imports are types).
  const workload = (await build({ entryPoints: [join(root, 'test/browser/workload.ts')], bundle: true, format: 'esm', platform: 'browser', target: 'es2022', write: false })).outputFiles[0]!.text;

  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    let body: string | Buffer | undefined;
    let type = 'text/plain';
    if (path === '/') [body, type] = ['<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>driftkit</title>', TYPES['.html']!];
    else if (path === '/workload.js') [body, type] = [workload, TYPES['.js']!];
    else if (/^\/[\w.-]+$/.test(path) && existsSync(join(dist, path))) {
      body = readFileSync(join(dist, path));
      type = TYPES[path.slice(path.lastIndexOf('.'))] ?? 'application/octet-stream';
    }
    const status = body === undefined ? 404 : 200;
    requests.push({ url: path, status });
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
    res.end(body ?? 'not found');
  });
  await new Promise<void>((resolve, reject) => { server!.once('error', reject); server!.listen(0, '127.0.0.1', resolve); });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 20_000 });
  const context = await browser.newContext();
  const open = async () => {
    const p = await context.newPage();
    p.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
    p.on('console', (m) => { if (m.type() === 'error') pageErrors.push(`console.error: ${m.text()}`); });
    await p.goto(`${base}/`);
    return p;
  };

  // Page 1: the default loader, `await init()` with no argument, then both backends.
  const p1 = await open();
  page = await p1.evaluate<PageRun>(`(async () => {
    const dk = await import('/driftkit.js');
    const readyBeforeInit = dk.wasmReady();
    await dk.init();
    const w = await import('/workload.js');
    return { readyBeforeInit, ready: dk.wasmReady(), simd: dk.simdSupported(), wasm: w.run(dk, 'wasm'), js: w.run(dk, 'js') };
  })()`);

  page1Requests = requests.slice();

  // Pages 2 and 3: the WASM handed over as bytes (init(ArrayBuffer)), the other way the issue names; the
  // SIMD build, then the scalar build that engines without fixed-width SIMD would load.
  const fromBytes = async (file: string) => (await open()).evaluate<{ ready: boolean; wasm: Results }>(`(async () => {
    const dk = await import('/driftkit.js');
    const bytes = await (await fetch('/${file}')).arrayBuffer();
    await dk.init(bytes);
    const w = await import('/workload.js');
    return { ready: dk.wasmReady(), wasm: w.run(dk, 'wasm') };
  })()`);
  pageBytes = await fromBytes('driftkit.simd.wasm');
  pageScalar = await fromBytes('driftkit.wasm');

  node = { wasm: run(dk, 'wasm'), js: run(dk, 'js') };
}

/** Distance in units in the last place between two doubles of the same sign (Infinity otherwise). */
function ulps(a: string, b: string): number {
  if (a === b) return 0;
  if (a === 'NaN' || b === 'NaN' || (a[0]! >= '8') !== (b[0]! >= '8')) return Infinity;
  const d = BigInt(`0x${a}`) - BigInt(`0x${b}`);
  return Number(d < 0n ? -d : d);
}

/**
 * Every number that differs (by more than `relTol` relative, 0 = bit for bit), decoded with its ulp distance,
 * so a failure says what differs and by how much.
 */
function differences(browserSide: Results, nodeSide: Results, relTol = 0, keys?: string[]): string[] {
  const out: string[] = [];
  for (const key of keys ?? [...new Set([...Object.keys(nodeSide), ...Object.keys(browserSide)])]) {
    const a = browserSide[key] ?? [], b = nodeSide[key] ?? [];
    if (a.length !== b.length) { out.push(`${key}: ${a.length} numbers in the browser, ${b.length} in Node`); continue; }
    for (let i = 0; i < a.length; i++) {
      if (a[i] === b[i]) continue;
      const x = fromBits(a[i]!), y = fromBits(b[i]!);
      if (relTol > 0 && Math.abs(x - y) <= relTol * Math.max(Math.abs(x), Math.abs(y))) continue;
      out.push(`${key}[${i}]: browser ${x} (${a[i]}) vs Node ${y} (${b[i]}), ${ulps(a[i]!, b[i]!)} ulp`);
    }
  }
  return out;
}

// Results that pass through no engine-provided transcendental function (Math.log, exp, pow, sin, …) on the JS
// backend: sorting, counting, quantiles, sums, products, Math.sqrt and the xoshiro stream only.
const ENGINE_MATH_FREE = [
  'data', 'quantileEdges', 'quantileEdges.tied.20', 'histogram.edges', 'histogram.25bins', 'histogram.range', 'histogramDetailed.nan',
  'wassersteinDistance', 'wassersteinDistance.weighted', 'energyDistance', 'energyDistance.weighted',
  'bootstrap.ks', 'bootstrap.wasserstein', 'bootstrap.energy', 'permutationTest.ks',
];

describeWith('chromium', 'browser ESM build in headless Chromium', () => {
  beforeAll(async () => {
    try {
      await setUpBrowser();
    } catch (e) {
      setupError = e;
    }
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  it('loads with `await init()` and no argument: the WASM is inlined in the bundle (no .wasm request), nothing else is fetched', () => {
    setUp();
    expect(page.readyBeforeInit).toBe(false);
    expect(page.ready).toBe(true);
    expect(page.simd).toBe(true);
    expect(requests.filter((r) => r.status !== 200)).toEqual([]);
    // The page, the bundle (and its source map if dev tools ask), the SIMD build found next to the bundle, the workload.
    expect(page1Requests.map((r) => r.url).filter((u) => !u.endsWith('.js.map')).map((u) => u.replace(/^\/driftkit-shared-\w+\.js$/, '/driftkit-shared.js')))
      .toEqual(['/', '/driftkit.js', '/driftkit-shared.js', '/workload.js']);
    expect(pageErrors).toEqual([]);
  });

  it('WASM backend: every number is bit-identical to Node on the same data', () => {
    setUp();
    expect(node.wasm['data']!.length).toBe(5000 + 4000 + 4000 + 18 + 15 + 18 + 15);
    expect(Object.keys(page.wasm)).toEqual(Object.keys(node.wasm));
    expect(differences(page.wasm, node.wasm)).toEqual([]);
  });

  it("backend 'js' in the page: Node's JS twins' numbers, bit for bit wherever no engine Math.log/exp is involved", () => {
    setUp();
    expect(Object.keys(page.js)).toEqual(Object.keys(node.js));
    // Sorting, counting, quantiles, CDF sums and the PRNG: the same bits.
    expect(differences(page.js, node.js, 0, ENGINE_MATH_FREE)).toEqual([]);
    // The JS twins' log-ratio terms call the engine's Math.log / Math.log1p, which ECMAScript leaves
    // implementation-approximated: Node 20's V8 (fdlibm) and current Chromium's differ by one ulp on several
    // per cent of arguments, so PSI-type sums may differ in their last bits (the WASM carries its own log).
    expect(differences(page.js, node.js, 1e-13)).toEqual([]);
  });

  it('init(bytes) of the SIMD build gives the same bits', () => {
    setUp();
    expect(pageBytes.ready).toBe(true);
    expect(differences(pageBytes.wasm, node.wasm)).toEqual([]);
  });

  it('init(bytes) of the scalar build (for engines without SIMD) gives the same bits', () => {
    setUp();
    expect(pageScalar.ready).toBe(true);
    expect(differences(pageScalar.wasm, node.wasm)).toEqual([]);
  });
});
