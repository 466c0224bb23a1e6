// timelineHtml: one self-contained page (no script, no network) with the dataset's chart and a chart per feature:
// a point per measured chunk, drifted chunks as diamonds, gaps as breaks in the line, the reference shaded, the
// thresholds drawn, hostile names escaped, and chunk labels thinned when there are many.
import { describe, expect, it } from 'vitest';
import { timeline } from '../../src/timeline/timeline.js';
import { timelineHtml } from '../../src/timeline/html.js';
import { fmt } from '../../src/report/format.js';
import { rng } from '../helpers/rng.js';

const DAY = 86_400_000;
const HOSTILE = '<script>alert("x")</script>';

/** `weeks` ISO weeks from 2024-01-01, `perWeek` rows each; x shifts from week `shiftFrom`; no rows in the weeks of `skip`. */
function data(o: { weeks: number; perWeek: number; shiftFrom: number; skip?: number[]; seed?: number }) {
  const r = rng(o.seed ?? 9);
  const normal = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  const cols = { ts: [] as string[], x: [] as number[], [HOSTILE]: [] as number[], c: [] as string[] };
  for (let w = 0; w < o.weeks; w++) {
    if (o.skip?.includes(w + 1)) continue;
    for (let i = 0; i < o.perWeek; i++) {
      cols.ts.push(new Date(Date.UTC(2024, 0, 1) + w * 7 * DAY + Math.floor(r() * 7 * DAY)).toISOString());
      cols.x.push(normal() + (w + 1 >= o.shiftFrom ? 1.5 : 0));
      cols[HOSTILE].push(normal());
      cols.c.push('abc'[Math.floor(r() * 3)]);
    }
  }
  return cols;
}

/** The page's feature sections: id and HTML, in order. */
function sections(html: string): { id: string; html: string }[] {
  return [...html.matchAll(/<section class="feature card sev-\w+" id="([^"]+)">([\s\S]*?)<\/section>/g)].map((m) => ({ id: m[1]!, html: m[2]! }));
}

const count = (s: string, re: RegExp) => s.match(re)?.length ?? 0;
/** The x positions (cx, or a diamond's centre) of a chart's points, with their tooltips. */
function points(svg: string): { x: number; y: number; drift: string | null; tip: string }[] {
  return [...svg.matchAll(/<(?:circle class="pt" cx="([\d.]+)" cy="([\d.]+)" r="[\d.]+"|path class="pt drift sev-(\w+)" d="M([\d.]+),([\d.]+)[^"]*")><title>([^<]*)<\/title>/g)]
    .map((m) => (m[1] !== undefined ? { x: +m[1], y: +m[2]!, drift: null, tip: m[6]! } : { x: +m[4]!, y: +m[5]! + 5, drift: m[3]!, tip: m[6]! }));
}

describe('timelineHtml, fixed thresholds (PSI / JS)', () => {
  // 12 weeks, 400 rows each, none in week 9; x shifts from week 10; reference weeks 1–5
  const t = timeline(data({ weeks: 12, perWeek: 400, shiftFrom: 10, skip: [9] }), { time: 'ts', reference: { start: '2024-01-01', end: '2024-02-05' }, every: 'week' });
  const html = timelineHtml(t, { source: 'events <2024>.csv', generatedAt: '2026-12-07T06:00:00Z' });
  const secs = sections(html);

  it('is one self-contained page without script: no network references, no <script> element', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).toContain("default-src 'none'");
    expect(html).not.toContain('script-src');
    expect(html).not.toMatch(/\bNaN\b|\bundefined\b/);
  });
  it('has a header with the file, time column, period, thresholds rule, reference, rows without time and exclusions', () => {
    const meta = html.slice(html.indexOf('<dl class="meta">'), html.indexOf('</dl>'));
    expect(meta).toContain('<dt>Data</dt><dd><span class="mono">events &lt;2024&gt;.csv</span></dd>');
    expect(meta).toContain('<dt>Time column</dt><dd><span class="mono">ts</span></dd>');
    expect(meta).toContain('<dt>Every</dt><dd>ISO week (Monday–Sunday), UTC</dd>');
    expect(meta).toMatch(/<dt>Thresholds<\/dt><dd>fixed: compare\(\)’s bands/);
    expect(meta).toContain('<dt>Reference</dt><dd>2,000 rows in 5 chunks (2024-W01 – 2024-W05)</dd>');
    expect(meta).toContain('<dt>Rows without time</dt><dd>0</dd>');
    expect(meta).toContain('<dt>Excluded</dt><dd><span class="mono">ts</span> (time column)</dd>');
    expect(meta).toContain('<dt>Rendered</dt><dd>2026-12-07 06:00:00 UTC</dd>');
  });
  it('has one chart per feature, each with <title> and <desc>, and the dataset chart', () => {
    expect(secs.map((s) => s.id)).toEqual(['f-0-x', 'f-1-script-alert-x-script', 'f-2-c']);
    expect(count(html, /<svg class="chart tl-feature"/g)).toBe(3);
    expect(count(html, /<svg class="chart tl-dataset"/g)).toBe(1);
    expect(count(html, /<svg [^>]*role="img"[^>]*><title>[^<]+<\/title><desc>[^<]+<\/desc>/g)).toBe(4);
    const x = secs[0].html;
    expect(x).toContain('<title>x: PSI per chunk</title>');
    expect(x).toMatch(/<desc>x: PSI in each of 12 chunks; drift when PSI at or above 0\.1 \(moderate\) or 0\.25 \(critical\)\. Drifted in 3 chunks: 2024-W10, 2024-W11, 2024-W12\. Not measured in 1 chunk \(gaps in the line\)\.<\/desc>/);
  });
  it('draws a point per measured chunk at its slot; drifted chunks are red diamonds with their verdict in words', () => {
    const x = points(secs[0].html);
    expect(x.length).toBe(11); // 12 chunks, one without rows
    // slots of (760 − 52 − 72) / 12 = 53 px from x = 52; week 9 (slot 8) has no point
    expect(x.map((p) => Math.round((p.x - 52) / 53 - 0.5))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 11]);
    expect(x.filter((p) => p.drift).map((p) => [p.drift, p.tip.split(' ')[0]])).toEqual([['critical', '2024-W10'], ['critical', '2024-W11'], ['critical', '2024-W12']]);
    const w10 = t.chunks.find((c) => c.label === '2024-W10')!.features.x.statistic;
    expect(x[8].tip).toBe(`2024-W10 (analysis): PSI ${fmt(w10)} · critical drift`);
    expect(x[0].tip).toMatch(/^2024-W01 \(reference\): PSI [\d.]+ · no drift$/);
    expect(points(secs[2].html).filter((p) => p.drift)).toEqual([]);
    expect(secs[0].html).toContain('Drifted: 2024-W10, 2024-W11, 2024-W12.');
  });
  it('breaks the line at the chunk without rows (two runs, not a line through zero) and greys that column', () => {
    const d = /<path class="tl-line" d="([^"]+)"\/>/.exec(secs[0].html)![1]!;
    const runs = d.split('M').filter(Boolean);
    expect(runs.map((r) => r.split('L').length)).toEqual([8, 3]);
    expect(count(secs[0].html, /<rect class="nodata" [^>]*><title>2024-W09: no rows<\/title><\/rect>/g)).toBe(1);
    // the dataset chart too
    const ds = html.slice(html.indexOf('<svg class="chart tl-dataset"'), html.indexOf('</svg>', html.indexOf('<svg class="chart tl-dataset"')));
    expect(/<path class="tl-line" d="([^"]+)"\/>/.exec(ds)![1]!.split('M').filter(Boolean).length).toBe(2);
    expect(points(ds).length).toBe(11);
  });
  it('shades the reference chunks and labels them "reference"', () => {
    for (const s of secs) {
      const m = /<rect class="refzone" x="52" y="30" width="([\d.]+)" height="176"\/><text class="ph" [^>]*>reference<\/text>/.exec(s.html);
      expect(Number(m![1])).toBeCloseTo(5 * 53, 0);
    }
  });
  it("draws compare()'s bands: moderate and critical for PSI and JS", () => {
    expect(secs[0].html).toMatch(/<rect class="bmod" [^>]*><title>moderate: ≥ 0\.1<\/title><\/rect>/);
    expect(secs[0].html).toMatch(/<rect class="bcrit" [^>]*><title>critical: ≥ 0\.25<\/title><\/rect>/);
    expect(secs[2].html).toMatch(/<title>critical: ≥ 0\.2<\/title>/);
    expect(html).toContain('JS distance per chunk <span class="muted">· compare()’s bands: moderate ≥ 0.1, critical ≥ 0.2</span>');
  });
  it('escapes hostile feature names everywhere', () => {
    expect(html).not.toContain(HOSTILE);
    expect(html).toContain('<h3 class="mono">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</h3>');
    expect(secs[1].html).toContain('<title>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;: PSI per chunk</title>');
    expect(html).toContain('href="#f-1-script-alert-x-script"');
  });
});

describe('timelineHtml, p-value methods and reference thresholds', () => {
  // a small reference (≤ 1000 rows): KS and χ², whose fixed verdict follows the p-value
  const cols = data({ weeks: 10, perWeek: 150, shiftFrom: 8, seed: 4 });
  it('fixed: plots the p-value on a log axis and says so in the caption, with the 0.05 / 0.001 bands', () => {
    const t = timeline(cols, { time: 'ts', reference: { start: '2024-01-01', end: '2024-02-05' }, every: 'week' });
    expect(t.chunks[0].features.x.method).toBe('ks');
    const html = timelineHtml(t);
    const x = sections(html)[0].html;
    expect(x).toContain('p-value of the KS test per chunk <span class="muted">· log scale, smaller p higher · the fixed verdict follows the p-value, so the p-value is plotted (KS D in the tooltips)</span>');
    expect(x).toMatch(/<title>moderate: p &lt; 0\.05<\/title>/);
    expect(x).toMatch(/<title>critical: p &lt; 0\.001<\/title>/);
    // the axis: 1 at the bottom, smaller p-values higher
    const ticks = [...x.matchAll(/<text class="ax" x="46" y="([\d.]+)" text-anchor="end">([^<]+)<\/text>/g)].map((m) => [m[2], +m[1]!] as const);
    expect(ticks[0]).toEqual(['1', 206 + 3.5]);
    for (let i = 1; i < ticks.length; i++) expect(ticks[i][1]).toBeLessThan(ticks[i - 1][1]);
    const pts = points(x);
    const drifted = t.chunks.filter((c) => c.features.x.drifted).map((c) => c.label);
    expect(drifted).toEqual(['2024-W08', '2024-W09', '2024-W10']);
    expect(pts.filter((p) => p.drift).map((p) => p.tip.split(' ')[0])).toEqual(drifted);
    const w8 = t.chunks.find((c) => c.label === '2024-W08')!.features.x;
    expect(pts[7].tip).toMatch(new RegExp(`^2024-W08 \\(analysis\\): p = [^,]+, KS D ${fmt(w8.statistic).replace('.', '\\.')} · critical drift$`));
    // the drifted points are above (smaller y than) the undrifted analysis ones
    expect(Math.max(...pts.slice(7).map((p) => p.y))).toBeLessThan(Math.min(...pts.slice(5, 7).map((p) => p.y)));
  });
  it("'reference': the statistic (KS D, not the p-value) against the mean ± 3σ band and its upper limit", () => {
    const t = timeline(cols, { time: 'ts', reference: { start: '2024-01-01', end: '2024-02-12' }, every: 'week', thresholds: 'reference' });
    const x = sections(timelineHtml(t))[0].html;
    const lim = t.limits!.x;
    expect(x).toContain('KS D per chunk <span class="muted">· band: mean ± 3σ of the reference chunks; a chunk drifts above the upper limit</span>');
    expect(x).toContain(`<title>mean ± 3σ of the reference chunks: ${fmt(lim.lower)} to ${fmt(lim.upper)}</title>`);
    expect(x).toContain(`>limit ${fmt(lim.upper)}</text>`);
    expect(x).toMatch(new RegExp(`<desc>x: KS D in each of 10 chunks; drift when above ${fmt(lim.upper).replace('.', '\\.')} \\(mean`));
    expect(points(x).filter((p) => p.drift).map((p) => p.tip.split(' ')[0])).toEqual(t.chunks.filter((c) => c.features.x.drifted).map((c) => c.label));
  });
});

describe('timelineHtml, many chunks', () => {
  it('200 daily chunks: a point each, x labels thinned so that they do not overlap', () => {
    const r = rng(2);
    const ts: string[] = [], x: number[] = [];
    for (let d = 0; d < 200; d++) for (let i = 0; i < 30; i++) { ts.push(new Date(Date.UTC(2024, 0, 1) + d * DAY + i * 2_880_000).toISOString()); x.push(r()); }
    const t = timeline({ ts, x }, { time: 'ts', reference: { start: '2024-01-01', end: '2024-01-31' }, every: 'day' });
    expect(t.chunks.length).toBe(200);
    const svg = sections(timelineHtml(t))[0].html;
    expect(points(svg).length).toBe(200);
    const labels = [...svg.matchAll(/<text class="ax" x="([\d.]+)" y="221" text-anchor="middle">(\d{4}-\d{2}-\d{2})<\/text>/g)].map((m) => [+m[1]!, m[2]!] as const);
    expect(labels[0][1]).toBe('2024-01-01');
    expect(labels.length).toBeGreaterThanOrEqual(5);
    expect(labels.length).toBeLessThanOrEqual(12);
    // 10 characters of about 6.1 px each: centres at least 61 px apart
    for (let i = 1; i < labels.length; i++) expect(labels[i][0] - labels[i - 1][0]).toBeGreaterThan(61);
  });
});

describe('timelineHtml, a chunk with rows but no values of a feature', () => {
  it('compare() counts it as drift: a diamond on the axis that says not measured; the header names the zone', () => {
    const cols = data({ weeks: 8, perWeek: 300, shiftFrom: 99, seed: 6 });
    const x = cols.x.map((v, i) => (cols.ts[i] >= '2024-02-11T23:00' && cols.ts[i] < '2024-02-18T23:00' ? null : v)); // local W07 in Berlin
    const t = timeline({ ...cols, x } as never, { time: 'ts', reference: { start: '2024-01-01', end: '2024-01-29' }, every: 'week', tz: 'Europe/Berlin', features: ['x'] });
    const w7 = t.chunks.find((c) => c.label === '2024-W07')!;
    expect(w7.features.x).toMatchObject({ status: 'no-current-data', drifted: true, severity: 'critical' });
    const html = timelineHtml(t);
    const svg = sections(html)[0].html;
    const marks = points(svg).filter((p) => p.drift);
    expect(marks.map((p) => [p.tip, p.y])).toEqual([['2024-W07 (analysis): not measured (no-current-data) · critical drift', 206]]);
    expect(svg).toContain('1 drifted chunk without values of the feature, marked on the axis.');
    expect(html).toContain('<dt>Every</dt><dd>ISO week (Monday–Sunday), Europe/Berlin</dd>');
  });
});
