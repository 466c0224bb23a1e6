// The drop-two-CSVs page (dist/page/index.html, from `npm run build:page`) in real headless Chromium (Debian's
// /usr/bin/chromium through playwright-core, as test/report does), opened as a file:// URL: files given through
// the inputs and through a synthetic drop event, the report equal to what Node computes from the same files
// (src/io's reader, profile(), compare(): the CLI's path), options applied, bad files answered with a message,
// no network, no page errors. Screenshots go to $TMPDIR/driftkit-page/. Without Chromium the tests are skipped
// (they fail under CI=true; test/helpers/system.ts).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { AddressInfo } from 'node:net';
import { gather } from '../../src/cli/tables.js';
import { compare, type CompareOptions, type DriftReport } from '../../src/compare/compare.js';
import { openTable } from '../../src/io/index.js';
import { parseProfile, profile } from '../../src/profile/index.js';
import type { FeatureKind } from '../../src/profile/types.js';
import { orderedFeatures } from '../../src/report/format.js';
import { buildApp } from '../../src/service/app.js';
import { applyConfig, defaultConfig } from '../../src/service/config.js';
import { DriftService } from '../../src/service/service.js';
import { rng } from '../helpers/rng.js';
import { component, describeWith } from '../helpers/system.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const PAGE = join(root, 'dist/page/index.html');
const PAGE_URL = pathToFileURL(PAGE).href;
const CHROMIUM = component('chromium').path;
const ARGS = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const SHOTS = join(tmpdir(), 'driftkit-page');

// ---- data: a reference and a shifted current table, deterministic ----

const normal = (r: () => number) => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());

/** amount (log-normal), age (integers), country (categories, a new one when shifted), is_new (booleans), score (empty cells), zip (numeric codes). */
function table(n: number, seed: number, shift: boolean): string {
  const r = rng(seed);
  const lines = ['amount,age,country,is_new,score,zip'];
  const countries = shift ? ['DE', 'FR', 'FR', 'ES', 'IT', 'PL'] : ['DE', 'DE', 'FR', 'ES', 'IT'];
  for (let i = 0; i < n; i++) {
    const amount = Math.exp(3 + normal(r) * (shift ? 0.8 : 0.6)).toFixed(2);
    const age = Math.round(40 + normal(r) * 12 + (shift ? 3 : 0));
    const country = countries[Math.floor(r() * countries.length)];
    const isNew = r() < (shift ? 0.4 : 0.25) ? 'true' : 'false';
    const score = r() < (shift ? 0.15 : 0.05) ? '' : r().toFixed(4);
    const zip = 10000 + Math.floor(r() * 50) * 7;
    lines.push([amount, age, country, isNew, score, zip].join(','));
  }
  return lines.join('\n') + '\n';
}

let dir = '';
const files: Record<string, string> = {};
function fixture(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  files[name] = p;
  return p;
}

// ---- Node's answer: the CLI's path (src/cli/compare.ts) on the same files ----

interface NodeOptions { types?: Record<string, FeatureKind>; features?: string[]; compare?: CompareOptions }

async function nodeReport(refPath: string, curPath: string, o: NodeOptions = {}): Promise<DriftReport> {
  const ref = await openTable(refPath, { ...(o.types ? { types: o.types } : {}), ...(o.features ? { columns: o.features } : {}) });
  const reference = profile((await gather(() => ref.chunks())).columns, { types: { ...ref.schema.kinds } });
  await ref.close();
  const probe = await openTable(curPath);
  const present = probe.schema.columns.map((c) => c.name).filter((n) => reference.features[n]);
  await probe.close();
  const cur = await openTable(curPath, { columns: present, types: Object.fromEntries(present.map((n) => [n, reference.features[n]!.kind])) });
  const current = (await gather(() => cur.chunks())).columns;
  await cur.close();
  return compare(reference, current, { ...(o.features ? { features: o.features } : {}), ...o.compare });
}

const withoutTime = (r: DriftReport) => ({ ...r, timestamp: '' });

// ---- the browser ----

let browser: Browser | undefined;
let setupError: unknown;
const setUp = () => { if (setupError !== undefined) throw setupError; };

/** The newest file the page is built from (its module graph, template, WASM and build scripts), to refuse a stale page. */
async function newestInput(): Promise<{ file: string; mtime: number }> {
  const graph = await build({ entryPoints: [join(root, 'src/page/main.ts')], bundle: true, format: 'iife', platform: 'browser', write: false, metafile: true, logLevel: 'silent' });
  const inputs = [...Object.keys(graph.metafile.inputs), 'src/page/page.html', 'build/driftkit.simd.wasm', 'build/driftkit.wasm', 'scripts/build-page.mjs', 'scripts/esbuild-plugins.mjs'];
  let best = { file: '', mtime: 0 };
  for (const file of inputs) {
    const mtime = statSync(join(root, file)).mtimeMs;
    if (mtime > best.mtime) best = { file, mtime };
  }
  return best;
}

interface Opened { context: BrowserContext; page: Page; errors: string[]; requests: string[] }

/**
 * The page from its file:// URL; every request and error is recorded. `noWorker` takes Worker away first;
 * `noSimd` (with noWorker: the page's own thread) makes WebAssembly.validate refuse SIMD, as an engine without it.
 */
async function open(o: { noWorker?: boolean; noSimd?: boolean; width?: number } = {}): Promise<Opened> {
  const context = await browser!.newContext({ viewport: { width: o.width ?? 1280, height: 900 }, colorScheme: 'light' });
  const page = await context.newPage();
  const errors: string[] = [], requests: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(`console.${m.type()}: ${m.text()}`); });
  context.on('request', (r) => requests.push(r.url()));
  if (o.noWorker) await page.addInitScript(() => { delete (window as { Worker?: unknown }).Worker; });
  if (o.noSimd) {
    await page.addInitScript(() => {
      // the engine's probe is the smallest module using a v128 instruction; every other module validates as before
      const validate = WebAssembly.validate;
      WebAssembly.validate = (bytes: BufferSource) => (bytes as Uint8Array).byteLength < 40 ? false : validate(bytes);
    });
  }
  await page.goto(PAGE_URL);
  await page.waitForFunction(() => document.documentElement.dataset.state !== 'loading', null, { timeout: 15_000 });
  return { context, page, errors, requests };
}

/** Requests other than the page itself and its blob: worker. */
const network = (requests: string[]) => requests.filter((u) => u !== PAGE_URL && !u.startsWith('blob:') && !u.startsWith('data:'));

async function finished(page: Page): Promise<'done' | 'error'> {
  await page.waitForFunction(() => ['done', 'error'].includes(document.documentElement.dataset.state ?? ''), null, { timeout: 30_000 });
  return (await page.evaluate(() => document.documentElement.dataset.state)) as 'done' | 'error';
}

interface PageRun { report: DriftReport; engine: string; reference: { rows: number }; current: { rows: number } }
const pageResult = (page: Page) => page.evaluate(() => {
  const r = window.driftkitPage!.result!;
  return { report: r.report, engine: r.engine, reference: { rows: r.reference.rows }, current: { rows: r.current.rows } };
}) as Promise<PageRun>;

/** What the report in the frame lists: feature names in table order, and each row's statistic (data-v, the exact number). */
async function shown(page: Page): Promise<{ features: string[]; statistics: number[] }> {
  const frame = page.frameLocator('#report');
  await frame.locator('#dk-table').waitFor();
  const rows = frame.locator('#dk-table tbody tr');
  const features = await rows.evaluateAll((trs) => trs.map((t) => t.getAttribute('data-feature') ?? ''));
  const statistics = await rows.evaluateAll((trs) => trs.map((t) => Number((t as HTMLTableRowElement).cells[3]!.getAttribute('data-v'))));
  return { features, statistics };
}

/** Drop files on a drop zone with a synthetic drag-and-drop DataTransfer, as a person dragging them would. */
async function dropFiles(page: Page, target: string, list: { name: string; text: string }[]): Promise<void> {
  await page.evaluate(({ target, list }) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([f.text], f.name, { type: 'text/csv' }));
    const el = document.querySelector(target)!;
    el.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, bubbles: true, cancelable: true }));
    el.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    el.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, { target, list });
}

describeWith('chromium', 'the drop-two-CSVs page (dist/page/index.html) in Chromium', () => {
  beforeAll(async () => {
    try {
      if (!existsSync(PAGE)) throw new Error('dist/page/index.html is missing: run npm run build:page');
      const newest = await newestInput();
      if (newest.mtime > statSync(PAGE).mtimeMs) throw new Error(`dist/page/index.html is older than ${newest.file}: run npm run build:page`);
      dir = mkdtempSync(join(tmpdir(), 'driftkit-page-test-'));
      mkdirSync(SHOTS, { recursive: true });
      fixture('reference.csv', table(3000, 1, false));
      fixture('current.csv', table(2500, 2, true));
      fixture('small-ref.csv', table(600, 3, false));
      fixture('small-cur.csv', table(500, 4, true));
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 20_000 });
    } catch (e) {
      setupError = e;
    }
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('file inputs, 3,000 vs 2,500 rows (PSI, Jensen–Shannon): the report equals Node\'s compare(), computed in WASM in a worker, no network', async () => {
    setUp();
    const { context, page, errors, requests } = await open();
    expect(await page.textContent('#status')).toContain('Choose the two files');
    await page.screenshot({ path: join(SHOTS, 'empty.png'), fullPage: true });

    await page.setInputFiles('#file-reference', files['reference.csv']!);
    await page.waitForSelector('#drop-reference .d-file:not([hidden])');
    expect(await page.textContent('#drop-reference .d-name')).toBe('reference.csv');
    await page.setInputFiles('#file-current', files['current.csv']!);
    expect(await finished(page)).toBe('done');

    const got = await pageResult(page);
    const want = await nodeReport(files['reference.csv']!, files['current.csv']!);
    expect(got.engine).toBe('wasm-simd');
    expect([got.reference.rows, got.current.rows]).toEqual([3000, 2500]);
    expect(withoutTime(got.report)).toEqual(withoutTime(want));
    // large reference: PSI for the numeric features, Jensen–Shannon for the others, with the same numbers
    expect(Object.fromEntries(Object.values(got.report.features).map((f) => [f.feature, f.method]))).toEqual({
      amount: 'psi', age: 'psi', country: 'jensenshannon', is_new: 'jensenshannon', score: 'psi', zip: 'psi',
    });
    for (const f of ['amount', 'age', 'score', 'zip']) expect(got.report.features[f]!.scores.psi).toBe(want.features[f]!.scores.psi);
    expect(got.report.features.amount!.scores.ks).toBe(want.features.amount!.scores.ks);

    // the report in the page lists every feature, in the report's order, with Node's statistics
    const table = await shown(page);
    const order = orderedFeatures(want);
    expect(table.features).toEqual(order.map((f) => f.feature));
    expect(table.statistics).toEqual(order.map((f) => f.statistic));
    expect(await page.textContent('#result-text')).toContain('reference.csv (3,000 rows) → current.csv (2,500 rows)');
    // the download links hold the same report
    expect(await page.getAttribute('#dl-html', 'href')).toMatch(/^blob:/);

    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SHOTS, 'report-top.png') });
    await page.screenshot({ path: join(SHOTS, 'report.png'), fullPage: true });
    expect(errors).toEqual([]);
    expect(network(requests)).toEqual([]);
    expect(requests.filter((u) => u.startsWith('blob:'))).toHaveLength(1); // the worker
    await context.close();
  });

  it('two small files dropped at once (a DataTransfer drop event): KS and chi-square, equal to Node', async () => {
    setUp();
    const { context, page, errors, requests } = await open();
    await dropFiles(page, '#drop-reference', [
      { name: 'small-ref.csv', text: readFileSync(files['small-ref.csv']!, 'utf8') },
      { name: 'small-cur.csv', text: readFileSync(files['small-cur.csv']!, 'utf8') },
    ]);
    expect(await finished(page)).toBe('done');
    const got = await pageResult(page);
    const want = await nodeReport(files['small-ref.csv']!, files['small-cur.csv']!);
    expect(withoutTime(got.report)).toEqual(withoutTime(want));
    expect(got.report.features.amount!.method).toBe('ks');
    expect(got.report.features.country!.method).toBe('chisquare');
    expect(got.report.features.amount!.statistic).toBe(want.features.amount!.statistic);
    expect(got.report.features.amount!.pValue).toBe(want.features.amount!.pValue);
    expect((await shown(page)).features).toEqual(orderedFeatures(want).map((f) => f.feature));

    // then one file dropped on the current zone replaces it and compares again
    await dropFiles(page, '#drop-current', [{ name: 'current.csv', text: readFileSync(files['current.csv']!, 'utf8') }]);
    await page.waitForFunction(() => window.driftkitPage?.result?.current.name === 'current.csv', null, { timeout: 30_000 });
    const again = await pageResult(page);
    expect(withoutTime(again.report)).toEqual(withoutTime(await nodeReport(files['small-ref.csv']!, files['current.csv']!)));
    expect(errors).toEqual([]);
    expect(network(requests)).toEqual([]);
    await context.close();
  });

  it('options: a column read as categorical, one left out, a prediction column, Benjamini–Hochberg', async () => {
    setUp();
    const { context, page, errors } = await open();
    await page.setInputFiles('#file-reference', files['small-ref.csv']!);
    await page.click('#options > summary');
    await page.waitForSelector('#cols tbody tr[data-column="zip"]');
    // the detected kinds are listed
    const kinds = await page.$$eval('#cols tbody tr', (trs) => trs.map((t) => [t.getAttribute('data-column'), (t.querySelector('select') as HTMLSelectElement).value]));
    expect(kinds).toEqual([['amount', 'numeric'], ['age', 'numeric'], ['country', 'categorical'], ['is_new', 'boolean'], ['score', 'numeric'], ['zip', 'numeric']]);
    await page.selectOption('#cols tr[data-column="zip"] select', 'categorical');
    await page.uncheck('#cols tr[data-column="score"] input[type=checkbox]');
    await page.selectOption('#opt-prediction', 'amount');
    await page.selectOption('#opt-correction', 'bh');
    expect(await page.textContent('#options-summary')).toBe('5 of 6 columns · 1 kind changed · prediction amount · Benjamini–Hochberg');
    await page.setInputFiles('#file-current', files['small-cur.csv']!);
    expect(await finished(page)).toBe('done');
    await page.screenshot({ path: join(SHOTS, 'options.png') });
    const got = await pageResult(page);
    const want = await nodeReport(files['small-ref.csv']!, files['small-cur.csv']!, {
      types: { zip: 'categorical' }, features: ['amount', 'age', 'country', 'is_new', 'zip'], compare: { prediction: 'amount', correction: 'bh' },
    });
    expect(withoutTime(got.report)).toEqual(withoutTime(want));
    expect(got.report.features.zip!.kind).toBe('categorical');
    expect(got.report.features.score).toBeUndefined();
    expect(got.report.predictionDrift?.feature).toBe('amount');
    expect(got.report.correction).toBe('bh');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('bad files: a clear message in the page (not a blank page), and "skip rows that do not fit" gets past bad rows', async () => {
    setUp();
    const { context, page, errors, requests } = await open();
    const good = readFileSync(files['small-cur.csv']!, 'utf8').split('\n');
    // line 4 has too few fields, line 6 a word in the numeric "age"
    const bad = [...good.slice(0, 3), '12.5,40', good[4], good[5]!.replace(/^([^,]*),[^,]*,/, '$1,forty,'), ...good.slice(6)].join('\n');
    const badPath = fixture('bad.csv', bad);
    await page.setInputFiles('#file-reference', files['small-ref.csv']!);
    await page.setInputFiles('#file-current', badPath);
    expect(await finished(page)).toBe('error');
    expect(await page.isVisible('#error')).toBe(true);
    expect(await page.isVisible('#result')).toBe(false);
    expect(await page.textContent('#error-msg')).toBe('bad.csv: line 4: has 2 fields, but the header has 6');
    await page.screenshot({ path: join(SHOTS, 'error.png') });

    // skip bad rows: both are skipped and named, the report is shown
    await page.click('#options > summary');
    await page.check('#opt-skip');
    await page.click('#run');
    expect(await finished(page)).toBe('done');
    expect(await page.isVisible('#error')).toBe(false);
    const notes = await page.textContent('#notes');
    expect(notes).toContain('bad.csv: skipped 2 rows that did not fit');
    expect(notes).toContain('line 6 (age): "forty" is not a number (the column is numeric in the reference small-ref.csv)');
    expect((await pageResult(page)).current.rows).toBe(498);

    // an empty reference, then an unclosed quote: each a message naming the file
    await page.uncheck('#opt-skip');
    await page.setInputFiles('#file-reference', { name: 'empty.csv', mimeType: 'text/csv', buffer: Buffer.from('') });
    await page.waitForFunction(() => document.documentElement.dataset.state === 'error');
    expect(await page.textContent('#error-msg')).toBe('empty.csv: is empty: a CSV file needs a header line');
    expect(await page.getAttribute('#drop-reference', 'class')).toContain('bad');

    await page.setInputFiles('#file-reference', { name: 'quote.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b\n1,2\n3,"open\n4,5\n') });
    await page.setInputFiles('#file-current', files['small-cur.csv']!);
    await page.waitForFunction(() => document.documentElement.dataset.state === 'error' && /quote/i.test(window.driftkitPage?.error ?? ''));
    expect(await page.textContent('#error-msg')).toMatch(/^quote\.csv: (line \d+: )?CSV syntax: Quote Not Closed/);
    expect(errors).toEqual([]);
    expect(network(requests)).toEqual([]);
    await context.close();
  });

  it('hostile names (file and columns) are shown as text, never run', async () => {
    setUp();
    const { context, page, errors, requests } = await open();
    const evil = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>';
    const csv = (shift: number) => `"${evil.replace(/"/g, '""')}",b\n${Array.from({ length: 50 }, (_, i) => `${i + shift},${i % 3 === 0 ? 'x' : 'y'}`).join('\n')}\n`;
    await page.setInputFiles('#file-reference', { name: `${evil}.csv`, mimeType: 'text/csv', buffer: Buffer.from(csv(0)) });
    await page.setInputFiles('#file-current', { name: 'cur.csv', mimeType: 'text/csv', buffer: Buffer.from(csv(10)) });
    expect(await finished(page)).toBe('done');
    expect(await page.textContent('#drop-reference .d-name')).toBe(`${evil}.csv`);
    expect((await shown(page)).features).toContain(evil);
    expect(await page.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined();
    expect(await page.frameLocator('#report').locator('body').evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined();
    expect(errors).toEqual([]);
    expect(network(requests)).toEqual([]);
    await context.close();
  });

  it('without Web Workers the page computes on its own thread; without SIMD on the scalar build; the same result', async () => {
    setUp();
    const want = withoutTime(await nodeReport(files['small-ref.csv']!, files['small-cur.csv']!));
    for (const noSimd of [false, true]) {
      const { context, page, errors, requests } = await open({ noWorker: true, noSimd });
      await page.setInputFiles('#file-reference', files['small-ref.csv']!);
      await page.setInputFiles('#file-current', files['small-cur.csv']!);
      expect(await finished(page)).toBe('done');
      const got = await pageResult(page);
      expect(got.engine).toBe(noSimd ? 'wasm' : 'wasm-simd');
      expect(withoutTime(got.report)).toEqual(want);
      expect(errors).toEqual([]);
      expect(requests).toEqual([PAGE_URL]);
      await context.close();
    }
  });

  it('served by the service at / (as `driftkit serve` does): the same page works over HTTP, loading nothing else', async () => {
    setUp();
    const profile0 = parseProfile(readFileSync(join(root, 'examples/fraud.profile.json'), 'utf8'));
    const service = new DriftService({ config: applyConfig({}, { ...defaultConfig(), token: undefined }), profile: profile0 });
    const app = buildApp(service, { logger: false });
    await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/`;
      const context = await browser!.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const errors: string[] = [], requests: string[] = [];
      page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
      page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(`console.${m.type()}: ${m.text()}`); });
      context.on('request', (r) => requests.push(r.url()));
      await page.goto(base);
      expect(await page.title()).toBe('driftkit · compare two CSV files');
      await page.setInputFiles('#file-reference', files['small-ref.csv']!);
      await page.setInputFiles('#file-current', files['small-cur.csv']!);
      expect(await finished(page)).toBe('done');
      expect(withoutTime((await pageResult(page)).report)).toEqual(withoutTime(await nodeReport(files['small-ref.csv']!, files['small-cur.csv']!)));
      expect(requests.filter((u) => !u.startsWith('blob:'))).toEqual([base]);
      expect(errors).toEqual([]);
      await context.close();
    } finally {
      await app.close();
      await service.close();
    }
  });

  it('narrow screens: the drop zones stack and nothing overflows (screenshot)', async () => {
    setUp();
    const { context, page, errors } = await open({ width: 420 });
    const [a, b] = await Promise.all(['#drop-reference', '#drop-current'].map((s) => page.$eval(s, (e) => e.getBoundingClientRect().top)));
    expect(b!).toBeGreaterThan(a!);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(SHOTS, 'narrow.png'), fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  });
});
