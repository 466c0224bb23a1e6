// The HTML report of the fraud example in real headless Chromium (Debian's /usr/bin/chromium driven by
// playwright-core, launched as test/browser does): no console errors, no network requests, clicking a header
// re-sorts the table, the filter works, the SVG charts have a size. Saves a full-page screenshot to
// test/report/__output__/report.png (and two more of the awkward cases). Without Chromium the tests are skipped
// (they fail under CI=true; test/helpers/system.ts).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { renderHtml } from '../../src/report/index.js';
import { orderedFeatures } from '../../src/report/format.js';
import { component, describeWith } from '../helpers/system.js';
import { edgeCase, fraudCase, hostileCase } from './fixtures.js';

const CHROMIUM = component('chromium').path;
const ARGS = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const OUT = fileURLToPath(new URL('./__output__/', import.meta.url));

let browser: Browser | undefined;
let setupError: unknown;
const setUp = () => { if (setupError !== undefined) throw setupError; };

interface Opened { page: Page; errors: string[]; requests: string[] }

/** A page holding the report; every request it makes is recorded and refused, every error collected. */
async function open(html: string, width = 1280): Promise<Opened> {
  const context = await browser!.newContext({ viewport: { width, height: 900 }, colorScheme: 'light' });
  const page = await context.newPage();
  const errors: string[] = [], requests: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(`console.${m.type()}: ${m.text()}`); });
  await context.route('**/*', (route) => { requests.push(route.request().url()); return route.abort(); });
  await page.setContent(html, { waitUntil: 'load' });
  return { page, errors, requests };
}

const rowOrder = (page: Page) => page.$$eval('#dk-table tbody tr', (trs) => trs.filter((t) => !(t as HTMLElement).hidden).map((t) => t.getAttribute('data-feature')));

describeWith('chromium', 'HTML report in Chromium', () => {
  beforeAll(async () => {
    try {
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 20_000 });
      mkdirSync(OUT, { recursive: true });
    } catch (e) {
      setupError = e;
    }
  }, 30_000);

  afterAll(async () => { await browser?.close(); });

  it('the fraud report: no errors or requests, sortable table, charts with a size, screenshot', async () => {
    setUp();
    const { report, reference, current } = fraudCase();
    const html = renderHtml(report, {
      reference, current, title: 'Fraud model · serving window', generatedAt: '2026-11-22T10:00:00Z',
      source: { reference: 'examples/fraud.profile.json', current: 'records(5000, 7, broken traffic)' },
    });
    writeFileSync(`${OUT}report.html`, html);
    const { page, errors, requests } = await open(html);

    const order = orderedFeatures(report).map((f) => f.feature);
    expect(await rowOrder(page)).toEqual(order);

    // Feature header: ascending by name, then descending
    const byName = [...order].sort((a, b) => a.localeCompare(b));
    await page.click('#dk-table thead th:nth-child(1) button');
    expect(await rowOrder(page)).toEqual(byName);
    expect(await page.getAttribute('#dk-table thead th:nth-child(1)', 'aria-sort')).toBe('ascending');
    await page.click('#dk-table thead th:nth-child(1) button');
    expect(await rowOrder(page)).toEqual([...byName].reverse());
    // Statistic header: largest first
    await page.click('#dk-table thead th:nth-child(4) button');
    const stats = (await rowOrder(page)).map((f) => report.features[f!]!.statistic);
    expect(stats).toEqual([...stats].sort((a, b) => b - a));
    // Null share header: distance_from_home (0% → 30.6%) first
    await page.click('#dk-table thead th:nth-child(8) button');
    expect((await rowOrder(page))[0]).toBe('distance_from_home');
    // Severity header: back to the default order
    await page.click('#dk-table thead th:nth-child(7) button');
    expect(await rowOrder(page)).toEqual(order);
    await page.click('#dk-table thead th:nth-child(7) button');
    expect(await rowOrder(page)).toEqual([...order].reverse());
    await page.click('#dk-table thead th:nth-child(7) button');
    expect(await rowOrder(page)).toEqual(order);

    // filter box and "drifted only"
    await page.fill('#dk-filter', 'amount');
    expect(await rowOrder(page)).toEqual(['transaction_amount']);
    await page.fill('#dk-filter', '');
    await page.check('#dk-drifted');
    expect(await rowOrder(page)).toEqual(order.filter((f) => report.features[f]!.drifted));
    expect(await page.textContent('#dk-count')).toBe('3 of 7 features');
    await page.uncheck('#dk-drifted');

    // a table link scrolls to its section
    await page.click('#dk-table a[href*="merchant_category"]');
    const top = await page.$eval('section.feature[id*="merchant_category"]', (s) => s.getBoundingClientRect().top);
    expect(Math.abs(top)).toBeLessThan(40);

    // every chart has a size; 3 per numeric feature (6), 1 per categorical one
    const sizes = await page.$$eval('svg.chart', (svgs) => svgs.map((s) => { const r = s.getBoundingClientRect(); return { w: r.width, h: r.height, cls: s.getAttribute('class') }; }));
    expect(sizes.length).toBe(6 * 3 + 1);
    for (const s of sizes) { expect(s.w, s.cls!).toBeGreaterThan(100); expect(s.h, s.cls!).toBeGreaterThan(50); }
    const sparks = await page.$$eval('svg.spark', (svgs) => svgs.map((s) => s.getBoundingClientRect().width));
    expect(sparks).toHaveLength(7);
    for (const w of sparks) expect(w).toBeGreaterThan(50);
    // the table fits the page at 1280px (the sparkline column is not cut off)
    const fit = await page.$eval('.table-wrap', (w) => w.scrollWidth - w.clientWidth);
    expect(fit).toBeLessThanOrEqual(1);

    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${OUT}report.png`, fullPage: true });
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.context().close();
  });

  it('hostile names run no script; the awkward cases render without errors (screenshots)', async () => {
    setUp();
    const hostile = hostileCase();
    const h = await open(renderHtml(hostile.report, { reference: hostile.reference, current: hostile.current, title: '<script>alert(1)</script>' }));
    let dialogs = 0;
    h.page.on('dialog', (d) => { dialogs++; void d.dismiss(); });
    expect(await h.page.title()).toBe('<script>alert(1)</script>');
    expect(await h.page.$$eval('script', (s) => s.length)).toBe(1);
    expect(await h.page.$$eval('img', (s) => s.length)).toBe(0);
    expect(await h.page.$$eval('#dk-table tbody tr', (s) => s.map((t) => t.getAttribute('data-feature')).sort()))
      .toEqual(Object.keys(hostile.report.features).sort());
    await h.page.screenshot({ path: `${OUT}hostile.png`, fullPage: true });
    expect(dialogs).toBe(0);
    expect(h.errors).toEqual([]);
    expect(h.requests).toEqual([]);
    await h.page.context().close();

    const edge = edgeCase();
    const e = await open(renderHtml(edge.report, { reference: edge.reference, current: edge.current, title: 'Awkward cases' }), 900);
    const sizes = await e.page.$$eval('svg.chart', (svgs) => svgs.map((s) => s.getBoundingClientRect().width));
    for (const w of sizes) expect(w).toBeGreaterThan(100);
    await e.page.screenshot({ path: `${OUT}edge-cases.png`, fullPage: true });
    expect(e.errors).toEqual([]);
    expect(e.requests).toEqual([]);
    await e.page.context().close();
  });
});
